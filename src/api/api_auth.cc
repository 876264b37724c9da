#include "api/api_auth.h"

#include <atomic>

#include "api/errors.h"
#include "app/authz.h"

namespace charter::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::atomic<bool> secure_cookies{false};

}  // namespace

void setSecureCookies(bool secure) { secure_cookies = secure; }

std::string sessionCookie(std::string_view token, bool clear) {
  std::string c = std::string(kSessionCookie) + "=" + std::string(token) +
                  "; Path=/; HttpOnly; SameSite=Lax";
  if (secure_cookies) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

std::string cookie(const http::Request& request, std::string_view name) {
  std::string header = request.header("cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    auto end = rest.find(';');
    std::string_view part = trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && trim(part.substr(0, eq)) == name) {
      return std::string(trim(part.substr(eq + 1)));
    }
  }
  return {};
}

std::variant<Principal, http::Response> authenticate(const http::Request& request,
                                                     AccountService& accounts) {
  std::string auth = request.header("authorization");
  if (!auth.empty()) {
    std::string_view v = trim(auth);
    if (v.size() < 7 || (v.substr(0, 7) != "Bearer " && v.substr(0, 7) != "bearer ")) {
      return unauthorised("Send an API token as 'Authorization: Bearer TOKEN'.");
    }
    auto p = accounts.bearer(trim(v.substr(7)));
    if (!p) {
      if (p.error().kind == ErrorKind::kInternal || p.error().kind == ErrorKind::kUnavailable) {
        return errorFor(p.error(), request);
      }
      return unauthorised("The API token is not valid.");
    }
    return *p;
  }
  std::string token = cookie(request, kSessionCookie);
  if (!token.empty()) {
    auto s = accounts.session(token);
    if (!s) {
      if (s.error().kind == ErrorKind::kInternal || s.error().kind == ErrorKind::kUnavailable) {
        return errorFor(s.error(), request);
      }
      return unauthorised("The session has ended; sign in again.");
    }
    if (request.method != "GET" && request.method != "HEAD" &&
        !csrfMatches(*s, request.header("x-csrf-token"))) {
      return http::jsonError(403, "X-CSRF-Token", "csrf",
                             "A change made with a session cookie must send the session's CSRF "
                             "token in X-CSRF-Token.");
    }
    return s->principal;
  }
  return unauthorised("Sign in, or send an API token as 'Authorization: Bearer TOKEN'.");
}

http::Handler withPrincipal(AccountService& accounts, PrincipalHandler handler) {
  return [&accounts, handler = std::move(handler)](const http::Request& request) {
    auto who = authenticate(request, accounts);
    if (auto* r = std::get_if<http::Response>(&who)) return *r;
    return handler(request, std::get<Principal>(who));
  };
}

}  // namespace charter::api
