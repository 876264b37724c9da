#include "web/reports/self_assessment_pages.h"

#include <cstdio>
#include <variant>

#include <fmt/format.h>

#include "app/authz.h"
#include "app/code_provisions.h"
#include "http/browser.h"
#include "web/components.h"
#include "web/date_input.h"
#include "web/language.h"
#include "web/layout.h"
#include "web/templates.h"
#include "web/reports/page_responses.h"
#include "web/web.h"

namespace charter::web {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

constexpr const char* kPath = "/reports/self-assessment";

// "6.2" -> "6-2": the ids of a row's inputs.
std::string idOf(const std::string& provision) {
  std::string out = provision;
  for (char& c : out)
    if (c == '.') c = '-';
  return out;
}

bool mayEdit(const Principal& who) { return who.role == Role::kComplaintsAdmin; }
bool mayReview(const Principal& who) {
  return who.role == Role::kComplaintsAdmin || who.role == Role::kGovernance;
}

std::string statusTag(const SelfAssessmentRow& r) {
  if (r.status == "met") return tag("Met", "green");
  if (r.status == "not_met") return tag("Not met", "red");
  return tag("For the landlord to complete", "yellow");
}

std::string statusText(const std::string& status) {
  if (status == "published") return tag("Published", "green");
  if (status == "reviewed") return tag("Reviewed, not published", "blue");
  return tag("Draft", "grey");
}

// The evidence; with a link to the cases behind the figure on staff pages only (`links`).
std::string evidenceHtml(const SelfAssessmentRow& r, bool links = true) {
  std::string out;
  if (!r.figure.empty()) out += "<strong>" + escape(r.figure) + "</strong>. ";
  out += escape(r.evidence.empty() ? "Charter's records show nothing for this provision." : r.evidence);
  if (links && !r.link.empty())
    out += fmt::format(" <a class=\"govuk-link\" href=\"{}\">See the cases behind this figure<span "
                       "class=\"govuk-visually-hidden\"> for {}</span></a>", escape(r.link),
                       escape(r.provision));
  return out;
}

std::string rowForm(const SelfAssessmentRow& r, const FormErrors& errors) {
  const std::string id = idOf(r.provision);
  std::string out = fmt::format(
      "<div class=\"app-sa-row\" id=\"row-{}\"><h4 class=\"govuk-heading-s\">{} {}</h4>"
      "<p class=\"govuk-body\">{}</p><p class=\"govuk-body-s\">Evidence: {}</p>",
      id, escape(r.provision), statusTag(r), escape(r.requirement), evidenceHtml(r));
  if (r.decided_by == "data") {
    out += "<p class=\"govuk-body-s\">Decided by the year's figures.</p>";
  } else {
    out += radios("answer-" + id, "Does the landlord comply with " + r.provision + "?",
                  {{"yes", "Yes", ""}, {"no", "No", ""}, {"", "Not answered yet", ""}}, r.answer,
                  errors, {}, true);
  }
  out += textarea("commentary-" + id, "Commentary on " + r.provision, r.commentary, errors,
                  r.decided_by == "data" ? "" : "Explain any answer of No and when the landlord will comply", 2);
  return out + "</div>";
}

// The rows read-only, one block per provision under its section's heading (no wide table, so
// the page reads at 320 px); `links` to the cases behind a figure on staff pages only.
std::string rowsList(const SelfAssessmentView& v, bool links) {
  std::string out, section;
  for (const auto& r : v.rows) {
    if (r.section != section) {
      section = r.section;
      out += "<h3 class=\"govuk-heading-m\">" + escape(section) + "</h3>";
    }
    out += fmt::format("<div class=\"app-sa-row\"><h4 class=\"govuk-heading-s\">{} {}</h4>"
                       "<p class=\"govuk-body\">{}</p><p class=\"govuk-body-s\">Evidence: {}</p>",
                       escape(r.provision), statusTag(r), escape(r.requirement),
                       evidenceHtml(r, links));
    if (!r.commentary.empty())
      out += "<p class=\"govuk-body-s\">Commentary: " + escape(r.commentary) + "</p>";
    out += "</div>";
  }
  return out;
}

std::string reviewHtml(const SelfAssessmentView& v) {
  if (!v.review) return "<p class=\"govuk-body\">Not yet reviewed by the governing body.</p>";
  return summaryList({{"Reviewed by", escape(v.review->reviewed_by)},
                      {"Date", escape(formatDateLong(v.review->reviewed_on))},
                      {"The governing body's response", escape(v.review->response)}});
}

struct Screen {
  const SelfAssessmentView& view;
  const Session& session;
  FormErrors errors;
  std::string banner;
  Form form;  // the submitted values, shown again on an error
};

std::string answersForm(const Screen& s) {
  std::string out = fmt::format("<form method=\"post\" action=\"{}/answers\" novalidate>{}"
                                "<input type=\"hidden\" name=\"period\" value=\"{}\">",
                                kPath, csrfField(s.session.csrf_token), escape(s.view.period));
  std::string section;
  for (const auto& r : s.view.rows) {
    if (r.section != section) {
      section = r.section;
      out += "<h3 class=\"govuk-heading-m\">" + escape(section) + "</h3>";
    }
    out += rowForm(r, s.errors);
  }
  return out + button("Save answers") + "</form>";
}

std::string reviewForm(const Screen& s) {
  const auto& v = s.view;
  DateParts parts = datePartsOf(s.form, "reviewed_on",
                                v.review ? formatDate(v.review->reviewed_on) : std::string());
  return fmt::format(
      "<form method=\"post\" action=\"{}/review\" novalidate>{}<input type=\"hidden\" "
      "name=\"period\" value=\"{}\">{}{}{}{}</form>",
      kPath, csrfField(s.session.csrf_token), escape(v.period),
      dateInput("reviewed_on", "When did the governing body review it?", parts, s.errors,
                "For example, 12 6 2026"),
      textInput("reviewed_by", "Who reviewed it", s.form.has("reviewed_by") ? s.form.get("reviewed_by") : (v.review ? v.review->reviewed_by : ""),
                s.errors, "The board, a committee or the Member Responsible for Complaints"),
      textarea("response", "The governing body's response", s.form.has("response") ? s.form.get("response") : (v.review ? v.review->response : ""),
               s.errors, "Published with the self-assessment and the annual report (Code 8.2)", 5),
      button("Record the review", "govuk-button--secondary"));
}

Response staffPage(int status, const Screen& s) {
  const auto& v = s.view;
  const Principal& who = s.session.principal;
  const bool open = v.status != "published";
  json d = {{"period", v.period}, {"period_name", v.period_name},
            {"status_html", statusText(v.status)}, {"due", formatDateLong(v.due)},
            {"met", v.met}, {"not_met", v.not_met}, {"to_complete", v.to_complete},
            {"banner", s.banner}, {"errors", errorSummary(s.errors)},
            {"previous", measures::parsePeriod(v.period)->previous().label},
            {"published", !open},
            {"published_on", v.published_at ? formatDateLong(std::chrono::floor<std::chrono::days>(*v.published_at)) : ""},
            {"published_by", v.published_by},
            {"rows_html", open && mayEdit(who) ? answersForm(s) : rowsList(v, true)},
            {"review_html", reviewHtml(v)},
            {"review_form", open && mayReview(who) ? reviewForm(s) : ""},
            {"can_publish", open && mayEdit(who)},
            {"publish_form", open && mayEdit(who)
                                 ? fmt::format("<form method=\"post\" action=\"{}/publish\" novalidate>{}"
                                               "<input type=\"hidden\" name=\"period\" value=\"{}\">{}</form>",
                                               kPath, csrfField(s.session.csrf_token),
                                               escape(v.period), button("Publish the self-assessment"))
                                 : ""}};
  Page page;
  page.title = "Self-assessment " + v.period + " – Charter";
  page.nav = {{"Performance", "/performance", false}, {"Annual report", "/reports/annual", false},
              {"Self-assessment", kPath, true}};
  page.body_html = renderTemplate("pages/self_assessment", d);
  page.signed_in_as = who.display_name.empty() ? who.username : who.display_name;
  page.csrf_token = s.session.csrf_token;
  return htmlPage(status, page);
}

// The session for a request (a POST must carry the session's CSRF token), or the response.
std::variant<Session, Response> signedIn(AccountService& accounts, const Request& request,
                                         Form& form) {
  Credentials c{.session = http::cookie(request, http::kSessionCookie), .write = http::isWrite(request)};
  if (c.write) {
    auto parsed = Form::parse(request.body);
    if (!parsed) return htmlResponse(400, "The form could not be read.");
    form = std::move(*parsed);
    c.csrf = form.get("csrf_token");
  }
  auto id = identify(accounts, c);
  if (!id || !id->session) {
    if (!id && id.error().kind != ErrorKind::kUnauthenticated) return errorResponse(id.error());
    return toSignIn(request);
  }
  if (!allowed(id->principal, Permission::kViewReports))
    return errorResponse(forbidden("Your role does not allow viewing reports.").value());
  return std::move(*id->session);
}

// The form errors for an app error on the answers form: answers[i].x names the i-th
// provision of the Code (the form sends every row, in order).
FormErrors answerErrors(const Error& e) {
  FormErrors out;
  unsigned i = 0;
  char part[16] = {};
  if (std::sscanf(e.field.c_str(), "answers[%u].%15s", &i, part) == 2 &&
      i < codeMustProvisions().size()) {
    const std::string id = idOf(std::string(codeMustProvisions()[i].provision));
    out.add(std::string(part) == "commentary" ? "commentary-" + id : "answer-" + id, e.message);
    return out;
  }
  out.add("answer-1-2", e.message);
  return out;
}

FormErrors reviewErrors(const Error& e) {
  FormErrors out;
  if (e.field == "reviewed_on") {
    out.add("reviewed_on-day", e.message);
    out.highlight = {"reviewed_on-month", "reviewed_on-year"};
  } else if (e.field == "reviewed_by" || e.field == "response") {
    out.add(e.field, e.message);
  } else {
    out.add("reviewed_on-day", e.message);
  }
  return out;
}

std::vector<SelfAssessmentAnswer> answersFrom(const Form& f) {
  std::vector<SelfAssessmentAnswer> out;
  for (const auto& p : codeMustProvisions()) {
    const std::string id = idOf(std::string(p.provision));
    out.push_back({std::string(p.provision), f.get("answer-" + id), f.get("commentary-" + id)});
  }
  return out;
}

// After a failed form: the page again (with the submitted values), the error summary first.
Response failed(SelfAssessmentService& service, const Session& session, const std::string& year,
                const Error& e, FormErrors errors, const Form& form) {
  auto v = service.view(session.principal.landlord, year);
  if (!v) return errorResponse(v.error(), &session);
  if (e.field.rfind("answers[", 0) == 0) {
    // Show what was typed, so nothing is lost.
    applyAnswers(v->rows, answersFrom(form));
  }
  return staffPage(errorPageText(e).status, Screen{*v, session, std::move(errors), "", form});
}

Response postForm(AccountService& accounts, SelfAssessmentService& service, const Request& request,
                  const std::string& what) {
  Form form;
  auto who = signedIn(accounts, request, form);
  if (auto* r = std::get_if<Response>(&who)) return *r;
  const Session& session = std::get<Session>(who);
  const Principal& p = session.principal;
  const std::string year = form.get("period");
  const std::string back = fmt::format("{}?period={}&done={}", kPath, year, what);
  if (what == "answers") {
    if (!mayEdit(p)) return errorResponse(forbidden("Only the complaints team edits the self-assessment.").value(), &session);
    auto v = service.saveAnswers(p.landlord, year, answersFrom(form), displayNameOf(p));
    if (!v) return failed(service, session, year, v.error(), answerErrors(v.error()), form);
    return redirect(back);
  }
  if (what == "review") {
    if (!mayReview(p)) return errorResponse(forbidden("Only the complaints team or governance records the review.").value(), &session);
    FormErrors errors;
    auto date = readDate(datePartsOf(form, "reviewed_on"), "reviewed_on", "the date of the review", true, errors);
    if (!errors.empty()) return failed(service, session, year, invalid("reviewed_on", "format", "").value(), errors, form);
    auto v = service.recordReview(p.landlord, year, {*date.date, form.get("reviewed_by"), form.get("response"), displayNameOf(p)});
    if (!v) return failed(service, session, year, v.error(), reviewErrors(v.error()), form);
    return redirect(back);
  }
  if (!mayEdit(p)) return errorResponse(forbidden("Only the complaints team publishes the self-assessment.").value(), &session);
  auto v = service.publish(p.landlord, year, displayNameOf(p));
  if (!v) {
    FormErrors errors;
    errors.add("publish", v.error().message);
    return failed(service, session, year, v.error(), errors, form);
  }
  return redirect(back);
}

Response getPage(AccountService& accounts, SelfAssessmentService& service, const Request& request) {
  Form form;
  auto who = signedIn(accounts, request, form);
  if (auto* r = std::get_if<Response>(&who)) return *r;
  const Session& session = std::get<Session>(who);
  std::string year = request.queryParam("period");
  if (year.empty()) {
    auto reminder = service.reminder(session.principal.landlord);
    year = reminder && *reminder ? (*reminder)->period : "";
    if (year.empty()) {
      auto years = service.publishedYears(session.principal.landlord);
      year = years && !years->empty() ? years->front() : "";
    }
  }
  auto v = service.view(session.principal.landlord, year);
  if (!v) return errorResponse(v.error(), &session);
  const std::string done = request.queryParam("done");
  std::string banner;
  if (done == "answers") banner = notificationBanner("Answers saved", "<p class=\"govuk-body\">The answers and commentary are saved.</p>");
  if (done == "review") banner = notificationBanner("Review recorded", "<p class=\"govuk-body\">The governing body's review and response are recorded.</p>");
  if (done == "publish") banner = notificationBanner("Published", fmt::format("<p class=\"govuk-body\">The self-assessment is published on the <a class=\"govuk-link\" href=\"/self-assessment/{}\">public site</a>.</p>", escape(v->period)));
  return staffPage(200, Screen{*v, session, {}, banner, {}});
}

// The published figures and the governing body's review, labelled in `lang`.
std::string publicFigures(const SelfAssessmentView& v, i18n::Lang lang) {
  const auto& f = v.figures;
  auto row = [lang](const char* key, long long n) {
    return std::pair{i18n::text(lang, key), std::to_string(n)};
  };
  return summaryList({row("sa_stage1_received", f.stage1_received),
                      row("sa_stage1_responded", f.stage1_responded),
                      row("sa_stage2_received", f.stage2_received),
                      row("sa_stage2_responded", f.stage2_responded),
                      row("sa_refusals", f.refusals), row("sa_remedies", f.remedies),
                      row("sa_determinations", f.ombudsman_determinations),
                      row("sa_fault_findings", f.ombudsman_fault_findings)});
}

std::string publicReview(const SelfAssessmentView& v, i18n::Lang lang) {
  if (!v.review)
    return "<p class=\"govuk-body\">" + escape(i18n::text(lang, "sa_not_reviewed")) + "</p>";
  return summaryList({{i18n::text(lang, "sa_reviewed_by"), escape(v.review->reviewed_by)},
                      {i18n::text(lang, "sa_date"), escape(i18n::formatDateLong(v.review->reviewed_on, lang))},
                      {i18n::text(lang, "sa_response"), escape(v.review->response)}});
}

// A public page in the page's language, with the language switch.
Response publicResponse(const Request& request, i18n::Lang lang, std::string title,
                        std::string body) {
  Page page;
  page.title = std::move(title);
  page.lang = std::string(i18n::code(lang));
  page.switch_path = request.path;
  page.nav = publicNav(lang);
  page.body_html = std::move(body);
  return rememberLanguage(request, htmlPage(200, page));
}

Response publicYear(SelfAssessmentService& service, LandlordId landlord, const Request& request) {
  auto v = service.published(landlord, request.params.at("year"));
  if (!v) return errorResponse(v.error());
  const i18n::Lang lang = pageLanguage(request);
  auto said = [lang](const char* key, const std::string& a, const std::string& b = {}) {
    return fmt::format(fmt::runtime(i18n::text(lang, key)), a, b);
  };
  const Date published = std::chrono::floor<std::chrono::days>(*v->published_at);
  // The Code's provisions and the evidence are the Ombudsman's and our records' English.
  std::string rows = rowsList(*v, false);
  if (lang == i18n::Lang::kCy)
    rows = "<p class=\"govuk-body\">" + escape(i18n::text(lang, "sa_rows_in_english")) +
           "</p><div lang=\"en\">" + rows + "</div>";
  json d = {{"period", v->period}, {"period_name", v->period_name}, {"landlord_name", v->landlord_name},
            {"heading", i18n::text(lang, "sa_title")},
            {"published", said("sa_published", i18n::formatDateLong(published, lang))},
            {"our_complaints", said("sa_our_complaints", v->period)},
            {"met_count", said("sa_met_count", std::to_string(v->met), std::to_string(v->not_met))},
            {"figures_html", publicFigures(*v, lang)}, {"review_html", publicReview(*v, lang)},
            {"rows_html", rows}, {"t", words(lang)}};
  return publicResponse(request, lang, said("sa_page_title", v->period),
                        renderTemplate("pages/self_assessment_public", d));
}

Response publicIndex(SelfAssessmentService& service, LandlordId landlord, const Request& request) {
  auto years = service.publishedYears(landlord);
  if (!years) return errorResponse(years.error());
  const i18n::Lang lang = pageLanguage(request);
  json list = json::array();
  for (const auto& y : *years)
    list.push_back({{"year", y}, {"text", fmt::format(fmt::runtime(i18n::text(lang, "sa_year_link")), y)}});
  return publicResponse(request, lang, i18n::text(lang, "sa_index_title"),
                        renderTemplate("pages/self_assessment_index",
                                       {{"years", list}, {"none", years->empty()}, {"t", words(lang)}}));
}

}  // namespace

void addSelfAssessmentPages(http::Router& router, AccountService& accounts,
                            SelfAssessmentService& service, LandlordId public_landlord) {
  router.add("GET", kPath, [&accounts, &service](const Request& r) { return getPage(accounts, service, r); });
  for (std::string what : {"answers", "review", "publish"}) {
    router.add("POST", std::string(kPath) + "/" + what, [&accounts, &service, what](const Request& r) {
      return postForm(accounts, service, r, what);
    });
  }
  router.add("GET", "/self-assessment", [&service, public_landlord](const Request& r) {
    return publicIndex(service, public_landlord, r);
  });
  router.add("GET", "/self-assessment/{year}", [&service, public_landlord](const Request& r) {
    return publicYear(service, public_landlord, r);
  });
}

}  // namespace charter::web
