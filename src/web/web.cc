#include "web/web.h"

#include <sys/random.h>

#include <stdexcept>

#include <fmt/format.h>

#include "http/assets.h"
#include "web/aftercare.h"
#include "web/internal.h"
#include "web/templates.h"

namespace charter::web {
namespace {

constexpr std::string_view kCookie = "charter_session";
// Login CSRF: the sign-in form carries a token that must match this pre-session cookie, so
// another site cannot sign a visitor in to an account of its choosing.
constexpr std::string_view kSignInCookie = "charter_signin";

std::string cookieValue(const http::Request& req, std::string_view name) {
  std::string header = req.header("cookie");
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    pos = end + 1;
  }
  return {};
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string sessionCookie(const WebOptions& o, const std::string& value, bool clear) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Lax{}{}", kCookie, value,
                     o.secure_cookies ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

// 32 random bytes from the kernel's CSPRNG, as hex.
std::string randomHex() {
  unsigned char raw[32];
  std::size_t got = 0;
  while (got < sizeof raw) {
    ssize_t n = ::getrandom(raw + got, sizeof raw - got, 0);
    if (n > 0) got += static_cast<std::size_t>(n);
  }
  std::string out;
  for (unsigned char c : raw) out += fmt::format("{:02x}", c);
  return out;
}

bool wellFormedToken(std::string_view t) {
  if (t.size() != 64) return false;
  for (char c : t)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string signInCookie(const WebOptions& o, const std::string& value, bool clear) {
  return fmt::format("{}={}; Path=/sign-in; HttpOnly; SameSite=Strict{}{}", kSignInCookie, value,
                     o.secure_cookies ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

// Only a local path may be a place to come back to (never "//host" or "https://...").
std::string safeNext(const std::string& next) {
  if (next.size() > 1 && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
      next.find("://") == std::string::npos)
    return next;
  return "/";
}

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

std::string homeFor(const Principal& p) { return p.isStaff() ? "/staff" : "/portal"; }

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
  r.headers.emplace_back("Set-Cookie", signInCookie(ctx.options, token, false));
  return r;
}

// The visitor's login-CSRF token, or a new one.
std::string signInToken(const http::Request& req) {
  std::string t = cookieValue(req, kSignInCookie);
  return wellFormedToken(t) ? t : randomHex();
}

}  // namespace

std::optional<Session> sessionOf(AccountService& accounts, const http::Request& request) {
  const std::string token = cookieValue(request, kCookie);
  if (token.empty()) return std::nullopt;
  auto s = accounts.session(token);
  if (!s) return std::nullopt;
  return std::move(*s);
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

http::Handler guarded(Ctx& ctx, Audience audience, PageHandler handler) {
  return [&ctx, audience, handler = std::move(handler)](const http::Request& req) {
    std::string token = cookieValue(req, kCookie);
    std::optional<Session> session;
    if (!token.empty()) {
      if (auto s = ctx.accounts.session(token)) session = std::move(*s);
    }
    if (!session) {
      if (req.method != "GET") return htmlResponse(403, "Your session has ended. Sign in again.");
      return redirect("/sign-in?next=" + urlEncode(safeNext(req.target)));
    }
    const Principal& who = session->principal;
    if (audience == Audience::kStaff && !who.isStaff()) return redirect(homeFor(who));
    if (audience == Audience::kResident && who.isStaff()) return redirect(homeFor(who));
    Form form;
    if (req.method == "POST") {
      auto parsed = Form::parse(req.body);
      if (!parsed) return htmlResponse(400, "The form could not be read.");
      form = std::move(*parsed);
      if (!constantTimeEquals(form.get("csrf_token"), session->csrf_token)) {
        Visit v{req, *session, {}};
        return problemPage(ctx, v, 403, "This form has expired",
                           "The form you sent was out of date or did not come from this "
                           "service. Go back, reload the page and try again.");
      }
    }
    Visit visit{req, std::move(*session), std::move(form)};
    return handler(ctx, visit);
  };
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
             {"Log a contact", "/staff/new", active == "new"}};
    if (ctx.options.learning) p.nav.push_back({"Learning action plan", "/staff/learning", active == "learning"});
  } else {
    p.nav = {{"Your cases", "/portal", active == "cases"},
             {"Contact us", "/portal/new", active == "new"}};
  }
  return renderPage(p);
}

http::Response problemPage(const Ctx& ctx, const Visit& v, int status, const std::string& title,
                           const std::string& message) {
  std::string body = renderTemplate(
      "pages/problem_home", {{"heading", title}, {"message", message}, {"home", homeFor(v.who())}});
  return htmlResponse(status, page(ctx, v, title, body));
}

int statusFor(const Error& e) {
  switch (e.kind) {
    case ErrorKind::kInvalid: return 422;
    case ErrorKind::kConflict: return e.rule == "forbidden" ? 403 : 409;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kUnavailable: return 503;
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

http::Response errorPage(const Ctx& ctx, const Visit& v, const Error& e) {
  int status = statusFor(e);
  std::string title = status == 404   ? "Page not found"
                      : status == 403 ? "You cannot do this"
                      : status >= 500 ? "Sorry, there is a problem with the service"
                                      : "There is a problem";
  return problemPage(ctx, v, status, title, e.message);
}

void addRoutes(http::Router& router, CaseAccess& cases, AccountService& accounts,
               const WebOptions& options) {
  if (auto used = usePageTemplateFolder(options.page_templates_dir); !used)
    throw std::runtime_error(used.error().message);
  // One context for the server's life (the router's handlers refer to it).
  auto* ctx = new Ctx{cases, accounts, options, LetterTemplates(options.letter_template_dirs)};

  router.add("GET", "/", [ctx](const http::Request& req) {
    std::string token = cookieValue(req, kCookie);
    if (!token.empty()) {
      if (auto s = ctx->accounts.session(token)) return redirect(homeFor(s->principal));
    }
    return redirect("/sign-in");
  });
  router.add("GET", "/sign-in", [ctx](const http::Request& req) {
    return signInPage(*ctx, "", safeNext(req.queryParam("next")), {}, 200, signInToken(req));
  });
  router.add("POST", "/sign-in", [ctx](const http::Request& req) {
    auto form = Form::parse(req.body);
    if (!form) return htmlResponse(400, "The form could not be read.");
    std::string username = form->get("username"), next = safeNext(form->get("next"));
    FormErrors errors;
    const std::string cookie = cookieValue(req, kSignInCookie);
    if (!wellFormedToken(cookie) || !constantTimeEquals(form->get("signin_token"), cookie)) {
      // Not from our own sign-in page (or it was opened long ago): a fresh form, nothing tried.
      errors.add("username", "The sign-in form had expired or did not come from this service. "
                             "Sign in again.");
      return signInPage(*ctx, username, next, errors, 403, randomHex());
    }
    if (username.empty()) errors.add("username", "Enter your email address or staff ID");
    if (form->get("password").empty()) errors.add("password", "Enter your password");
    if (!errors.empty()) return signInPage(*ctx, username, next, errors, 422, cookie);
    auto s = ctx->accounts.signIn(ctx->options.landlord_slug, username, form->get("password"),
                                  req.remote_address);
    if (!s) {
      // Never say which of the two was wrong.
      errors.add("username", s.error().rule == "locked"
                                 ? s.error().message
                                 : "Enter a correct email address or staff ID and password");
      return signInPage(*ctx, username, next, errors, s.error().rule == "locked" ? 409 : 422,
                        cookie);
    }
    std::string to = next == "/" ? homeFor(s->principal) : next;
    auto r = redirect(to);
    r.headers.emplace_back("Set-Cookie", sessionCookie(ctx->options, s->token, false));
    return r;
  });
  router.add("POST", "/sign-out", guarded(*ctx, Audience::kAnyone, [](Ctx& c, Visit& v) {
               c.accounts.signOut(cookieValue(v.req, kCookie));
               auto r = redirect("/sign-in");
               r.headers.emplace_back("Set-Cookie", sessionCookie(c.options, "", true));
               return r;
             }));
  router.add("GET", "/assets/{file}", [ctx](const http::Request& req) {
    return http::serveAsset(ctx->options.assets_dir, "", req.params.at("file"));
  });
  router.add("GET", "/assets/{dir}/{file}", [ctx](const http::Request& req) {
    return http::serveAsset(ctx->options.assets_dir, req.params.at("dir"), req.params.at("file"));
  });
  addStaffRoutes(router, *ctx);
  if (options.learning) addLearningPages(router, *ctx, *options.learning);  // web/aftercare.h
  addPortalRoutes(router, *ctx);
}

std::filesystem::path defaultLetterTemplates(const std::filesystem::path& executable) {
  for (auto dir = std::filesystem::absolute(executable).parent_path(); !dir.empty();
       dir = dir.parent_path()) {
    if (std::filesystem::exists(dir / "templates" / "letters" / "acknowledgement.mustache"))
      return dir / "templates" / "letters";
    if (dir == dir.parent_path()) break;
  }
  return "templates/letters";
}

std::filesystem::path defaultAssets(const std::filesystem::path& executable) {
  auto dir = std::filesystem::absolute(executable).parent_path();
  if (std::filesystem::exists(dir / "assets" / "govuk-frontend.min.css")) return dir / "assets";
  return dir / "assets";
}

}  // namespace charter::web
