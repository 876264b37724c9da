// Who is asking, for the JSON API: the HTTP side of app's `identify` (app/accounts.h). An API
// token in `Authorization: Bearer TOKEN`, or the session cookie (http/browser.h); a write made
// with the cookie must carry the session's CSRF token in X-CSRF-Token.
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

// The credentials the request carries (bearer token, session cookie, X-CSRF-Token).
Credentials credentialsOf(const http::Request& request);

// The principal, or the 401/403 response to send.
std::variant<Principal, http::Response> authenticate(const http::Request& request,
                                                     AccountService& accounts);

using PrincipalHandler = std::function<http::Response(const http::Request&, const Principal&)>;
http::Handler withPrincipal(AccountService& accounts, PrincipalHandler handler);

// POST /api/v1/session (sign in: a JSON body of at most 8 KB; 415 for another type; 429 with
// Retry-After while the address or account must wait, checked before the body is read) and
// DELETE /api/v1/session (sign out; a write, so CSRF applies).
void addSessionRoutes(http::Router& router, AccountService& accounts);

}  // namespace charter::api
