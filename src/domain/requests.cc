#include "domain/requests.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/asb.h"
#include "domain/contact_preferences.h"
#include "domain/location.h"
#include "domain/repairs.h"

namespace charter::requests {

using json = nlohmann::json;
using fields::kLongText;
using fields::kShortText;
using fields::Reader;

const std::array<std::string_view, 19> kNewCaseFields = {
    "kind",         "received_at", "channel", "summary", "person",     "received_by",
    "service_area", "theme",       "raised_from", "stage", "issue_date", "tenure",
    "awareness_date", "category", "about", "resolved_at_first_contact", "location",
    "party_ref",    "hate_incident"};

namespace {

constexpr std::array<std::string_view, 11> kPersonFields = {
    "name",         "email",       "phone", "address", "tenancy_ref", "vulnerabilities",
    "reasonable_adjustments", "contact_preference", "representative", "account", "contact"};

// person.contact: the structured preference (domain/contact_preferences.h); absent or
// all-empty gives nothing.
Result<json> readContact(const Reader& person) {
  CHARTER_TRY(c, person.object("contact"));
  CHARTER_CHECK(c.allowOnly(kContactFields));
  CHARTER_TRY(pref, contact::read(c));
  return pref.empty() ? json() : contactJson(pref);
}

Result<json> readPerson(const Reader& body) {
  CHARTER_TRY(p, body.object("person"));
  CHARTER_CHECK(p.allowOnly(kPersonFields));
  json out = json::object();
  for (std::string_view key : {"name", "email", "phone", "tenancy_ref", "contact_preference",
                               "representative", "account"}) {
    CHARTER_TRY(v, p.text(key, kShortText, false));
    if (!v.empty()) out[std::string(key)] = v;
  }
  CHARTER_TRY(address, p.text("address", 1000, false));
  if (!address.empty()) out["address"] = address;
  for (std::string_view key : {"vulnerabilities", "reasonable_adjustments"}) {
    CHARTER_TRY(v, p.texts(key, 1000));
    if (!v.empty()) out[std::string(key)] = v;
  }
  if (p.has("contact")) {
    CHARTER_TRY(contact, readContact(p));
    if (!contact.is_null()) out["contact"] = contact;
  }
  return out;
}

Result<std::string> readListed(const Reader& body, std::string_view key,
                               const std::vector<std::string>& allowed) {
  CHARTER_TRY(v, body.text(key, kShortText, false));
  if (v.empty() || allowed.empty()) return v;
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    return invalid(std::string(key), "enum",
                   fmt::format("must be one of the policy's list: {}", fmt::join(allowed, ", ")));
  }
  return v;
}

Result<json> readElement(const Reader& el, int stage) {
  CHARTER_TRY(summary, el.text("summary", kLongText, true));
  std::span<const std::string_view> findings =
      stage == 2 ? std::span<const std::string_view>(kStage2Findings)
                 : std::span<const std::string_view>(kStage1Findings);
  if (stage == 2 && el.has("finding")) {
    const auto& f = el.raw("finding");
    if (f.is_string() && (f == "partly_upheld" || f == "not_upheld")) {
      return invalid(el.path("finding"), "enum",
                     "at stage 2 says whether the stage 1 finding is upheld or overturned; give "
                     "the element's new finding (upheld, partly_upheld, not_upheld) in \"outcome\"");
    }
  }
  CHARTER_TRY(finding, el.oneOf("finding", findings, true));
  CHARTER_TRY(reasons, el.text("reasons", kLongText, true));
  json out = {{"summary", summary}, {"finding", finding}, {"reasons", reasons}};
  if (stage == 2) {
    CHARTER_TRY(outcome, el.oneOf("outcome", kStage1Findings, false));
    if (!outcome.empty()) out["outcome"] = outcome;
    CHARTER_CHECK(el.allowOnly(std::array<std::string_view, 4>{"summary", "finding", "reasons",
                                                               "outcome"}));
  } else {
    CHARTER_CHECK(el.allowOnly(std::array<std::string_view, 3>{"summary", "finding", "reasons"}));
  }
  return out;
}

// `element`: the number of the element (in this response) the remedy puts right;
// `additional` (stage 2): on top of stage 1's award for the same element, not replacing it.
Result<json> readRemedy(const Reader& r, int stage, std::size_t elements) {
  CHARTER_CHECK(r.allowOnly(std::array<std::string_view, 6>{"type", "description", "due",
                                                            "amount", "element", "additional"}));
  CHARTER_TRY(type, r.oneOf("type", kRemedyTypes, true));
  CHARTER_TRY(description, r.text("description", kLongText, true));
  CHARTER_TRY(due, r.date("due", false));
  CHARTER_TRY(amount, r.number("amount", 0, 1e9));
  if (type == "financial" && !amount) {
    return invalid(r.path("amount"), "required",
                   "is required for a financial remedy: record the amount in pounds");
  }
  json out = {{"type", type}, {"description", description}};
  if (due) out["due"] = formatDate(*due);
  if (amount) out["amount"] = *amount;
  if (r.has("element")) {
    const auto& e = r.raw("element");
    if (!e.is_number_integer() || e.get<long long>() < 1 ||
        e.get<long long>() > static_cast<long long>(elements)) {
      return invalid(r.path("element"), "range",
                     fmt::format("must be the number of one of this response's elements (1 to {})",
                                 elements));
    }
    out["element"] = e.get<int>();
  }
  CHARTER_TRY(additional, r.flag("additional"));
  if (additional && stage != 2) {
    return invalid(r.path("additional"), "stage-2-only",
                   "applies only at stage 2: it marks an award made on top of stage 1's");
  }
  if (additional.value_or(false)) out["additional"] = true;
  return out;
}

Result<json> readOutstanding(const Reader& r) {
  CHARTER_CHECK(r.allowOnly(std::array<std::string_view, 3>{"description", "due", "owner"}));
  CHARTER_TRY(description, r.text("description", kLongText, true));
  CHARTER_TRY(due, r.date("due", true));
  CHARTER_TRY(owner, r.text("owner", kShortText, true));
  return json{{"description", description}, {"due", formatDate(*due)}, {"owner", owner}};
}

template <class F>
Result<json> readList(const Reader& body, std::string_view key, bool required, F read) {
  CHARTER_TRY(items, body.objects(key, required));
  json out = json::array();
  for (const auto& item : items) {
    CHARTER_TRY(v, read(item));
    out.push_back(std::move(v));
  }
  return out;
}

// A service request's repair priority or an asb_report's level (domain/asb.h): one of the
// policy's categories for the kind; required for an asb_report when the policy has levels.
Status readCategory(const Reader& body, const Policy& policy, CaseKind kind, json& data) {
  const bool asb = kind == CaseKind::kAsbReport;
  auto cats = policyCategories(policy, slug(kind));
  CHARTER_TRY(category, body.text("category", kShortText, asb && !cats.empty()));
  if (category.empty()) return {};
  if (kind != CaseKind::kServiceRequest && !asb) {
    return invalid("category", "service-request-only",
                   "applies only to a service request (a repair's priority) or an anti-social "
                   "behaviour report (its level)");
  }
  if (std::find(cats.begin(), cats.end(), category) == cats.end()) {
    const char* what = asb ? "anti-social behaviour levels" : "categories";
    return invalid("category", "enum",
                   cats.empty() ? fmt::format("the policy names no {}", what)
                                : fmt::format("must be one of the policy's {}: {}", what,
                                              fmt::join(cats, ", ")));
  }
  data["category"] = category;
  return {};
}

// Who an anti-social behaviour report is about, and whether it is a hate incident (NM01).
Status readAsbFields(const Reader& body, CaseKind kind, json& data) {
  CHARTER_TRY(party, body.text("party_ref", kShortText, false));
  CHARTER_TRY(hate, body.flag("hate_incident"));
  if ((!party.empty() || hate) && kind != CaseKind::kAsbReport) {
    return invalid(party.empty() ? "hate_incident" : "party_ref", "asb-report-only",
                   "applies only to an anti-social behaviour report");
  }
  if (!party.empty()) data["party_ref"] = party;
  if (hate) data["hate_incident"] = *hate;
  return {};
}

// category, the ASB fields, about (compliments), resolved_at_first_contact (any kind).
Status readServiceFields(const Reader& body, const Policy& policy, CaseKind kind, json& data) {
  CHARTER_CHECK(readCategory(body, policy, kind, data));
  CHARTER_CHECK(readAsbFields(body, kind, data));
  CHARTER_TRY(about, body.text("about", kShortText, false));
  if (!about.empty()) {
    if (kind != CaseKind::kCompliment) {
      return invalid("about", "compliment-only",
                     "names the staff member or team a compliment praises");
    }
    data["about"] = about;
  }
  CHARTER_TRY(resolved, body.flag("resolved_at_first_contact"));
  if (resolved) data["resolved_at_first_contact"] = *resolved;
  return {};
}

}  // namespace

