// The pages for visitors, no sign-in: the home page (/) and making a complaint (/complain).
//
// /complain is a form anyone may send (app/public_complaints.h logs it). Its one-time token is
// both the form's CSRF token (it must equal the charter_complain cookie set with the form) and
// its idempotency key (app/idempotency.h, principal "public"): sending the same form again, by
// Back or a retry, shows the complaint it already made. The body is capped before it is read
// and each address may send kPublicComplaintsFree forms before it must wait.
#include <cctype>

#include <fmt/format.h>

#include "app/idempotency.h"
#include "app/public_complaints.h"
#include "app/sign_in_throttle.h"
#include "http/browser.h"
#include "util/date_words.h"
#include "web/admin_pages.h"
#include "web/internal.h"
#include "web/templates.h"

namespace charter::web {
namespace {

using nlohmann::json;

constexpr std::string_view kComplainCookie = "charter_complain";
constexpr std::size_t kComplainBodyLimit = 16 * 1024;
constexpr std::string_view kPublicPrincipal = "public";
constexpr int kPublicComplaintsFree = 5;  // an hour, from one address

const std::vector<std::string>& complaintFields() {
  static const std::vector<std::string> f = {"name", "contact", "email", "phone", "address",
                                             "what_happened", "what_you_want"};
  return f;
}

bool wellFormedToken(std::string_view t) {
  if (t.size() != 43) return false;
  for (char c : t)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

std::string complainCookie(const std::string& token) {
  return http::setCookie(kComplainCookie, token, http::CookieOptions{.path = "/complain", .same_site = "Strict"});
}

}  // namespace

Page publicPage(const Ctx& ctx, std::string title, std::string body, i18n::Lang lang,
                std::string path) {
  Page p;
  p.title = std::move(title);
  p.service_name = ctx.options.landlord_name;
  p.body_html = std::move(body);
  p.nav = publicNav(lang, path);
  if (!path.empty()) {
    p.lang = std::string(i18n::code(lang));
    p.switch_path = std::move(path);
  }
  return p;
}

namespace {

http::Response home(Ctx& ctx, const http::Request& req) {
  if (auto s = sessionOf(ctx.accounts, req)) return redirect(s->principal.isStaff() ? "/staff" : "/portal");
  const i18n::Lang lang = pageLanguage(req);
  json contact = json::array();
  const auto& o = ctx.options;
  const LandlordContact c = landlordContact(ctx);
  const std::pair<const char*, const std::string*> rows[] = {
      {"contact_phone", &c.phone}, {"contact_email", &c.email}, {"contact_address", &c.address}};
  for (const auto& [key, value] : rows)
    if (!value->empty()) contact.push_back({{"label", tr(lang, key)}, {"value", *value}});
  std::string body = renderTemplate("pages/public_home", {{"landlord", o.landlord_name},
                                                          {"t", words(lang)},
                                                          {"contact", contact},
                                                          {"has_contact", !contact.empty()}});
  return rememberLanguage(
      req, htmlResponse(200, renderPage(publicPage(ctx, tr(lang, "home_title"), body, lang, "/"))));
}

PublicComplaint complaintFrom(const Form& f) {
  return {f.get("name"), f.get("email"), f.get("phone"), f.get("address"),
          f.get("what_happened"), f.get("what_you_want")};
}

http::Response formPage(Ctx& ctx, const PublicComplaint& c, FormErrors e, int status,
                        const std::string& token, i18n::Lang lang) {
  auto t = [lang](std::string_view key) { return tr(lang, key); };
  e.prefix = t("error_prefix");
  std::string contact =
      textInput("email", t("complain_email"), c.email, e, {}, "email", {}, "email") +
      textInput("phone", t("complain_phone"), c.phone, e, {}, "tel", "govuk-input--width-20", "tel") +
      textarea("address", t("complain_address"), c.address, e, {}, 3);
  std::string story =
      textarea("what_happened", t("complain_what_happened"), c.what_happened, e,
               t("complain_what_happened_hint"), 8) +
      textarea("what_you_want", t("complain_what_you_want"), c.what_you_want, e,
               t("complain_what_you_want_hint"), 4);
  const std::string* contact_error = e.of("contact");
  std::string body = renderTemplate(
      "pages/complain",
      {{"error_summary_html", errorSummary(e, t("error_summary_title"))}, {"form_token", token},
       {"t", words(lang)},
       {"name_html", textInput("name", t("complain_name"), c.name, e, {}, "text", {}, "name")},
       {"contact_error", contact_error ? *contact_error : ""}, {"contact_html", contact},
       {"story_html", story}, {"text", t("complain_send")}, {"extra_class", ""}});
  const std::string title = (e.empty() ? "" : t("error_title_prefix")) + t("nav_complain");
  auto r = htmlResponse(status, renderPage(publicPage(ctx, title, body, lang, "/complain")));
  // Cacheable for the browser's Back button: the form comes back as it was sent, with its token.
  r.headers.emplace_back("Set-Cookie", complainCookie(token));
  r.headers.emplace_back("Cache-Control", "private, max-age=0");
  return r;
}

json doneData(const CaseView& view, Date today, i18n::Lang lang) {
  auto ack = acknowledgementDue(view);
  std::string when;
  if (ack) when = lang == i18n::Lang::kCy ? i18n::formatDateFull(*ack, lang) : formatDayMonth(*ack, today);
  return {{"reference", view.state.reference}, {"ack", when}};
}

http::Response donePage(Ctx& ctx, json data, i18n::Lang lang) {
  data["t"] = words(lang);
  const std::string title = tr(lang, "complain_received");
  auto r = htmlResponse(200, renderPage(publicPage(ctx, title, renderTemplate("pages/complain_done", data),
                                                   lang)));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// Each complaint sent counts as a "failure" of the throttle: the throttle lets free_failures go by
// and makes the key wait after the next one, so kPublicComplaintsFree - 1 free sendings make
// the kPublicComplaintsFree-th start the wait and the one after it is refused.
struct PublicDesk {
  SignInThrottle throttle{ThrottleOptions{.free_failures = kPublicComplaintsFree - 1,
                                          .first_delay = std::chrono::minutes(10),
                                          .max_delay = std::chrono::hours(1),
                                          .forget_after = std::chrono::hours(1)}};
};

}  // namespace

namespace {

// The app's message, or in Welsh the catalogue's words for its field and rule
// (util/i18n_resident.cc, "err_<field>_<rule>") when it has them.
std::string errorWords(const Error& err, i18n::Lang lang) {
  if (lang == i18n::Lang::kEn) return err.message;
  const std::string key = "err_" + err.field + "_" + err.rule;
  std::string words = tr(lang, key);
  return words == key ? err.message : words;
}

FormErrors formErrors(const std::vector<Error>& errors, i18n::Lang lang) {
  FormErrors e;
  for (const auto& err : errors) e.add(err.field, errorWords(err, lang));
  return e;
}

http::Response tooMany(Ctx& ctx, const http::Request& req, std::chrono::milliseconds wait) {
  auto r = errorPageFor(ctx.options, req, 429, "", "/");
  r.headers.emplace_back("Retry-After", std::to_string(std::max<long long>(
                                            1, std::chrono::duration_cast<std::chrono::seconds>(wait).count())));
  return r;
}

http::Response complainPost(Ctx& ctx, PublicDesk& desk, const http::Request& req) {
  const Instant now = SystemTimeSource().now();
  const i18n::Lang lang = pageLanguage(req);
  if (auto wait = desk.throttle.wait(req.remote_address, now); wait.count() > 0) return tooMany(ctx, req, wait);
  if (req.body.size() > kComplainBodyLimit) return errorPageFor(ctx.options, req, 413, "", "/");
  auto form = Form::parse(req.body);
  if (!form) return errorPageFor(ctx.options, req, 400, "", "/");
  PublicComplaint c = complaintFrom(*form);
  const std::string token = form->get("form_token"), cookie = http::cookie(req, kComplainCookie);
  if (!wellFormedToken(token) || !sameSecret(token, cookie)) {
    FormErrors e;
    e.add("name", tr(lang, "err_form_expired"));
    return formPage(ctx, c, e, 403, randomToken(), lang);
  }
  auto landlord = ctx.cases.landlords().bySlug(ctx.options.landlord_slug);
  if (!landlord) return errorPageFor(ctx.options, req, 503, "", "/");
  auto service = ctx.cases.landlords().cases(landlord->id);
  if (!service) return errorPageFor(ctx.options, req, 503, "", "/");
  if (auto errors = checkPublicComplaint(c); !errors.empty()) return formPage(ctx, c, formErrors(errors, lang), 422, token, lang);
  Idempotency* keys = ctx.options.idempotency;
  const std::string key = "form:" + token;
  if (keys) {
    // Any second sending of this form is the same complaint, whatever was changed on it.
    auto first = keys->begin(landlord->id, kPublicPrincipal, key, "public-complaint-form");
    if (!first) return errorPageFor(ctx.options, req, statusFor(first.error()), first.error().message, "/");
    if (*first) return donePage(ctx, json::parse((*first)->body, nullptr, false), lang);
  }
  desk.throttle.failed(req.remote_address, now);
  auto made = logPublicComplaint(**service, c, now);
  if (!made) {
    if (keys) (void)keys->release(landlord->id, kPublicPrincipal, key);
    if (made.error().kind == ErrorKind::kInvalid) {
      Error err = made.error();
      err.message = errorWords(err, lang);
      return formPage(ctx, c, fromError(err, complaintFields()), 422, token, lang);
    }
    return errorPageFor(ctx.options, req, statusFor(made.error()), "", "/");
  }
  json done = doneData(*made, (*service)->today(), lang);
  if (keys) (void)keys->finish(landlord->id, kPublicPrincipal, key, 200, done.dump());
  return donePage(ctx, done, lang);
}

}  // namespace

void addPublicRoutes(http::Router& router, Ctx& ctx) {
  auto* desk = new PublicDesk();  // for the server's life, as the context is
  router.add("GET", "/", [&ctx](const http::Request& req) { return home(ctx, req); });
  router.add("GET", "/complain", [&ctx](const http::Request& req) {
    return rememberLanguage(req, formPage(ctx, {}, {}, 200, randomToken(), pageLanguage(req)));
  });
  router.add("POST", "/complain",
             [&ctx, desk](const http::Request& req) { return complainPost(ctx, *desk, req); });
}

}  // namespace charter::web
