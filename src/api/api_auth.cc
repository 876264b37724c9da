#include "api/api_auth.h"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/errors.h"
#include "app/authz.h"
#include "http/browser.h"

namespace charter::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Credentials credentialsOf(const http::Request& request) {
  Credentials c;
  const std::string header = request.header("authorization");
  std::string_view auth = trim(header);
  if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) {
    c.bearer = std::string(trim(auth.substr(7)));
  }
  c.session = http::cookie(request, http::kSessionCookie);
  c.write = http::isWrite(request);
  c.csrf = request.header("x-csrf-token");
  return c;
}

std::variant<Principal, http::Response> authenticate(const http::Request& request,
                                                     AccountService& accounts) {
  Credentials c = credentialsOf(request);
  if (!request.header("authorization").empty() && c.bearer.empty()) {
    return unauthorised("Send an API token as 'Authorization: Bearer TOKEN'.");
  }
  auto who = identify(accounts, c);
  if (!who) {
    if (isUnauthenticated(who.error()) && !c.bearer.empty()) {
      return unauthorised("The API token is not valid.");
    }
    if (isUnauthenticated(who.error()) && !c.session.empty()) {
      return unauthorised("The session has ended; sign in again.");
    }
    return errorFor(who.error(), request);
  }
  return std::move(who->principal);
}

http::Handler withPrincipal(AccountService& accounts, PrincipalHandler handler) {
  return [&accounts, handler = std::move(handler)](const http::Request& request) {
    auto who = authenticate(request, accounts);
    if (auto* r = std::get_if<http::Response>(&who)) return *r;
    return handler(request, std::get<Principal>(who));
  };
}

namespace {

http::Response tooManyAttempts(std::chrono::seconds wait) {
  http::Response r = http::jsonError(429, "", "rate-limited",
                                     "Too many failed sign-ins. Wait a little and try again.");
  r.headers.emplace_back("Retry-After", std::to_string(std::max<long long>(1, wait.count())));
  return r;
}

// Sign-in for programs that keep a cookie (browsers use the sign-in page): 201 with the CSRF
// token to send as X-CSRF-Token on writes, and the session cookie. The body, a flat JSON object
// of at most 8 KB, is read only once the address may try.
http::Response signIn(AccountService& accounts, const http::Request& request) {
  if (auto wait = accounts.signInWait(request.remote_address); wait.count() > 0) {
    return tooManyAttempts(wait);
  }
  auto parsed = jsonBody(request, {.max_bytes = 8 * 1024, .max_depth = 1});
  if (auto* r = std::get_if<http::Response>(&parsed)) return *r;
  const auto& body = std::get<nlohmann::json>(parsed);
  auto text = [&](const char* key) {
    auto it = body.find(key);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string landlord = text("landlord").empty() ? "demo" : text("landlord");
  auto s = accounts.signIn(landlord, text("username"), text("password"), request.remote_address);
  if (!s) {
    if (s.error().rule == "rate-limited") {
      return tooManyAttempts(accounts.signInWait(request.remote_address, landlord, text("username")));
    }
    if (s.error().rule == "sign-in") return http::jsonError(401, "password", "sign-in", s.error().message);
    return errorFor(s.error(), request);
  }
  http::Response r = http::jsonResponse(201, nlohmann::json{{"csrf_token", s->csrf_token},
                                                           {"expires", formatInstant(s->expires)},
                                                           {"role", std::string(slug(s->principal.role))}});
  r.headers.emplace_back("Set-Cookie", http::sessionCookie(s->token));
  return r;
}

http::Response signOut(AccountService& accounts, const http::Request& request) {
  std::string token = http::cookie(request, http::kSessionCookie);
  if (!token.empty()) {
    auto who = authenticate(request, accounts);  // a sign-out is a write: CSRF applies
    if (auto* r = std::get_if<http::Response>(&who)) return *r;
    if (auto s = accounts.signOut(token); !s) return errorFor(s.error(), request);
  }
  http::Response r;
  r.status = 204;
  r.headers.emplace_back("Set-Cookie", http::sessionCookie("", true));
  return r;
}

}  // namespace

void addSessionRoutes(http::Router& router, AccountService& accounts) {
  router.add("POST", "/api/v1/session",
             [&accounts](const http::Request& request) { return signIn(accounts, request); });
  router.add("DELETE", "/api/v1/session",
             [&accounts](const http::Request& request) { return signOut(accounts, request); });
}
}  // namespace charter::api
