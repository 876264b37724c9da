#include "http/connection_limits.h"

#include <utility>

#include <fmt/format.h>

#include "http/server.h"

namespace charter::http {

ConnectionLimits::ConnectionLimits(std::size_t max_total, std::size_t max_per_address)
    : max_total_(max_total), max_per_address_(max_per_address) {}

ConnectionLimits::Slot::Slot(ConnectionLimits* limits, std::string address)
    : limits_(limits), address_(std::move(address)) {}

ConnectionLimits::Slot::Slot(Slot&& other) noexcept
    : limits_(std::exchange(other.limits_, nullptr)), address_(std::move(other.address_)) {}

ConnectionLimits::Slot& ConnectionLimits::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    if (limits_ != nullptr) limits_->release(address_);
    limits_ = std::exchange(other.limits_, nullptr);
    address_ = std::move(other.address_);
  }
  return *this;
}

ConnectionLimits::Slot::~Slot() {
  if (limits_ != nullptr) limits_->release(address_);
}

std::optional<ConnectionLimits::Slot> ConnectionLimits::admit(const std::string& address,
                                                                 bool per_address) {
  std::lock_guard lock(mu_);
  if (total_ >= max_total_) return std::nullopt;
  auto it = per_address_.find(address);
  const std::size_t held = it == per_address_.end() ? 0 : it->second;
  if (per_address && held >= max_per_address_) return std::nullopt;
  ++total_;
  if (it == per_address_.end()) {
    per_address_.emplace(address, 1);
  } else {
    ++it->second;
  }
  return Slot(this, address);
}

void ConnectionLimits::release(const std::string& address) {
  std::lock_guard lock(mu_);
  --total_;
  auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

std::size_t ConnectionLimits::total() const {
  std::lock_guard lock(mu_);
  return total_;
}

std::size_t ConnectionLimits::from(const std::string& address) const {
  std::lock_guard lock(mu_);
  auto it = per_address_.find(address);
  return it == per_address_.end() ? 0 : it->second;
}

std::string tooManyConnectionsAnswer() {
  const std::string body =
      jsonError(503, "connections", "too-many",
                "The server has too many connections open; try again shortly.")
          .body;
  std::string out =
      "HTTP/1.1 503 Service Unavailable\r\nServer: charter\r\nContent-Type: application/json\r\n"
      "Retry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\n";
  for (const auto& [name, value] : securityHeaders(false)) out += name + ": " + value + "\r\n";
  return out + fmt::format("Content-Length: {}\r\n\r\n", body.size()) + body;
}

}  // namespace charter::http
