#include <fmt/format.h>

#include "domain/aftercare.h"
#include "web/aftercare.h"
#include "web/templates.h"
#include "util/money.h"

namespace charter::web {

using json = nlohmann::json;

namespace {

constexpr const char* kActions[] = {"learning_action",        "complete_learning_action",
                                    "ombudsman_referral",      "ombudsman_determination",
                                    "ombudsman_order",         "complete_ombudsman_order"};

std::vector<Option> outcomeOptions() {
  std::vector<Option> o;
  for (auto slug : kOmbudsmanOutcomes) {
    o.push_back({std::string(slug), std::string(ombudsmanOutcomeTitle(slug))});
  }
  return o;
}


void set(json& b, const Form& f, const char* name) {
  std::string v = f.get(name);
  if (!v.empty()) b[name] = v;
}

// A whole number from the form, or the text as given (the domain says why it is wrong).
json number(const std::string& v) {
  if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos && v.size() < 7) {
    return std::stoi(v);
  }
  return v;
}

}  // namespace

bool isAftercareAction(const std::string& action) {
  if (isFollowThroughAction(action) || isIssueAction(action) || isChfoAction(action)) return true;
  for (const char* a : kActions)
    if (action == a) return true;
  return false;
}

AftercareForm aftercareForm(const std::string& action, const CaseState& s, const Policy& policy,
                            const Form& f, const FormErrors& e) {
  if (isFollowThroughAction(action)) return followThroughForm(action, s, f, e);
  if (isIssueAction(action)) return issueForm(action, s, f, e);
  if (isChfoAction(action)) return chfoForm(action, s, f, e);
  AftercareForm p;
  auto val = [&](const std::string& name) { return f.get(name); };
  auto add = [&](const std::string& id, std::string html) {
    p.field_ids.push_back(id);
    p.fields_html += html;
  };
  if (action == "learning_action") {
    p.heading = "Record a learning action";
    p.hint = "Record what was learnt, whether or not the complaint was upheld (Code 9.1-9.3). "
             "The due date is tracked like any other deadline.";
    add("lesson", textarea("lesson", "What was learnt and the action to take", val("lesson"), e, {}, 4));
    add("owner", textInput("owner", "Owner", val("owner"), e, "Who is responsible for the action."));
    std::vector<Option> areas = {{"", "Choose a service area"}};
    for (const auto& a : policy.service_areas) areas.push_back({a, a});
    std::string area = f.has("service_area") ? val("service_area") : s.service_area;
    if (policy.service_areas.empty()) {
      add("service_area", textInput("service_area", "Service area", area, e));
    } else {
      add("service_area", select("service_area", "Service area", areas, area, e));
    }
    add("due", textInput("due", "Due date", val("due"), e, dateHint(), "date", "govuk-input--width-10"));
    add("you_said", textarea("you_said", "What residents told us, for publishing (optional)", val("you_said"), e,
                             "Plain words fit for the public \"You said, we did\" list. No names or personal details.", 2));
  } else if (action == "complete_learning_action") {
    p.heading = "Complete a learning action";
    std::vector<Option> open;
    for (const auto& l : s.learning_actions)
      if (!l.completed_on) open.push_back({std::to_string(l.number), fmt::format("{}: {}", l.number, l.lesson)});
    add("learning_action", radios("learning_action", "Which learning action", open, val("learning_action"), e));
    add("improvement", textarea("improvement", "The improvement made", val("improvement"), e, {}, 4));
    add("completed_on", textInput("completed_on", "Completed on (optional)", val("completed_on"), e,
                                  "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10"));
    add("you_said", textarea("you_said", "What residents told us, for publishing (optional)", val("you_said"), e,
                             "Needed to publish, unless given when the action was recorded. No personal details.", 2));
    p.field_ids.push_back("publish");
    p.fields_html += renderTemplate(
        "partials/form_group",
        {{"id", "publish-group"},
         {"html", checkbox("publish", "Publish on \"You said, we did\"", f.has("publish"),
                           "Shows the service area, what residents said and what we did. Never the case or any name.")}});
  } else if (action == "ombudsman_referral") {
    p.heading = "Record a referral to the Housing Ombudsman";
    p.hint = "The Ombudsman takes a complaint on after the final response, a refusal, or when a "
             "response is overdue. If the resident only asked the Ombudsman for advice, add a note.";
    add("reference", textInput("reference", "Ombudsman reference", val("reference"), e));
    add("referred_on", textInput("referred_on", "Referred on (optional)", val("referred_on"), e,
                                 "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10"));
  } else if (action == "ombudsman_determination") {
    p.heading = "Record the Ombudsman's determination";
    add("outcome", radios("outcome", "Determination", outcomeOptions(), val("outcome"), e));
    add("compensation", textInput("compensation", "Compensation ordered, in pounds (optional)", val("compensation"), e,
                                  {}, "text", "govuk-input--width-10"));
    add("determined_on", textInput("determined_on", "Determined on (optional)", val("determined_on"), e,
                                   "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10"));
  } else if (action == "ombudsman_order") {
    p.heading = "Record an Ombudsman order";
    add("order", textarea("order", "What the Ombudsman ordered", val("order"), e, {}, 3));
    add("due", textInput("due", "Due date", val("due"), e, dateHint(), "date", "govuk-input--width-10"));
  } else if (action == "complete_ombudsman_order") {
    p.heading = "Record compliance with an Ombudsman order";
    std::vector<Option> open;
    if (s.ombudsman)
      for (const auto& o : s.ombudsman->orders)
        if (!o.completed_on) open.push_back({std::to_string(o.number), fmt::format("{}: {}", o.number, o.order)});
    add("order", radios("order", "Which order", open, val("order"), e));
    add("completed_on", textInput("completed_on", "Complied with on (optional)", val("completed_on"), e,
                                  "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10"));
    add("evidence", textarea("evidence", "Evidence of compliance (optional)", val("evidence"), e, {}, 3));
  }
  return p;
}

