// The resident portal: make a complaint, report a problem, leave a compliment or comment; see
// each case with its stage, what happens next and by when; ask for stage 2 with one button;
// read every letter; download the documents staff shared (any other name is 404); say how they
// want to hear from us.
#include <fmt/format.h>

#include "web/aftercare.h"
#include "web/date_input.h"
#include "web/contact_preference_pages.h"
#include "web/internal.h"
#include "web/survey_pages.h"
#include "web/templates.h"
#include "util/date_words.h"
#include "app/translations.h"

namespace charter::web {
namespace {

using nlohmann::json;

std::string caseHref(CaseId id) { return fmt::format("/portal/cases/{}", id); }

// The kind and status of a case in the page's language (app/labels.h, web/common.cc in English).
std::string kindWords(i18n::Lang lang, const std::string& kind) {
  return lang == i18n::Lang::kCy ? tr(lang, "kind_" + kind) : kindLabel(kind);
}

std::string statusWords(i18n::Lang lang, const std::string& status, int stage) {
  if (lang == i18n::Lang::kEn) return statusLabel(status, stage);
  const bool staged = stage && (status == "open" || status == "responded" || status == "closed");
  const std::string text = tr(lang, "status_" + std::string(staged ? "stage_" : "") + status);
  return staged ? fmt::format(fmt::runtime(text), stage) : text;
}

std::optional<CaseId> caseParam(const Visit& v) {
  auto id = positive(v.req.params.at("id"));
  if (!id) return std::nullopt;
  return static_cast<CaseId>(*id);
}

http::Response home(Ctx& ctx, Visit& v) {
  CaseQuery q;
  q.limit = 200;
  auto page_ = ctx.cases.list(v.who(), q);
  if (!page_) return errorPage(ctx, v, page_.error());
  const i18n::Lang lang = visitLanguage(ctx, v);
  json table = false;
  if (!page_->cases.empty()) {
    Table t;
    t.caption = tr(lang, "portal_caption");
    t.caption_class = "govuk-table__caption--m";
    t.head = {{tr(lang, "col_reference"), false}, {tr(lang, "col_what"), false},
              {tr(lang, "col_where"), false}, {tr(lang, "col_next_deadline"), false}};
    for (auto it = page_->cases.rbegin(); it != page_->cases.rend(); ++it) {
      const auto& c = *it;
      TableCell what{kindWords(lang, c.kind)};
      what.notes = {c.summary.size() > 80 ? c.summary.substr(0, 77) + "..." : c.summary};
      what.note_class = "govuk-body-s";
      t.rows.push_back({TableCell::link(c.reference, caseHref(c.id)), what,
                        TableCell{statusWords(lang, c.status, c.stage)},
                        TableCell{c.next_due ? i18n::formatDateFull(*c.next_due, lang) : "-"}});
    }
    table = t.data();
  }
  std::string body = renderTemplate("pages/portal_home", {{"table", table}, {"t", words(lang)}});
  return htmlResponse(200, page(ctx, v, tr(lang, "nav_your_cases"), body, "cases"));
}

std::vector<Option> portalKinds(i18n::Lang lang = i18n::Lang::kEn) {
  return {{"complaint", tr(lang, "nav_complain"), tr(lang, "portal_new_complaint_hint")},
          {"service_request", tr(lang, "portal_new_problem"), tr(lang, "portal_new_problem_hint")},
          {"compliment", tr(lang, "portal_new_compliment")},
          {"comment", tr(lang, "portal_new_comment")}};
}

// The case a complaint is raised from (a dissatisfied survey's "Make a complaint" link:
// ?raised_from=ID), when the resident may see it; nullopt otherwise.
std::optional<CaseId> raisedFrom(Ctx& ctx, Visit& v) {
  const std::string text =
      v.form.has("raised_from") ? v.form.get("raised_from") : v.req.queryParam("raised_from");
  auto id = positive(text);
  if (!id || !ctx.cases.get(v.who(), static_cast<CaseId>(*id), "web")) return std::nullopt;
  return static_cast<CaseId>(*id);
}

http::Response newPage(Ctx& ctx, Visit& v, const FormErrors& e, int status) {
  std::string kind = v.form.has("kind") ? v.form.get("kind") : v.req.queryParam("kind");
  std::string linked;
  if (auto from = raisedFrom(ctx, v))
    linked = fmt::format("<input type=\"hidden\" name=\"raised_from\" value=\"{}\">", *from) +
             insetText(escape("Your complaint will be linked to " + caseReference(*from) + "."));
  const i18n::Lang lang = visitLanguage(ctx, v);
  std::string fields = linked + radios("kind", tr(lang, "home_what"), portalKinds(lang), kind, e) +
                       textarea("summary", tr(lang, "portal_new_summary"), v.form.get("summary"), e,
                                tr(lang, "portal_new_summary_hint"), 6);
  std::string body = renderTemplate(
      "pages/portal_new", {{"error_summary_html", errorSummary(e, tr(lang, "error_summary_title"))}, {"csrf_token", v.session.csrf_token},
                           {"fields_html", formTokenField(v.form) + fields}, {"text", tr(lang, "send")},
                           {"extra_class", ""}, {"t", words(lang)}});
  const std::string title = (e.empty() ? std::string() : tr(lang, "error_title_prefix")) + tr(lang, "nav_contact_us");
  return htmlResponse(status, page(ctx, v, title, body, "new"));
}

http::Response newPost(Ctx& ctx, Visit& v) {
  FormErrors e;
  std::string kind = v.form.get("kind"), summary = v.form.get("summary");
  bool known = false;
  for (const auto& o : portalKinds()) known = known || o.value == kind;
  const i18n::Lang lang = visitLanguage(ctx, v);
  if (!known) e.add("kind", tr(lang, "portal_new_choose"));
  if (summary.empty()) e.add("summary", tr(lang, "portal_new_summary"));
  if (!e.empty()) return newPage(ctx, v, e, 422);
  json body = {{"kind", kind}, {"channel", "online_account"}, {"summary", summary},
               {"received_at", formatInstant(SystemTimeSource().now())}};
  if (auto from = raisedFrom(ctx, v); from && kind == "complaint") body["raised_from"] = *from;
  auto made = ctx.cases.create(v.who(), body);
  if (!made) {
    if (made.error().kind == ErrorKind::kInvalid)
      return newPage(ctx, v, fromError(made.error(), {"kind", "summary"}), 422);
    return errorPage(ctx, v, made.error());
  }
  return redirect(fmt::format("{}?done=sent", caseHref(made->state.id)));
}

// The banner after sending a contact or asking for stage 2, or false.
json doneBanner(const CaseState& s, const std::string& done, i18n::Lang lang) {
  if (done == "contact")
    return {{"title", tr(lang, "success")},
            {"html", "<p class=\"govuk-notification-banner__heading\">" +
                         escape(tr(lang, "banner_contact")) + "</p>"},
            {"success", true}};
  if (done != "sent" && done != "escalated") return false;
  const std::string kind(slug(s.kind));
  const std::string kind_words = lang == i18n::Lang::kCy ? tr(lang, "kind_lower_" + kind) : kindLabel(kind);
  std::string html = renderTemplate(
      "partials/portal_banner",
      {{"sent", done == "sent"}, {"escalated", done == "escalated"}, {"t", words(lang)},
       {"sent_text", fmt::format(fmt::runtime(tr(lang, "banner_sent")), kind_words, s.reference)}});
  return {{"title", tr(lang, "success")}, {"html", html}, {"success", true}};
}

// What the landlord promised to put things right and when each was done, or false.
json promisesData(const CaseState& s) {
  auto rows = promiseRows(s);
  if (rows.empty()) return false;
  return summaryListData(rows);
}

// The documents staff shared with the resident: name, download link, size.
json sharedDocuments(Ctx& ctx, Visit& v, CaseId id) {
  json out = json::array();
  if (ctx.options.attachments == nullptr) return out;
  auto files = ctx.options.attachments->shared(v.who(), id);
  if (!files) return out;
  for (const auto& f : *files) {
    std::string href = fmt::format("{}/documents/", caseHref(id));
    for (char c : f.name) href += c == ' ' ? std::string("%20") : std::string(1, c);
    const std::string size = f.size < 1024 ? fmt::format("{} bytes", f.size)
                                           : fmt::format("{:.0f} KB", f.size / 1024.0);
    out.push_back({{"name", f.name}, {"href", href}, {"size", size}});
  }
  return out;
}

// The case's facts for the resident, in their language.
json caseFacts(const CaseState& s, const NextStep& next, i18n::Lang lang) {
  const std::string how =
      s.person.contact.empty() ? tr(lang, "not_told_us") : contactText(s.person.contact, lang);
  std::vector<std::pair<std::string, std::string>> rows = {
      {tr(lang, "col_reference"), escape(s.reference)},
      {tr(lang, "col_what"), escape(kindWords(lang, std::string(slug(s.kind))))},
      {tr(lang, "col_where"), escape(statusWords(lang, std::string(slug(s.status)), s.stage))},
      {tr(lang, "what_happens_next"), escape(next.for_resident)},
      {tr(lang, "col_how_hear"),
       escape(how) + fmt::format(" <a class=\"govuk-link\" href=\"{}/contact\">{}<span "
                                 "class=\"govuk-visually-hidden\"> {}</span></a>",
                                 caseHref(s.id), escape(tr(lang, "change")),
                                 escape(tr(lang, "col_how_hear")))}};
  return summaryListData(rows);
}

// The letters sent on the case, each with its formats and any translation still awaited.
json portalLetters(const CaseState& s, const Policy& policy, i18n::Lang lang) {
  json letters = json::array();
  const auto waiting = openTranslations(s);
  for (const auto& l : issuedLetters(s)) {
    std::string translation;
    for (const auto& t : waiting)
      if (t.letter == l.seq)
        translation = tr(lang, "portal_translation_due") + " " + i18n::formatDateFull(t.due, lang) + ".";
    const std::string href = fmt::format("{}/letters/{}", caseHref(s.id), l.seq);
    letters.push_back({{"href", href}, {"title", l.title},
                       {"sent", i18n::formatDateFull(policy.working_calendar->localDate(l.at), lang)},
                       {"formats", letterFormatLinks(href, lang)}, {"has_formats", true},
                       {"translation", translation}});
  }
  return letters;
}

http::Response casePage(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such case.");
  auto view = ctx.cases.show(v.who(), *id, "web");  // the page only shows the case
  if (!view) return errorPage(ctx, v, view.error());
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  const CaseState& s = view->state;
  const i18n::Lang lang = visitLanguage(ctx, v);
  NextStep next = nextStep(view->state, view->clocks, lang);
  json how = false;
  if (!next.explanation.empty()) {
    // The clock's explanation is worked out in English only: on a Welsh page it says so, and
    // is marked English for screen readers.
    std::string html = renderTemplate("partials/paragraph", {{"text", next.explanation}});
    if (lang == i18n::Lang::kCy)
      html = renderTemplate("partials/paragraph", {{"text", tr(lang, "explanation_in_english")}}) +
             "<div lang=\"en\">" + html + "</div>";
    how = {{"summary", tr(lang, "portal_how_worked_out")}, {"html", html}};
  }
  json letters = portalLetters(s, (*service)->policy(), lang);
  json escalate = false;
  if (mayAskForStageTwo(s))
    escalate = {{"action", caseHref(s.id) + "/escalate"}, {"csrf_token", v.session.csrf_token},
                {"fields_html", textarea("reason", tr(lang, "portal_stage2_reason"), "", {},
                                         tr(lang, "portal_stage2_hint"), 4)},
                {"text", tr(lang, "portal_stage2_button")}, {"extra_class", ""}};
  const json documents = sharedDocuments(ctx, v, s.id);
  std::string body = renderTemplate(
      "pages/portal_case",
      {{"banner", doneBanner(s, v.req.queryParam("done"), lang)}, {"reference", s.reference},
       {"kind", kindWords(lang, std::string(slug(s.kind)))}, {"summary", s.summary},
       {"facts", caseFacts(s, next, lang)}, {"how", how}, {"escalate", escalate},
       {"letters", letters}, {"has_letters", !letters.empty()}, {"promises", promisesData(s)},
       {"documents", documents}, {"has_documents", !documents.empty()},
       {"surveys", portalSurveys(ctx, v, s.id)}, {"t", words(lang)}});
  return htmlResponse(200, page(ctx, v, s.reference, body, "cases", {{tr(lang, "nav_your_cases"), "/portal"}}));
}

// GET /portal/cases/{id}/documents/{name}: a shared document's bytes, as its type.
http::Response document(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  auto name = http::percentDecode(v.req.params.at("name"));
  if (!id || !name || ctx.options.attachments == nullptr) {
    return problemPage(ctx, v, 404, "Page not found", "There is no such document.");
  }
  auto file = ctx.options.attachments->sharedFile(v.who(), *id, *name);
  if (!file) return errorPage(ctx, v, file.error());
  http::Response r;
  r.status = 200;
  r.content_type = file->info.content_type;
  r.body = std::move(file->content);
  r.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}\"",
                                                            safeFileName(file->info.name)));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

