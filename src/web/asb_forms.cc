// Anti-social behaviour reports in the staff pages (domain/asb.h): the level, the party and the
// hate-incident question on the new-contact page; the forms of contact_reporter,
// agree_action_plan, review_action_plan and an asb_report's close (the same JSON bodies the API
// takes); the case page's "Anti-social behaviour" section; and their timeline lines, dates in
// words.
#include <fmt/format.h>

#include "domain/asb.h"
#include "web/aftercare.h"
#include "web/date_input.h"
#include "web/internal.h"
#include "web/templates.h"

namespace charter::web {
namespace {

using nlohmann::json;

std::string dateWords(const std::string& iso) {
  auto d = parseDate(iso);
  return d ? formatDateLong(*d) : iso;
}

std::string dateWords(const std::optional<Date>& d) {
  return d ? formatDateLong(*d) : std::string("Not set");
}

template <std::size_t N>
std::vector<Option> options(const std::array<std::string_view, N>& slugs,
                            std::string_view (*title)(std::string_view)) {
  std::vector<Option> out;
  for (auto s : slugs) out.push_back({std::string(s), std::string(title(s))});
  return out;
}

// "contact within 24 hours; action plan within 5 working days", from the level's standards.
std::string levelPromise(const Policy& policy, const std::string& level) {
  std::string out;
  for (const Standard& st : policy.standards) {
    if (st.category != level) continue;
    const char* what = st.stops == kAsbContactedMilestone     ? "first contact"
                       : st.stops == kAsbPlanAgreedMilestone ? "action plan"
                                                              : nullptr;
    if (what == nullptr) continue;
    out += fmt::format("{}{} within {}", out.empty() ? "" : "; ", what,
                       describeDuration(st.amount, st.unit));
  }
  return out;
}

std::string satisfactionSentence(const std::string& s) {
  if (s == "satisfied") return "The reporter was satisfied with how it was handled.";
  if (s == "dissatisfied") return "The reporter was not satisfied with how it was handled.";
  return "The reporter was not asked how satisfied they were.";
}

}  // namespace

bool isAsbStep(const std::string& action, const CaseState& s) {
  if (action == "contact_reporter" || action == "agree_action_plan" ||
      action == "review_action_plan") {
    return true;
  }
  return action == "close" && s.kind == CaseKind::kAsbReport;
}

AftercareForm asbForm(const std::string& action, const Form& f, const FormErrors& e) {
  AftercareForm p;
  if (action == "contact_reporter") {
    p.heading = "Record first contact with the reporter";
    p.hint = "This stops the level's first-contact clock. Record later contact as a note.";
    p.field_ids = {"notes"};
    p.fields_html = textarea("notes", "What was said (optional)", f.get("notes"), e, {}, 3);
  } else if (action == "agree_action_plan") {
    p.heading = "Record the action plan agreed with the reporter";
    p.hint = "This stops the level's action-plan clock.";
    p.field_ids = {"plan", "review_on-day"};
    p.date_ids = {"review_on"};
    p.fields_html = textarea("plan", "The action plan", f.get("plan"), e,
                             "What we will do, what the reporter will do, and by when.", 4) +
                    dateInput("review_on", "When will we review it?", datePartsOf(f, "review_on"),
                              e, "For example, 27 3 2026");
  } else if (action == "review_action_plan") {
    p.heading = "Review the action plan";
    p.field_ids = {"notes", "next_review_on-day"};
    p.date_ids = {"next_review_on"};
    p.fields_html = textarea("notes", "What has happened since the last review", f.get("notes"),
                             e, {}, 4) +
                    dateInput("next_review_on", "Next review (optional)",
                              datePartsOf(f, "next_review_on"), e, "For example, 27 3 2026");
  } else {
    p.heading = "Close the anti-social behaviour case";
    p.hint = "Ask the reporter how satisfied they are with how we handled it.";
    p.field_ids = {"outcome", "satisfaction", "reason"};
    p.fields_html =
        radios("outcome", "Outcome", options(kAsbOutcomes, asbOutcomeTitle), f.get("outcome"), e) +
        radios("satisfaction", "Is the reporter satisfied with how we handled it?",
               options(kAsbSatisfaction, asbSatisfactionTitle), f.get("satisfaction"), e) +
        textarea("reason", "Notes (optional)", f.get("reason"), e, {}, 3);
  }
  return p;
}

json asbBody(const std::string& action, const Form& f, FormErrors& errors) {
  json b = {{"action", action}};
  for (const char* k : {"notes", "plan", "outcome", "satisfaction", "reason"}) {
    if (std::string v = f.get(k); !v.empty()) b[k] = v;
  }
  if (action == "agree_action_plan") {
    DateRead d = readDate(datePartsOf(f, "review_on"), "review_on", "the review date", true,
                          errors);
    if (d.date) b["review_on"] = formatDate(*d.date);
  } else if (action == "review_action_plan") {
    DateRead d = readDate(datePartsOf(f, "next_review_on"), "next_review_on",
                          "the next review date", false, errors);
    if (d.date) b["next_review_on"] = formatDate(*d.date);
  }
  return b;
}

std::vector<std::pair<std::string, std::string>> asbActions(const CaseState& s) {
  std::vector<std::pair<std::string, std::string>> out;
  if (s.kind != CaseKind::kAsbReport || s.finished()) return out;
  AsbRecord r = asbOf(s);
  if (!r.contacted_at) {
    out.push_back({"contact_reporter", "Record first contact with the reporter"});
  } else if (!r.plan_agreed_at) {
    out.push_back({"agree_action_plan", "Record the action plan"});
  } else {
    out.push_back({"review_action_plan", "Review the action plan"});
  }
  return out;
}

std::string asbSection(const CaseState& s, const Policy& policy) {
  if (s.kind != CaseKind::kAsbReport) return "";
  AsbRecord r = asbOf(s);
  std::string promise = levelPromise(policy, r.level);
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Level", escape(r.level.empty() ? "Not set"
                                       : asbLevelTitle(r.level) +
                                             (promise.empty() ? "" : " (" + promise + ")"))},
      {"About", escape(r.party_ref.empty() ? "Not recorded" : r.party_ref)},
      {"Hate incident", r.hate_incident ? "Yes" : "No"},
      {"First contact", r.contacted_at ? escape(whenText(*r.contacted_at, policy)) : "Not yet"},
      {"Action plan", r.plan_agreed_at ? escape(r.plan) : "Not yet agreed"}};
  if (r.plan_agreed_at && !r.closed_at) {
    rows.push_back({"Next review", escape(dateWords(r.next_review_on))});
  }
  if (!r.reviews.empty()) rows.push_back({"Reviews", std::to_string(r.reviews.size())});
  if (r.closed_at) {
    rows.push_back({"Outcome", escape(std::string(asbOutcomeTitle(r.outcome)))});
    rows.push_back({"Reporter's satisfaction", escape(std::string(asbSatisfactionTitle(r.satisfaction)))});
  }
  return renderTemplate("partials/service_section",
                        {{"id", "asb"}, {"heading", "Anti-social behaviour"},
                         {"facts", summaryListData(rows)}, {"appointments", false}});
}

