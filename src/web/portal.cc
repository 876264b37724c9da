// The resident portal: make a complaint, report a problem, leave a compliment or comment; see
// each case with its stage, what happens next and by when; ask for stage 2 with one button;
// read every letter.
#include <fmt/format.h>

#include "web/internal.h"

namespace charter::web {
namespace {

using nlohmann::json;

std::string caseHref(CaseId id) { return fmt::format("/portal/cases/{}", id); }

std::optional<CaseId> caseParam(const Visit& v) {
  auto id = positive(v.req.params.at("id"));
  if (!id) return std::nullopt;
  return static_cast<CaseId>(*id);
}

bool mayEscalate(const CaseState& s) {
  return s.kind == CaseKind::kComplaint && s.stage == 1 && s.stage1.responded_at &&
         (s.status == CaseStatus::kResponded || s.status == CaseStatus::kClosed);
}

http::Response home(Ctx& ctx, Visit& v) {
  CaseQuery q;
  q.limit = 200;
  auto page_ = ctx.cases.list(v.who(), q);
  if (!page_) return errorPage(ctx, v, page_.error());
  std::string body =
      "<h1 class=\"govuk-heading-l\">Your cases</h1><p class=\"govuk-body\"><a "
      "class=\"govuk-button\" data-module=\"govuk-button\" href=\"/portal/new\" role=\"button\">"
      "Contact us</a></p>";
  if (page_->cases.empty()) {
    body += "<p class=\"govuk-body\">You have no cases with us yet.</p>";
  } else {
    body += "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
            "Everything you have raised with us</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
            "<th scope=\"col\" class=\"govuk-table__header\">Reference</th><th scope=\"col\" "
            "class=\"govuk-table__header\">What</th><th scope=\"col\" class=\"govuk-table__header\">"
            "Where it is</th><th scope=\"col\" class=\"govuk-table__header\">Next deadline</th></tr></thead>"
            "<tbody class=\"govuk-table__body\">";
    for (auto it = page_->cases.rbegin(); it != page_->cases.rend(); ++it) {
      const auto& c = *it;
      body += fmt::format(
          "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
          "href=\"{}\">{}</a></td><td class=\"govuk-table__cell\">{}<br><span class=\"govuk-body-s\">{}</span></td>"
          "<td class=\"govuk-table__cell\">{}</td><td class=\"govuk-table__cell\">{}</td></tr>",
          caseHref(c.id), escape(c.reference), escape(kindLabel(c.kind)),
          escape(c.summary.size() > 80 ? c.summary.substr(0, 77) + "..." : c.summary),
          escape(statusLabel(c.status, c.stage)),
          escape(c.next_due ? formatDateLong(*c.next_due) : "-"));
    }
    body += "</tbody></table>";
  }
  return htmlResponse(200, page(ctx, v, "Your cases", body, "cases"));
}

const std::vector<Option>& portalKinds() {
  static const std::vector<Option> o = {
      {"complaint", "Make a complaint", "Tell us what went wrong and what you would like us to do"},
      {"service_request", "Report a problem", "For example a repair, or something that needs putting right"},
      {"compliment", "Pay a compliment"},
      {"comment", "Leave a comment or suggestion"}};
  return o;
}

http::Response newPage(Ctx& ctx, Visit& v, const FormErrors& e, int status) {
  std::string kind = v.form.has("kind") ? v.form.get("kind") : v.req.queryParam("kind");
  std::string body = fmt::format(
      "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">{}"
      "<h1 class=\"govuk-heading-l\">Contact us</h1><form method=\"post\" action=\"/portal/new\" "
      "novalidate>{}{}{}{}</form></div></div>",
      errorSummary(e), csrfField(v.session.csrf_token),
      radios("kind", "What would you like to do?", portalKinds(), kind, e),
      textarea("summary", "Tell us about it", v.form.get("summary"), e,
               "Include what happened, when, and what you would like us to do.", 6),
      button("Send"));
  return htmlResponse(status, page(ctx, v, std::string(e.empty() ? "" : "Error: ") + "Contact us", body, "new"));
}

http::Response newPost(Ctx& ctx, Visit& v) {
  FormErrors e;
  std::string kind = v.form.get("kind"), summary = v.form.get("summary");
  bool known = false;
  for (const auto& o : portalKinds()) known = known || o.value == kind;
  if (!known) e.add("kind", "Choose what you would like to do");
  if (summary.empty()) e.add("summary", "Tell us about it");
  if (!e.empty()) return newPage(ctx, v, e, 422);
  json body = {{"kind", kind}, {"channel", "online_account"}, {"summary", summary},
               {"received_at", formatInstant(SystemTimeSource().now())}};
  auto made = ctx.cases.create(v.who(), body);
  if (!made) {
    if (made.error().kind == ErrorKind::kInvalid)
      return newPage(ctx, v, fromError(made.error(), {"kind", "summary"}), 422);
    return errorPage(ctx, v, made.error());
  }
  return redirect(fmt::format("{}?done=sent", caseHref(made->state.id)));
}

http::Response casePage(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such case.");
  auto view = ctx.cases.get(v.who(), *id, "web");
  if (!view) return errorPage(ctx, v, view.error());
  const CaseState& s = view->state;
  NextStep next = nextStep(*view);
  std::string banner;
  std::string done = v.req.queryParam("done");
  if (done == "sent")
    banner = notificationBanner("Success", fmt::format("<h3 class=\"govuk-notification-banner__heading\">"
                                "We have your {}. Your reference is {}.</h3>",
                                escape(kindLabel(std::string(slug(s.kind)))), escape(s.reference)));
  else if (done == "escalated")
    banner = notificationBanner("Success", "<h3 class=\"govuk-notification-banner__heading\">"
                                "You have asked for a stage 2 review.</h3><p class=\"govuk-body\">"
                                "A manager who was not involved at stage 1 will review your complaint.</p>");
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Reference", escape(s.reference)},
      {"What", escape(kindLabel(std::string(slug(s.kind))))},
      {"Where it is", escape(statusLabel(std::string(slug(s.status)), s.stage))},
      {"What happens next", escape(next.what)},
      {"By when", escape(next.by ? formatDateLong(*next.by) : "-")}};
  std::string how = next.explanation.empty() ? std::string()
                  : details("How this date was worked out", "<p class=\"govuk-body\">" + escape(next.explanation) + "</p>");
  std::string letters;
  auto issued = issuedLetters(s);
  if (issued.empty()) {
    letters = "<p class=\"govuk-body\">We have not sent you any letters about this yet.</p>";
  } else {
    letters = "<ul class=\"govuk-list\">";
    for (const auto& l : issued)
      letters += fmt::format("<li><a class=\"govuk-link\" href=\"{}/letters/{}\">{}</a> (sent {})</li>",
                             caseHref(s.id), l.seq, escape(l.title), escape(formatDateLong(ctx.cases.service(v.who()).value()->policy().working_calendar->localDate(l.at))));
    letters += "</ul>";
  }
  std::string escalate;
  if (mayEscalate(s)) {
    escalate = fmt::format(
        "<h2 class=\"govuk-heading-m\">Not satisfied with our response?</h2><p class=\"govuk-body\">"
        "You can ask for your complaint to be reviewed at stage 2. You do not need to give a "
        "reason.</p><form method=\"post\" action=\"{}/escalate\" novalidate>{}{}</form>",
        caseHref(s.id), csrfField(v.session.csrf_token), button("Ask for a stage 2 review"));
  }
  std::string body = fmt::format(
      "{}<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{}</h1>"
      "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
      "<p class=\"govuk-body\">{}</p>{}{}{}<h2 class=\"govuk-heading-m\">Letters</h2>{}</div></div>",
      banner, escape(s.reference), escape(kindLabel(std::string(slug(s.kind)))), escape(s.summary),
      summaryList(rows), how, escalate, letters);
  return htmlResponse(200, page(ctx, v, s.reference, body, "cases", {{"Your cases", "/portal"}}));
}

http::Response escalate(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such case.");
  auto done = ctx.cases.act(v.who(), *id, json{{"action", "request_escalation"}});
  if (!done) return errorPage(ctx, v, done.error());
  return redirect(fmt::format("{}?done=escalated", caseHref(*id)));
}

}  // namespace

void addPortalRoutes(http::Router& router, Ctx& ctx) {
  router.add("GET", "/portal", guarded(ctx, Audience::kResident, home));
  router.add("GET", "/portal/new", guarded(ctx, Audience::kResident, [](Ctx& c, Visit& v) {
               return newPage(c, v, {}, 200);
             }));
  router.add("POST", "/portal/new", guarded(ctx, Audience::kResident, newPost));
  router.add("GET", "/portal/cases/{id}", guarded(ctx, Audience::kResident, casePage));
  router.add("POST", "/portal/cases/{id}/escalate", guarded(ctx, Audience::kResident, escalate));
  addLetterRoutes(router, ctx, "/portal/cases", Audience::kResident);
}

}  // namespace charter::web
