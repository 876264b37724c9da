// Growing delays after failed sign-ins, on an injected clock.
#include "app/sign_in_throttle.h"

#include <gtest/gtest.h>

namespace charter {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

Instant t0() { return parseInstant("2025-03-24T12:00:00Z").value(); }

TEST(SignInThrottle, FreeFailuresThenDoublingDelaysUpToTheCap) {
  SignInThrottle t({.free_failures = 3, .first_delay = 1s, .max_delay = 8s, .forget_after = 1h});
  Instant now = t0();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(t.failed("k", now), milliseconds(0)) << i;
  EXPECT_EQ(t.failed("k", now), milliseconds(1000));
  EXPECT_EQ(t.wait("k", now + 400ms), milliseconds(600));
  EXPECT_EQ(t.wait("k", now + 1s), milliseconds(0));
  now += 1s;
  EXPECT_EQ(t.failed("k", now), milliseconds(2000));
  now += 2s;
  EXPECT_EQ(t.failed("k", now), milliseconds(4000));
  now += 4s;
  EXPECT_EQ(t.failed("k", now), milliseconds(8000));
  now += 8s;
  EXPECT_EQ(t.failed("k", now), milliseconds(8000));  // capped
  EXPECT_EQ(t.wait("other", now), milliseconds(0));   // keys are apart
}

TEST(SignInThrottle, AWaitRunningOutDoesNotResetTheCount) {
  SignInThrottle t({.free_failures = 1, .first_delay = 1s, .max_delay = 1min, .forget_after = 1h});
  Instant now = t0();
  t.failed("k", now);
  EXPECT_EQ(t.failed("k", now), milliseconds(1000));
  now += 10min;  // long past the wait, within forget_after
  EXPECT_EQ(t.wait("k", now), milliseconds(0));
  EXPECT_EQ(t.failed("k", now), milliseconds(2000));
}

TEST(SignInThrottle, SuccessOrForgetAfterClearsIt) {
  SignInThrottle t({.free_failures = 0, .first_delay = 1s, .max_delay = 1min, .forget_after = 1h});
  Instant now = t0();
  t.failed("k", now);
  EXPECT_GT(t.wait("k", now), milliseconds(0));
  t.succeeded("k");
  EXPECT_EQ(t.wait("k", now), milliseconds(0));
  t.failed("k", now);
  t.failed("k", now + 2s);
  EXPECT_EQ(t.failed("k", now + 1h + 3s), milliseconds(1000));  // forgotten: the first again
}

TEST(SignInThrottle, MemoryIsBounded) {
  SignInThrottle t({.free_failures = 0, .first_delay = 1s, .max_delay = 1min,
                    .forget_after = 1h, .max_keys = 100});
  Instant now = t0();
  for (int i = 0; i < 1000; ++i) t.failed("k" + std::to_string(i), now + milliseconds(i));
  // The newest keys are still held; the oldest went to make room.
  EXPECT_GT(t.wait("k999", now + milliseconds(999)), milliseconds(0));
  EXPECT_EQ(t.wait("k0", now + milliseconds(999)), milliseconds(0));
}

}  // namespace
}  // namespace charter
