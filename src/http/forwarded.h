// Behind a reverse proxy (packaging/nginx/charter.conf): who the client is, which scheme it
// used and which host it asked for, as the proxy saw them; and draining before a shutdown.
//
// The proxy's X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host are believed only on a
// connection from an address the operator named (`charter serve --trusted-proxy`). From any
// other peer they are ignored, so a client cannot pose as another address (to slip the sign-in
// throttle, or forge the access log) nor claim https.
//
// What is read, when the peer is trusted:
//   - the client's address: X-Forwarded-For read from the right (each proxy appends the
//     address it saw); the first entry that is not itself a trusted proxy is the client. An
//     entry that is not an IP address ends the walk at the nearest trusted hop.
//   - the scheme: the last value of X-Forwarded-Proto, "http" or "https" (else the
//     connection's own).
//   - the host: X-Forwarded-Host (its last value) replaces Host, for the same-origin check
//     (browser.h crossSite), when it is a plain host[:port].
//
// Cost: a few address parses per request; nothing when no proxy is trusted.
// Threading: a TrustedProxies is immutable after construction; apply() from any thread. The
// process-wide settings below are set before serving (setTrustedProxies) or are atomic
// (draining).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/server.h"

namespace charter::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts nobody
  // Each spec an address ("10.0.0.5", "::1") or a network ("10.0.0.0/8", "fd00::/8").
  // Throws std::invalid_argument naming the first bad one.
  explicit TrustedProxies(const std::vector<std::string>& specs);

  // "" when `spec` is an address or network, else why not (for the command line).
  static std::string check(std::string_view spec);

  bool empty() const { return networks_.empty(); }
  // True when `address` (textual; an IPv4-mapped IPv6 address counts as IPv4) is in one of
  // the networks.
  bool trusts(std::string_view address) const;

  // The request as read from the connection with `peer` (TLS or not): when the peer is
  // trusted, sets remote_address and the host header from the forwarded headers as above;
  // otherwise leaves them (remote_address = peer). Answers the client's scheme, "https" or
  // "http".
  std::string apply(Request& request, std::string_view peer, bool tls) const;

 private:
  struct Network {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4
    bool v4 = true;
    int prefix = 0;
  };
  static bool parse(std::string_view spec, Network& out);
  std::vector<Network> networks_;
};

// The proxies every Server made from now on trusts (ServerOptions knows nothing of them).
// Process-wide, like setSecureCookies: set once, before the servers are made.
void setTrustedProxies(TrustedProxies proxies);
const TrustedProxies& trustedProxies();

// A graceful shutdown behind a load balancer: once draining, every Server of the process still
// answers, but each answer closes its connection (Connection: close), so a proxy's kept-alive
// connections end and its next requests open new ones, which go to another process once the
// listener has closed (Server::stop). Readiness reports it (api/health_api.h). Process-wide.
void setDraining(bool on);
bool draining();

// Every Set-Cookie of `response` carries Secure when the client's scheme is https (the
// server's own TLS, or a trusted proxy's X-Forwarded-Proto), so a cookie set behind a
// TLS-terminating proxy is never sent back in clear. The server applies it to every answer.
void secureOverHttps(std::string_view scheme, Response& response);

}  // namespace charter::http
