#include "web/web.h"

#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

#include "http/assets.h"
#include "http/browser.h"
#include "web/aftercare.h"
#include "web/internal.h"
#include "web/mail_pages.h"
#include "web/survey_pages.h"
#include "web/templates.h"

namespace charter::web {
namespace {

// Login CSRF: the sign-in form carries a token that must match this pre-session cookie, so
// another site cannot sign a visitor in to an account of its choosing (with the router's
// refusal of cross-site writes, http/browser.h).
constexpr std::string_view kSignInCookie = "charter_signin";
// A sign-in form is three short fields; anything larger is refused before it is read.
constexpr std::size_t kSignInBodyLimit = 8 * 1024;

bool wellFormedToken(std::string_view t) {
  if (t.size() != 43) return false;  // randomToken(): 32 bytes, unpadded base64url
  for (char c : t)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

std::string signInCookie(const std::string& value, bool clear) {
  return http::setCookie(kSignInCookie, value,
                         http::CookieOptions{.path = "/sign-in", .same_site = "Strict", .clear = clear});
}

// Only a same-origin path may be a place to come back to (http::safeLocalPath).
std::string safeNext(const std::string& next) { return http::safeLocalPath(next) ? next : "/"; }

// Staff who may see no cases but administer (the system administrator) start at /staff/admin.
std::string homeFor(const Principal& p) {
  if (!p.isStaff()) return "/portal";
  return !maySeeAny(p) && allowed(p, Permission::kAdminister) ? "/staff/admin" : "/staff";
}

// The sign-in page with the login-CSRF token `token` in its form and cookie.
http::Response signInPage(Ctx& ctx, const std::string& username, const std::string& next,
                          const FormErrors& errors, int status, const std::string& token) {
  std::string fields =
      textInput("username", "Email address or staff ID", username, errors, {}, "text", {}, "username") +
      textInput("password", "Password", "", errors, {}, "password", {}, "current-password");
  std::string body = renderTemplate(
      "pages/sign_in", {{"error_summary_html", errorSummary(errors)},
                        {"landlord", ctx.options.landlord_name}, {"next", next},
                        {"signin_token", token}, {"fields_html", fields}, {"text", "Sign in"},
                        {"extra_class", ""}});
  Page p;
  p.title = errors.empty() ? "Sign in" : "Error: Sign in";
  p.service_name = ctx.options.landlord_name;
  p.body_html = body;
  auto r = htmlResponse(status, renderPage(p));
  r.headers.emplace_back("Set-Cookie", signInCookie(token, false));
  return r;
}

// The visitor's login-CSRF token, or a new one.
std::string signInToken(const http::Request& req) {
  std::string t = http::cookie(req, kSignInCookie);
  return wellFormedToken(t) ? t : randomToken();
}

}  // namespace

std::string urlEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::optional<Session> sessionOf(AccountService& accounts, const http::Request& request) {
  auto who = identify(accounts, Credentials{.session = http::cookie(request, http::kSessionCookie)});
  if (!who || !who->session) return std::nullopt;
  return std::move(*who->session);
}

http::Response toSignIn(const http::Request& request) {
  return redirect("/sign-in?next=" + urlEncode(safeNext(request.target)));
}

std::optional<long long> positive(const std::string& text) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  long long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return std::nullopt;
  return v;
}

namespace {

// The answer when `identify` refuses a page request: sign in (a read) or a 403 page.
http::Response refusedPage(Ctx& ctx, const http::Request& req, const Error& e) {
  if (isUnauthenticated(e)) {
    if (req.method != "GET") return errorPageFor(ctx.options, req, 403, "", "/", 401);
    return toSignIn(req);
  }
  auto session = isForbidden(e) ? sessionOf(ctx.accounts, req) : std::nullopt;
  if (!session) {
    auto text = errorPageText(e);
    return errorPageFor(ctx.options, req, text.status, e.message, "/");
  }
  Visit v{req, std::move(*session), {}, std::nullopt};
  return problemPage(ctx, v, 403, "This form has expired",
                     "The form you sent was out of date or did not come from this service. Go "
                     "back, reload the page and try again.");
}

}  // namespace

http::Handler guarded(Ctx& ctx, Audience audience, PageHandler handler) {
  return [&ctx, audience, handler = std::move(handler)](const http::Request& req) {
    Credentials credentials{.session = http::cookie(req, http::kSessionCookie),
                            .write = http::isWrite(req)};
    Form form;
    if (credentials.write) {
      const std::string type = req.header("content-type");
      auto parsed = type.rfind("multipart/", 0) == 0 ? Form::parseMultipart(req.body, type)
                                                      : Form::parse(req.body);
      if (!parsed) return errorPageFor(ctx.options, req, 400, "", "/");
      form = std::move(*parsed);
      credentials.csrf = form.get("csrf_token");
    }
    auto identity = identify(ctx.accounts, credentials);
    if (!identity || !identity->session) {
      return refusedPage(ctx, req, identity ? Error{ErrorKind::kUnauthenticated, "", "", ""}
                                            : identity.error());
    }
    const Principal& who = identity->principal;
    if (audience == Audience::kStaff && !who.isStaff()) return redirect(homeFor(who));
    if (audience == Audience::kResident && who.isStaff()) return redirect(homeFor(who));
    Visit visit{req, std::move(*identity->session), std::move(form), std::nullopt};
    if (audience == Audience::kResident) return rememberLanguage(req, handler(ctx, visit));
    return handler(ctx, visit);
  };
}

i18n::Lang visitLanguage(const Ctx& ctx, const Visit& v) {
  if (v.lang) return *v.lang;
  std::string recorded;
  if (!v.who().isStaff() && !i18n::parse(v.req.queryParam("lang")) &&
      !i18n::parse(http::cookie(v.req, kLanguageCookie))) {
    CaseQuery q;
    q.limit = 1;
    q.newest_first = true;
    auto latest = ctx.cases.list(v.who(), q);
    if (latest && !latest->cases.empty())
      // A read of the case like any other, logged as such (purpose "web language").
      if (auto view = ctx.cases.get(v.who(), latest->cases.front().id, "web language"))
        recorded = view->state.person.contact.language;
  }
  v.lang = v.who().isStaff() ? i18n::Lang::kEn : pageLanguage(v.req, recorded);
  return *v.lang;
}

std::string page(const Ctx& ctx, const Visit& v, const std::string& title,
                 const std::string& body, const std::string& active,
                 std::vector<std::pair<std::string, std::string>> breadcrumbs) {
  Page p;
  p.title = title;
  p.service_name = ctx.options.landlord_name;
  p.body_html = body;
  p.signed_in_as = v.who().display_name.empty() ? v.who().username : v.who().display_name;
  p.csrf_token = v.session.csrf_token;
  p.breadcrumbs = std::move(breadcrumbs);
  if (v.who().isStaff()) {
    p.nav = {{"My work", "/staff", active == "work"},
             {"Find a case", "/staff/search", active == "search"},
             {"Log a contact", "/staff/new", active == "new"},
             {"Compliments", "/staff/compliments", false}};
    if (ctx.options.learning) p.nav.push_back({"Learning action plan", "/staff/learning", active == "learning"});
    if (!maySeeAny(v.who())) p.nav.clear();  // the system administrator: no case pages
    if (allowed(v.who(), Permission::kAdminister))
      p.nav.push_back({"Administration", "/staff/admin", active == "admin"});
  } else {
    const i18n::Lang lang = visitLanguage(ctx, v);
    p.nav = {{tr(lang, "nav_your_cases"), "/portal", active == "cases"},
             {tr(lang, "nav_contact_us"), "/portal/new", active == "new"}};
    p.lang = std::string(i18n::code(lang));
    p.switch_path = v.req.path;
  }
  return renderPage(p);
}

http::Response problemPage(const Ctx& ctx, const Visit& v, int status, const std::string& title,
                           const std::string& message) {
  std::string body = renderTemplate(
      "pages/problem_home", {{"heading", title}, {"message", message}, {"home", homeFor(v.who())}});
  return htmlResponse(status, page(ctx, v, title, body));
}

ErrorPageText errorPageText(const Error& e) {
  switch (e.kind) {
    case ErrorKind::kUnauthenticated: return {401, "Sign in"};
    case ErrorKind::kForbidden: return {403, "You cannot do this"};
    case ErrorKind::kNotFound: return {404, "Page not found"};
    case ErrorKind::kConflict: return {409, "There is a problem"};
    case ErrorKind::kInvalid: return {422, "There is a problem"};
    case ErrorKind::kUnavailable: return {503, "Sorry, there is a problem with the service"};
    case ErrorKind::kInternal: break;
  }
  return {500, "Sorry, there is a problem with the service"};
}

int statusFor(const Error& e) { return errorPageText(e).status; }

http::Response errorPage(const Ctx& ctx, const Visit& v, const Error& e) {
  if (isUnauthenticated(e)) return toSignIn(v.req);
  const ErrorPageText text = errorPageText(e);
  return problemPage(ctx, v, text.status, text.title, e.message);
}

namespace {

http::Response tooManyAttempts(Ctx& ctx, const std::string& username, const std::string& next,
                               std::chrono::seconds wait, const std::string& token) {
  FormErrors errors;
  const long long seconds = std::max<long long>(1, wait.count());
  errors.add("username", fmt::format("Too many failed sign-ins. Wait {} second{} and try again.",
                                     seconds, seconds == 1 ? "" : "s"));
  auto r = signInPage(ctx, username, next, errors, 429, token);
  r.headers.emplace_back("Retry-After", std::to_string(seconds));
  return r;
}

// POST /sign-in: the address's throttle and the body's size are checked before the form is read.
http::Response signInPost(Ctx& ctx, const http::Request& req) {
  const std::string cookie = http::cookie(req, kSignInCookie);
  const std::string token = wellFormedToken(cookie) ? cookie : randomToken();
  if (auto wait = ctx.accounts.signInWait(req.remote_address); wait.count() > 0) {
    return tooManyAttempts(ctx, "", "/", wait, token);
  }
  if (req.body.size() > kSignInBodyLimit) return errorPageFor(ctx.options, req, 413, "", "/");
  auto form = Form::parse(req.body);
  if (!form) return errorPageFor(ctx.options, req, 400, "", "/");
  std::string username = form->get("username"), next = safeNext(form->get("next"));
  FormErrors errors;
  if (!wellFormedToken(cookie) || !sameSecret(form->get("signin_token"), cookie)) {
    // Not from our own sign-in page (or it was opened long ago): a fresh form, nothing tried.
    errors.add("username", "The sign-in form had expired or did not come from this service. "
                           "Sign in again.");
    return signInPage(ctx, username, next, errors, 403, randomToken());
  }
  if (username.empty()) errors.add("username", "Enter your email address or staff ID");
  if (form->get("password").empty()) errors.add("password", "Enter your password");
  if (!errors.empty()) return signInPage(ctx, username, next, errors, 422, cookie);
  auto s = ctx.accounts.signIn(ctx.options.landlord_slug, username, form->get("password"),
                               req.remote_address);
  if (!s && s.error().rule == "rate-limited") {
    return tooManyAttempts(ctx, username, next,
                           ctx.accounts.signInWait(req.remote_address, ctx.options.landlord_slug, username),
                           cookie);
  }
  if (!s) {
    // Never say which of the two was wrong, nor whether the account exists.
    errors.add("username", "Enter a correct email address or staff ID and password");
    return signInPage(ctx, username, next, errors, 422, cookie);
  }
  auto r = redirect(next == "/" ? homeFor(s->principal) : next);
  r.headers.emplace_back("Set-Cookie", http::sessionCookie(s->token));
  return r;
}

}  // namespace

void addRoutes(http::Router& router, AuthorisedCases& cases, AccountService& accounts,
               const WebOptions& options) {
  if (auto used = usePageTemplateFolder(options.page_templates_dir); !used)
    throw std::runtime_error(used.error().message);
  // One context for the server's life (the router's handlers refer to it).
  auto* ctx = new Ctx{cases, accounts, options, LetterTemplates(options.letter_template_dirs)};
  setServiceName(options.landlord_name);
  // The router's and server's own errors on a page route (404, 405, 413, ...) are pages.
  router.setErrorPages([ctx](const http::Request& req, int status, std::string_view reason) {
    auto s = sessionOf(ctx->accounts, req);
    return errorPageFor(ctx->options, req, status, status == 403 ? reason : "",
                        s ? homeFor(s->principal) : "/");
  });

  addPublicRoutes(router, *ctx);
  router.add("GET", "/sign-in", [ctx](const http::Request& req) {
    return signInPage(*ctx, "", safeNext(req.queryParam("next")), {}, 200, signInToken(req));
  });
  router.add("POST", "/sign-in", [ctx](const http::Request& req) { return signInPost(*ctx, req); });
  router.add("POST", "/sign-out", guarded(*ctx, Audience::kAnyone, [](Ctx& c, Visit& v) {
               c.accounts.signOut(v.session.token);
               auto r = redirect("/sign-in");
               r.headers.emplace_back("Set-Cookie", http::sessionCookie("", true));
               return r;
             }));
  // A folder, a missing file or a bad name under /assets is the not-found page.
  router.add("GET", "/assets/{file}", [ctx](const http::Request& req) {
    auto r = http::serveAsset(ctx->options.assets_dir, "", req.params.at("file"));
    return r.status == 404 ? errorPageFor(ctx->options, req, 404, "", "/") : r;
  });
  router.add("GET", "/assets/{dir}/{file}", [ctx](const http::Request& req) {
    auto r = http::serveAsset(ctx->options.assets_dir, req.params.at("dir"), req.params.at("file"));
    return r.status == 404 ? errorPageFor(ctx->options, req, 404, "", "/") : r;
  });
  addStaffRoutes(router, *ctx);
  if (options.learning) addLearningPages(router, *ctx, *options.learning);  // web/aftercare.h
  addPortalRoutes(router, *ctx);
  addSurveyPages(router, *ctx);  // web/survey_pages.h
  if (options.mail) addMailPages(router, *ctx, *options.mail);  // web/mail_pages.h
}

namespace {
// Where an installed charter keeps its data: /usr/bin/charter -> /usr/share/charter (the Debian
// package, packaging/CMakeLists.txt).
std::filesystem::path installedData(const std::filesystem::path& executable) {
  return std::filesystem::absolute(executable).parent_path().parent_path() / "share" / "charter";
}
}  // namespace

std::filesystem::path defaultLetterTemplates(const std::filesystem::path& executable) {
  for (auto dir = std::filesystem::absolute(executable).parent_path(); !dir.empty();
       dir = dir.parent_path()) {
    if (std::filesystem::exists(dir / "templates" / "letters" / "acknowledgement.mustache"))
      return dir / "templates" / "letters";
    if (dir == dir.parent_path()) break;
  }
  auto installed = installedData(executable) / "templates" / "letters";
  if (std::filesystem::exists(installed / "acknowledgement.mustache")) return installed;
  return "templates/letters";
}

std::filesystem::path defaultAssets(const std::filesystem::path& executable) {
  auto dir = std::filesystem::absolute(executable).parent_path();
  if (std::filesystem::exists(dir / "assets" / "govuk-frontend.min.css")) return dir / "assets";
  auto installed = installedData(executable) / "assets";
  if (std::filesystem::exists(installed / "govuk-frontend.min.css")) return installed;
  return dir / "assets";
}

}  // namespace charter::web