Result<json> readNewCase(const Reader& body, const DecisionContext& ctx) {
  CHARTER_TRY(kind_text, body.text("kind", kShortText, true));
  CHARTER_TRY(kind, parseCaseKind(kind_text));
  CHARTER_TRY(channel_text, body.text("channel", kShortText, true));
  CHARTER_TRY(channel, parseChannel(channel_text));
  CHARTER_TRY(summary, body.text("summary", kLongText, true));
  CHARTER_TRY(person, readPerson(body));
  CHARTER_TRY(received_by, body.text("received_by", kShortText, false));
  CHARTER_TRY(service_area, readListed(body, "service_area", ctx.policy.service_areas));
  CHARTER_TRY(theme, readListed(body, "theme", ctx.policy.themes));
  CHARTER_TRY(issue_date, body.date("issue_date", false));
  CHARTER_TRY(awareness_date, body.date("awareness_date", false));
  CHARTER_TRY(tenure, body.oneOf("tenure", kTenures, false));
  json data = {{"kind", slug(kind)},       {"channel", slug(channel)},
               {"summary", summary},       {"person", person},
               {"received_by", received_by.empty() ? ctx.actor : received_by},
               {"service_area", service_area}, {"theme", theme}};
  if (issue_date) data["issue_date"] = formatDate(*issue_date);
  if (awareness_date) data["awareness_date"] = formatDate(*awareness_date);
  if (!tenure.empty()) data["tenure"] = tenure;
  CHARTER_CHECK(readServiceFields(body, ctx.policy, kind, data));
  CHARTER_TRY(location, readLocation(body));
  if (!location.is_null()) data["location"] = std::move(location);
  if (body.has("raised_from")) {
    const auto& v = body.raw("raised_from");
    if (!v.is_number_integer() || v.get<CaseId>() <= 0) {
      return invalid("raised_from", "type", "must be the id of the case it was raised from");
    }
    if (kind != CaseKind::kComplaint) {
      return invalid("raised_from", "complaint-only",
                     "only a complaint is raised from another case");
    }
    data["raised_from"] = v.get<CaseId>();
  }
  return data;
}

Result<json> readElements(const Reader& body, int stage) {
  return readList(body, "elements", true,
                  [&](const Reader& el) { return readElement(el, stage); });
}

Result<json> readRemedies(const Reader& body, int stage, std::size_t elements) {
  return readList(body, "remedies", false,
                  [&](const Reader& r) { return readRemedy(r, stage, elements); });
}

Result<json> readOutstandingActions(const Reader& body) {
  return readList(body, "outstanding_actions", false, readOutstanding);
}

Result<json> readApology(const Reader& body) {
  if (!body.has("apology")) return json();
  if (body.raw("apology").is_boolean()) return body.raw("apology");
  CHARTER_TRY(text, body.text("apology", kLongText, false));
  return json(text);
}

}  // namespace charter::requests
