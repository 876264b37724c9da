// What a response promised, in the pages: the staff forms for complete_outstanding_action and
// complete_remedy (the API's JSON bodies, domain/follow_through.h), the staff case page's
// "Promised in the response" section, and the resident's view of each promise and when it was
// done.
#include <fmt/format.h>

#include "domain/follow_through.h"
#include "domain/updates.h"
#include "web/aftercare.h"
#include "web/templates.h"
#include "util/money.h"

namespace charter::web {

using json = nlohmann::json;

namespace {


json wholeNumber(const std::string& v) {
  if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos && v.size() < 7) {
    return std::stoi(v);
  }
  return v;
}

template <class F>
void eachAction(const CaseState& s, F f) {
  for (const auto* st : {&s.stage1, &s.stage2})
    for (const auto& a : st->outstanding_actions) f(a);
}

template <class F>
void eachRemedy(const CaseState& s, F f) {
  for (const auto* st : {&s.stage1, &s.stage2})
    for (const auto& r : st->remedies) f(r);
}

std::string money(double pounds) { return formatPounds(pounds); }

std::string remedyText(const Remedy& r) {
  std::string text = r.description;
  if (r.type == "financial") text += fmt::format(" ({})", money(r.amount));
  return text;
}

// "Done on Tue 15 Apr 2025", "Paid on ...", or when it is due.
std::string doneText(const std::optional<Date>& done, const std::optional<Date>& due,
                     const char* verb) {
  if (done) return fmt::format("{} on {}", verb, formatDateLong(*done));
  if (due) return fmt::format("Not yet; due by {}", formatDateLong(*due));
  return "Not yet";
}

}  // namespace

bool isFollowThroughAction(const std::string& action) {
  return isChoiceAction(action) || isServiceAction(action) ||
         action == "complete_outstanding_action" || action == "complete_remedy" ||
         action == "agree_updates" || action == "log_update";
}

namespace {

// The forms of agree_updates and log_update (domain/updates.h).
AftercareForm updatesForm(const std::string& action, const Form& f, const FormErrors& e) {
  AftercareForm p;
  auto add = [&](const std::string& id, std::string html) {
    p.field_ids.push_back(id);
    p.fields_html += html;
  };
  if (action == "agree_updates") {
    p.heading = "Agree how often to update the resident";
    p.hint = "Each update then due is a deadline in My work (Code 5.9). 0 ends the agreement.";
    add("every_working_days", textInput("every_working_days", "Every how many working days",
                                        f.get("every_working_days"), e, {}, "text", "govuk-input--width-3"));
    add("agreed_on", textInput("agreed_on", "Agreed on (optional)", f.get("agreed_on"), e,
                               "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10"));
  } else {
    p.heading = "Log an update to the resident";
    add("text", textarea("text", "What the resident was told", f.get("text"), e, {}, 3));
    add("channel", textInput("channel", "How (optional)", f.get("channel"), e,
                             "phone, email, letter, in_person ...", "text", "govuk-input--width-10"));
    add("given_on", textInput("given_on", "Given on (optional)", f.get("given_on"), e,
                              "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10"));
  }
  return p;
}

}  // namespace

AftercareForm followThroughForm(const std::string& action, const CaseState& s, const Form& f,
                                const FormErrors& e) {
  if (action == "agree_updates" || action == "log_update") return updatesForm(action, f, e);
  if (isChoiceAction(action)) return choiceForm(f, e);
  if (isServiceAction(action)) return serviceForm(action, s, f, e);
  AftercareForm p;
  auto val = [&](const std::string& name) { return f.get(name); };
  auto add = [&](const std::string& id, std::string html) {
    p.field_ids.push_back(id);
    p.fields_html += html;
  };
  std::vector<Option> open;
  if (action == "complete_outstanding_action") {
    p.heading = "Complete an outstanding action";
    p.hint = "What the response promised is followed through after the complaint closes (Code 6.6).";
    eachAction(s, [&](const OutstandingAction& a) {
      if (!a.completed_on)
        open.push_back({std::to_string(a.number), fmt::format("{}: {}", a.number, a.description)});
    });
    add("number", radios("number", "Which action", open, val("number"), e));
  } else {
    p.heading = "Complete a remedy";
    p.hint = "Any remedy offered must be followed through to completion (Code 7.3). For "
             "compensation, record when it was paid.";
    eachRemedy(s, [&](const Remedy& r) {
      if (!r.completed_on && !r.superseded)
        open.push_back({std::to_string(r.number), fmt::format("{}: {}", r.number, remedyText(r))});
    });
    add("number", radios("number", "Which remedy", open, val("number"), e));
  }
  add("completed_on", textInput("completed_on", "Completed on (optional)", val("completed_on"), e,
                                "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10"));
  if (action == "complete_remedy") {
    add("paid_on", textInput("paid_on", "Paid on (compensation only, optional)", val("paid_on"), e,
                             "Leave blank if it was paid on the day it was completed. " + dateHint(),
                             "date", "govuk-input--width-10"));
  }
  add("evidence", textarea("evidence", "Evidence it was done", val("evidence"), e,
                           "For example a job sheet, a payment reference or the resident's confirmation.", 3));
  return p;
}

