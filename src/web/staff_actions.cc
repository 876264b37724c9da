// The lifecycle action forms (GET and POST /staff/cases/{id}/act/{action}): each action's
// fields, the JSON body the API takes built from them, and the app's error shown next to the
// field it names. Rendered through templates/pages/action_form.mustache.
#include <optional>

#include <fmt/format.h>

#include "web/aftercare.h"
#include "web/contact_preference_pages.h"
#include "web/date_input.h"
#include "web/response_form.h"
#include "web/staff_pages.h"
#include "web/templates.h"

namespace charter::web::staff {
namespace {

using nlohmann::json;

struct FormPage {
  std::string heading;
  std::string hint;
  std::vector<std::string> field_ids;  // in page order (error mapping)
  std::vector<std::string> date_ids;   // the date inputs among them
  std::string fields_html;
};

// The assign form's heading and fields (their inputs come from assignFields, triage_pages.cc).
FormPage assignForm(const CaseState& s) {
  FormPage p;
  p.heading = s.owner.empty() ? "Assign this case" : "Reassign this case";
  p.hint = s.owner.empty() ? "" : "It is assigned to " + s.owner + ".";
  p.field_ids = {"owner", "reason"};
  return p;
}

// The forms kept beside their own features: subject access and breaches
// (web/data_protection_forms.cc), anti-social behaviour (web/asb_forms.cc), learning and the Ombudsman (web/aftercare_forms.cc).
std::optional<FormPage> featureForm(const std::string& action, const CaseState& s,
                                    const Policy& policy, const Form& f, const FormErrors& e) {
  std::optional<AftercareForm> a;
  if (isDataProtectionStep(action, s)) a = dataProtectionForm(action, s, f, e);
  else if (isAsbStep(action, s)) a = asbForm(action, f, e);
  else if (isAftercareAction(action)) a = aftercareForm(action, s, policy, f, e);
  if (!a) return std::nullopt;
  return FormPage{a->heading, a->hint, a->field_ids, a->date_ids, a->fields_html};
}

namespace {

// The date of attempt `n` to reach the resident before closing without contact: the Code's two
// (001 4.12), and a third when one was made.
std::string contactAttemptField(int n, const std::string& value, const FormErrors& e) {
  static constexpr const char* kOrdinal[] = {"First", "Second", "Third"};
  return textInput(fmt::format("contact_attempt_{}", n),
                   fmt::format("{} attempt to reach the resident (no contact only{})",
                               kOrdinal[n - 1], n == 3 ? ", optional" : ""),
                   value, e, dateHint(), "date", "govuk-input--width-10");
}

}  // namespace

// How the person wants to hear from us (web/contact_preference_pages.h).
FormPage contactForm(const CaseState& s, const Form& f, const FormErrors& e) {
  FormPage p;
  p.heading = "Change how they want to hear from us";
  p.hint = "Letters are produced in this format and sent this way unless you say why not. "
           "Agree a date to review it with them (Code 5.10).";
  p.field_ids = contactPreferenceIds("");
  p.field_ids.push_back("reason");
  p.date_ids = {"review_date"};
  p.fields_html = contactPreferenceFields("", f, s.person.contact, e) +
                  textarea("reason", "Why it changed (optional)", f.get("reason"), e, {}, 2);
  return p;
}

FormPage actionForm(const std::string& action, const CaseState& s, const Policy& policy,
                    const Form& f, const FormErrors& e, const Principal& who) {
  if (action == "assign") return assignForm(s);
  if (action == "change_contact_preference") return contactForm(s, f, e);
  if (auto other = featureForm(action, s, policy, f, e)) return *other;
  FormPage p;
  auto val = [&](const std::string& name, const std::string& dflt = {}) {
    return f.has(name) ? f.get(name) : dflt;
  };
  auto add = [&](const std::string& id, std::string html) {
    p.field_ids.push_back(id);
    p.fields_html += html;
  };
  if (action == "acknowledge") {
    p.heading = s.stage == 2 ? "Acknowledge the stage 2 request" : "Acknowledge the complaint";
    p.hint = "The acknowledgement must set out your understanding of the complaint and the outcomes the resident wants (Code 5.6), and what you are and are not responsible for (Code 5.7).";
    add("definition", textarea("definition", "Complaint definition: the issues and the outcomes sought", val("definition"), e));
    add("responsibility", textarea("responsibility", "What we are and are not responsible for", val("responsibility"), e, {}, 3));
    add("handler", textInput("handler", "Who will handle it", val("handler", who.username), e,
                             s.stage == 2 ? "Stage 2 must be handled by someone other than the stage 1 handler (Code 6.13)." : ""));
  } else if (action == "extend") {
    p.heading = "Extend the response date";
    p.hint = "Tell the resident why and the new date; the extension letter gives them the Housing Ombudsman's contact details (Code 6.4, 6.5).";
    p.date_ids.push_back("new_due");
    add("new_due", dateInput("new_due", "New response date", datePartsOf(f, "new_due"), e, "For example, 23 4 2026. It must be a working day."));
    add("reason", textarea("reason", "Reasons for the extension", val("reason"), e, "Workload is never a good reason.", 3));
    add("good_reason", textarea("good_reason", "Good reason (only if beyond the usual limit)", val("good_reason"), e, s.stage == 2 ? "Needed for more than 20 working days." : "Needed for more than 10 working days.", 2));
    add("ombudsman_details_given", checkbox("ombudsman_details_given", "The resident is given the Housing Ombudsman's contact details", !f.has("csrf_token") || f.has("ombudsman_details_given")));
  } else if (action == "respond" && s.kind == CaseKind::kComplaint) {
    p.heading = s.stage == 2 ? "Send the final (stage 2) response" : "Respond at stage 1";
    p.hint = "The response gives the decision and the reasons for each part of the complaint, any remedy and any outstanding actions (Code 6.9, 6.19).";
    FieldList fields;
    responseFields(s, f, e, fmt::format("{}/act/respond", caseHref(s.id)), fields);
    p.field_ids.insert(p.field_ids.end(), fields.ids.begin(), fields.ids.end());
    p.date_ids = std::move(fields.date_ids);
    p.fields_html += fields.html;
  } else if (action == "respond") {
    p.heading = "Respond";
    add("response", textarea("response", "Response", val("response"), e));
  } else if (action == "request_escalation") {
    p.heading = "Record a request for a stage 2 review";
    p.hint = "The resident does not have to give a reason (Code 6.12).";
    add("reason", textarea("reason", "What the resident said (optional)", val("reason"), e, {}, 3));
  } else if (action == "refuse") {
    p.heading = "Do not take this complaint forward";
    p.hint = "Only for a reason in the policy, with evidence. The letter tells the resident of their right to go to the Housing Ombudsman (Code 2.1-2.4).";
    std::vector<Option> reasons;
    for (const auto& r : policy.exclusion_reasons) reasons.push_back({r.id, r.title, r.provision});
    add("reason", radios("reason", "Reason", reasons, val("reason"), e));
    add("evidence", textarea("evidence", "Evidence and reasoning", val("evidence"), e, {}, 4));
    p.date_ids.push_back("court_filing_date");
    add("court_filing_date", dateInput("court_filing_date", "Court filing date (legal proceedings only)", datePartsOf(f, "court_filing_date"), e, "When the claim form was filed at court, for example 3 11 2025."));
    add("discretion_considered", textarea("discretion_considered", "Discretion considered (older than 12 months only)", val("discretion_considered"), e, {}, 2));
  } else if (action == "withdraw") {
    p.heading = "Record a withdrawal";
    add("reason", textarea("reason", "Reason (optional)", val("reason"), e, {}, 3));
  } else if (action == "close") {
    p.heading = "Close the case";
    add("reason", textarea("reason", "Reason", val("reason"), e, "Required for a complaint that has not been answered.", 3));
    if (s.kind == CaseKind::kComplaint && !s.current().responded_at) {  // 001 §4.12
      add("ground", radios("ground", "Why it is closed before the response",
                           {{"no_contact", "No contact after two attempts over 10 working days"},
                            {"resolution_agreed", "A resolution was agreed with the resident"}},
                           val("ground"), e));
      add("evidence", textarea("evidence", "Evidence", val("evidence"), e,
                               "The attempts made and their outcome, or the resolution agreed.", 3));
      for (int n = 1; n <= 3; ++n) {
        const std::string id = fmt::format("contact_attempt_{}", n);
        add(id, contactAttemptField(n, val(id), e));
      }
    }
  } else if (action == "note") {
    p.heading = "Add a note";
    add("text", textarea("text", "Note", val("text"), e));
  } else if (action == "convert_to_complaint") {
    p.heading = "Raise a complaint from this case";
    p.hint = "The original case stays open (Code 1.5).";
    add("summary", textarea("summary", "What the resident is dissatisfied with", val("summary"), e, {}, 3));
  }
  return p;
}

// A close before the response: its ground, evidence and the dates tried (each in its own date
// field, blank ones left out).
void closeGround(const Form& f, json& b) {
  for (const char* k : {"ground", "evidence"}) setText(b, f, k);
  json dates = json::array();
  for (const char* id : {"contact_attempt_1", "contact_attempt_2", "contact_attempt_3"}) {
    if (!f.get(id).empty()) dates.push_back(f.get(id));
  }
  if (!dates.empty()) b["contact_attempts"] = dates;
}

// The lifecycle action's JSON body (docs/lifecycle.md) from the form: the same body the API takes.
// A date typed in the three-part input that is not a real date is an error in `errors`.
json actionBody(const std::string& action, const CaseState& s, const Form& f, FormErrors& errors) {
  if (isDataProtectionStep(action, s)) return dataProtectionBody(action, f);
  if (isAsbStep(action, s)) return asbBody(action, f, errors);
  if (isAftercareAction(action)) return aftercareBody(action, f);
  json b = {{"action", action}};
  if (action == "change_contact_preference") {
    b.update(contactPreferenceBody("", f, errors));
    setText(b, f, "reason");
  } else if (action == "acknowledge") {
    for (const char* k : {"definition", "responsibility", "handler"}) setText(b, f, k);
  } else if (action == "extend") {
    for (const char* k : {"reason", "good_reason"}) setText(b, f, k);
    DateRead due = readDate(datePartsOf(f, "new_due"), "new_due", "the new response date", true, errors);
    if (due.date) b["new_due"] = formatDate(*due.date);
    b["ombudsman_details_given"] = f.has("ombudsman_details_given");
  } else if (action == "respond" && s.kind == CaseKind::kComplaint) {
    responseBody(f, b, errors);
  } else if (action == "respond") {
    setText(b, f, "response");
  } else if (action == "request_escalation" || action == "withdraw" || action == "close") {
    setText(b, f, "reason");
    if (action == "close") closeGround(f, b);
  } else if (action == "refuse") {
    for (const char* k : {"reason", "evidence"}) setText(b, f, k);
    DateRead filed = readDate(datePartsOf(f, "court_filing_date"), "court_filing_date",
                              "the court filing date", false, errors);
    if (filed.date) b["court_filing_date"] = formatDate(*filed.date);
    std::string d = f.get("discretion_considered");
    if (!d.empty()) b["discretion_considered"] = d;
  } else if (action == "note") {
    setText(b, f, "text");
  } else if (action == "convert_to_complaint") {
    setText(b, f, "summary");
  } else if (action == "assign") {
    return assignBody(f);
  }
  return b;
}

bool knownAction(const std::string& a) {
  for (const char* k : {"acknowledge", "extend", "respond", "request_escalation", "refuse",
                        "withdraw", "close", "note", "convert_to_complaint", "assign",
                        "pause_clock", "resume_clock", "contact_reporter", "agree_action_plan",
                        "review_action_plan", "change_contact_preference"})
    if (a == k) return true;
  return isAftercareAction(a);
}

// The page for an action the role may not take: what it is, and who can.
http::Response notForYourRole(Ctx& ctx, Visit& v, const CaseState& s) {
  return problemPage(ctx, v, 403, "You cannot do this",
                     fmt::format("Your role ({}) does not allow this step on {}. An investigating "
                                 "or reviewing manager, or the complaints team, can take it.",
                                 displayName(v.who().role), s.reference));
}

http::Response actionPage(Ctx& ctx, Visit& v, const CaseView& view, const std::string& action,
                          const FormErrors& errors, int status) {
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  FormPage fp = actionForm(action, view.state, (*service)->policy(), v.form, errors, v.who());
  if (action == "assign") fp.fields_html = assignFields(ctx, v.who(), view.state, v.form, errors);
  const std::string back = caseHref(view.state.id);
  std::string body = renderTemplate(
      "pages/action_form",
      {{"error_summary_html", errorSummary(errors)}, {"reference", view.state.reference},
       {"heading", fp.heading}, {"hint", fp.hint}, {"action", back + "/act/" + action},
       {"csrf_token", v.session.csrf_token}, {"fields_html", fp.fields_html},
       {"text", "Save"}, {"extra_class", ""}, {"cancel_href", back}});
  return htmlResponse(status, page(ctx, v, (errors.empty() ? "" : "Error: ") + fp.heading, body, "",
                                   {{"My work", "/staff"}, {view.state.reference, back}}));
}

}  // namespace

http::Response actionGet(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  std::string action = v.req.params.at("action");
  if (!id || !knownAction(action)) return problemPage(ctx, v, 404, "Page not found", "There is no such page.");
  auto view = ctx.cases.get(v.who(), *id, "web");
  if (!view) return errorPage(ctx, v, view.error());
  // Said before anything is typed, not after (issue 12 item 5).
  if (!mayAct(v.who(), view->state, action)) return notForYourRole(ctx, v, view->state);
  return actionPage(ctx, v, *view, action, {}, 200);
}

http::Response actionPost(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  std::string action = v.req.params.at("action");
  if (!id || !knownAction(action)) return problemPage(ctx, v, 404, "Page not found", "There is no such page.");
  auto view = ctx.cases.get(v.who(), *id, "web");
  if (!view) return errorPage(ctx, v, view.error());
  // "Add another part / remedy / action": the same form again, one row longer.
  if (action == "respond" && !addAnotherPressed(v.form).empty())
    return actionPage(ctx, v, *view, action, {}, 200);
  FormErrors dates;
  json body = actionBody(action, view->state, v.form, dates);
  if (!dates.empty()) return actionPage(ctx, v, *view, action, dates, 422);
  auto done = ctx.cases.act(v.who(), *id, body);
  if (!done) {
    // A refusal keeps what was typed: the form again with the reason (a role's refusal too).
    if (done.error().kind != ErrorKind::kInvalid && done.error().kind != ErrorKind::kConflict &&
        !isForbidden(done.error()))
      return errorPage(ctx, v, done.error());
    auto service = ctx.cases.service(v.who());
    FormPage fp = actionForm(action, view->state, (*service)->policy(), v.form, {}, v.who());
    Error e = done.error();
    if (action == "respond") e.field = formPathOf(v.form, e.field);  // rows left empty are not sent
    FormErrors errors = fromError(e, fp.field_ids);
    pointAtDateParts(errors, fp.date_ids);
    return actionPage(ctx, v, *view, action, errors, statusFor(done.error()));
  }
  CaseId to = done->state.id;
  return redirect(fmt::format("{}?done={}", caseHref(to), action));
}

}  // namespace charter::web::staff
