#include "app/sign_in_throttle.h"

#include <algorithm>
#include <vector>

namespace charter {

std::chrono::milliseconds SignInThrottle::delayAfter(int failures) const {
  const int over = failures - options_.free_failures;
  if (over <= 0) return std::chrono::milliseconds(0);
  std::chrono::milliseconds d = options_.first_delay;
  for (int i = 1; i < over && d < options_.max_delay; ++i) d *= 2;
  return std::min(d, options_.max_delay);
}

std::chrono::milliseconds SignInThrottle::waitLocked(const Entry& e, Instant now) const {
  if (now - e.last >= options_.forget_after) return std::chrono::milliseconds(0);
  const Instant until = e.last + delayAfter(e.failures);
  return until > now ? std::chrono::duration_cast<std::chrono::milliseconds>(until - now)
                     : std::chrono::milliseconds(0);
}

std::chrono::milliseconds SignInThrottle::wait(std::string_view key, Instant now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  return it == entries_.end() ? std::chrono::milliseconds(0) : waitLocked(it->second, now);
}

std::chrono::milliseconds SignInThrottle::failed(std::string_view key, Instant now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= options_.max_keys) pruneLocked(now);
    it = entries_.emplace(std::string(key), Entry{}).first;
  }
  Entry& e = it->second;
  if (now - e.last >= options_.forget_after) e.failures = 0;
  ++e.failures;
  e.last = now;
  return waitLocked(e, now);
}

void SignInThrottle::succeeded(std::string_view key) {
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end()) entries_.erase(it);
}

void SignInThrottle::pruneLocked(Instant now) {
  std::erase_if(entries_, [&](const auto& kv) { return now - kv.second.last >= options_.forget_after; });
  if (entries_.size() < options_.max_keys) return;
  // Still full of live keys: drop the older half (by last failure).
  std::vector<Instant> times;
  times.reserve(entries_.size());
  for (const auto& [k, e] : entries_) times.push_back(e.last);
  auto mid = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
  std::nth_element(times.begin(), mid, times.end());
  const Instant cut = *mid;
  std::erase_if(entries_, [&](const auto& kv) { return kv.second.last <= cut; });
}

}  // namespace charter
