#include "http/connection_limits.h"

#include <utility>

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

std::optional<ConnectionLimits::Slot> ConnectionLimits::admit(const std::string& address) {
  std::lock_guard lock(mu_);
  if (total_ >= max_total_) return std::nullopt;
  auto it = per_address_.find(address);
  const std::size_t held = it == per_address_.end() ? 0 : it->second;
  if (held >= max_per_address_) return std::nullopt;
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

}  // namespace charter::http
