// The complaint lifecycle as decisions (domain/lifecycle.h): the checks every action shares,
// the actions on any kind of case (withdraw, close, note, convert_to_complaint), and the dispatch
// from a request's "action" to its decision. The two stages are decided in
// lifecycle_stages.cc, refusals in lifecycle_refuse.cc, learning and the Ombudsman in
// aftercare.cc.
#include "domain/lifecycle.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/additional_issues.h"
#include "domain/aftercare.h"
#include "domain/asb.h"
#include "domain/chfo.h"
#include "domain/documents.h"
#include "domain/choice.h"
#include "domain/clocks.h"
#include "domain/compliments.h"
#include "domain/contact_preferences.h"
#include "domain/fields.h"
#include "domain/follow_through.h"
#include "domain/lifecycle_internal.h"
#include "domain/repairs.h"
#include "domain/requests.h"
#include "domain/updates.h"

namespace charter {
namespace lifecycle_detail {

using json = nlohmann::json;

Event makeEvent(std::string_view type, Instant at, json data) {
  Event e;
  e.type = std::string(type);
  e.at = at;
  e.data = std::move(data);
  return e;
}

std::string stageName(int stage) { return fmt::format("stage {}", stage); }

std::string normalName(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Status requireComplaint(const Act& a, std::string_view action) {
  if (a.state.kind == CaseKind::kComplaint) return {};
  return conflict("not-a-complaint",
                  fmt::format("\"{}\" applies only to complaints; this case is a {}. If the "
                              "resident is dissatisfied, convert it to a complaint.",
                              action, displayName(a.state.kind)));
}

Status readNewComplaintId(const Act& a, json& data) {
  if (!a.body.has("complaint_id")) return {};
  const auto& id = a.body.raw("complaint_id");
  if (!id.is_number_integer() || id.get<CaseId>() <= 0) {
    return invalid("complaint_id", "type", "must be the id of the new complaint");
  }
  data["complaint_id"] = id;
  return {};
}

}  // namespace lifecycle_detail

namespace {

using json = nlohmann::json;
using fields::kLongText;
using fields::kShortText;
using fields::Reader;
using lifecycle_detail::acknowledge;
using lifecycle_detail::Act;
using lifecycle_detail::extend;
using lifecycle_detail::makeEvent;
using lifecycle_detail::normalName;
using lifecycle_detail::refuse;
using lifecycle_detail::requestEscalation;
using lifecycle_detail::respond;
using requests::kNewCaseFields;
using requests::readNewCase;

// How far ahead of `now` an "at" may be (clocks on staff machines drift).
constexpr auto kFutureTolerance = std::chrono::minutes{5};

// A request may never choose the stage: it follows from the process (Code 5.2, 5.3).
Status checkNoStage(const Reader& body) {
  if (!body.has("stage")) return {};
  const auto& v = body.raw("stage");
  std::string s = v.is_string() ? normalName(v.get<std::string>()) : v.dump();
  if (s != "1" && s != "2") {
    return conflict("code-5.2",
                    fmt::format("There is no stage {}: the Complaint Handling Code allows exactly "
                                "two stages, stage 1 and stage 2, and no \"stage 0\", informal "
                                "stage or third stage (Code 5.2, 5.3).",
                                s.substr(0, 20)),
                    "stage");
  }
  return invalid("stage", "read-only",
                 "cannot be set: a complaint starts at stage 1 and moves to stage 2 only when the "
                 "resident asks for escalation (action request_escalation)");
}

Result<Instant> readAt(const Reader& body, std::string_view key, const DecisionContext& ctx,
                       bool required) {
  CHARTER_TRY(at, body.instant(key, required));
  if (!at) return ctx.now;
  if (*at > ctx.now + kFutureTolerance) {
    return invalid(std::string(key), "future",
                   fmt::format("is in the future ({}); record things once they have happened",
                               formatInstant(*at)));
  }
  return *at;
}

const WorkingCalendar& calendarOf(const Policy& p, const Policy& fallback) {
  return p.working_calendar ? *p.working_calendar : *fallback.working_calendar;
}

// ---- Shared checks ------------------------------------------------------------------

// The latest lifecycle event (notes, links, learning actions and the Ombudsman's steps run at
// their own pace and may be recorded out of order).
const Event* previousStep(const CaseState& s) {
  for (auto it = s.events.rbegin(); it != s.events.rend(); ++it) {
    if (it->type != event_type::kNote && it->type != event_type::kLinked &&
        it->type != event_type::kRelatedLogged &&
        !isAftercareEvent(it->type) && !isFollowThroughEvent(it->type) &&
        !isUpdateEvent(it->type) && it->type != event_type::kAssigned &&
        it->type != event_type::kComplaintOffered && !isRepairEvent(it->type) &&
        it->type != event_type::kComplimentShared) {
      return &*it;
    }
  }
  return nullptr;
}

Status checkOrder(const CaseState& s, Instant at, bool lifecycle, const WorkingCalendar& cal) {
  const Event* prev = lifecycle ? previousStep(s) : (s.events.empty() ? nullptr : &s.events[0]);
  if (prev == nullptr || at >= prev->at) return {};
  return invalid("at", "before-previous-event",
                 fmt::format("is before the previous step of this case ({}, {}); steps are "
                             "recorded in the order they happened",
                             prev->type, cal.formatLocal(prev->at)));
}

std::string finishedVerb(CaseStatus s) {
  switch (s) {
    case CaseStatus::kClosed: return "closed";
    case CaseStatus::kRefused: return "refused";
    case CaseStatus::kWithdrawn: return "withdrawn";
    default: return "finished";
  }
}

Status requireNotFinished(const CaseState& s) {
  if (!s.finished()) return {};
  return conflict("case-finished",
                  fmt::format("This case is {}; nothing more can happen to it except notes.",
                              finishedVerb(s.status)));
}

// ---- Any kind ----------------------------------------------------------------------------

Result<std::vector<Event>> withdraw(const Act& a) {
  CHARTER_TRY(reason, a.body.text("reason", kLongText, false));
  return std::vector<Event>{makeEvent(event_type::kWithdrawn, a.at, {{"reason", reason}})};
}

Result<std::vector<Event>> close(const Act& a) {
  if (a.state.kind == CaseKind::kAsbReport) {
    CHARTER_TRY(data, asb::closure(AftercareStep{a.state, a.body, a.policy, a.ctx.policy, a.cal,
                                                 a.at, a.date}));
    return std::vector<Event>{makeEvent(event_type::kClosed, a.at, std::move(data))};
  }
  for (const char* key : {"outcome", "satisfaction"}) {
    if (a.body.has(key)) {
      return invalid(key, "asb-report-only",
                     "is recorded when an anti-social behaviour report is closed");
    }
  }
  bool unanswered = a.state.kind == CaseKind::kComplaint && !a.state.current().responded_at;
  if (!unanswered) {
    CHARTER_CHECK(a.body.allowOnly(std::array<std::string_view, 4>{"action", "at", "stage", "reason"}));
  }
  CHARTER_TRY(reason, a.body.text("reason", kLongText, unanswered));
  json data = {{"stage", a.state.stage}, {"reason", reason}};
  // Closing a complaint before its response needs one of the policy's grounds (001 §4.12).
  if (unanswered) {
    CHARTER_TRY(ground, lifecycle_detail::earlyClosureGround(a));
    data.update(ground);
  }
  return std::vector<Event>{makeEvent(event_type::kClosed, a.at, std::move(data))};
}

Result<std::vector<Event>> note(const Act& a) {
  CHARTER_TRY(text, a.body.text("text", kLongText, true));
  return std::vector<Event>{makeEvent(event_type::kNote, a.at, {{"text", text}})};
}

Result<std::vector<Event>> convertToComplaint(const Act& a) {
  CaseKind k = a.state.kind;
  if (k == CaseKind::kComplaint) {
    return conflict("already-a-complaint", "This case is already a complaint.");
  }
  if (k != CaseKind::kServiceRequest && k != CaseKind::kEnquiry && k != CaseKind::kMpEnquiry) {
    return conflict("not-convertible",
                    fmt::format("A {} is not converted to a complaint; log the complaint as a "
                                "new case.",
                                displayName(k)));
  }
  CHARTER_TRY(summary, a.body.text("summary", kLongText, false));
  CHARTER_TRY(channel_text, a.body.text("channel", kShortText, false));
  std::string channel(slug(a.state.channel));
  if (!channel_text.empty()) {
    CHARTER_TRY(c, parseChannel(channel_text));
    channel = slug(c);
  }
  CHARTER_TRY(received_by, a.body.text("received_by", kShortText, false));
  if (summary.empty()) {
    summary = fmt::format("Dissatisfied with the handling of {} {}: {}", displayName(k),
                          a.state.reference, a.state.summary);
    if (summary.size() > kLongText) summary.resize(kLongText);
  }
  json data = {{"summary", summary},
               {"channel", channel},
               {"received_by", received_by.empty() ? a.ctx.actor : received_by}};
  CHARTER_CHECK(readNewComplaintId(a, data));
  return std::vector<Event>{makeEvent(event_type::kLinked, a.at, std::move(data))};
}

// ---- Learning and the Ombudsman (domain/aftercare.h) -----------------------------------

template <Result<std::vector<Event>> (*F)(const AftercareStep&)>
Result<std::vector<Event>> viaAftercare(const Act& a) {
  return F(AftercareStep{a.state, a.body, a.policy, a.ctx.policy, a.cal, a.at, a.date});
}

// ---- Dispatch ----------------------------------------------------------------------------

struct ActionSpec {
  std::string_view name;
  Result<std::vector<Event>> (*decide)(const Act&);
  std::vector<std::string_view> fields;  // besides "action" and "at"
  bool lifecycle = true;                 // ordered against the previous step
};

// The services beyond complaints: repairs, compliments, ASB reports, contact preferences.
std::vector<ActionSpec> serviceActions() {
  return {
      // Repairs (domain/repairs.h) and compliments (domain/compliments.h).
      {"book_appointment", viaAftercare<repairs::bookAppointment>,
       {"date", "slot", "contractor"}, false},
      {"appointment_kept", viaAftercare<repairs::appointmentKept>, {}, false},
      {"appointment_missed", viaAftercare<repairs::appointmentMissed>, {"reason"}, false},
      {"rearrange_appointment", viaAftercare<repairs::rearrangeAppointment>,
       {"date", "slot", "contractor", "reason"}, false},
      {"complete_repair", viaAftercare<repairs::completeRepair>, {"completed_at"}, false},
      {"post_inspect", viaAftercare<repairs::postInspect>, {"outcome", "notes", "inspected_on"},
       false},
      {"share_compliment", viaAftercare<compliments::share>, {"with", "shared_on"}, false},
      // Anti-social behaviour reports (domain/asb.h): steps in order, like the stages.
      {"contact_reporter", viaAftercare<asb::contactReporter>, {"notes"}},
      {"agree_action_plan", viaAftercare<asb::agreeActionPlan>, {"plan", "review_on"}},
      {"review_action_plan", viaAftercare<asb::reviewActionPlan>, {"notes", "next_review_on"}},
      // How the person wants to hear from us (domain/contact_preferences.h).
      {"change_contact_preference", viaAftercare<contact::change>,
       {"channel", "format", "language", "needs_interpreter", "review_date", "reason"}, false},
  };
}

const std::vector<ActionSpec>& actions() {
  static const std::vector<ActionSpec> kActions = [] {
    std::vector<ActionSpec> v = {
      {"acknowledge", acknowledge, {"definition", "handler", "responsibility"}},
      {"extend", extend,
       {"new_due", "reason", "good_reason", "ombudsman_details_given", "clock"}},
      {"respond", respond,
       {"decision", "elements", "remedies", "outstanding_actions", "apology", "response",
        "export_person_ref", "ico_decision", "reason"}},
      // Subject access (data_protection.cc): waiting for the requester stops the clock.
      {"pause_clock", lifecycle_detail::pauseClock, {"clock", "reason", "note"}},
      {"resume_clock", lifecycle_detail::resumeClock, {"clock"}},
      {"request_escalation", requestEscalation, {"reason"}},
      {"refuse", refuse,
       {"reason", "evidence", "court_filing_date", "discretion_considered", "issue_date",
        "awareness_date", "ombudsman_rights_given"}},
      {"withdraw", withdraw, {"reason"}},
      {"close", close,
       {"reason", "ground", "evidence", "contact_attempts", "outcome", "satisfaction"}},
      {"note", note, {"text"}, false},
      // Triage (triage.cc): ordered only after the receipt, like notes.
      {"assign", lifecycle_detail::assign, {"owner", "reason"}, false},
      // The complaint's own fields (received_at, person, ...) are checked by decideNew when
      // the app layer creates it; complaint_id is the id the app layer reserved for it.
      {"convert_to_complaint", convertToComplaint,
       {"summary", "channel", "received_by", "received_at", "person", "service_area", "theme",
        "tenure", "complaint_id"},
       false},
      // Learning and the Ombudsman: ordered only after the receipt (like notes), since they
      // follow the complaint's own steps at their own pace.
      {"learning_action", viaAftercare<aftercare::learningAction>,
       {"lesson", "owner", "service_area", "due", "you_said"}, false},
      {"complete_learning_action", viaAftercare<aftercare::completeLearningAction>,
       {"learning_action", "improvement", "completed_on", "you_said", "publish"}, false},
      {"ombudsman_referral", viaAftercare<aftercare::referral>, {"reference", "referred_on"}, false},
      {"ombudsman_determination", viaAftercare<aftercare::determination>,
       {"outcome", "findings", "compensation", "determined_on"}, false},
      {"ombudsman_order", viaAftercare<aftercare::order>, {"order", "due"}, false},
      {"complete_ombudsman_order", viaAftercare<aftercare::completeOrder>,
       {"order", "completed_on", "evidence"}, false},
      // Complaint Handling Failure Orders (domain/chfo.h).
      {"ombudsman_chfo", viaAftercare<aftercare::issueChfo>,
       {"issued_on", "provision", "order", "comply_by"}, false},
      {"complete_ombudsman_chfo", viaAftercare<aftercare::completeChfo>,
       {"chfo", "completed_on", "evidence"}, false},
      // Documents on the file shared with the resident (domain/documents.h).
      {"share_attachment", viaAftercare<aftercare::shareDocument>, {"name", "shared"}, false},
      // Following a response through (domain/follow_through.h), after closure too.
      {"complete_outstanding_action", viaAftercare<follow_through::completeOutstandingAction>,
       {"number", "completed_on", "evidence"}, false},
      {"complete_remedy", viaAftercare<follow_through::completeRemedy>,
       {"number", "completed_on", "evidence", "paid_on"}, false},
      // Additional and related complaints, Code 6.8 (lifecycle_issues.cc). log_separately
      // creates the new complaint as convert_to_complaint does (complaint_id reserved by app).
      {"add_issue", lifecycle_detail::addIssue, {"summary", "definition"}},
      {"log_separately", lifecycle_detail::logSeparately,
       {"summary", "reason", "channel", "received_by", "complaint_id"}, false},
      // Keeping the resident informed (domain/updates.h).
      {"agree_updates", viaAftercare<updates::agree>, {"every_working_days", "agreed_on"}, false},
      {"log_update", viaAftercare<updates::log>, {"text", "channel", "given_on"}, false},
      // The choice to complain (domain/choice.h).
      {"offer_complaint", viaAftercare<choice::offerComplaint>, {"choice", "note"}, false},
    };
    for (auto& a : serviceActions()) v.push_back(std::move(a));
    return v;
  }();
  return kActions;
}

Result<const ActionSpec*> findAction(const Reader& body) {
  std::vector<std::string_view> names;
  for (const auto& spec : actions()) names.push_back(spec.name);
  CHARTER_TRY(name, body.oneOf("action", names, true));
  for (const auto& spec : actions()) {
    if (spec.name == name) return &spec;
  }
  return internalError("unreachable");
}

// Which actions a finished case still takes: notes always; a closed stage 1 complaint can be
// escalated and a closed service request converted (the checks inside refine this).
bool allowedWhenFinished(const CaseState& s, std::string_view action) {
  if (action == "note" || action == "share_attachment") return true;
  if (action == "change_contact_preference") return true;
  // Learning and the Ombudsman come after the landlord's answer, so after the case finishes.
  if (action.find("learning_action") != std::string_view::npos ||
      action.find("ombudsman") != std::string_view::npos) {
    return true;
  }
  // What a response promised is followed through after the case closes (Code 6.6, 7.3).
  if (action == "complete_outstanding_action" || action == "complete_remedy") return true;
  // Updates go on while promises are still open (001 §4.7.6).
  if (action == "agree_updates" || action == "log_update") return true;
  // A repair may be recorded as completed, and inspected, after the request is closed; a
  // compliment is passed on after it is logged.
  if (action == "complete_repair" || action == "post_inspect" || action == "share_compliment") {
    return true;
  }
  // A new issue after the final response is a new complaint, linked (Code 6.8).
  if (action == "log_separately" && s.kind == CaseKind::kComplaint) return true;
  if (s.status != CaseStatus::kClosed) return false;
  return action == "request_escalation" || action == "convert_to_complaint" ||
         action == "offer_complaint";
}

Status checkFields(const Reader& body, const ActionSpec& spec, const Policy& policy) {
  std::vector<std::string_view> allowed = {"action", "at", "stage"};
  allowed.insert(allowed.end(), spec.fields.begin(), spec.fields.end());
  std::vector<std::string> extra;
  if (spec.name == "refuse") {
    for (const auto& ex : policy.exclusion_reasons) {
      extra.insert(extra.end(), ex.requires_fields.begin(), ex.requires_fields.end());
    }
  }
  return body.allowOnly(allowed, extra);
}

}  // namespace

Result<Event> decideNew(const json& body, const DecisionContext& ctx) {
  CHARTER_CHECK(fields::requireObject(body));
  Reader reader(body);
  CHARTER_CHECK(reader.allowOnly(kNewCaseFields));
  CHARTER_CHECK(checkNoStage(reader));
  if (!ctx.policy.working_calendar) return internalError("the policy has no working calendar");
  CHARTER_TRY(received_at, readAt(reader, "received_at", ctx, true));
  CHARTER_TRY(data, readNewCase(reader, ctx));
  Event e = makeEvent(event_type::kReceived, received_at, std::move(data));
  const Policy& eff = ctx.policy.effectiveFor(ctx.policy.working_calendar->localDate(received_at));
  e.data["policy"] = eff.id;
  e.seq = 1;
  e.recorded_at = ctx.now;
  e.actor = ctx.actor;
  return e;
}

Result<std::vector<Event>> decideAction(const CaseState& state, const json& body,
                                        const DecisionContext& ctx) {
  CHARTER_CHECK(fields::requireObject(body));
  if (state.events.empty()) return internalError("the case has no history");
  if (!ctx.policy.working_calendar) return internalError("the policy has no working calendar");
  Reader reader(body);
  CHARTER_CHECK(checkNoStage(reader));
  CHARTER_TRY(spec, findAction(reader));
  const Policy& eff = effectivePolicy(state, ctx.policy);
  const WorkingCalendar& cal = calendarOf(eff, ctx.policy);
  CHARTER_CHECK(checkFields(reader, *spec, eff));
  if (!allowedWhenFinished(state, spec->name)) CHARTER_CHECK(requireNotFinished(state));
  CHARTER_TRY(at, readAt(reader, "at", ctx, false));
  CHARTER_CHECK(checkOrder(state, at, spec->lifecycle, cal));
  Act act{state, reader, ctx, eff, cal, at, cal.localDate(at)};
  CHARTER_TRY(events, spec->decide(act));
  int seq = state.version();
  for (auto& e : events) {
    e.seq = ++seq;
    e.recorded_at = ctx.now;
    e.actor = ctx.actor;
  }
  return events;
}

json complaintBodyFromLink(const CaseState& source, const Event& linked) {
  json person = json::object();
  const Person& p = source.person;
  for (auto [key, value] : {std::pair{"name", &p.name}, {"email", &p.email},
                            {"phone", &p.phone}, {"address", &p.address},
                            {"tenancy_ref", &p.tenancy_ref},
                            {"contact_preference", &p.contact_preference},
                            {"representative", &p.representative},
                            {"account", &p.account}}) {
    if (!value->empty()) person[key] = *value;
  }
  if (!p.vulnerabilities.empty()) person["vulnerabilities"] = p.vulnerabilities;
  if (!p.contact.empty()) person["contact"] = contactJson(p.contact);
  if (!p.reasonable_adjustments.empty()) {
    person["reasonable_adjustments"] = p.reasonable_adjustments;
  }
  json body = {{"kind", "complaint"},
               {"received_at", formatInstant(linked.at)},
               {"channel", linked.data.value("channel", std::string(slug(source.channel)))},
               {"summary", linked.data.value("summary", source.summary)},
               {"person", person},
               {"received_by", linked.data.value("received_by", std::string())},
               {"raised_from", source.id}};
  if (!source.service_area.empty()) body["service_area"] = source.service_area;
  if (!source.theme.empty()) body["theme"] = source.theme;
  // The household's tenure decides the Regulator's split (CH01, CH02).
  if (!source.tenure.empty()) body["tenure"] = source.tenure;
  return body;
}

}  // namespace charter
