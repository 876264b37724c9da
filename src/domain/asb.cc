#include "domain/asb.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "domain/lifecycle_internal.h"
#include "domain/repairs.h"

namespace charter {
namespace {

using json = nlohmann::json;
using fields::kLongText;

std::vector<Event> one(std::string_view type, Instant at, json data) {
  return {lifecycle_detail::makeEvent(type, at, std::move(data))};
}

Status requireAsbReport(const AftercareStep& a, std::string_view action) {
  if (a.state.kind == CaseKind::kAsbReport) return {};
  return conflict("not-an-asb-report",
                  fmt::format("\"{}\" applies to anti-social behaviour reports; this case is a {}.",
                              action, displayName(a.state.kind)));
}

Status requireContacted(const AsbRecord& r, std::string_view what) {
  if (r.contacted_at) return {};
  return conflict("not-contacted",
                  fmt::format("Record the first contact with the reporter before {}.", what));
}

// A review date: required or not, and after the day this step is recorded.
Result<std::optional<Date>> reviewDate(const AftercareStep& a, std::string_view key,
                                       bool required) {
  CHARTER_TRY(d, a.body.date(key, required));
  if (d && *d <= a.date) {
    return invalid(std::string(key), "not-after",
                   fmt::format("must be after {}, the day this is recorded",
                               formatDateLong(a.date)));
  }
  return d;
}

void applyAsbEvent(AsbRecord& r, const Event& e) {
  if (e.type == event_type::kAsbContactMade) {
    if (!r.contacted_at) r.contacted_at = e.at;
    r.contact_notes = dataText(e.data, "notes");
  } else if (e.type == event_type::kAsbPlanAgreed) {
    r.plan_agreed_at = e.at;
    r.plan = dataText(e.data, "plan");
    r.next_review_on = dataDate(e.data, "review_on");
  } else if (e.type == event_type::kAsbPlanReviewed) {
    AsbReview rv{e.at, dataText(e.data, "notes"), dataDate(e.data, "next_review_on")};
    r.next_review_on = rv.next_review_on;
    r.reviews.push_back(std::move(rv));
  }
}

}  // namespace

bool isAsbEvent(std::string_view t) {
  return t == event_type::kAsbContactMade || t == event_type::kAsbPlanAgreed ||
         t == event_type::kAsbPlanReviewed;
}

std::string_view asbMilestone(std::string_view t) {
  if (t == event_type::kAsbContactMade) return kAsbContactedMilestone;
  if (t == event_type::kAsbPlanAgreed) return kAsbPlanAgreedMilestone;
  return "";
}

bool isAsbClosure(const CaseState& s, const Event& e) {
  return s.kind == CaseKind::kAsbReport && e.type == event_type::kClosed;
}

std::vector<std::string> asbLevels(const Policy& policy) {
  return policyCategories(policy, slug(CaseKind::kAsbReport));
}

std::string asbLevelTitle(std::string_view level) {
  std::string out;
  for (char c : level) {
    bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (c == '_') c = ' ';
    if (digit && !out.empty() && std::isdigit(static_cast<unsigned char>(out.back())) == 0 &&
        out.back() != ' ') {
      out += ' ';
    }
    out += c;
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string_view asbOutcomeTitle(std::string_view o) {
  if (o == "resolved") return "Resolved";
  if (o == "no_further_action") return "No further action possible";
  if (o == "referred_to_partner") return "Referred to a partner agency";
  return o;
}

std::string_view asbSatisfactionTitle(std::string_view s) {
  if (s == "satisfied") return "Satisfied";
  if (s == "dissatisfied") return "Dissatisfied";
  if (s == "not_asked") return "Not asked";
  return s;
}

AsbRecord asbOf(const CaseState& s) {
  AsbRecord r;
  r.level = categoryOf(s);
  if (!s.events.empty() && s.events.front().type == event_type::kReceived) {
    const json& d = s.events.front().data;
    r.party_ref = dataText(d, "party_ref");
    auto hate = d.find("hate_incident");
    r.hate_incident = hate != d.end() && hate->is_boolean() && hate->get<bool>();
  }
  for (const auto& e : s.events) {
    if (isAsbEvent(e.type)) {
      applyAsbEvent(r, e);
    } else if (isAsbClosure(s, e)) {
      r.closed_at = e.at;
      r.outcome = dataText(e.data, "outcome");
      r.satisfaction = dataText(e.data, "satisfaction");
    }
  }
  return r;
}

namespace asb {

Result<std::vector<Event>> contactReporter(const AftercareStep& a) {
  CHARTER_CHECK(requireAsbReport(a, "contact_reporter"));
  AsbRecord r = asbOf(a.state);
  if (r.contacted_at) {
    return conflict("already-contacted",
                    fmt::format("First contact with the reporter was already recorded ({}); add "
                                "a note for later contact.",
                                a.cal.formatLocal(*r.contacted_at)));
  }
  CHARTER_TRY(notes, a.body.text("notes", kLongText, false));
  json data = json::object();
  if (!notes.empty()) data["notes"] = notes;
  return one(event_type::kAsbContactMade, a.at, std::move(data));
}

Result<std::vector<Event>> agreeActionPlan(const AftercareStep& a) {
  CHARTER_CHECK(requireAsbReport(a, "agree_action_plan"));
  AsbRecord r = asbOf(a.state);
  CHARTER_CHECK(requireContacted(r, "agreeing an action plan with them"));
  if (r.plan_agreed_at) {
    return conflict("plan-agreed",
                    fmt::format("An action plan was already agreed on {}; review it instead.",
                                formatDateLong(a.cal.localDate(*r.plan_agreed_at))));
  }
  CHARTER_TRY(plan, a.body.text("plan", kLongText, true));
  CHARTER_TRY(review_on, reviewDate(a, "review_on", true));
  return one(event_type::kAsbPlanAgreed, a.at,
             {{"plan", plan}, {"review_on", formatDate(*review_on)}});
}

Result<std::vector<Event>> reviewActionPlan(const AftercareStep& a) {
  CHARTER_CHECK(requireAsbReport(a, "review_action_plan"));
  AsbRecord r = asbOf(a.state);
  if (!r.plan_agreed_at) {
    return conflict("no-action-plan",
                    "There is no action plan to review yet; agree one with the reporter first.");
  }
  CHARTER_TRY(notes, a.body.text("notes", kLongText, true));
  CHARTER_TRY(next, reviewDate(a, "next_review_on", false));
  json data = {{"notes", notes}};
  if (next) data["next_review_on"] = formatDate(*next);
  return one(event_type::kAsbPlanReviewed, a.at, std::move(data));
}

Result<json> closure(const AftercareStep& a) {
  CHARTER_CHECK(requireContacted(asbOf(a.state), "closing the case"));
  CHARTER_TRY(outcome, a.body.oneOf("outcome", kAsbOutcomes, true));
  CHARTER_TRY(satisfaction, a.body.oneOf("satisfaction", kAsbSatisfaction, true));
  CHARTER_TRY(reason, a.body.text("reason", kLongText, false));
  return json{{"stage", 0}, {"reason", reason}, {"outcome", outcome},
              {"satisfaction", satisfaction}};
}

}  // namespace asb
}  // namespace charter
