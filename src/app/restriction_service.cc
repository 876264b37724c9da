#include "app/restriction_service.h"

#include <fmt/format.h>

#include "app/guarded.h"

namespace charter {
namespace {

using json = nlohmann::json;

Status checkRef(std::string_view ref) {
  if (ref.empty()) return invalid("person_ref", "required", "Name the person (their reference).");
  return {};
}

json clockJson(const Clock& c) {
  json j = {{"name", c.name}, {"title", c.title}, {"status", std::string(slug(c.status))},
            {"explanation", c.explanation}, {"provision", c.provision}};
  j["due"] = c.due ? json(formatDate(*c.due)) : json(nullptr);
  j["met_on"] = c.met_on ? json(formatDate(*c.met_on)) : json(nullptr);
  return j;
}

// The letter of a warning or restriction: its number (the event's seq) and, once recorded,
// when and how it was sent.
json letterJson(int seq, const std::optional<LetterSent>& sent) {
  json j = {{"number", seq}, {"sent_on", nullptr}, {"channel", nullptr}};
  if (sent) {
    j["sent_on"] = formatDate(sent->sent_on);
    j["channel"] = sent->channel;
  }
  return j;
}

json restrictionJson(const Restriction& r) {
  json reviews = json::array();
  for (const auto& v : r.reviews)
    reviews.push_back({{"reviewed_on", formatDate(v.reviewed_on)}, {"due", formatDate(v.due)},
                       {"review_on", formatDate(v.review_on)}, {"reasons", v.reasons},
                       {"by", v.by}});
  return {{"number", r.number},
          {"kind", r.kind},
          {"kind_title", std::string(restrictionKindTitle(r.kind))},
          {"status", std::string(r.status())},
          {"behaviour", r.behaviour},
          {"decided_by", r.decided_by},
          {"starts_on", formatDate(r.starts_on)},
          {"review_on", formatDate(r.review_on)},
          {"immediate", r.immediate},
          {"immediate_reason", r.immediate_reason},
          {"reviews", reviews},
          {"lifted_on", r.lifted_on ? json(formatDate(*r.lifted_on)) : json(nullptr)},
          {"lift_reason", r.lift_reason},
          {"letter", letterJson(r.seq, r.letter_sent)}};
}

}  // namespace

json restrictionsJson(const PersonRestrictions& p, Date today) {
  json warnings = json::array();
  for (const auto& w : p.warnings)
    warnings.push_back({{"number", w.number}, {"behaviour", w.behaviour},
                        {"warned_on", formatDate(w.warned_on)}, {"given_by", w.given_by},
                        {"letter", letterJson(w.seq, w.letter_sent)}});
  json restrictions = json::array();
  for (const auto& r : p.restrictions) restrictions.push_back(restrictionJson(r));
  json clocks = json::array();
  for (const auto& c : restrictionClocks(p, today)) clocks.push_back(clockJson(c));
  return {{"person_ref", p.person_ref}, {"restricted", !p.active().empty()},
          {"warnings", warnings}, {"restrictions", restrictions}, {"clocks", clocks}};
}

Result<Date> RestrictionService::today(const Principal& who) {
  auto service = landlords_.cases(who.landlord);
  if (!service) return tl::unexpected(service.error());
  return (*service)->today();
}

Result<PersonRestrictions> RestrictionService::get(const Principal& who,
                                                   std::string_view person_ref) {
  return guarded("reading restrictions", [&]() -> Result<PersonRestrictions> {
    if (!allowed(who, Permission::kViewAnyCase)) return forbidden();
    if (auto ok = checkRef(person_ref); !ok) return tl::unexpected(ok.error());
    auto events = store_.personEvents(who.landlord, person_ref);
    if (!events) return tl::unexpected(events.error());
    return PersonRestrictions::fold(std::string(person_ref), *events);
  });
}

Result<PersonRestrictions> RestrictionService::record(const Principal& who,
                                                      std::string_view person_ref,
                                                      const Decide& decide) {
  return guarded("recording a restriction", [&]() -> Result<PersonRestrictions> {
    if (!allowed(who, Permission::kHandleStage1)) return forbidden();
    if (auto ok = checkRef(person_ref); !ok) return tl::unexpected(ok.error());
    auto day = today(who);
    if (!day) return tl::unexpected(day.error());
    PersonActionContext ctx{landlords_.time().now(), *day, actorName(who)};
    for (int attempt = 1;; ++attempt) {
      auto events = store_.personEvents(who.landlord, person_ref);
      if (!events) return tl::unexpected(events.error());
      auto state = PersonRestrictions::fold(std::string(person_ref), *events);
      auto added = decide(state, ctx);
      if (!added) return tl::unexpected(added.error());
      auto s = store_.appendPersonEvents(who.landlord, person_ref, *added);
      if (s) {
        for (const auto& e : *added) state.apply(e);
        return state;
      }
      if (s.error().kind != ErrorKind::kConflict || attempt == 3) return tl::unexpected(s.error());
    }
  });
}

Result<PersonRestrictions> RestrictionService::act(const Principal& who,
                                                   std::string_view person_ref,
                                                   const json& body) {
  return record(who, person_ref, [&](const PersonRestrictions& s, const PersonActionContext& c) {
    return decidePersonAction(s, body, c);
  });
}

Result<PersonRestrictions> RestrictionService::actOn(const Principal& who,
                                                     std::string_view person_ref, int number,
                                                     const json& body) {
  return record(who, person_ref, [&](const PersonRestrictions& s, const PersonActionContext& c) {
    return decideRestrictionAction(s, number, body, c);
  });
}

Result<std::vector<PersonRestrictions>> RestrictionService::people(const Principal& who) {
  return guarded("listing restrictions", [&]() -> Result<std::vector<PersonRestrictions>> {
    if (!allowed(who, Permission::kViewAnyCase)) return forbidden();
    auto all = store_.allPersonEvents(who.landlord);
    if (!all) return tl::unexpected(all.error());
    std::vector<PersonRestrictions> out;
    for (auto& [ref, events] : *all) out.push_back(PersonRestrictions::fold(ref, events));
    return out;
  });
}

}  // namespace charter