http::Response escalate(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such case.");
  json body = {{"action", "request_escalation"}};
  if (std::string reason = v.form.get("reason"); !reason.empty()) body["reason"] = reason;
  auto done = ctx.cases.act(v.who(), *id, body);
  if (!done) return errorPage(ctx, v, done.error());
  return redirect(fmt::format("{}?done=escalated", caseHref(*id)));
}

// GET and POST /portal/cases/{id}/contact: the resident sets how they want to hear from us on
// their own case, the change_contact_preference action (domain/contact_preferences.h) taken by
// them and shown to staff in the timeline like any other change.
http::Response formPage(Ctx& ctx, Visit& v, const CaseState& s, FormErrors e, int status) {
  const std::string back = caseHref(s.id);
  const i18n::Lang lang = visitLanguage(ctx, v);
  e.prefix = tr(lang, "error_prefix");
  std::string body = renderTemplate(
      "pages/action_form",
      {{"error_summary_html", errorSummary(e, tr(lang, "error_summary_title"))},
       {"reference", s.reference}, {"heading", tr(lang, "cp_how")}, {"hint", tr(lang, "cp_hint")},
       {"action", back + "/contact"}, {"csrf_token", v.session.csrf_token},
       {"fields_html", contactPreferenceFields("", v.form, s.person.contact, e, true, lang)},
       {"text", tr(lang, "cp_save")}, {"extra_class", ""}, {"cancel_href", back},
       {"cancel_text", tr(lang, "cancel")}});
  const std::string title =
      (e.empty() ? std::string() : tr(lang, "error_title_prefix")) + tr(lang, "col_how_hear");
  return htmlResponse(status, page(ctx, v, title, body, "cases",
                                   {{tr(lang, "nav_your_cases"), "/portal"}, {s.reference, back}}));
}