std::string asbEventText(const Event& e) {
  const json& d = e.data;
  if (e.type == event_type::kAsbContactMade) {
    std::string notes = dataText(d, "notes");
    return "First contact with the reporter" + (notes.empty() ? "" : ": " + notes);
  }
  if (e.type == event_type::kAsbPlanAgreed) {
    return fmt::format("Action plan agreed: {}. First review on {}", dataText(d, "plan"),
                       dateWords(dataText(d, "review_on")));
  }
  if (e.type == event_type::kAsbPlanReviewed) {
    std::string next = dataText(d, "next_review_on");
    return fmt::format("Action plan reviewed: {}{}", dataText(d, "notes"),
                       next.empty() ? "" : ". Next review on " + dateWords(next));
  }
  if (e.type == event_type::kClosed && d.contains("satisfaction")) {
    std::string reason = dataText(d, "reason");
    return fmt::format("Closed: {}. {}{}", asbOutcomeTitle(dataText(d, "outcome")),
                       satisfactionSentence(dataText(d, "satisfaction")),
                       reason.empty() ? "" : " " + reason);
  }
  return "";
}

std::string asbContactFields(const Policy& policy, const Form& f, const FormErrors& e) {
  auto levels = asbLevels(policy);
  if (levels.empty()) return "";
  std::vector<Option> o = {{"", "Not anti-social behaviour"}};
  for (const auto& level : levels) {
    std::string promise = levelPromise(policy, level);
    o.push_back({level, asbLevelTitle(level) + (promise.empty() ? "" : ": " + promise)});
  }
  return select("asb_level", "Anti-social behaviour level (anti-social behaviour reports only)",
                o, f.get("asb_level"), e, "Sets the times for first contact and the action plan.") +
         textInput("party_ref", "Who is the report about? (anti-social behaviour reports only)",
                   f.get("party_ref"), e,
                   "A household, address or person reference. Further reports about them join "
                   "the same case while it is open.") +
         radios("hate_incident", "Is it a hate incident? (anti-social behaviour reports only)",
                {{"yes", "Yes"}, {"no", "No"}}, f.get("hate_incident"), e, {}, true);
}

void asbContactBody(const Form& f, json& b) {
  const bool asb = b.value("kind", std::string()) == "asb_report";
  // Typed for another kind, the party and a hate incident are sent, so the app says why not.
  if (std::string party = f.get("party_ref"); !party.empty()) b["party_ref"] = party;
  if (std::string h = f.get("hate_incident"); h == "yes" || (asb && h == "no")) {
    b["hate_incident"] = h == "yes";
  }
  if (std::string level = f.get("asb_level"); asb && !level.empty()) b["category"] = level;
}

}  // namespace charter::web
