// How many connections the server holds open: at most `max_total` in all and `max_per_address`
// from one client address, so one client (or a flood of idle sockets) cannot use up the
// server's file descriptors and memory while others are turned away.
//
// admit() answers a Slot that holds the place until it is destroyed (the connection closed);
// nullopt when either limit is reached, and the caller closes the new connection at once.
// Thread-safe: admitted on the acceptor's strand, released from any connection's strand.
// Cost: O(log addresses) under one mutex per admit and release.
//
// Behind a reverse proxy every connection comes from the proxy's address: a trusted proxy
// (forwarded.h, setTrustedProxies) is admitted with `per_address` false, under max_total
// only; for a proxy that is not trusted, raise max_per_address to its own connection limit.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace charter::http {

class ConnectionLimits {
 public:
  ConnectionLimits(std::size_t max_total, std::size_t max_per_address);
  ConnectionLimits(const ConnectionLimits&) = delete;
  ConnectionLimits& operator=(const ConnectionLimits&) = delete;

  // A held place; releases it when destroyed. Move-only. REQUIRES: the ConnectionLimits
  // outlives it.
  class Slot {
   public:
    Slot(Slot&& other) noexcept;
    Slot& operator=(Slot&& other) noexcept;
    ~Slot();

   private:
    friend class ConnectionLimits;
    Slot(ConnectionLimits* limits, std::string address);
    ConnectionLimits* limits_;
    std::string address_;
  };

  std::optional<Slot> admit(const std::string& address, bool per_address = true);
  std::size_t total() const;
  std::size_t from(const std::string& address) const;

 private:
  void release(const std::string& address);

  const std::size_t max_total_;
  const std::size_t max_per_address_;
  mutable std::mutex mu_;
  std::size_t total_ = 0;
  std::map<std::string, std::size_t, std::less<>> per_address_;
};

// The whole HTTP/1.1 answer to a connection over the limits (a 503 with Retry-After and
// Connection: close, JSON body, the security headers), written as it is accepted.
std::string tooManyConnectionsAnswer();

}  // namespace charter::http
