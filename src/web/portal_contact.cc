// The resident sets how they want to hear from us on their own case (GET and POST
// /portal/cases/{id}/contact): the change_contact_preference action (domain/contact_preferences.h)
// taken by the resident, shown to staff in the timeline like any other change.
#include <fmt/format.h>

#include "web/contact_preference_pages.h"
#include "web/date_input.h"
#include "web/templates.h"

namespace charter::web {
namespace {

using nlohmann::json;

std::string href(CaseId id) { return fmt::format("/portal/cases/{}", id); }

std::optional<CaseId> caseParam(const Visit& v) {
  auto id = positive(v.req.params.at("id"));
  if (!id) return std::nullopt;
  return static_cast<CaseId>(*id);
}

http::Response formPage(Ctx& ctx, Visit& v, const CaseState& s, const FormErrors& e, int status) {
  const std::string back = href(s.id);
  std::string body = renderTemplate(
      "pages/action_form",
      {{"error_summary_html", errorSummary(e)}, {"reference", s.reference},
       {"heading", "How do you want to hear from us?"},
       {"hint", "We will use this for your letters and messages. If you need letters in large "
                "print, braille or audio, or in another language, tell us here."},
       {"action", back + "/contact"}, {"csrf_token", v.session.csrf_token},
       {"fields_html", contactPreferenceFields("", v.form, s.person.contact, e, true)},
       {"text", "Save"}, {"extra_class", ""}, {"cancel_href", back}});
  const std::string title = std::string(e.empty() ? "" : "Error: ") + "How you want to hear from us";
  return htmlResponse(status, page(ctx, v, title, body, "cases",
                                   {{"Your cases", "/portal"}, {s.reference, back}}));
}

http::Response contactGet(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such case.");
  auto view = ctx.cases.get(v.who(), *id, "web");
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
  return redirect(fmt::format("{}?done=contact", href(*id)));
}

}  // namespace

void addPortalContactRoutes(http::Router& router, Ctx& ctx) {
  router.add("GET", "/portal/cases/{id}/contact", guarded(ctx, Audience::kResident, contactGet));
  router.add("POST", "/portal/cases/{id}/contact", guarded(ctx, Audience::kResident, contactPost));
}

}  // namespace charter::web