http::Response contactGet(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such case.");
  auto view = ctx.cases.show(v.who(), *id, "web");  // the form only shows the case
  if (!view) return errorPage(ctx, v, view.error());
  return formPage(ctx, v, view->state, {}, 200);
}

http::Response contactPost(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such case.");
  auto view = ctx.cases.get(v.who(), *id, "web");
  if (!view) return errorPage(ctx, v, view.error());
  FormErrors errors;
  json body = contactPreferenceBody("", v.form, errors);
  if (!errors.empty()) return formPage(ctx, v, view->state, errors, 422);
  body["action"] = "change_contact_preference";
  auto done = ctx.cases.act(v.who(), *id, body);
  if (!done) {
    if (done.error().kind != ErrorKind::kInvalid) return errorPage(ctx, v, done.error());
    FormErrors e = fromError(done.error(), contactPreferenceIds(""));
    pointAtDateParts(e, {"review_date"});
    return formPage(ctx, v, view->state, e, 422);
  }
  return redirect(fmt::format("{}?done=contact", caseHref(*id)));
}

}  // namespace

void addPortalRoutes(http::Router& router, Ctx& ctx) {
  router.add("GET", "/portal", guarded(ctx, Audience::kResident, home));
  // The list of the resident's cases at the address its cases sit under, too.
  router.add("GET", "/portal/cases", guarded(ctx, Audience::kResident, home));
  router.add("GET", "/portal/new", guarded(ctx, Audience::kResident, [](Ctx& c, Visit& v) {
               return newPage(c, v, {}, 200);
             }));
  router.add("POST", "/portal/new", guarded(ctx, Audience::kResident, onceOnly(newPost)));
  router.add("GET", "/portal/cases/{id}", guarded(ctx, Audience::kResident, casePage));
  router.add("POST", "/portal/cases/{id}/escalate", guarded(ctx, Audience::kResident, escalate));
  router.add("GET", "/portal/cases/{id}/documents/{name}",
             guarded(ctx, Audience::kResident, document));
  addLetterRoutes(router, ctx, "/portal/cases", Audience::kResident);
  router.add("GET", "/portal/cases/{id}/contact", guarded(ctx, Audience::kResident, contactGet));
  router.add("POST", "/portal/cases/{id}/contact", guarded(ctx, Audience::kResident, contactPost));
}

}  // namespace charter::web
