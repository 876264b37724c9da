#include "domain/restrictions.h"

#include <fmt/format.h>

#include "domain/aftercare.h"
#include "domain/fields.h"

namespace charter {
namespace {

using json = nlohmann::json;
using fields::kLongText;
using fields::Reader;

Event makePersonEvent(std::string_view type, const PersonActionContext& ctx, json data) {
  Event e;
  e.type = std::string(type);
  e.at = ctx.now;
  e.recorded_at = ctx.now;
  e.actor = ctx.actor;
  e.data = std::move(data);
  return e;
}

// A date the body may give for when something happened: default today, never after it.
Result<Date> dayOf(const Reader& body, std::string_view key, Date today) {
  CHARTER_TRY(d, body.date(key, false));
  if (!d) return today;
  if (*d > today) {
    return invalid(std::string(key), "future", "is in the future; record it once it has happened");
  }
  return *d;
}

Result<Date> laterDate(const Reader& body, std::string_view key, Date after,
                       std::string_view after_what) {
  CHARTER_TRY(d, body.date(key, true));
  if (*d <= after) {
    return invalid(std::string(key), "not-later",
                   fmt::format("must be after {} ({})", after_what, formatDate(after)));
  }
  return *d;
}

bool warnedBy(const PersonRestrictions& s, Date day) {
  for (const auto& w : s.warnings)
    if (w.warned_on <= day) return true;
  return false;
}

Result<std::vector<Event>> warn(const PersonRestrictions& s, const Reader& body,
                                const PersonActionContext& ctx) {
  CHARTER_CHECK(body.allowOnly(std::array<std::string_view, 3>{"action", "behaviour", "warned_on"}));
  CHARTER_TRY(behaviour, body.text("behaviour", kLongText, true));
  CHARTER_TRY(on, dayOf(body, "warned_on", ctx.today));
  return std::vector<Event>{makePersonEvent(
      event_type::kContactWarningGiven, ctx,
      {{"number", static_cast<int>(s.warnings.size()) + 1},
       {"behaviour", behaviour},
       {"warned_on", formatDate(on)}})};
}

Result<std::vector<Event>> impose(const PersonRestrictions& s, const Reader& body,
                                  const PersonActionContext& ctx) {
  CHARTER_CHECK(body.allowOnly(std::array<std::string_view, 7>{
      "action", "kind", "behaviour", "starts_on", "review_on", "immediate", "immediate_reason"}));
  CHARTER_TRY(kind, body.oneOf("kind", kRestrictionKinds, true));
  CHARTER_TRY(behaviour, body.text("behaviour", kLongText, true));
  CHARTER_TRY(starts, dayOf(body, "starts_on", ctx.today));
  CHARTER_TRY(review, laterDate(body, "review_on", starts, "the start"));
  CHARTER_TRY(immediate, body.flag("immediate"));
  CHARTER_TRY(reason, body.text("immediate_reason", kLongText, immediate.value_or(false)));
  if (!immediate.value_or(false) && body.has("immediate_reason")) {
    return invalid("immediate_reason", "unknown", "is given only with \"immediate\": true");
  }
  if (!immediate.value_or(false) && !warnedBy(s, starts)) {
    return conflict("policy-4.16",
                    "A restriction follows a warning: record the warning given to this person "
                    "about their behaviour first (001 §4.16.7-4.16.8; the tenancy warning of the "
                    "zero-tolerance policy). Only violence or threats justify an immediate "
                    "restriction: then set \"immediate\" with the reason.",
                    "immediate");
  }
  return std::vector<Event>{makePersonEvent(
      event_type::kRestrictionImposed, ctx,
      {{"number", static_cast<int>(s.restrictions.size()) + 1},
       {"kind", kind},
       {"behaviour", behaviour},
       {"decided_by", ctx.actor},
       {"starts_on", formatDate(starts)},
       {"review_on", formatDate(review)},
       {"immediate", immediate.value_or(false)},
       {"immediate_reason", reason}})};
}

Result<const Restriction*> findActive(const PersonRestrictions& s, int number) {
  const Restriction* r = s.find(number);
  if (r == nullptr) {
    return conflict("unknown-restriction",
                    fmt::format("This person has no restriction {}.", number), "number");
  }
  if (!r->active()) {
    return conflict("already-lifted",
                    fmt::format("Restriction {} was lifted on {}.", number,
                                formatDateLong(*r->lifted_on)));
  }
  return r;
}

Date lastDecision(const Restriction& r) {
  return r.reviews.empty() ? r.starts_on : r.reviews.back().reviewed_on;
}

Result<std::vector<Event>> review(const Restriction& r, const Reader& body,
                                  const PersonActionContext& ctx) {
  CHARTER_CHECK(body.allowOnly(std::array<std::string_view, 4>{"action", "reviewed_on", "review_on", "reasons"}));
  CHARTER_TRY(reasons, body.text("reasons", kLongText, true));
  CHARTER_TRY(on, dayOf(body, "reviewed_on", ctx.today));
  if (on < lastDecision(r)) {
    return invalid("reviewed_on", "before-previous-event",
                   fmt::format("is before the restriction's last decision ({})",
                               formatDate(lastDecision(r))));
  }
  CHARTER_TRY(next, laterDate(body, "review_on", on, "the review"));
  return std::vector<Event>{makePersonEvent(event_type::kRestrictionReviewed, ctx,
                                            {{"number", r.number},
                                             {"reviewed_on", formatDate(on)},
                                             {"review_on", formatDate(next)},
                                             {"reasons", reasons}})};
}

Result<std::vector<Event>> lift(const Restriction& r, const Reader& body,
                                const PersonActionContext& ctx) {
  CHARTER_CHECK(body.allowOnly(std::array<std::string_view, 3>{"action", "lifted_on", "reason"}));
  CHARTER_TRY(reason, body.text("reason", kLongText, true));
  CHARTER_TRY(on, dayOf(body, "lifted_on", ctx.today));
  if (on < lastDecision(r)) {
    return invalid("lifted_on", "before-previous-event",
                   fmt::format("is before the restriction's last decision ({})",
                               formatDate(lastDecision(r))));
  }
  return std::vector<Event>{makePersonEvent(
      event_type::kRestrictionLifted, ctx,
      {{"number", r.number}, {"lifted_on", formatDate(on)}, {"reason", reason}})};
}

Result<std::vector<Event>> letterSent(const PersonRestrictions& s, const Reader& body,
                                      const PersonActionContext& ctx) {
  CHARTER_CHECK(body.allowOnly(std::array<std::string_view, 4>{"action", "letter", "channel", "sent_on"}));
  const json& v = body.raw("letter");
  if (v.is_null()) return invalid("letter", "required", "is required: the letter's number");
  if (!v.is_number_integer()) return invalid("letter", "type", "must be the letter's number");
  const int seq = v.get<int>();
  const ContactWarning* w = nullptr;
  const Restriction* r = nullptr;
  for (const auto& x : s.warnings)
    if (x.seq == seq) w = &x;
  for (const auto& x : s.restrictions)
    if (x.seq == seq) r = &x;
  if (w == nullptr && r == nullptr) {
    return conflict("unknown-letter",
                    fmt::format("This person has no warning or restriction letter {}.", seq),
                    "letter");
  }
  const auto& sent = w ? w->letter_sent : r->letter_sent;
  if (sent) {
    return conflict("already-sent",
                    fmt::format("Letter {} was recorded as sent on {}.", seq,
                                formatDateLong(sent->sent_on)),
                    "letter");
  }
  CHARTER_TRY(channel, body.oneOf("channel", kPersonLetterChannels, true));
  CHARTER_TRY(on, dayOf(body, "sent_on", ctx.today));
  const Date decided = w ? w->warned_on : r->starts_on;
  if (on < decided) {
    return invalid("sent_on", "before-previous-event",
                   fmt::format("is before the {} it tells of ({})",
                               w ? "warning" : "restriction", formatDate(decided)));
  }
  return std::vector<Event>{makePersonEvent(
      event_type::kPersonLetterSent, ctx,
      {{"letter", seq},
       {"kind", w ? "contact_warning" : "restriction"},
       {"number", w ? w->number : r->number},
       {"channel", channel},
       {"sent_on", formatDate(on)}})};
}

std::vector<Event> numbered(const PersonRestrictions& s, std::vector<Event> events) {
  int seq = s.version;
  for (auto& e : events) e.seq = ++seq;
  return events;
}

}  // namespace

std::string_view restrictionKindTitle(std::string_view kind) {
  if (kind == "single_point_of_contact") return "Single point of contact";
  if (kind == "written_only") return "Written contact only";
  if (kind == "set_times") return "Contact at set times only";
  if (kind == "essential_services_only") return "Essential services only";
  return kind;
}

PersonRestrictions PersonRestrictions::fold(std::string person_ref,
                                            const std::vector<Event>& events) {
  PersonRestrictions s;
  s.person_ref = std::move(person_ref);
  for (const auto& e : events) s.apply(e);
  return s;
}

void PersonRestrictions::apply(const Event& e) {
  ++version;
  const json& d = e.data;
  auto day = [&](const char* k) { return dataDate(d, k).value_or(Date{}); };
  if (e.type == event_type::kContactWarningGiven) {
    warnings.push_back({d.value("number", 0), dataText(d, "behaviour"), day("warned_on"),
                        e.actor, e.seq});
  } else if (e.type == event_type::kRestrictionImposed) {
    Restriction r;
    r.number = d.value("number", 0);
    r.kind = dataText(d, "kind");
    r.behaviour = dataText(d, "behaviour");
    r.decided_by = dataText(d, "decided_by");
    r.starts_on = day("starts_on");
    r.first_review_on = r.review_on = day("review_on");
    r.immediate = d.value("immediate", false);
    r.immediate_reason = dataText(d, "immediate_reason");
    r.seq = e.seq;
    restrictions.push_back(std::move(r));
  } else if (e.type == event_type::kRestrictionReviewed) {
    for (auto& r : restrictions) {
      if (r.number != d.value("number", 0)) continue;
      r.reviews.push_back({day("reviewed_on"), r.review_on, day("review_on"),
                           dataText(d, "reasons"), e.actor});
      r.review_on = day("review_on");
    }
  } else if (e.type == event_type::kPersonLetterSent) {
    LetterSent sent{day("sent_on"), dataText(d, "channel"), e.actor};
    const int seq = d.value("letter", 0);
    for (auto& w : warnings)
      if (w.seq == seq) w.letter_sent = sent;
    for (auto& r : restrictions)
      if (r.seq == seq) r.letter_sent = sent;
  } else if (e.type == event_type::kRestrictionLifted) {
    for (auto& r : restrictions) {
      if (r.number != d.value("number", 0)) continue;
      r.lifted_on = day("lifted_on");
      r.lift_reason = dataText(d, "reason");
    }
  }
}

const Restriction* PersonRestrictions::find(int number) const {
  for (const auto& r : restrictions)
    if (r.number == number) return &r;
  return nullptr;
}

std::vector<const Restriction*> PersonRestrictions::active() const {
  std::vector<const Restriction*> out;
  for (const auto& r : restrictions)
    if (r.active()) out.push_back(&r);
  return out;
}

Result<std::vector<Event>> decidePersonAction(const PersonRestrictions& state, const json& body,
                                              const PersonActionContext& ctx) {
  CHARTER_CHECK(fields::requireObject(body));
  Reader reader(body);
  CHARTER_TRY(action, reader.oneOf("action",
                                    std::array<std::string_view, 3>{"warn", "impose", "letter_sent"},
                                    true));
  if (action == "warn") {
    CHARTER_TRY(events, warn(state, reader, ctx));
    return numbered(state, std::move(events));
  }
  if (action == "letter_sent") {
    CHARTER_TRY(events, letterSent(state, reader, ctx));
    return numbered(state, std::move(events));
  }
  CHARTER_TRY(events, impose(state, reader, ctx));
  return numbered(state, std::move(events));
}

Result<std::vector<Event>> decideRestrictionAction(const PersonRestrictions& state, int number,
                                                   const json& body,
                                                   const PersonActionContext& ctx) {
  CHARTER_CHECK(fields::requireObject(body));
  Reader reader(body);
  CHARTER_TRY(action, reader.oneOf("action", std::array<std::string_view, 2>{"review", "lift"}, true));
  CHARTER_TRY(r, findActive(state, number));
  if (action == "review") {
    CHARTER_TRY(events, review(*r, reader, ctx));
    return numbered(state, std::move(events));
  }
  CHARTER_TRY(events, lift(*r, reader, ctx));
  return numbered(state, std::move(events));
}

std::vector<Clock> restrictionClocks(const PersonRestrictions& state, Date today) {
  std::vector<Clock> out;
  for (const auto& r : state.restrictions) {
    Date start = r.starts_on;
    std::size_t k = 0;
    auto title = fmt::format("Review restriction {} ({})", r.number, restrictionKindTitle(r.kind));
    auto push = [&](Date due, std::optional<Date> done) {
      Clock c = dateClock(fmt::format("restriction.{}.review.{}", r.number, k + 1), title, start,
                          due, done, today,
                          fmt::format("Restriction {} is reviewed on a set date (001 §4.16.10); "
                                      "this review was due by {}.",
                                      r.number, formatDateLong(due)));
      c.provision = "001 §4.16.10";
      out.push_back(std::move(c));
    };
    for (; k < r.reviews.size(); ++k) {
      push(r.reviews[k].due, r.reviews[k].reviewed_on);
      start = r.reviews[k].reviewed_on;
    }
    if (r.active()) push(r.review_on, std::nullopt);
    else if (r.lifted_on) push(r.review_on, r.lifted_on);
  }
  return out;
}

}  // namespace charter
