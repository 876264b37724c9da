// Who is asking, for the JSON API (and any other routes that want the same rule): an API token
// in `Authorization: Bearer TOKEN`, or a signed-in session's cookie. A write (POST, PUT, PATCH,
// DELETE) made with the cookie must carry the session's CSRF token in X-CSRF-Token; a bearer
// token needs none (browsers never send it by themselves).
//
//   router.add("GET", "/api/v1/thing", api::withPrincipal(accounts,
//       [](const http::Request& r, const Principal& who) { ... }));
//
// No credentials, or a wrong or expired one: 401 with WWW-Authenticate. Errors a handler
// returns map through the API's one mapping (api/errors.h).
#pragma once

#include <functional>
#include <variant>

#include "api/errors.h"
#include "app/accounts.h"
#include "http/server.h"

namespace charter::api {

inline constexpr std::string_view kSessionCookie = "charter_session";

// The principal, or the 401/403 response to send.
std::variant<Principal, http::Response> authenticate(const http::Request& request,
                                                     AccountService& accounts);

using PrincipalHandler = std::function<http::Response(const http::Request&, const Principal&)>;
http::Handler withPrincipal(AccountService& accounts, PrincipalHandler handler);

// The session cookie's Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, and Secure once
// setSecureCookies(true) (the composition root calls it when serving TLS). `clear` expires it.
std::string sessionCookie(std::string_view token, bool clear);
void setSecureCookies(bool secure);

// The value of cookie `name` in the request's Cookie header, "" when absent.
std::string cookie(const http::Request& request, std::string_view name);

}  // namespace charter::api
