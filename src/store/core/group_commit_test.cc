// The group commit's order of work with jobs that defer themselves (deferJob): a dialect that
// records its hooks (the SQL each store runs for them is the stores' conformance suites').
#include "store/core/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace charter::store_core {
namespace {

class Recording final : public WriterDialect {
 public:
  std::vector<std::string> log;
  bool late = false;
  void beginBatch() override { late = false; }
  Status begin() override { return note("begin"); }
  Status beforeJob(size_t i) override { return note("job " + std::to_string(i)); }
  std::optional<Error> checkJob(Status&) override { return std::nullopt; }
  Status jobSucceeded(size_t i, bool last) override {
    return note("kept " + std::to_string(i) + (last ? " last" : ""));
  }
  Status jobFailed(size_t i) override { return note("undone " + std::to_string(i)); }
  void lateJobs() override {
    late = true;
    log.emplace_back("late");
  }
  Status commit() override { return note("commit"); }
  void rollback() override { log.emplace_back("rollback"); }
  void endBatch(bool) override {}

 private:
  Status note(std::string s) {
    log.push_back(std::move(s));
    return {};
  }
};

TEST(GroupCommit, AJobThatDefersRunsAfterTheOthersAndSucceeds) {
  Recording dialect;
  GroupCommitWriter writer(dialect, {.max_batch = 8});
  writer.start();
  // A first job holds the writer until three more are queued: those three make one batch.
  std::atomic<bool> release{false}, running{false};
  std::thread first([&] {
    EXPECT_TRUE(writer.submit(1, [&]() -> Status {
      running = true;
      while (!release.load()) std::this_thread::yield();
      return {};
    }).has_value());
  });
  while (!running.load()) std::this_thread::yield();
  std::vector<std::string> ran;  // written by the writer thread only
  std::vector<Status> results(3);
  std::vector<std::thread> callers;
  for (int n = 0; n < 3; ++n) {
    callers.emplace_back([&, n] {
      results[n] = writer.submit(1, [&, n]() -> Status {
        if (n == 0 && !dialect.late) return tl::unexpected(deferJob());
        ran.push_back(std::to_string(n));
        return {};
      });
    });
    while (writer.stats().queued < n + 1) std::this_thread::yield();
  }
  release = true;
  first.join();
  for (auto& t : callers) t.join();
  writer.stop();
  for (const auto& r : results) EXPECT_TRUE(r.has_value());
  EXPECT_EQ(ran, (std::vector<std::string>{"1", "2", "0"}));
  // Job 0 is undone to its savepoint, the others kept (none "last" while a deferred job
  // waits), then job 0 again after lateJobs, last, and one commit.
  EXPECT_EQ(dialect.log,
            (std::vector<std::string>{"begin", "job 0", "kept 0 last", "commit", "begin", "job 0",
                                      "undone 0", "job 1", "kept 1", "job 2", "kept 2", "late",
                                      "job 0", "kept 0 last", "commit"}));
}

// A dialect whose COMMIT waits for the test to open it, then succeeds or fails.
class GatedCommit final : public WriterDialect {
 public:
  std::atomic<bool> open{false}, committing{false};
  bool fail = false;
  void beginBatch() override {}
  Status begin() override { return {}; }
  Status beforeJob(size_t) override { return {}; }
  std::optional<Error> checkJob(Status&) override { return std::nullopt; }
  Status jobSucceeded(size_t, bool) override { return {}; }
  Status jobFailed(size_t) override { return {}; }
  Status commit() override {
    committing = true;
    while (!open.load()) std::this_thread::yield();
    if (fail) return unavailable("disk full");
    return {};
  }
  void rollback() override {}
  void endBatch(bool) override {}
};

TEST(GroupCommit, EnqueueReturnsAtOnceAndResolvesOnlyAfterTheCommit) {
  GatedCommit dialect;
  GroupCommitWriter writer(dialect, {.max_batch = 8});
  writer.start();
  std::atomic<bool> ran{false};
  PendingStatus pending = writer.enqueue(1, [&]() -> Status {
    ran = true;
    return {};
  });
  while (!dialect.committing.load()) std::this_thread::yield();
  EXPECT_TRUE(ran.load());
  // The job has run but its group has not committed: no answer yet.
  EXPECT_EQ(pending.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  dialect.open = true;
  EXPECT_TRUE(pending.get().has_value());
  writer.stop();
}

TEST(GroupCommit, EnqueueAnswersAFailedCommitAndARefusal) {
  GatedCommit dialect;
  dialect.fail = true;
  dialect.open = true;
  GroupCommitWriter writer(dialect, {.max_batch = 8});
  writer.start();
  Status s = writer.enqueue(1, [] { return Status{}; }).get();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "disk full");
  writer.stop();
  Status refused = writer.enqueue(1, [] { return Status{}; }).get();  // resolved at once
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace charter::store_core
