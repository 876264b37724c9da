// The staff workspace: My work, the case page, the lifecycle forms, logging a contact, search,
// and issuing letters.
#include <algorithm>

#include <fmt/format.h>

#include "domain/lifecycle.h"
#include "web/aftercare.h"
#include "web/date_input.h"
#include "web/internal.h"
#include "web/letter_prompts.h"
#include "web/response_form.h"

namespace charter::web {
namespace {

using nlohmann::json;

std::string clockTitle(const Policy& policy, const std::string& name) {
  for (const auto& s : policy.standards)
    if (s.id == name) return s.title;
  return name;
}

std::string truncate(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::string caseHref(CaseId id) { return fmt::format("/staff/cases/{}", id); }

// ---- My work ---------------------------------------------------------------------------------

std::string workTable(const std::vector<CaseSummary>& rows, const Policy& policy,
                      const std::string& caption) {
  if (rows.empty()) return "<p class=\"govuk-body\">None.</p>";
  std::string out = fmt::format(
      "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
      "govuk-visually-hidden\">{}</caption><thead class=\"govuk-table__head\"><tr "
      "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Case</th><th "
      "scope=\"col\" class=\"govuk-table__header\">Resident</th><th scope=\"col\" "
      "class=\"govuk-table__header\">What</th><th scope=\"col\" class=\"govuk-table__header\">"
      "Next deadline</th></tr></thead><tbody class=\"govuk-table__body\">",
      escape(caption));
  for (const auto& c : rows) {
    std::string what = kindLabel(c.kind);
    if (c.stage) what += fmt::format(", stage {}", c.stage);
    out += fmt::format(
        "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
        "href=\"{}\">{}</a></td><td class=\"govuk-table__cell\">{}</td><td "
        "class=\"govuk-table__cell\">{}<br><span class=\"govuk-body-s\">{}</span></td><td "
        "class=\"govuk-table__cell\">{}<br><span class=\"charter-due\">{}</span></td></tr>",
        caseHref(c.id), escape(c.reference), escape(c.person_name.empty() ? "-" : c.person_name),
        escape(what), escape(truncate(c.summary, 90)),
        escape(c.next_clock.empty() ? "No deadline running" : clockTitle(policy, c.next_clock)),
        escape(c.next_due ? formatDateLong(*c.next_due) : ""));
  }
  return out + "</tbody></table>";
}

http::Response myWork(Ctx& ctx, Visit& v) {
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  const Policy& policy = (*service)->policy();
  const Date today = (*service)->today();
  std::vector<CaseSummary> mine;
  for (const char* status : {"open", "responded"}) {
    CaseQuery q;
    q.handler = v.who().username;
    q.status = status;
    q.limit = 500;
    q.today = today;
    for (int pages = 0; pages < 20; ++pages) {
      auto page = ctx.cases.list(v.who(), q);
      if (!page) return errorPage(ctx, v, page.error());
      for (auto& c : page->cases) mine.push_back(std::move(c));
      if (!page->next_cursor) break;
      q.after = page->next_cursor;
    }
  }
  const Date horizon = policy.working_calendar->addWorkingDays(today, 5);
  std::vector<CaseSummary> overdue, due_today, soon, rest;
  for (auto& c : mine) {
    if (c.next_due && *c.next_due < today) overdue.push_back(std::move(c));
    else if (c.next_due && *c.next_due == today) due_today.push_back(std::move(c));
    else if (c.next_due && *c.next_due <= horizon) soon.push_back(std::move(c));
    else rest.push_back(std::move(c));
  }
  auto byDue = [](const CaseSummary& a, const CaseSummary& b) {
    Date far = fromDayNumber(1 << 24);
    return std::make_pair(a.next_due.value_or(far), a.id) < std::make_pair(b.next_due.value_or(far), b.id);
  };
  for (auto* g : {&overdue, &due_today, &soon, &rest}) std::sort(g->begin(), g->end(), byDue);
  std::string body = fmt::format(
      "<h1 class=\"govuk-heading-l\">My work</h1><p class=\"govuk-body\">Today is {}. You have "
      "{} open {}.</p>",
      formatDateLong(today), mine.size(), mine.size() == 1 ? "case" : "cases");
  auto section = [&](const std::string& id, const std::string& heading,
                     const std::vector<CaseSummary>& rows) {
    body += fmt::format("<h2 class=\"govuk-heading-m\" id=\"{}\">{} ({})</h2>", id, escape(heading),
                        rows.size());
    body += workTable(rows, policy, heading);
  };
  section("overdue", "Overdue", overdue);
  section("due-today", "Due today", due_today);
  section("next-five", "Due in the next five working days", soon);
  section("rest", "The rest", rest);
  return htmlResponse(200, page(ctx, v, "My work", body, "work"));
}

// ---- Search ----------------------------------------------------------------------------------

http::Response search(Ctx& ctx, Visit& v) {
  std::string q = v.req.queryParam("q");
  while (!q.empty() && q.back() == ' ') q.pop_back();
  while (!q.empty() && q.front() == ' ') q.erase(0, 1);
  FormErrors none;
  std::string body = fmt::format(
      "<h1 class=\"govuk-heading-l\">Find a case</h1><form method=\"get\" action=\"/staff/search\" "
      "role=\"search\">{}{}</form>",
      textInput("q", "Reference, name, address or words from the case", q, none,
                "For example CH-000123, a surname, a street or \"boiler\""),
      button("Search"));
  if (!q.empty()) {
    CaseQuery query;
    query.text = q;
    query.limit = 50;
    auto found = ctx.cases.list(v.who(), query);
    if (!found) return errorPage(ctx, v, found.error());
    auto service = ctx.cases.service(v.who());
    body += fmt::format("<h2 class=\"govuk-heading-m\">{} {} for “{}”</h2>", found->cases.size(),
                        found->cases.size() == 1 ? "case" : "cases", escape(q));
    if (!found->cases.empty() && service) {
      body += workTable(found->cases, (*service)->policy(), "Cases found");
    }
    if (found->next_cursor) body += "<p class=\"govuk-body\">Showing the first 50. Add more words to narrow the search.</p>";
  }
  return htmlResponse(200, page(ctx, v, q.empty() ? "Find a case" : "Find a case: " + q, body, "search"));
}

// ---- The case page ---------------------------------------------------------------------------

std::string personPanel(const Person& p) {
  auto join = [](const std::vector<std::string>& xs) {
    std::string out;
    for (const auto& x : xs) out += "<li>" + escape(x) + "</li>";
    return out.empty() ? std::string("None recorded") : "<ul class=\"govuk-list\">" + out + "</ul>";
  };
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Name", escape(p.name.empty() ? "Not given" : p.name)},
      {"Address", escape(p.address.empty() ? "-" : p.address)},
      {"Phone", escape(p.phone.empty() ? "-" : p.phone)},
      {"Email", escape(p.email.empty() ? "-" : p.email)},
      {"Contact preferences", escape(p.contact_preference.empty() ? "None recorded" : p.contact_preference)},
      {"Vulnerabilities", join(p.vulnerabilities)},
      {"Reasonable adjustments", join(p.reasonable_adjustments)}};
  if (!p.tenancy_ref.empty()) rows.insert(rows.begin() + 1, {"Tenancy", escape(p.tenancy_ref)});
  if (!p.representative.empty()) rows.push_back({"Representative", escape(p.representative)});
  std::string warn;
  if (!p.vulnerabilities.empty() || !p.reasonable_adjustments.empty())
    warn = warningText("This resident has disclosed vulnerabilities or agreed reasonable "
                       "adjustments. Check them before you contact them.");
  return "<section class=\"charter-person\" aria-labelledby=\"resident-heading\"><h2 "
         "class=\"govuk-heading-m\" id=\"resident-heading\">Resident</h2>" +
         warn + summaryList(rows) + "</section>";
}

std::string clocksSection(const CaseView& view) {
  if (view.clocks.empty()) return "<p class=\"govuk-body\">No time standards apply.</p>";
  std::string out;
  for (const auto& c : view.clocks) {
    std::string due = c.due ? fmt::format("<time datetime=\"{}\">{}</time>", formatDate(*c.due),
                                          escape(formatDateLong(*c.due)))
                            : "Not started";
    std::vector<std::pair<std::string, std::string>> rows = {
        {"Status", clockStatusTag(c)}, {"Due", due}};
    if (c.met_on) rows.push_back({"Done on", escape(formatDateLong(*c.met_on))});
    if (!c.provision.empty()) rows.push_back({"Standard", escape(c.provision)});
    out += fmt::format("<h3 class=\"govuk-heading-s\" id=\"clock-{}\">{}</h3>{}{}", fieldId(c.name), escape(c.title),
                       summaryList(rows),
                       details("How this date was worked out",
                               "<p class=\"govuk-body\">" + escape(c.explanation) + "</p>"));
  }
  return out;
}

std::string eventText(const Event& e) {
  const json& d = e.data;
  auto s = [&](const char* k) { return d.value(k, std::string()); };
  if (e.type == "received") return "Received: " + s("summary");
  if (e.type == "acknowledged") return fmt::format("Acknowledged at stage {} by {}. Definition: {}", d.value("stage", 1), s("handler"), s("definition"));
  if (e.type == "extended") return fmt::format("Extended from {} to {}: {}", s("original_due"), s("new_due"), s("reason"));
  if (e.type == "responded") return fmt::format("Responded{}: {}", d.contains("stage") ? fmt::format(" at stage {}", d.value("stage", 1)) : "", s("decision").empty() ? s("response") : s("decision"));
  if (e.type == "escalation_requested") return "Stage 2 review requested" + (s("reason").empty() ? std::string() : ": " + s("reason"));
  if (e.type == "refused") return "Not taken forward: " + s("reason_title") + ". " + s("evidence");
  if (e.type == "withdrawn") return "Withdrawn" + (s("reason").empty() ? std::string() : ": " + s("reason"));
  if (e.type == "closed") return "Closed" + (s("reason").empty() ? std::string() : ": " + s("reason"));
  if (e.type == "note") return "Note: " + s("text");
  if (e.type == "linked") return "Complaint raised from this case: " + s("summary");
  if (e.type == "letter_issued") return "Letter sent: " + s("title");
  if (auto t = aftercareEventText(e); !t.empty()) return t;
  return e.type;
}

std::string timeline(const CaseView& view, const Policy& policy) {
  std::string out = "<ol class=\"govuk-list charter-timeline\">";
  for (auto it = view.state.events.rbegin(); it != view.state.events.rend(); ++it) {
    std::string extra;
    if (it->type == "letter_issued")
      extra = fmt::format(" <a class=\"govuk-link\" href=\"{}/letters/{}\">Read the letter</a>",
                          caseHref(view.state.id), it->seq);
    out += fmt::format("<li><p class=\"govuk-body govuk-!-margin-bottom-1\"><strong>{}</strong> "
                       "<span class=\"govuk-body-s\">by {}</span></p><p class=\"govuk-body\">{}{}</p></li>",
                       escape(whenText(it->at, policy)), escape(it->actor), escape(eventText(*it)), extra);
  }
  return out + "</ol>";
}

struct ActionInfo {
  std::string slug, label;
};

std::vector<ActionInfo> actionsFor(const CaseState& s) {
  std::vector<ActionInfo> out;
  bool complaint = s.kind == CaseKind::kComplaint;
  if (!s.finished()) {
    if (complaint && !s.current().acknowledged_at)
      out.push_back({"acknowledge", s.stage == 2 ? "Acknowledge the stage 2 request" : "Acknowledge"});
    if (complaint && s.current().acknowledged_at && !s.current().responded_at)
      out.push_back({"extend", "Extend the response date"});
    if (!s.current().responded_at || !complaint)
      if (!(s.status == CaseStatus::kResponded && !complaint))
        out.push_back({"respond", s.stage == 2 ? "Send the final response" : "Respond"});
    if (complaint && !s.current().responded_at) out.push_back({"refuse", "Do not take forward"});
    if (complaint && s.stage == 1 && s.stage1.responded_at)
      out.push_back({"request_escalation", "Record a stage 2 request"});
    out.push_back({"close", "Close"});
    out.push_back({"withdraw", "Record a withdrawal"});
  } else if (complaint && s.status == CaseStatus::kClosed && s.stage == 1 && s.stage1.responded_at) {
    out.push_back({"request_escalation", "Record a stage 2 request"});
  }
  if (s.kind == CaseKind::kServiceRequest || s.kind == CaseKind::kEnquiry || s.kind == CaseKind::kMpEnquiry)
    out.push_back({"convert_to_complaint", "Raise a complaint from this"});
  for (auto& [slug, label] : aftercareActions(s)) out.push_back({slug, label});
  out.push_back({"note", "Add a note"});
  return out;
}

std::string lettersSection(const CaseView& view, const Policy& policy, const std::string& csrf) {
  const CaseState& s = view.state;
  std::string out;
  auto letters = issuedLetters(s);
  if (letters.empty()) {
    out += "<p class=\"govuk-body\">No letters sent yet.</p>";
  } else {
    out += "<ul class=\"govuk-list\">";
    for (const auto& l : letters)
      out += fmt::format("<li><a class=\"govuk-link\" href=\"{}/letters/{}\">{}</a> ({})</li>",
                         caseHref(s.id), l.seq, escape(l.title), escape(whenText(l.at, policy)));
    out += "</ul>";
  }
  if (s.kind != CaseKind::kComplaint) return out;
  out += lettersOwedHtml(s, caseHref(s.id) + "/letters", csrf);
  std::vector<Option> kinds;
  for (auto k : kAllLetterKinds) kinds.push_back({std::string(slug(k)), std::string(title(k))});
  FormErrors none;
  out += fmt::format("<form method=\"post\" action=\"{}/letters\" novalidate>{}{}{}</form>",
                     caseHref(s.id), csrfField(csrf),
                     select("letter", "Send a letter", kinds, "", none,
                            "Charter checks the letter says everything the Code requires before it is sent."),
                     button("Check and send the letter", "govuk-button--secondary"));
  return out;
}

http::Response casePage(Ctx& ctx, Visit& v, const CaseView& view, const std::string& banner = {},
                        int status = 200) {
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  const Policy& policy = (*service)->policy();
  const CaseState& s = view.state;
  std::string actions;
  for (const auto& a : actionsFor(s))
    actions += fmt::format("<li><a class=\"govuk-link\" href=\"{}/act/{}\">{}</a></li>",
                           caseHref(s.id), a.slug, escape(a.label));
  NextStep next = nextStep(view);
  std::vector<std::pair<std::string, std::string>> facts = {
      {"Status", escape(statusLabel(std::string(slug(s.status)), s.stage))},
      {"Kind", escape(kindLabel(std::string(slug(s.kind))))},
      {"Received", escape(whenText(s.received_at, policy)) + ", " + escape(channelLabel(std::string(slug(s.channel))))},
      {"Handler", escape(s.current().handler.empty() ? "Not yet assigned" : s.current().handler)},
      {"What happens next", escape(next.what) + (next.by ? ", by " + escape(formatDateLong(*next.by)) : "")}};
  if (!s.current().definition.empty()) facts.push_back({"Complaint definition", escape(s.current().definition)});
  if (!s.service_area.empty()) facts.push_back({"Service area", escape(s.service_area)});
  std::string body = fmt::format(
      "{}<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{}</h1>{}"
      "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{}"
      "<h2 class=\"govuk-heading-m\">Deadlines</h2>{}{}<h2 class=\"govuk-heading-m\">Letters</h2>{}"
      "<h2 class=\"govuk-heading-m\">Timeline</h2>{}</div><div class=\"govuk-grid-column-one-third\">"
      "<h2 class=\"govuk-heading-m\">Actions</h2><ul class=\"govuk-list\">{}</ul></div></div>",
      banner, escape(kindLabel(std::string(slug(s.kind)))), escape(s.reference + ": " + truncate(s.summary, 80)),
      personPanel(s.person), summaryList(facts), clocksSection(view), aftercareSection(s),
      lettersSection(view, policy, v.session.csrf_token), timeline(view, policy), actions);
  return htmlResponse(status, page(ctx, v, s.reference, body, "",
                                   {{"My work", "/staff"}}));
}

std::optional<CaseId> caseParam(const Visit& v) {
  auto id = positive(v.req.params.at("id"));
  if (!id) return std::nullopt;
  return static_cast<CaseId>(*id);
}

// ---- Action forms ----------------------------------------------------------------------------

struct FormPage {
  std::string heading;
  std::string hint;
  std::vector<std::string> field_ids;  // in page order (error mapping)
  std::vector<std::string> date_ids;   // the date inputs among them
  std::string fields_html;
};

FormPage actionForm(const std::string& action, const CaseState& s, const Policy& policy,
                    const Form& f, const FormErrors& e, const Principal& who) {
  FormPage p;
  if (isAftercareAction(action)) {  // learning and the Ombudsman: web/aftercare_forms.cc
    auto a = aftercareForm(action, s, policy, f, e);
    return FormPage{a.heading, a.hint, a.field_ids, {}, a.fields_html};
  }
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

void setText(json& body, const Form& f, const std::string& name) {
  std::string v = f.get(name);
  if (!v.empty()) body[name] = v;
}

// The lifecycle action's JSON body (docs/lifecycle.md) from the form: the same body the API takes.
// A date typed in the three-part input that is not a real date is an error in `errors`.
json actionBody(const std::string& action, const CaseState& s, const Form& f, FormErrors& errors) {
  if (isAftercareAction(action)) return aftercareBody(action, f);
  json b = {{"action", action}};
  if (action == "acknowledge") {
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
  }
  return b;
}

bool knownAction(const std::string& a) {
  for (const char* k : {"acknowledge", "extend", "respond", "request_escalation", "refuse",
                        "withdraw", "close", "note", "convert_to_complaint"})
    if (a == k) return true;
  return isAftercareAction(a);
}

http::Response actionPage(Ctx& ctx, Visit& v, const CaseView& view, const std::string& action,
                          const FormErrors& errors, int status) {
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  FormPage fp = actionForm(action, view.state, (*service)->policy(), v.form, errors, v.who());
  std::string body = fmt::format(
      "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{}"
      "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{}</h1>{}"
      "<form method=\"post\" action=\"{}/act/{}\" novalidate>{}{}{}</form>"
      "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"{}\">Cancel</a></p></div></div>",
      errorSummary(errors), escape(view.state.reference), escape(fp.heading),
      fp.hint.empty() ? "" : insetText(escape(fp.hint)), caseHref(view.state.id), action,
      csrfField(v.session.csrf_token), fp.fields_html, button("Save"), caseHref(view.state.id));
  return htmlResponse(status, page(ctx, v, (errors.empty() ? "" : "Error: ") + fp.heading, body, "",
                                   {{"My work", "/staff"}, {view.state.reference, caseHref(view.state.id)}}));
}

http::Response actionGet(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  std::string action = v.req.params.at("action");
  if (!id || !knownAction(action)) return problemPage(ctx, v, 404, "Page not found", "There is no such page.");
  auto view = ctx.cases.get(v.who(), *id, "web");
  if (!view) return errorPage(ctx, v, view.error());
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
    if (done.error().kind != ErrorKind::kInvalid && done.error().kind != ErrorKind::kConflict)
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

// ---- Letters ---------------------------------------------------------------------------------

http::Response issueLetter(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such page.");
  auto view = ctx.cases.get(v.who(), *id, "web");
  if (!view) return errorPage(ctx, v, view.error());
  auto kind = parseLetterKind(v.form.get("letter"));
  if (!kind) {
    FormErrors e;
    e.add("letter", "Choose a letter to send");
    return casePage(ctx, v, *view, errorSummary(e), 422);
  }
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  json data = letterData(*kind, *view, (*service)->policy(), ctx.options.landlord_name,
                         (*service)->today());
  auto letter = renderLetter(*kind, data, ctx.templates);
  if (!letter) return errorPage(ctx, v, letter.error());
  if (!letter->missing.empty()) {
    std::string items;
    for (const auto& m : letter->missing) items += "<li>" + escape(m) + "</li>";
    std::string summary = fmt::format(
        "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
        "<h2 class=\"govuk-error-summary__title\">The {} cannot be sent: it does not say everything "
        "the Code requires</h2><div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">It is "
        "missing:</p><ul class=\"govuk-list govuk-error-summary__list\">{}</ul><p class=\"govuk-body\">"
        "Record the missing details on the case (or fix the letter template), then try again.</p>"
        "</div></div></div>",
        escape(std::string(title(*kind))), items);
    return casePage(ctx, v, *view, summary, 409);
  }
  auto stored = ctx.cases.recordLetter(v.who(), *id, letterEventData(*letter), "web");
  if (!stored) return errorPage(ctx, v, stored.error());
  return redirect(fmt::format("{}/letters/{}", caseHref(*id), stored->state.version()));
}

// ---- Log a contact ---------------------------------------------------------------------------

const std::vector<Option>& kindOptions() {
  static const std::vector<Option> o = {
      {"complaint", "Complaint", "Any expression of dissatisfaction, however made (Code 1.2)"},
      {"service_request", "Service request", "A request to put something right, such as a repair"},
      {"enquiry", "Enquiry"}, {"compliment", "Compliment"}, {"comment", "Comment"},
      {"mp_enquiry", "MP or councillor enquiry"}};
  return o;
}

const std::vector<Option>& channelOptions() {
  static const std::vector<Option> o = {
      {"phone", "Phone"}, {"email", "Email"}, {"letter", "Letter"}, {"in_person", "In person"},
      {"web_form", "Web form"}, {"online_account", "Online account"},
      {"representative", "Through a representative"}, {"social_media", "Social media"}};
  return o;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    if (!line.empty()) out.push_back(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

http::Response newContactPage(Ctx& ctx, Visit& v, const FormErrors& e, int status) {
  const Form& f = v.form;
  std::string fields =
      radios("kind", "What is it?", kindOptions(), f.get("kind"), e) +
      select("channel", "How did it come in?", channelOptions(), f.has("channel") ? f.get("channel") : "phone", e) +
      dateInput("received_at", "When was it received?", datePartsOf(f, "received_at"), e,
                "Leave blank if it came in just now. For example, 21 3 2026") +
      textInput("received_at_time", "Time received (optional)", f.get("received_at_time"), e,
                "On the 24-hour clock, for example 17:30. It matters after office hours.", "text",
                "govuk-input--width-5") +
      textarea("summary", "What did they say?", f.get("summary"), e, {}, 4) +
      "<h2 class=\"govuk-heading-m\">Who is it from?</h2>" +
      textInput("person.name", "Resident's name", f.get("person.name"), e) +
      textInput("person.address", "Address", f.get("person.address"), e) +
      textInput("person.phone", "Phone", f.get("person.phone"), e, {}, "tel") +
      textInput("person.email", "Email", f.get("person.email"), e, {}, "email") +
      textInput("person.tenancy_ref", "Tenancy reference", f.get("person.tenancy_ref"), e) +
      textInput("person.account", "Resident's account reference (if known)", f.get("person.account"), e,
                "Links the case to their online account") +
      textInput("person.representative", "Representative (if someone acts for them)", f.get("person.representative"), e,
                "For example an advocate, a relative or an MP's office") +
      textarea("person.vulnerabilities", "Vulnerabilities disclosed (one a line)", f.get("person.vulnerabilities"), e, {}, 2) +
      textarea("person.reasonable_adjustments", "Reasonable adjustments agreed (one a line)", f.get("person.reasonable_adjustments"), e, {}, 2) +
      textInput("person.contact_preference", "Contact preferences", f.get("person.contact_preference"), e);
  std::string body = fmt::format(
      "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{}"
      "<h1 class=\"govuk-heading-l\">Log a contact</h1><form method=\"post\" action=\"/staff/new\" "
      "novalidate>{}{}{}</form></div></div>",
      errorSummary(e), csrfField(v.session.csrf_token), fields, button("Log it"));
  return htmlResponse(status, page(ctx, v, std::string(e.empty() ? "" : "Error: ") + "Log a contact", body, "new"));
}

http::Response newContactPost(Ctx& ctx, Visit& v) {
  const Form& f = v.form;
  json b = json::object();
  for (const char* k : {"kind", "channel", "summary"}) setText(b, f, k);
  // Errors in page order: what it is, when it came in, what they said.
  FormErrors pre;
  if (!b.contains("kind")) pre.add("kind", "Choose what kind of contact it is");
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  auto received = receivedInstant(f, *(*service)->policy().working_calendar,
                                  SystemTimeSource().now(), pre);
  if (received) b["received_at"] = formatInstant(*received);
  json person = json::object();
  for (const char* k : {"name", "address", "phone", "email", "tenancy_ref", "account", "representative", "contact_preference"}) {
    std::string val = f.get(std::string("person.") + k);
    if (!val.empty()) person[k] = val;
  }
  for (const char* k : {"vulnerabilities", "reasonable_adjustments"}) {
    auto ls = lines(f.get(std::string("person.") + k));
    if (!ls.empty()) person[k] = ls;
  }
  if (!person.empty()) b["person"] = person;
  if (!b.contains("summary")) pre.add("summary", "Enter what they said");
  if (!pre.empty()) return newContactPage(ctx, v, pre, 422);
  auto made = ctx.cases.create(v.who(), b);
  if (!made) {
    static const std::vector<std::string> ids = {
        "kind", "channel", "received_at", "received_at_time", "summary", "person-name", "person-address", "person-phone",
        "person-email", "person-tenancy_ref", "person-account", "person-representative",
        "person-vulnerabilities", "person-reasonable_adjustments", "person-contact_preference"};
    if (made.error().kind == ErrorKind::kInvalid ||
        made.error().kind == ErrorKind::kConflict) {
      FormErrors errors = fromError(made.error(), ids);
      pointAtDateParts(errors, {"received_at"});
      return newContactPage(ctx, v, errors, statusFor(made.error()));
    }
    return errorPage(ctx, v, made.error());
  }
  return redirect(fmt::format("{}?done=logged", caseHref(made->state.id)));
}

}  // namespace


void addStaffRoutes(http::Router& router, Ctx& ctx) {
  router.add("GET", "/staff", guarded(ctx, Audience::kStaff, myWork));
  router.add("GET", "/staff/search", guarded(ctx, Audience::kStaff, search));
  router.add("GET", "/staff/new", guarded(ctx, Audience::kStaff, [](Ctx& c, Visit& v) {
               return newContactPage(c, v, {}, 200);
             }));
  router.add("POST", "/staff/new", guarded(ctx, Audience::kStaff, newContactPost));
  router.add("GET", "/staff/cases/{id}", guarded(ctx, Audience::kStaff, [](Ctx& c, Visit& v) {
               auto id = caseParam(v);
               if (!id) return problemPage(c, v, 404, "Page not found", "There is no such case.");
               auto view = c.cases.get(v.who(), *id, "web");
               if (!view) return errorPage(c, v, view.error());
               std::string done = v.req.queryParam("done");
               std::string banner;
               if (!done.empty())
                 banner = afterActionBanner(view->state, done, caseHref(view->state.id) + "/letters",
                                            v.session.csrf_token);
               return casePage(c, v, *view, banner);
             }));
  router.add("GET", "/staff/cases/{id}/act/{action}", guarded(ctx, Audience::kStaff, actionGet));
  router.add("POST", "/staff/cases/{id}/act/{action}", guarded(ctx, Audience::kStaff, actionPost));
  router.add("POST", "/staff/cases/{id}/letters", guarded(ctx, Audience::kStaff, issueLetter));
  addLetterRoutes(router, ctx, "/staff/cases", Audience::kStaff);
}

}  // namespace charter::web
