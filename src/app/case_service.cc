#include "app/case_service.h"

#include "app/case_search.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>

#include <fmt/format.h>

#include "app/case_query.h"
#include "app/case_search.h"
#include "app/guarded.h"
#include "app/outbox.h"
#include "domain/surveys.h"

namespace charter {
namespace {

constexpr std::string_view kConvert = "convert_to_complaint";
// A new issue logged as a new complaint linked to this one (Code 6.8).
constexpr std::string_view kLogSeparately = "log_separately";

// The POST /cases body of the complaint raised by `linked` from `source`: the domain's
// reading of the link, with the complaint's own fields the action body gives.
nlohmann::json complaintBody(const CaseState& source, const Event& linked,
                             const nlohmann::json& action) {
  nlohmann::json b = complaintBodyFromLink(source, linked);
  for (const char* key : {"received_at", "person", "service_area", "theme", "tenure"}) {
    if (auto it = action.find(key); it != action.end() && !it->is_null()) b[key] = *it;
  }
  b["raised_from"] = source.id;
  return b;
}

// The POST /cases body of a complaint logged separately from complaint `source`: the same
// person, household and service area, received when the new issue was raised. Its received
// event then carries related_to (the source's id), not raised_from.
nlohmann::json relatedBody(const CaseState& source, const Event& logged) {
  nlohmann::json b = complaintBodyFromLink(source, logged);
  b.erase("raised_from");
  if (!source.tenure.empty()) b["tenure"] = source.tenure;
  return b;
}

std::string actionOf(const nlohmann::json& body) {
  auto it = body.find("action");
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// offer_complaint where the resident chose to complain (domain/choice.h): recorded with the
// complaint it raises.
bool offersToComplain(const nlohmann::json& body) {
  return body.is_object() && body.value("action", nlohmann::json()) == "offer_complaint" &&
         body.value("choice", nlohmann::json()) == "complain";
}

// The convert_to_complaint body that goes with an offer: "at" and the offer's note as the
// complaint's summary when given.
nlohmann::json conversionOf(const nlohmann::json& offer) {
  nlohmann::json c = {{"action", kConvert}};
  if (auto at = offer.find("at"); at != offer.end()) c["at"] = *at;
  if (auto note = offer.find("note"); note != offer.end() && note->is_string() &&
                                      !note->get<std::string>().empty()) {
    c["summary"] = *note;
  }
  return c;
}

// The received event of the complaint a conversion (or log_separately, `related`) raises from
// case `source`, linked back to it.
Result<Event> raisedComplaint(const CaseState& source, const Event& link,
                              const nlohmann::json& body, bool related,
                              const DecisionContext& ctx) {
  auto received = decideNew(
      related ? relatedBody(source, link) : complaintBody(source, link, body), ctx);
  if (!received) return tl::unexpected(received.error());
  received->seq = 1;
  received->data[related ? "related_to" : "raised_from"] = source.id;
  return received;
}

// Queues the messages `events` cause (app/outbox.h) in the transaction that appended them.
Status enqueueMessages(CaseTxn& txn, LandlordId landlord, const CaseState& state,
                       const std::vector<Clock>& clocks, const std::vector<Event>& events,
                       Instant now) {
  for (const auto& m : messagesFor(landlord, state, clocks, events, now)) {
    if (auto s = txn.enqueue(m); !s) return s;
  }
  return {};
}

// Queues the survey message of the occasions `after` reached that `before` had not.
Status enqueueSurvey(CaseTxn& txn, LandlordId landlord, const Policy& policy,
                     const std::vector<SurveyOccasion>& before, const CaseState& after,
                     const std::vector<Event>& events, Instant now) {
  std::vector<SurveyOccasion> reached;
  for (auto& o : surveyOccasions(policy.surveys, after)) {
    const bool known = std::any_of(before.begin(), before.end(),
                                   [&](const SurveyOccasion& b) { return b.trigger == o.trigger; });
    if (!known) reached.push_back(std::move(o));
  }
  for (const auto& m : surveyMessages(landlord, after, reached, events, now)) {
    if (auto s = txn.enqueue(m); !s) return s;
  }
  return {};
}

}  // namespace

CaseService::CaseService(CaseStore& store, PolicyPtr policy, const TimeSource& time,
                         LandlordId landlord)
    : store_(store), policy_(std::move(policy)), time_(time), landlord_(landlord) {}

Date CaseService::today() const { return policy_->working_calendar->localDate(time_.now()); }

std::vector<Clock> CaseService::clocksFor(const CaseState& state, Date today) const {
  // evaluateClocks applies policy.effectiveFor(received) itself (domain/clocks.h).
  return evaluateClocks(state, *policy_, today);
}

Result<CaseView> CaseService::create(const nlohmann::json& body, const std::string& actor) {
  return guarded("creating a case", [&]() -> Result<CaseView> {
    if (!body.is_object()) return invalid("", "type", "The request body must be a JSON object.");
    const Instant now = time_.now();
    const Date day = policy_->working_calendar->localDate(now);
    DecisionContext ctx{*policy_, now, actor};
    auto received = decideNew(body, ctx);
    if (!received) return tl::unexpected(received.error());
    if (received->seq != 1) received->seq = 1;

    // The new case's state and clocks depend only on its event, so they are worked out here,
    // off the single writer; the writer only assigns the id and appends.
    std::vector<Event> events{*received};
    CaseView view{CaseState::fold(0, "", events), {}};
    view.clocks = clocksFor(view.state, day);
    auto s = store_.write(landlord_, [&](CaseTxn& txn) -> Status {
      auto id = txn.nextCaseId();
      if (!id) return tl::unexpected(id.error());
      view.state.id = *id;
      view.state.reference = caseReference(*id);
      return txn.append(*id, events, CaseProjection{&view.state, &view.clocks});
    });
    if (!s) return tl::unexpected(s.error());
    return view;
  });
}

Result<CaseView> CaseService::act(CaseId id, const nlohmann::json& body, const std::string& actor) {
  return guarded("recording an action", [&]() -> Result<CaseView> {
    if (!body.is_object()) return invalid("", "type", "The request body must be a JSON object.");
    const Instant now = time_.now();
    const Date day = policy_->working_calendar->localDate(now);
    DecisionContext ctx{*policy_, now, actor};
    const std::string action_name = actionOf(body);
    const bool related = action_name == kLogSeparately;
    const bool convert = action_name == kConvert || related || offersToComplain(body);

    CaseView view;
    auto s = store_.write(landlord_, [&](CaseTxn& txn) -> Status {
      auto loaded = txn.load(id);
      if (!loaded) return tl::unexpected(loaded.error());
      if (!*loaded) return notFound(fmt::format("There is no case {}.", caseReference(id)));
      CaseState state = std::move(**loaded);

      if (!convert) {
        auto events = decideAction(state, body, ctx);
        if (!events) return tl::unexpected(events.error());
        const auto surveys_before = surveyOccasions(policy_->surveys, state);
        for (const auto& e : *events) state.apply(e);
        std::vector<Clock> clocks = clocksFor(state, day);
        if (auto a = txn.append(id, *events, CaseProjection{&state, &clocks}); !a) return a;
        if (auto q = enqueueMessages(txn, landlord_, state, clocks, *events, now); !q) return q;
        if (auto q = enqueueSurvey(txn, landlord_, *policy_, surveys_before, state, *events, now);
            !q)
          return q;
        view = CaseView{std::move(state), std::move(clocks)};
        return {};
      }

      // convert_to_complaint: a new complaint raised from this case, linked both ways, in this
      // one transaction. The complaint's id is taken first so the link can name it (an id
      // taken by a job that then fails is given back: see SqliteStore).
      auto new_id = txn.nextCaseId();
      if (!new_id) return tl::unexpected(new_id.error());
      // offer_complaint with "complain": the offer, then the conversion, appended together.
      std::vector<Event> offer_events;
      if (offersToComplain(body)) {
        auto offered = decideAction(state, body, ctx);
        if (!offered) return tl::unexpected(offered.error());
        for (const auto& e : *offered) state.apply(e);
        offer_events = std::move(*offered);
      }
      nlohmann::json action = offer_events.empty() ? body : conversionOf(body);
      action["complaint_id"] = *new_id;
      auto link_events = decideAction(state, action, ctx);
      if (!link_events) return tl::unexpected(link_events.error());
      const Event* link = nullptr;
      for (auto& e : *link_events) {
        if (e.data.contains("complaint_id")) {
          e.data["complaint_id"] = *new_id;
          link = &e;
        }
      }
      if (link == nullptr) return internalError(action_name + " produced no linked event");

      auto received = raisedComplaint(state, *link, body, related, ctx);
      if (!received) return tl::unexpected(received.error());
      std::vector<Event> complaint_events{*received};
      CaseState complaint = CaseState::fold(*new_id, caseReference(*new_id), complaint_events);
      std::vector<Clock> complaint_clocks = clocksFor(complaint, day);

      for (const auto& e : *link_events) state.apply(e);
      std::vector<Clock> sr_clocks = clocksFor(state, day);
      link_events->insert(link_events->begin(), offer_events.begin(), offer_events.end());
      if (auto a = txn.append(id, *link_events, CaseProjection{&state, &sr_clocks}); !a) return a;
      if (auto a = txn.append(*new_id, complaint_events,
                              CaseProjection{&complaint, &complaint_clocks});
          !a) {
        return a;
      }
      view = CaseView{std::move(complaint), std::move(complaint_clocks)};
      return {};
    });
    if (!s) return tl::unexpected(s.error());
    return view;
  });
}

Result<CaseView> CaseService::recordLetter(CaseId id, const nlohmann::json& letter,
                                          const std::string& actor) {
  return guarded("recording a letter", [&]() -> Result<CaseView> {
    if (!letter.is_object()) return invalid("", "type", "A letter must be a JSON object.");
    // A letter is issued ("letter_issued"), or its translation comes back: app/translations.h
    // records {"event": "letter_translated", ...} here (the one other letter event).
    const bool translated = letter.value("event", std::string()) == "letter_translated";
    nlohmann::json data = letter;
    data.erase("event");
    const Instant now = time_.now();
    const Date day = policy_->working_calendar->localDate(now);
    CaseView view;
    auto s = store_.write(landlord_, [&](CaseTxn& txn) -> Status {
      auto loaded = txn.load(id);
      if (!loaded) return tl::unexpected(loaded.error());
      if (!*loaded) return notFound(fmt::format("There is no case {}.", caseReference(id)));
      CaseState state = std::move(**loaded);
      Event e;
      e.seq = state.version() + 1;
      e.type = translated ? "letter_translated" : "letter_issued";
      e.at = now;
      e.recorded_at = now;
      e.actor = actor;
      e.data = data;
      state.apply(e);
      std::vector<Clock> clocks = clocksFor(state, day);
      if (auto a = txn.append(id, {e}, CaseProjection{&state, &clocks}); !a) return a;
      if (auto q = enqueueMessages(txn, landlord_, state, clocks, {e}, now); !q) return q;
      view = CaseView{std::move(state), std::move(clocks)};
      return {};
    });
    if (!s) return tl::unexpected(s.error());
    return view;
  });
}

Result<CaseView> CaseService::get(CaseId id) {
  return guarded("reading a case", [&]() -> Result<CaseView> {
    auto loaded = store_.load(landlord_, id);
    if (!loaded) return tl::unexpected(loaded.error());
    if (!*loaded) return notFound(fmt::format("There is no case {}.", caseReference(id)));
    CaseView view{std::move(**loaded), {}};
    view.clocks = clocksFor(view.state, today());
    return view;
  });
}


Result<CasePage> CaseService::list(CaseQuery query) {
  return guarded("listing cases", [&]() -> Result<CasePage> {
    if (query.today == Date{}) query.today = today();
    const WorkingCalendar& cal = *policy_->working_calendar;
    if (query.received_from) query.received_since = localDayStart(cal, *query.received_from);
    if (query.received_to) {
      query.received_before = localDayStart(cal, *query.received_to + std::chrono::days(1));
    }
    auto checked = checkCaseQuery(std::move(query));
    if (!checked) return tl::unexpected(checked.error());
    auto page = store_.list(landlord_, *checked);
    if (!page || !page->cases.empty() || !checked->text || !equalitySearch(*checked->text))
      return page;
    // A whole phone number no case's phone equals, or a whole reference no case has (among
    // those the other filters pass): looked for in the whole text instead (a summary, a phone
    // field holding two numbers, the longer references it begins), as any other term is.
    CaseQuery any = *checked;
    any.after.reset();
    any.limit = 1;
    auto equal = store_.list(landlord_, any);
    if (!equal || !equal->cases.empty()) return equal ? page : equal;
    checked->phone_in_text = true;
    return store_.list(landlord_, *checked);
  });
}

Result<long> CaseService::rebuild() {
  return guarded("rebuilding projections", [&]() -> Result<long> {
    const Date day = today();
    return store_.rebuild(landlord_,
                          [&](const CaseState& state) { return clocksFor(state, day); });
  });
}

}  // namespace charter
