// The survey a link opens (/survey/{token}), the portal's "Tell us how we did" and the staff
// case page's answers (web/survey_pages.h).
//
// The link's token is the capability: it opens one survey of one case, and nothing else, so
// the form needs no session and no CSRF cookie (a page elsewhere cannot send it without
// knowing the token). An answer is kept once; sending the form again shows the thanks.
#include "web/survey_pages.h"

#include <fmt/format.h>

#include "web/templates.h"

namespace charter::web {
namespace {

using nlohmann::json;

constexpr std::size_t kSurveyBodyLimit = 16 * 1024;

// What the survey is about, in the page's language (web/language.h).
std::string occasionText(const SurveyOffer& o, i18n::Lang lang = i18n::Lang::kEn) {
  if (o.kind == "complaint") return tr(lang, o.stage == 2 ? "occasion_stage2" : "occasion_stage1");
  if (o.kind == "service_request") return tr(lang, "occasion_repair");
  if (o.kind == "asb_report") return tr(lang, "occasion_asb");
  return tr(lang, "occasion_service");
}

// Where a dissatisfied resident goes to complain: a complaint still at stage 1 may ask for a
// review (the escalate form on its page); after stage 2 the Housing Ombudsman; any other
// service a new complaint linked to the case.
json complainChoice(const SurveyOffer& o, i18n::Lang lang = i18n::Lang::kEn) {
  if (o.kind == "complaint" && o.stage == 1)
    return {{"href", fmt::format("/portal/cases/{}", o.case_id)},
            {"link", tr(lang, "complain_stage2_link")}, {"text", tr(lang, "complain_stage2_text")}};
  if (o.kind == "complaint")
    return {{"href", ""}, {"link", ""}, {"text", tr(lang, "complain_ombudsman_text")}};
  return {{"href", fmt::format("/portal/new?kind=complaint&raised_from={}", o.case_id)},
          {"link", tr(lang, "nav_complain")}, {"text", tr(lang, "complain_new_text")}};
}

// A satisfaction label in the page's language (domain/surveys.h has the English).
std::string satisfactionWords(Satisfaction s, i18n::Lang lang) {
  if (lang == i18n::Lang::kEn) return std::string(satisfactionLabel(s));
  return tr(lang, "sat_" + std::string(slug(s)));
}

std::vector<Option> scaleOptions(i18n::Lang lang) {
  std::vector<Option> out;
  for (auto s : satisfactionScale())
    out.push_back({std::string(slug(s)), satisfactionWords(s, lang), {}});
  return out;
}

std::string questionWords(std::string_view question, i18n::Lang lang) {
  if (lang == i18n::Lang::kEn) return questionText(question);
  return tr(lang, question == "complaint_handling" ? "question_complaint_handling" : "question_service");
}

http::Response surveyPage(Ctx& ctx, const http::Request& req, const LinkedSurvey& s,
                          const Form& sent, const FormErrors& e, int status) {
  const i18n::Lang lang = pageLanguage(req);
  json d = {{"reference", s.reference}, {"t", words(lang)},
            {"lead", fmt::format(fmt::runtime(tr(lang, "survey_lead")), occasionText(s.offer, lang))},
            {"action", "/survey/" + s.offer.token}};
  if (s.offer.satisfaction) {
    d["answered"] = {{"answer", satisfactionWords(*s.offer.satisfaction, lang)}};
    d["complain"] = isDissatisfied(*s.offer.satisfaction) ? complainChoice(s.offer, lang) : json(false);
  } else {
    d["answered"] = false;
    d["error_summary_html"] = errorSummary(e, tr(lang, "error_summary_title"));
    d["fields_html"] =
        radios("satisfaction", questionWords(s.offer.question, lang), scaleOptions(lang),
               sent.get("satisfaction"), e) +
        textarea("comment", tr(lang, "survey_comment"), sent.get("comment"), e,
                 tr(lang, "survey_comment_hint"), 4);
    d["text"] = tr(lang, "send");
    d["extra_class"] = "";
  }
  const std::string title = tr(lang, s.offer.satisfaction ? "survey_thanks" : "portal_surveys");
  auto r = htmlResponse(status, renderPage(publicPage(ctx, (e.empty() ? "" : tr(lang, "error_title_prefix")) + title,
                                                      renderTemplate("pages/survey", d), lang,
                                                      req.path)));
  r = rememberLanguage(req, std::move(r));
  // The token is in the address: the router's Referrer-Policy (same-origin) keeps it here.
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

http::Response surveyGet(Ctx& ctx, const http::Request& req) {
  auto s = ctx.options.surveys->byToken(req.params.at("token"));
  if (!s) return errorPageFor(ctx.options, req, statusFor(s.error()), "", "/");
  return surveyPage(ctx, req, *s, Form{}, {}, 200);
}

http::Response surveyPost(Ctx& ctx, const http::Request& req) {
  if (req.body.size() > kSurveyBodyLimit) return errorPageFor(ctx.options, req, 413, "", "/");
  auto form = Form::parse(req.body);
  if (!form) return errorPageFor(ctx.options, req, 400, "", "/");
  json body = {{"satisfaction", form->get("satisfaction")}};
  if (body["satisfaction"] == "") body["satisfaction"] = nullptr;
  if (!form->get("comment").empty()) body["comment"] = form->get("comment");
  const std::string token = req.params.at("token");
  auto done = ctx.options.surveys->respondByToken(token, body);
  if (done) return redirect("/survey/" + token);
  auto s = ctx.options.surveys->byToken(token);
  if (!s) return errorPageFor(ctx.options, req, statusFor(s.error()), "", "/");
  if (done.error().kind == ErrorKind::kConflict) return redirect("/survey/" + token);
  if (done.error().kind != ErrorKind::kInvalid)
    return errorPageFor(ctx.options, req, statusFor(done.error()), done.error().message, "/");
  FormErrors e;
  const std::string& field = done.error().field;
  const i18n::Lang lang = pageLanguage(req);
  e.add(field, field == "satisfaction" ? tr(lang, "survey_choose")
               : field == "comment"
                   ? fmt::format(fmt::runtime(tr(lang, "survey_comment_long")), kSurveyCommentMax)
                   : done.error().message);
  return surveyPage(ctx, req, *s, *form, e, 422);
}

}  // namespace

json portalSurveys(Ctx& ctx, Visit& v, CaseId id) {
  if (ctx.options.surveys == nullptr) return false;
  const i18n::Lang lang = visitLanguage(ctx, v);
  auto list = ctx.options.surveys->list(v.who(), id, "web");
  if (!list || list->empty()) return false;
  json open = json::array();
  json complain = false;
  for (const auto& o : *list) {
    if (!o.satisfaction) {
      open.push_back({{"href", "/survey/" + o.token}, {"what", occasionText(o, lang)}});
    } else if (isDissatisfied(*o.satisfaction)) {
      complain = complainChoice(o, lang);
    }
  }
  if (open.empty() && complain.is_boolean()) return false;
  return {{"open", open}, {"has_open", !open.empty()}, {"complain", complain}};
}

void addSurveyPages(http::Router& router, Ctx& ctx) {
  if (ctx.options.surveys == nullptr) return;
  router.add("GET", "/survey/{token}", [&ctx](const http::Request& req) { return surveyGet(ctx, req); });
  router.add("POST", "/survey/{token}",
             [&ctx](const http::Request& req) { return surveyPost(ctx, req); });
}

namespace staff {

std::string surveysSection(Ctx& ctx, Visit& v, const CaseState& s) {
  if (ctx.options.surveys == nullptr) return {};
  auto list = ctx.options.surveys->list(v.who(), s.id, "web");
  if (!list || list->empty()) return {};
  auto service = ctx.cases.service(v.who());
  if (!service) return {};
  const Policy& policy = (*service)->policy();
  Table t;
  t.id = "surveys";
  t.caption = "Satisfaction surveys";
  t.caption_class = "govuk-table__caption--m";
  t.head = {{"About", false}, {"Answer", false}};
  for (const auto& o : *list) {
    TableCell about;
    about.text = occasionText(o);
    about.notes = {"Offered " + whenText(o.offered_at, policy)};
    about.note_class = "govuk-body-s";
    TableCell answer;
    if (!o.satisfaction) {
      answer.html = tag("Not answered yet", "grey");
    } else {
      const Satisfaction a = *o.satisfaction;
      answer.html = tag(std::string(satisfactionLabel(a)),
                        isSatisfied(a) ? "green" : isDissatisfied(a) ? "red" : "grey");
      if (o.answered_at) answer.notes.push_back("Answered " + whenText(*o.answered_at, policy));
      if (!o.comment.empty()) answer.notes.push_back("\u201c" + o.comment + "\u201d");
      answer.note_class = "govuk-body-s";
    }
    t.rows.push_back({about, answer});
  }
  return table(t);
}

}  // namespace staff
}  // namespace charter::web