json aftercareBody(const std::string& action, const Form& f) {
  if (isFollowThroughAction(action)) return followThroughBody(action, f);
  if (isIssueAction(action)) return issueBody(action, f);
  if (isChfoAction(action)) return chfoBody(action, f);
  json b = {{"action", action}};
  if (action == "learning_action") {
    for (const char* k : {"lesson", "owner", "service_area", "due", "you_said"}) set(b, f, k);
  } else if (action == "complete_learning_action") {
    for (const char* k : {"improvement", "completed_on", "you_said"}) set(b, f, k);
    if (std::string n = f.get("learning_action"); !n.empty()) b["learning_action"] = number(n);
    b["publish"] = f.has("publish");
  } else if (action == "ombudsman_referral") {
    for (const char* k : {"reference", "referred_on"}) set(b, f, k);
  } else if (action == "ombudsman_determination") {
    for (const char* k : {"outcome", "determined_on"}) set(b, f, k);
    if (std::string c = f.get("compensation"); !c.empty()) b["compensation"] = moneyValue(c);
  } else if (action == "ombudsman_order") {
    for (const char* k : {"order", "due"}) set(b, f, k);
  } else if (action == "complete_ombudsman_order") {
    for (const char* k : {"completed_on", "evidence"}) set(b, f, k);
    if (std::string n = f.get("order"); !n.empty()) b["order"] = number(n);
  }
  return b;
}

std::vector<std::pair<std::string, std::string>> aftercareActions(const CaseState& s) {
  std::vector<std::pair<std::string, std::string>> out;
  if (s.kind != CaseKind::kComplaint) return out;
  out = issueActions(s);
  for (auto& a : followThroughActions(s)) out.push_back(std::move(a));
  out.push_back({"learning_action", "Record a learning action"});
  for (const auto& l : s.learning_actions) {
    if (!l.completed_on) {
      out.push_back({"complete_learning_action", "Complete a learning action"});
      break;
    }
  }
  if (!s.ombudsman) {
    out.push_back({"ombudsman_referral", "Record an Ombudsman referral"});
  } else if (!s.ombudsman->determined_on) {
    out.push_back({"ombudsman_determination", "Record the Ombudsman's determination"});
  } else {
    if (isFaultFinding(s.ombudsman->outcome)) out.push_back({"ombudsman_order", "Record an Ombudsman order"});
    for (const auto& o : s.ombudsman->orders) {
      if (!o.completed_on) {
        out.push_back({"complete_ombudsman_order", "Record compliance with an order"});
        break;
      }
    }
  }
  for (auto& a : chfoActions(s)) out.push_back(std::move(a));
  return out;
}

