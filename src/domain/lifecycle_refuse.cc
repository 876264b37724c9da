// Refusals and closures that hold: refusing a complaint under one of the policy's exclusion
// reasons (Code 2.1-2.3: the reason, its evidence, the facts the reason requires, and the
// 12-month rule), and the grounds for closing a complaint before its response (001 §4.12).
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/clocks.h"
#include "domain/fields.h"
#include "domain/lifecycle_internal.h"
#include "domain/requests.h"

namespace charter::lifecycle_detail {
namespace {

using json = nlohmann::json;
using fields::kLongText;
using fields::kShortText;

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
// than 12 months before receipt. The anniversary itself is still within time. The later of the
// dates recorded on the case at receipt and those given with the refusal counts: a refusal
// cannot set aside a date the case already holds.
Status checkTwelveMonths(const Act& a) {
  CHARTER_TRY(issue, a.body.date("issue_date", false));
  CHARTER_TRY(aware, a.body.date("awareness_date", false));
  std::optional<Date> from;
  for (const auto& d : {issue, aware, a.state.issue_date, a.state.awareness_date}) {
    if (d && (!from || *d > *from)) from = d;
  }
  if (!from) return {};
  std::chrono::year_month_day ymd{*from};
  Date anniversary = Date{ymd + std::chrono::years{1}};
  Date received = a.cal.localDate(a.state.received_at);
  if (received > anniversary) return {};
  return conflict("code-2.3",
                  fmt::format("The complaint was received on {}, within 12 months of the issue "
                              "or of the resident becoming aware of it ({}), so it must be "
                              "accepted (Code 2.3).",
                              formatDateLong(received), formatDateLong(*from)),
                  "reason");
}

}  // namespace

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

// No contact: the stage acknowledged, at least two attempts to reach the resident since, and
// 10 working days gone since the acknowledgement. Resolution agreed: what was agreed, as the
// evidence.
Result<json> earlyClosureGround(const Act& a) {
  CHARTER_TRY(ground, a.body.oneOf("ground", kEarlyClosureGrounds, true));
  CHARTER_TRY(evidence, a.body.text("evidence", kLongText, true));
  json out = {{"ground", ground}, {"evidence", evidence}};
  if (ground != "no_contact") {
    if (a.body.has("contact_attempts")) {
      return invalid("contact_attempts", "unknown", "applies only to the no_contact ground");
    }
    return out;
  }
  const StageRecord& r = a.state.current();
  if (!r.acknowledged_at) {
    return conflict("policy-4.12",
                    "A complaint is closed for no contact only after it was acknowledged and "
                    "the resident did not answer our attempts to reach them (policy 001 §4.12).",
                    "ground");
  }
  const Date acked = a.cal.localDate(*r.acknowledged_at);
  CHARTER_TRY(attempts, a.body.texts("contact_attempts", kShortText));
  json dates = json::array();
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const std::string field = fmt::format("contact_attempts[{}]", i);
    auto parsed = parseDate(attempts[i], field);
    if (!parsed) return invalid(field, "format", parsed.error().message);
    const Date d = *parsed;
    if (d > a.date) return invalid(field, "future", "is after the date of this closure");
    if (d < acked) {
      return invalid(field, "before-previous-event",
                     fmt::format("is before the acknowledgement ({})", formatDateLong(acked)));
    }
    dates.push_back(formatDate(d));
  }
  if (dates.size() < 2) {
    return conflict("policy-4.12",
                    "Closing for no contact needs at least two attempts to reach the resident, "
                    "with their dates (policy 001 §4.12).",
                    "contact_attempts");
  }
  const Date earliest = a.cal.addWorkingDays(acked, 10);
  if (a.date < earliest) {
    return conflict("policy-4.12",
                    fmt::format("Closing for no contact needs 10 working days without contact "
                                "after the acknowledgement ({}): not before {}.",
                                formatDateLong(acked), formatDateLong(earliest)),
                    "at");
  }
  out["contact_attempts"] = std::move(dates);
  return out;
}

}  // namespace charter::lifecycle_detail
