#include "api/api_auth.h"

#include <atomic>

#include <spdlog/spdlog.h>

#include "app/authz.h"

namespace charter::api {
namespace {

http::Response unauthorised(std::string_view message) {
  http::Response r = http::jsonError(401, "", "unauthenticated", message);
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"charter\"");
  return r;
}

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

http::Response errorFor(const Error& e, const http::Request& request) {
  if (isUnauthenticated(e)) return unauthorised(e.message);
  if (isForbidden(e)) return http::jsonError(403, e.field, "forbidden", e.message);
  int status = 500;
  switch (e.kind) {
    case ErrorKind::kInvalid: status = 422; break;
    case ErrorKind::kConflict: status = 409; break;
    case ErrorKind::kNotFound: status = 404; break;
    case ErrorKind::kUnavailable: status = 503; break;
    case ErrorKind::kInternal: status = 500; break;
  }
  if (status >= 500) {
    spdlog::error("request {} {} {}: {} ({})", request.request_id, request.method, request.path,
                  e.message, e.rule);
  }
  if (status == 500) {
    return http::jsonError(500, "", "internal",
                           "Something went wrong on our side. Quote request id " +
                               request.request_id + " if you report it.");
  }
  http::Response r = http::jsonError(status, e.field, e.rule.empty() ? "invalid" : e.rule, e.message);
  if (status == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

}  // namespace charter::api
