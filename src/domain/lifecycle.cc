#include "domain/lifecycle.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/aftercare.h"
#include "domain/clocks.h"
#include "domain/fields.h"
#include "domain/requests.h"

namespace charter {
namespace {

using json = nlohmann::json;
using fields::kLongText;
using fields::kShortText;
using fields::Reader;
using requests::kNewCaseFields;
using requests::kStage1Findings;
using requests::readApology;
using requests::readElements;
using requests::readNewCase;
using requests::readOutstandingActions;
using requests::readRemedies;

// How far ahead of `now` an "at" may be (clocks on staff machines drift).
constexpr auto kFutureTolerance = std::chrono::minutes{5};


// What an action handler sees.
struct Act {
  const CaseState& state;
  const Reader body;
  const DecisionContext& ctx;
  const Policy& policy;  // effective for the case's receipt date
  const WorkingCalendar& cal;
  Instant at;
  Date date;  // `at` as a local date
};

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
        !isAftercareEvent(it->type)) {
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

Status requireComplaint(const Act& a, std::string_view action) {
  if (a.state.kind == CaseKind::kComplaint) return {};
  return conflict("not-a-complaint",
                  fmt::format("\"{}\" applies only to complaints; this case is a {}. If the "
                              "resident is dissatisfied, convert it to a complaint.",
                              action, displayName(a.state.kind)));
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

// ---- Complaint actions ------------------------------------------------------------------

Result<std::vector<Event>> acknowledge(const Act& a) {
  CHARTER_CHECK(requireComplaint(a, "acknowledge"));
  const StageRecord& r = a.state.current();
  int stage = a.state.stage;
  if (r.acknowledged_at) {
    return conflict("already-acknowledged",
                    fmt::format("The {} complaint was already acknowledged on {}.",
                                stageName(stage), a.cal.formatLocal(*r.acknowledged_at)));
  }
  CHARTER_TRY(definition, a.body.text("definition", kLongText, true));
  CHARTER_TRY(handler, a.body.text("handler", kShortText, true));
  CHARTER_TRY(responsibility, a.body.text("responsibility", kLongText, false));
  if (stage == 2 && normalName(handler) == normalName(a.state.stage1.handler)) {
    return conflict("code-6.13",
                    fmt::format("{} handled this complaint at stage 1. The person who considers "
                                "it at stage 2 must not be the person who considered it at "
                                "stage 1 (Code 6.13).",
                                handler),
                    "handler");
  }
  json data = {{"stage", stage}, {"definition", definition}, {"handler", handler}};
  if (!responsibility.empty()) data["responsibility"] = responsibility;
  return std::vector<Event>{makeEvent(event_type::kAcknowledged, a.at, std::move(data))};
}

std::string extensionRule(const Standard& std) {
  return fields::ruleFromProvision(std.extension_provision, "extension-cap");
}

Result<Clock> clockToExtend(const Act& a, const std::string& name) {
  auto clocks = evaluateClocks(a.state, a.ctx.policy, a.date);
  auto it = std::find_if(clocks.begin(), clocks.end(),
                         [&](const Clock& c) { return c.name == name; });
  if (it == clocks.end()) {
    std::vector<std::string> names;
    for (const auto& c : clocks) names.push_back(c.name);
    return invalid("clock", "enum",
                   fmt::format("no clock \"{}\" applies to this case; its clocks are: {}", name,
                               fmt::join(names, ", ")));
  }
  const Standard* std = a.policy.standard(name);
  if (std == nullptr || std->extension_cap < 0) {
    return conflict("not-extendable", fmt::format("\"{}\" cannot be extended.", it->title),
                    "clock");
  }
  if (it->status == ClockStatus::kPending || it->provisional) {
    return conflict("clock-not-started",
                    fmt::format("\"{}\" has not started yet, so there is nothing to extend. {}",
                                it->title, it->explanation),
                    "clock");
  }
  if (it->met_on) {
    return conflict("clock-stopped",
                    fmt::format("\"{}\" was already met on {}; it cannot be extended.", it->title,
                                formatDateLong(*it->met_on)),
                    "clock");
  }
  return *it;
}

// "Workload" (or "work load", "workloads") in any case: a reason the Code's guidance and the
// seeds rule out as a good reason for a long extension.
bool isWorkloadReason(const std::string& text) {
  std::string lower;
  for (char c : text) {
    if (c != ' ' && c != '-') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower.find("workload") != std::string::npos;
}

Status checkCap(const Act& a, const Clock& clock, const Standard& std, Date new_due,
                const std::string& good_reason) {
  int cap = std.extension_cap;
  Date limit = a.cal.addWorkingDays(*clock.original_due, cap);
  if (new_due <= limit) return {};
  if (isWorkloadReason(good_reason)) {
    return conflict("workload-not-good-reason",
                    "Workload is never a good reason to extend beyond the cap (policy 001 "
                    "§4.11); record the real reason, or choose a date no later than " +
                        formatDateLong(limit) + ".",
                    "good_reason");
  }
  if (!good_reason.empty()) return {};
  return conflict(
      extensionRule(std),
      fmt::format("An extension may move this due date at most {} working days beyond the "
                  "original due date ({}), that is to {}, unless a good reason is recorded{}. "
                  "Record the good reason (good_reason), or choose a date no later than {}.",
                  cap, formatDateLong(*clock.original_due), formatDateLong(limit),
                  std.extension_provision.empty() ? ""
                                                  : fmt::format(" ({})", std.extension_provision),
                  formatDateLong(limit)),
      "good_reason");
}

Result<std::vector<Event>> extend(const Act& a) {
  std::string default_clock =
      a.state.kind == CaseKind::kComplaint ? fmt::format("stage{}.respond", a.state.stage) : "";
  CHARTER_TRY(clock_name, a.body.text("clock", kShortText, default_clock.empty()));
  if (clock_name.empty()) clock_name = default_clock;
  CHARTER_TRY(new_due, a.body.date("new_due", true));
  CHARTER_TRY(reason, a.body.text("reason", kLongText, true));
  CHARTER_TRY(good_reason, a.body.text("good_reason", kLongText, false));
  CHARTER_TRY(ombudsman, a.body.flag("ombudsman_details_given"));
  CHARTER_TRY(clock, clockToExtend(a, clock_name));
  if (*new_due <= *clock.due) {
    return invalid("new_due", "not-later",
                   fmt::format("must be after the current due date, {}",
                               formatDateLong(*clock.due)));
  }
  if (auto why = a.cal.whyNotWorking(*new_due)) {
    return invalid("new_due", "not-working-day",
                   fmt::format("is not a working day ({}); choose a working day", *why));
  }
  const Standard& std = *a.policy.standard(clock_name);
  CHARTER_CHECK(checkCap(a, clock, std, *new_due, good_reason));
  Date limit = a.cal.addWorkingDays(*clock.original_due, std.extension_cap);
  json data = {{"stage", a.state.stage},
               {"clock", clock_name},
               {"original_due", formatDate(*clock.due)},
               {"new_due", formatDate(*new_due)},
               {"reason", reason},
               {"good_reason", good_reason},
               {"ombudsman_details_given", ombudsman.value_or(true)},
               {"beyond_cap", *new_due > limit},
               {"late", a.date > *clock.due}};
  return std::vector<Event>{makeEvent(event_type::kExtended, a.at, std::move(data))};
}

Result<std::vector<Event>> respondComplaint(const Act& a) {
  int stage = a.state.stage;
  const StageRecord& r = a.state.current();
  if (r.responded_at) {
    return conflict("already-responded",
                    fmt::format("The {} response was already sent on {}.", stageName(stage),
                                a.cal.formatLocal(*r.responded_at)));
  }
  if (!r.acknowledged_at) {
    return conflict(stage == 2 ? "code-6.11" : "code-6.2",
                    fmt::format("Acknowledge the {} complaint first: the acknowledgement records "
                                "the complaint definition the response must answer (Code {}, "
                                "6.9).",
                                stageName(stage), stage == 2 ? "6.11" : "6.2"));
  }
  CHARTER_TRY(decision, a.body.oneOf("decision", kStage1Findings, true));
  CHARTER_TRY(elements, readElements(a.body, stage));
  CHARTER_TRY(remedies, readRemedies(a.body));
  CHARTER_TRY(actions, readOutstandingActions(a.body));
  CHARTER_TRY(apology, readApology(a.body));
  json data = {{"stage", stage},       {"decision", decision},
               {"elements", elements}, {"remedies", remedies},
               {"outstanding_actions", actions}};
  if (!apology.is_null()) data["apology"] = apology;
  return std::vector<Event>{makeEvent(event_type::kResponded, a.at, std::move(data))};
}

Result<std::vector<Event>> respondOther(const Act& a) {
  CHARTER_CHECK(a.body.allowOnly(std::array<std::string_view, 4>{"action", "at", "stage",
                                                                 "response"}));
  if (a.state.milestones.count("responded") != 0) {
    return conflict("already-responded",
                    fmt::format("This {} was already answered; add a note instead.",
                                displayName(a.state.kind)));
  }
  CHARTER_TRY(response, a.body.text("response", kLongText, false));
  json data = json::object();
  if (!response.empty()) data["response"] = response;
  return std::vector<Event>{makeEvent(event_type::kResponded, a.at, std::move(data))};
}

Result<std::vector<Event>> respond(const Act& a) {
  return a.state.kind == CaseKind::kComplaint ? respondComplaint(a) : respondOther(a);
}

Result<std::vector<Event>> requestEscalation(const Act& a) {
  CHARTER_CHECK(requireComplaint(a, "request_escalation"));
  if (a.state.stage >= 2) {
    return conflict("code-5.2",
                    "This complaint is already at stage 2, the landlord's final response. There "
                    "is no third stage (Code 5.2, 5.3): if the resident is still dissatisfied "
                    "they can go to the Housing Ombudsman.");
  }
  if (!a.state.stage1.responded_at) {
    return conflict("code-6.10",
                    "A complaint moves to stage 2 after the stage 1 response, which has not been "
                    "sent yet (Code 6.10). If the stage 1 response is late, the resident can ask "
                    "the Housing Ombudsman for help.");
  }
  CHARTER_TRY(reason, a.body.text("reason", kLongText, false));
  json data = {{"from_stage", 1}, {"reason", reason}};
  if (int window = a.policy.escalation_window_working_days; window > 0) {
    Date limit = a.cal.addWorkingDays(a.cal.localDate(*a.state.stage1.responded_at), window);
    // The landlord's own window may be extended; it is recorded, never a ground to refuse.
    data["outside_window"] = a.date > limit;
  }
  return std::vector<Event>{makeEvent(event_type::kEscalationRequested, a.at, std::move(data))};
}

// One fact an exclusion requires ("court_filing_date", "discretion_considered", ...).
Result<json> readFact(const Act& a, const ExclusionReason& ex, const std::string& key) {
  std::string rule = fields::ruleFromProvision(ex.provision, "exclusion-fact");
  if (key == "discretion_considered" && ex.provision.find("2.3") != std::string::npos) {
    rule = "code-2.3";
  }
  auto missing = [&](std::string why) {
    return conflict(rule,
                    fmt::format("Refusing a complaint as \"{}\" needs {} recorded{}.", ex.title,
                                why, ex.provision.empty() ? "" : " (" + ex.provision + ")"),
                    key);
  };
  if (key.size() > 5 && key.ends_with("_date")) {
    CHARTER_TRY(d, a.body.date(key, false));
    if (!d) return missing(fmt::format("the {}", key == "court_filing_date"
                                                     ? "date the claim was filed at court (a "
                                                       "pre-action letter is not enough)"
                                                     : key));
    if (*d > a.date) return invalid(key, "future", "is after the date of this refusal");
    return json(formatDate(*d));
  }
  const auto& v = a.body.raw(key);
  if (v.is_boolean() && v.get<bool>()) return v;
  if (v.is_string() && !v.get<std::string>().empty()) {
    CHARTER_TRY(t, a.body.text(key, kLongText, true));
    return json(t);
  }
  if (key == "discretion_considered") {
    return missing("that discretion to accept it anyway was considered (Code 2.3)");
  }
  return missing(fmt::format("\"{}\"", key));
}

// The 12-month rule (Code 2.3): only when the issue (or the resident learning of it) was more
// than 12 months before receipt. The anniversary itself is still within time.
Status checkTwelveMonths(const Act& a) {
  CHARTER_TRY(issue, a.body.date("issue_date", false));
  CHARTER_TRY(aware, a.body.date("awareness_date", false));
  if (!issue && !aware) return {};
  Date from = std::max(issue.value_or(Date{}), aware.value_or(Date{}));
  std::chrono::year_month_day ymd{from};
  Date anniversary = Date{ymd + std::chrono::years{1}};
  Date received = a.cal.localDate(a.state.received_at);
  if (received > anniversary) return {};
  return conflict("code-2.3",
                  fmt::format("The complaint was received on {}, within 12 months of the issue "
                              "or of the resident becoming aware of it ({}), so it must be "
                              "accepted (Code 2.3).",
                              formatDateLong(received), formatDateLong(from)),
                  "reason");
}

Result<std::vector<Event>> refuse(const Act& a) {
  CHARTER_CHECK(requireComplaint(a, "refuse"));
  if (a.state.current().responded_at) {
    return conflict("already-responded",
                    fmt::format("The {} response has been sent; a complaint is refused instead "
                                "of being answered, not after.",
                                stageName(a.state.stage)));
  }
  CHARTER_TRY(reason, a.body.text("reason", kShortText, true));
  const ExclusionReason* ex = a.policy.exclusionReason(reason);
  if (ex == nullptr) {
    std::vector<std::string> ids;
    for (const auto& e : a.policy.exclusion_reasons) ids.push_back(e.id);
    return invalid("reason", "enum",
                   fmt::format("must be one of the policy's exclusion reasons: {}",
                               fmt::join(ids, ", ")));
  }
  CHARTER_TRY(evidence, a.body.text("evidence", kLongText, false));
  if (evidence.empty()) {
    return conflict("code-2.1",
                    "A complaint may be refused only with the evidence for the decision recorded "
                    "(Code 2.1): give the evidence.",
                    "evidence");
  }
  json data = {{"stage", a.state.stage}, {"reason", ex->id},        {"reason_title", ex->title},
               {"provision", ex->provision}, {"evidence", evidence}};
  for (const auto& key : ex->requires_fields) {
    CHARTER_TRY(fact, readFact(a, *ex, key));
    data[key] = fact;
  }
  if (ex->id == "over-12-months") CHARTER_CHECK(checkTwelveMonths(a));
  for (std::string_view key : {"issue_date", "awareness_date"}) {
    CHARTER_TRY(d, a.body.date(key, false));
    if (d) data[std::string(key)] = formatDate(*d);
  }
  CHARTER_TRY(rights, a.body.flag("ombudsman_rights_given"));
  data["ombudsman_rights_given"] = rights.value_or(true);
  return std::vector<Event>{makeEvent(event_type::kRefused, a.at, std::move(data))};
}

// ---- Any kind ----------------------------------------------------------------------------

Result<std::vector<Event>> withdraw(const Act& a) {
  CHARTER_TRY(reason, a.body.text("reason", kLongText, false));
  return std::vector<Event>{makeEvent(event_type::kWithdrawn, a.at, {{"reason", reason}})};
}

Result<std::vector<Event>> close(const Act& a) {
  bool unanswered = a.state.kind == CaseKind::kComplaint && !a.state.current().responded_at;
  // Closing a complaint before its response needs the reason (001 §4.12: no contact after
  // attempts, or a resolution agreed).
  CHARTER_TRY(reason, a.body.text("reason", kLongText, unanswered));
  return std::vector<Event>{makeEvent(event_type::kClosed, a.at,
                                      {{"stage", a.state.stage}, {"reason", reason}})};
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
  if (a.body.has("complaint_id")) {
    const auto& id = a.body.raw("complaint_id");
    if (!id.is_number_integer() || id.get<CaseId>() <= 0) {
      return invalid("complaint_id", "type", "must be the id of the new complaint");
    }
    data["complaint_id"] = id;
  }
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

const std::vector<ActionSpec>& actions() {
  static const std::vector<ActionSpec> kActions = {
      {"acknowledge", acknowledge, {"definition", "handler", "responsibility"}},
      {"extend", extend,
       {"new_due", "reason", "good_reason", "ombudsman_details_given", "clock"}},
      {"respond", respond,
       {"decision", "elements", "remedies", "outstanding_actions", "apology", "response"}},
      {"request_escalation", requestEscalation, {"reason"}},
      {"refuse", refuse,
       {"reason", "evidence", "court_filing_date", "discretion_considered", "issue_date",
        "awareness_date", "ombudsman_rights_given"}},
      {"withdraw", withdraw, {"reason"}},
      {"close", close, {"reason"}},
      {"note", note, {"text"}, false},
      // The complaint's own fields (received_at, person, ...) are checked by decideNew when
      // the app layer creates it; complaint_id is the id the app layer reserved for it.
      {"convert_to_complaint", convertToComplaint,
       {"summary", "channel", "received_by", "received_at", "person", "service_area", "theme",
        "complaint_id"},
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
  };
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
  if (action == "note") return true;
  // Learning and the Ombudsman come after the landlord's answer, so after the case finishes.
  if (action.find("learning_action") != std::string_view::npos ||
      action.find("ombudsman") != std::string_view::npos) {
    return true;
  }
  if (s.status != CaseStatus::kClosed) return false;
  return action == "request_escalation" || action == "convert_to_complaint";
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
  return body;
}

}  // namespace charter
