// Requests that come through a reverse proxy (packaging/nginx/charter.conf): who the client is,
// which scheme it used and which host it asked for, as the proxy saw them.
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
// Threading: immutable after construction; apply() from any thread.
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

  // REQUIRES: request.peer_address and request.scheme set from the connection. When the peer
  // is trusted, sets remote_address, scheme and the host header from the forwarded headers as
  // above; otherwise leaves the request as it is (remote_address = peer_address).
  void apply(Request& request) const;

 private:
  struct Network {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4
    bool v4 = true;
    int prefix = 0;
  };
  static bool parse(std::string_view spec, Network& out);
  std::vector<Network> networks_;
};

}  // namespace charter::http
