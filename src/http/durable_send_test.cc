// Durable before send: a handler's registered writes are waited for after it has built its
// response and before a byte is written; a failed one replaces the response.
#include "http/asio.h"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/server.h"
#include "http/server_test_client.h"
#include "util/durable_before_send.h"

namespace charter::http {
namespace {

using namespace test_client;

Error viewLog() {
  return Error{ErrorKind::kUnavailable, "", "view-log", "The view log could not record this read."};
}

// A server whose one route registers `write` (the test resolves it) and answers the record.
class DurableSendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router router;
    router.add("GET", "/api/v1/record", [this](const Request&) {
      EXPECT_TRUE(DurableBeforeSend::open());
      EXPECT_TRUE(DurableBeforeSend::defer(write_, viewLog()));
      built_ = true;
      return jsonResponse(200, nlohmann::json{{"record", "Ada's damp bedroom"}});
    });
    server_ = std::make_unique<Server>(ServerOptions{}, std::move(router));
    port_ = server_->start();
  }
  void TearDown() override { server_->stop(); }

  std::promise<Status> done_;
  PendingStatus write_ = done_.get_future().share();
  std::atomic<bool> built_{false};
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
};

TEST_F(DurableSendTest, TheResponseWaitsForTheWriteToCommit) {
  std::atomic<bool> received{false};
  Reply reply;
  std::thread client([&] {
    reply = call(port_, "GET", "/api/v1/record");
    received = true;
  });
  while (!built_.load()) std::this_thread::yield();
  // The handler has built its response; the write has not committed: nothing is sent.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(received.load());
  done_.set_value(Status{});
  client.join();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json()["record"], "Ada's damp bedroom");
}

TEST_F(DurableSendTest, AFailedWriteIs503NamingItAndTheRecordIsNotSent) {
  done_.set_value(tl::unexpected(Error{ErrorKind::kInternal, "", "internal", "disk I/O error"}));
  Reply reply = call(port_, "GET", "/api/v1/record");
  EXPECT_TRUE(built_.load());
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(reply.json()["error"]["rule"], "view-log");
  EXPECT_NE(reply.body.find("view log"), std::string::npos);
  EXPECT_EQ(reply.body.find("Ada"), std::string::npos);
  EXPECT_EQ(reply.body.find("disk"), std::string::npos);  // the store's words stay in the log
}

TEST(DurableSend, HandlersRunOutsideTheServerHaveNoBarrier) {
  EXPECT_FALSE(DurableBeforeSend::open());
}

}  // namespace
}  // namespace charter::http
