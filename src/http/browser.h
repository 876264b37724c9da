// What the server does for browsers, in one place for the JSON API and the pages: cookies and
// the session cookie, refusing cross-site writes, keeping signed-in answers out of caches, and
// the one rule for a local path to return to after signing in.
//
// The router applies `refuseCrossSite` and `keepPrivate` to every route (router.cc), so no
// route can forget them. Who a session belongs to, and the CSRF token rule, are app's
// (app/accounts.h `identify`); this file only reads and writes the headers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/server.h"

namespace charter::http {

// The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure once setSecureCookies(true).
inline constexpr std::string_view kSessionCookie = "charter_session";

// Every cookie this server sets carries Secure from then on (the composition root calls it
// when serving TLS). Process-wide; set before serving.
void setSecureCookies(bool secure);
bool secureCookies();

struct CookieOptions {
  std::string_view path = "/";
  std::string_view same_site = "Lax";  // "Lax" or "Strict"
  bool clear = false;                  // expire it now (Max-Age=0)
};
// A Set-Cookie value: always HttpOnly; Secure per setSecureCookies.
std::string setCookie(std::string_view name, std::string_view value, const CookieOptions& options = {});
// The session cookie's Set-Cookie value (clear: sign-out).
std::string sessionCookie(std::string_view token, bool clear = false);

// The value of cookie `name` in the request's Cookie header, "" when absent.
std::string cookie(const Request& request, std::string_view name);

// The request may change something: any method but GET, HEAD and OPTIONS.
bool isWrite(const Request& request);

// True when a browser says the request comes from another site: an Origin header that is not
// this server's own (scheme-less host[:port] against the Host header; "null" is foreign), or
// Sec-Fetch-Site: cross-site.
bool crossSite(const Request& request);
// The 403 for a cross-site write (JSON, or a short HTML page when the client accepts HTML);
// nullopt for reads and same-site requests.
std::optional<Response> refuseCrossSite(const Request& request);

// A request that carries credentials (Authorization or a session cookie) is answered with
// Cache-Control: no-store unless its handler chose a Cache-Control itself.
void keepPrivate(const Request& request, Response& response);

// True for a same-origin path to send a browser to: one leading '/', not "//" nor "/\", and no
// control character, whitespace or backslash, neither raw nor percent-encoded in the path
// (the query may encode what it likes), and a valid percent-encoding.
bool safeLocalPath(std::string_view target);

}  // namespace charter::http