std::string aftercareSection(const CaseState& s) {
  std::string promises = followThroughSection(s);
  if (s.learning_actions.empty() && !s.ombudsman) return promises;
  nlohmann::json learning = nlohmann::json::array();
  for (const auto& l : s.learning_actions) {
    std::vector<std::pair<std::string, std::string>> rows = {
        {"Owner", escape(l.owner)},
        {"Service area", escape(l.service_area)},
        {"Due", escape(formatDateLong(l.due))},
        {"Completed", l.completed_on ? escape(formatDateLong(*l.completed_on)) : "Not yet"}};
    if (!l.improvement.empty()) rows.push_back({"Improvement made", escape(l.improvement)});
    if (!l.you_said.empty()) rows.push_back({"You said", escape(l.you_said)});
    rows.push_back({"Published", l.published ? "Yes, on \"You said, we did\"" : "No"});
    learning.push_back({{"number", l.number}, {"lesson", l.lesson}, {"facts", summaryListData(rows)}});
  }
  nlohmann::json ombudsman = false;
  if (s.ombudsman) {
    const auto& o = *s.ombudsman;
    std::vector<std::pair<std::string, std::string>> rows = {
        {"Ombudsman reference", escape(o.reference)},
        {"Referred on", escape(formatDateLong(o.referred_on))},
        {"Determination", o.determined_on ? escape(std::string(ombudsmanOutcomeTitle(o.outcome))) + ", " +
                                                escape(formatDateLong(*o.determined_on))
                                          : "Awaited"}};
    if (o.determined_on) rows.push_back({"Compensation ordered", escape(formatPounds(o.compensation))});
    for (const auto& x : o.orders) {
      rows.push_back({fmt::format("Order {}", x.number),
                      escape(x.order) + ". Due " + escape(formatDateLong(x.due)) +
                          (x.completed_on ? ", complied with on " + escape(formatDateLong(*x.completed_on)) : ", not yet complied with")});
    }
    for (auto& r : chfoRows(o)) rows.push_back(std::move(r));
    ombudsman = {{"facts", summaryListData(rows)}};
  }
  return promises + renderTemplate("partials/aftercare_section",
                                   {{"learning", learning}, {"ombudsman", ombudsman}});
}

std::string aftercareEventText(const Event& e) {
  const json& d = e.data;
  auto s = [&](const char* k) { return d.value(k, std::string()); };
  auto n = [&] { return d.value("number", 0); };
  if (auto t = followThroughEventText(e); !t.empty()) return t;
  if (auto t = chfoEventText(e); !t.empty()) return t;
  if (e.type == event_type::kLearningActionRecorded)
    return fmt::format("Learning action {} recorded for {}: {}", n(), s("owner"), s("lesson"));
  if (e.type == event_type::kLearningActionCompleted)
    return fmt::format("Learning action {} completed: {}", n(), s("improvement"));
  if (e.type == event_type::kOmbudsmanReferred) return "Referred to the Housing Ombudsman: " + s("reference");
  if (e.type == event_type::kOmbudsmanDetermined)
    return fmt::format("Ombudsman's determination: {}", ombudsmanOutcomeTitle(s("outcome")));
  if (e.type == event_type::kOmbudsmanOrdered)
    return fmt::format("Ombudsman order {}: {} (due {})", n(), s("order"), dayIn(d, "due"));
  if (e.type == event_type::kOmbudsmanOrderCompleted)
    return fmt::format("Ombudsman order {} complied with", n());
  return "";
}

}  // namespace charter::web
