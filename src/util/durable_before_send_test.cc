#include "util/durable_before_send.h"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace charter {
namespace {

Error viewLog() { return Error{ErrorKind::kUnavailable, "", "view-log", "the view log failed"}; }
Status failed() { return internalError("disk full"); }

TEST(DurableBeforeSend, OutsideABarrierDeferWaitsAtOnce) {
  ASSERT_FALSE(DurableBeforeSend::open());
  std::promise<Status> done;
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    done.set_value(Status{});
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(DurableBeforeSend::defer(done.get_future().share(), viewLog()));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(40));
  writer.join();
  auto bad = DurableBeforeSend::defer(resolvedStatus(failed()), viewLog());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().rule, "view-log");  // the error given, not the store's
}

TEST(DurableBeforeSend, InsideABarrierDeferReturnsAndWaitWaits) {
  DurableBeforeSend barrier;
  std::promise<Status> done;
  auto pending = done.get_future().share();
  EXPECT_TRUE(DurableBeforeSend::defer(pending, viewLog()));  // returns though unresolved
  EXPECT_EQ(pending.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  std::thread writer([&] { done.set_value(Status{}); });
  EXPECT_TRUE(barrier.wait());
  EXPECT_EQ(pending.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  writer.join();
}

TEST(DurableBeforeSend, AFailedWriteFailsTheBarrierWithItsError) {
  DurableBeforeSend barrier;
  EXPECT_TRUE(DurableBeforeSend::defer(resolvedStatus(Status{}), viewLog()));
  EXPECT_TRUE(DurableBeforeSend::defer(resolvedStatus(failed()), viewLog()));
  auto s = barrier.wait();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(s.error().rule, "view-log");
  EXPECT_TRUE(barrier.wait());  // emptied
}

TEST(DurableBeforeSend, BarriersNestAndCloseWithTheirScope) {
  {
    DurableBeforeSend outer;
    {
      DurableBeforeSend inner;
      EXPECT_TRUE(DurableBeforeSend::defer(resolvedStatus(failed()), viewLog()));
      EXPECT_FALSE(inner.wait());
    }
    EXPECT_TRUE(DurableBeforeSend::open());
    EXPECT_TRUE(outer.wait());  // the inner barrier's write was not the outer's
  }
  EXPECT_FALSE(DurableBeforeSend::open());
}

}  // namespace
}  // namespace charter
