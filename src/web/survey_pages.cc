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

std::string occasionText(const SurveyOffer& o) {
  if (o.kind == "complaint")
    return o.stage == 2 ? "our final response to your complaint (stage 2)"
                        : "our response to your complaint (stage 1)";
  if (o.kind == "service_request") return "the repair we completed";
  if (o.kind == "asb_report") return "how we dealt with your report of anti-social behaviour";
  return "the service you received";
}

// Where a dissatisfied resident goes to complain: a complaint still at stage 1 may ask for a
// review (the escalate form on its page); after stage 2 the Housing Ombudsman; any other
// service a new complaint linked to the case.
json complainChoice(const SurveyOffer& o) {
  if (o.kind == "complaint" && o.stage == 1)
    return {{"href", fmt::format("/portal/cases/{}", o.case_id)},
            {"link", "Ask for your complaint to be reviewed at stage 2"},
            {"text", "If you are not happy with our response, you can ask for a manager who was "
                     "not involved to review your complaint."}};
  if (o.kind == "complaint")
    return {{"href", ""}, {"link", ""},
            {"text", "This was our final response. If you are still not happy, you can ask the "
                     "Housing Ombudsman to look into your complaint. Call them on 0300 111 3000 "
                     "or visit www.housing-ombudsman.org.uk."}};
  return {{"href", fmt::format("/portal/new?kind=complaint&raised_from={}", o.case_id)},
          {"link", "Make a complaint"},
          {"text", "You told us you were not satisfied. If you want us to look into what went "
                   "wrong and put it right, you can make a complaint. We will link it to this "
                   "case."}};
}

std::vector<Option> scaleOptions() {
  std::vector<Option> out;
  for (auto s : satisfactionScale())
    out.push_back({std::string(slug(s)), std::string(satisfactionLabel(s)), {}});
  return out;
}

http::Response surveyPage(Ctx& ctx, const LinkedSurvey& s, const Form& sent,
                          const FormErrors& e, int status) {
  json d = {{"reference", s.reference}, {"about", occasionText(s.offer)},
            {"action", "/survey/" + s.offer.token}};
  if (s.offer.satisfaction) {
    d["answered"] = {{"answer", std::string(satisfactionLabel(*s.offer.satisfaction))}};
    d["complain"] = isDissatisfied(*s.offer.satisfaction) ? complainChoice(s.offer) : json(false);
  } else {
    d["answered"] = false;
    d["error_summary_html"] = errorSummary(e);
    d["fields_html"] =
        radios("satisfaction", questionText(s.offer.question), scaleOptions(),
               sent.get("satisfaction"), e) +
        textarea("comment", "Is there anything else you would like to tell us? (optional)",
                 sent.get("comment"), e, "Do not include personal or financial information.", 4);
    d["text"] = "Send";
    d["extra_class"] = "";
  }
  const std::string title = s.offer.satisfaction ? "Thank you for telling us"
                                                 : "Tell us how we did";
  auto r = htmlResponse(status, renderPage(publicPage(ctx, (e.empty() ? "" : "Error: ") + title,
                                                      renderTemplate("pages/survey", d))));
  // The token is in the address: the router's Referrer-Policy (same-origin) keeps it here.
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

http::Response surveyGet(Ctx& ctx, const http::Request& req) {
  auto s = ctx.options.surveys->byToken(req.params.at("token"));
  if (!s) return errorPageFor(ctx.options, req, statusFor(s.error()), "", "/");
  return surveyPage(ctx, *s, Form{}, {}, 200);
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
  e.add(field, field == "satisfaction" ? "Choose how satisfied you are"
               : field == "comment"    ? fmt::format("Your comment must be {} characters or fewer",
                                                     kSurveyCommentMax)
                                       : done.error().message);
  return surveyPage(ctx, *s, *form, e, 422);
}

}  // namespace

json portalSurveys(Ctx& ctx, Visit& v, CaseId id) {
  if (ctx.options.surveys == nullptr) return false;
  auto list = ctx.options.surveys->list(v.who(), id, "web");
  if (!list || list->empty()) return false;
  json open = json::array();
  json complain = false;
  for (const auto& o : *list) {
    if (!o.satisfaction) {
      open.push_back({{"href", "/survey/" + o.token}, {"what", occasionText(o)}});
    } else if (isDissatisfied(*o.satisfaction)) {
      complain = complainChoice(o);
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
