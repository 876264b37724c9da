// GroupCommitWriter: the one writer queue both case stores use (LevelDB's DBImpl::Write idea).
//
// Callers submit() work and block, or enqueue() it and wait on the answer later; one writer
// thread takes every job waiting (up to max_batch), runs each inside its own savepoint within
// one transaction, commits once (one flush), and only then answers every caller. A job that
// fails is rolled back to its savepoint alone; a batch that fails as a whole (the commit, the
// connection, the database rolling back) answers every job that had succeeded with the batch's
// error. A batch the database aborted as retryable (PostgreSQL's 40001/40P01) is run again
// from the start, up to max_retries times.
// A job may ask to run last (deferJob(): PostgreSQL's jobs that take case ids, so the lock on
// the ids is held only from the batch's last jobs to COMMIT): it is rolled back to its
// savepoint and run again after every other job of the batch, after the dialect's lateJobs().
// stop() refuses new work, drains what is queued, and joins the thread.
//
// The SQL of a transaction is the dialect's (WriterDialect): BEGIN IMMEDIATE or BEGIN, the
// savepoint statements, what to check after each job, what to do when idle.
//
// Threading: submit() and enqueue() from any thread but the writer's own (a write from inside a
// write is refused); every WriterDialect hook runs on the writer thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "app/case_store.h"
#include "util/durable_before_send.h"
#include "util/result.h"

namespace charter::store_core {

// The dialect's side of a group commit. Hooks run on the writer thread, in this order per
// batch: beginBatch, begin, then per job (beforeJob, the job, checkJob, jobSucceeded or
// jobFailed), commit, and endBatch; rollback and abandon when it goes wrong.
class WriterDialect {
 public:
  virtual ~WriterDialect() = default;
  // A new attempt at a batch: forget per-transaction state (ids taken, flags).
  virtual void beginBatch() = 0;
  // Opens the transaction (and reconnects first where the dialect can).
  virtual Status begin() = 0;
  // Before job `i`: opens its savepoint and notes the state a failure must restore.
  virtual Status beforeJob(size_t i) = 0;
  // After a job, whatever it returned: an error here fails the whole batch; `job` may be
  // turned into an error (the job ignored a failed statement).
  virtual std::optional<Error> checkJob(Status& job) = 0;
  // Keeps job `i`'s writes (`last`: no job follows in this batch).
  virtual Status jobSucceeded(size_t i, bool last) = 0;
  // Undoes job `i`'s writes and the state it changed.
  virtual Status jobFailed(size_t i) = 0;
  virtual Status commit() = 0;
  // Rolls back whatever transaction is open (nothing when none is).
  virtual void rollback() = 0;
  // Between a batch's jobs and the jobs that deferred themselves (deferJob()): from here on
  // the dialect must not ask to defer.
  virtual void lateJobs() {}
  // True when the batch's failure is one the database asks to retry.
  virtual bool retryable() const { return false; }
  // After each batch (committed or not); `ok` when it committed.
  virtual void endBatch(bool ok) = 0;
  // The writer saw no work for idle_after (and once more as it stops).
  virtual void idle() {}
  // runBatch itself threw: forget any cached state.
  virtual void abandon() { rollback(); }
};

// The error a job returns to be run again after the batch's other jobs (its writes so far are
// rolled back to its savepoint first); isDeferred tells it apart. Only before lateJobs().
Error deferJob();
bool isDeferred(const Status& s);

struct GroupCommitOptions {
  int max_batch = 256;
  int max_retries = 0;
  // Jobs of one landlord per batch (a batch stays on one shard of a distributed database).
  bool one_landlord_per_batch = false;
  // idle() after this long without work; zero: never.
  std::chrono::milliseconds idle_after{0};
};

class GroupCommitWriter {
 public:
  using Stats = WriterStats;

  GroupCommitWriter(WriterDialect& dialect, GroupCommitOptions options);
  ~GroupCommitWriter();  // stop()
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Starts the writer thread; submit() is refused before.
  void start();
  // Refuses new work, runs what is queued, joins. Idempotent.
  void stop();
  bool accepting() const { return accepting_.load(); }

  // Runs `work` in the next group commit and returns its result once the group's COMMIT has
  // returned. kUnavailable when stopping or when 100,000 jobs are already waiting.
  Status submit(LandlordId landlord, std::function<Status()> work);
  // Queues `work` for the next group commit and returns at once: the answer resolves once the
  // group's COMMIT has returned (or the batch failed), as submit()'s would. `work` runs later,
  // on the writer thread: it must own what it uses. Refusals (as submit's) come resolved.
  PendingStatus enqueue(LandlordId landlord, std::function<Status()> work);

  Stats stats() const;

 private:
  struct Job {
    LandlordId landlord = 0;
    std::function<Status()> work;
    std::promise<Status> done;
  };
  using Batch = std::vector<std::unique_ptr<Job>>;

  void loop();
  Batch take(std::unique_lock<std::mutex>& lock);
  void runBatch(Batch& batch);
  std::optional<Error> runOnce(Batch& batch, std::vector<Status>& results,
                               std::vector<bool>& ran_ok);
  // Runs job `i` in its savepoint; `deferred` collects it if it asks to run last.
  std::optional<Error> runInBatch(Batch& batch, size_t i, bool last, std::vector<Status>& results,
                                  std::vector<bool>& ran_ok, std::vector<size_t>* deferred);
  Status runJob(Job& job);
  void answerAll(Batch& batch, const std::exception& e);

  WriterDialect& dialect_;
  GroupCommitOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Job>> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::thread::id writer_id_;
  std::atomic<bool> accepting_{false};
  std::atomic<long> commits_{0};
  std::atomic<long> jobs_{0};
  std::atomic<long> retries_{0};
  std::atomic<long> failed_{0};
  std::atomic<long> queued_{0};
  std::atomic<long long> batch_nanos_{0};
};

}  // namespace charter::store_core
