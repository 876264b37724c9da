// SignInThrottle: growing delays after repeated failed sign-ins, for one kind of key (an
// account name, a remote address).
//
// A key may fail `free_failures` times in a row without waiting; each failure after that makes
// it wait first_delay, then twice that, and so on up to max_delay, counted from its last
// failure. A success forgets the key; so does `forget_after` without a failure. Nothing else
// resets the count: a wait running out does not (the next failure waits longer still).
//
// The key is whatever the caller names: for accounts the landlord and username as typed, so an
// unknown username is throttled exactly as a known one is and the answers do not say which
// exists. Time is passed in (the caller's TimeSource), so tests are deterministic.
//
// Memory: at most max_keys keys; past that, keys whose failures are forgotten are dropped, and
// if that is not enough the oldest half is. Thread-safe (one mutex; O(log n) a call).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "util/time.h"

namespace charter {

struct ThrottleOptions {
  int free_failures = 3;
  std::chrono::milliseconds first_delay = std::chrono::seconds(1);
  std::chrono::milliseconds max_delay = std::chrono::minutes(15);
  std::chrono::milliseconds forget_after = std::chrono::hours(1);
  std::size_t max_keys = 100000;
};

class SignInThrottle {
 public:
  explicit SignInThrottle(ThrottleOptions options) : options_(options) {}

  // How long `key` must still wait before its next attempt (zero: it may try now).
  std::chrono::milliseconds wait(std::string_view key, Instant now);
  // Records a failure; answers the wait it now owes.
  std::chrono::milliseconds failed(std::string_view key, Instant now);
  void succeeded(std::string_view key);

 private:
  struct Entry {
    int failures = 0;
    Instant last{};
  };
  std::chrono::milliseconds delayAfter(int failures) const;
  std::chrono::milliseconds waitLocked(const Entry& e, Instant now) const;
  void pruneLocked(Instant now);

  ThrottleOptions options_;
  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace charter