json followThroughBody(const std::string& action, const Form& f) {
  if (isChoiceAction(action)) return choiceBody(f);
  if (isServiceAction(action)) return serviceBody(action, f);
  json b = {{"action", action}};
  for (const char* k : {"completed_on", "evidence", "paid_on", "agreed_on", "text", "channel", "given_on"}) {
    if (std::string v = f.get(k); !v.empty()) b[k] = v;
  }
  if (std::string n = f.get("number"); !n.empty()) b["number"] = wholeNumber(n);
  if (std::string n = f.get("every_working_days"); !n.empty()) b["every_working_days"] = wholeNumber(n);
  return b;
}

std::vector<std::pair<std::string, std::string>> followThroughActions(const CaseState& s) {
  bool action_open = false, remedy_open = false;
  eachAction(s, [&](const OutstandingAction& a) { action_open = action_open || !a.completed_on; });
  eachRemedy(s, [&](const Remedy& r) { remedy_open = remedy_open || (!r.completed_on && !r.superseded); });
  std::vector<std::pair<std::string, std::string>> out;
  if (action_open) out.push_back({"complete_outstanding_action", "Complete an outstanding action"});
  if (remedy_open) out.push_back({"complete_remedy", "Complete a remedy"});
  out.push_back({"agree_updates", "Agree how often to update the resident"});
  out.push_back({"log_update", "Log an update to the resident"});
  return out;
}

std::vector<std::pair<std::string, std::string>> promiseRows(const CaseState& s) {
  std::vector<std::pair<std::string, std::string>> rows;
  eachRemedy(s, [&](const Remedy& r) {
    if (r.superseded && !r.completed_on) return;
    std::string done = doneText(r.completed_on, r.due, "Done");
    if (r.paid_on) done = fmt::format("Paid on {}", formatDateLong(*r.paid_on));
    rows.push_back({fmt::format("Remedy {}", r.number), escape(remedyText(r)) + ". " + escape(done)});
  });
  eachAction(s, [&](const OutstandingAction& a) {
    rows.push_back({fmt::format("Action {}", a.number),
                    escape(a.description) + ". " + escape(doneText(a.completed_on, a.due, "Done"))});
  });
  return rows;
}

std::string followThroughSection(const CaseState& s) {
  auto rows = promiseRows(s);
  if (rows.empty()) return "";
  return renderTemplate("partials/promises_section", {{"facts", summaryListData(rows)}});
}

std::string dayIn(const json& d, const char* field) {
  const std::string text = d.value(field, std::string());
  auto day = parseDate(text, field);
  return day ? formatDateLong(*day) : text;
}

std::string followThroughEventText(const Event& e) {
  if (auto t = choiceEventText(e); !t.empty()) return t;
  const json& d = e.data;
  const int n = d.value("number", 0);
  if (e.type == event_type::kOutstandingActionCompleted)
    return fmt::format("Outstanding action {} completed on {}: {}", n,
                       dayIn(d, "completed_on"), d.value("evidence", std::string()));
  if (e.type == event_type::kUpdatesAgreed)
    return fmt::format("Updates agreed every {} working days", d.value("every_working_days", 0));
  if (e.type == event_type::kUpdateLogged)
    return fmt::format("Update given on {}: {}", dayIn(d, "given_on"),
                       d.value("text", std::string()));
  if (e.type == event_type::kRemedyCompleted)
    return fmt::format("Remedy {} completed on {}{}: {}", n, dayIn(d, "completed_on"),
                       d.contains("paid_on") ? ", paid on " + dayIn(d, "paid_on") : "",
                       d.value("evidence", std::string()));
  return "";
}

}  // namespace charter::web
