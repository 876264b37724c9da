#include "store/core/group_commit.h"

#include <algorithm>
#include <random>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace charter::store_core {
namespace {

constexpr size_t kMaxQueue = 100000;

}  // namespace

GroupCommitWriter::GroupCommitWriter(WriterDialect& dialect, GroupCommitOptions options)
    : dialect_(dialect), options_(options) {}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

void GroupCommitWriter::start() {
  thread_ = std::thread([this] { loop(); });
  writer_id_ = thread_.get_id();
  accepting_ = true;
}

void GroupCommitWriter::stop() {
  accepting_ = false;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;  // the writer drains what is queued, then stops
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

GroupCommitWriter::Stats GroupCommitWriter::stats() const {
  Stats s;
  s.commits = commits_.load();
  s.jobs = jobs_.load();
  s.failed_batches = failed_.load();
  s.retries = retries_.load();
  s.queued = queued_.load();
  s.batch_nanos = batch_nanos_.load();
  return s;
}

Status GroupCommitWriter::submit(LandlordId landlord, std::function<Status()> work) {
  return enqueue(landlord, std::move(work)).get();
}

PendingStatus GroupCommitWriter::enqueue(LandlordId landlord, std::function<Status()> work) {
  if (std::this_thread::get_id() == writer_id_) {
    return resolvedStatus(internalError("write() called from inside a write"));
  }
  auto job = std::make_unique<Job>();
  job->landlord = landlord;
  job->work = std::move(work);
  PendingStatus result = job->done.get_future().share();
  {
    std::lock_guard lock(mu_);
    if (stopping_ || !accepting_.load()) {
      return resolvedStatus(unavailable("The case store is shutting down."));
    }
    if (queue_.size() >= kMaxQueue) {
      return resolvedStatus(unavailable("The case store is overloaded; try again."));
    }
    queue_.push_back(std::move(job));
    queued_.store(static_cast<long>(queue_.size()), std::memory_order_relaxed);
  }
  cv_.notify_one();
  return result;
}

// Takes the next batch from the queue (REQUIRES: the queue is not empty). With
// one_landlord_per_batch, the other landlords' jobs keep their order for the next batch.
GroupCommitWriter::Batch GroupCommitWriter::take(std::unique_lock<std::mutex>&) {
  const size_t n = static_cast<size_t>(std::max(1, options_.max_batch));
  Batch batch;
  batch.reserve(std::min(n, queue_.size()));
  if (!options_.one_landlord_per_batch) {
    while (!queue_.empty() && batch.size() < n) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    queued_.store(static_cast<long>(queue_.size()), std::memory_order_relaxed);
    return batch;
  }
  const LandlordId landlord = queue_.front()->landlord;
  std::deque<std::unique_ptr<Job>> rest;
  while (!queue_.empty()) {
    auto job = std::move(queue_.front());
    queue_.pop_front();
    if (batch.size() < n && job->landlord == landlord) {
      batch.push_back(std::move(job));
    } else {
      rest.push_back(std::move(job));
    }
  }
  queue_.swap(rest);
  queued_.store(static_cast<long>(queue_.size()), std::memory_order_relaxed);
  return batch;
}

void GroupCommitWriter::loop() {
  for (;;) {
    Batch batch;
    {
      std::unique_lock lock(mu_);
      auto ready = [&] { return !queue_.empty() || stopping_; };
      if (options_.idle_after.count() > 0) {
        cv_.wait_for(lock, options_.idle_after, ready);
      } else {
        cv_.wait(lock, ready);
      }
      if (queue_.empty()) {
        if (stopping_) break;
        lock.unlock();
        dialect_.idle();
        continue;
      }
      batch = take(lock);
    }
    try {
      runBatch(batch);
    } catch (const std::exception& e) {
      // Not expected (runBatch catches the jobs' own exceptions): roll back whatever is open
      // and tell every caller still waiting; the writer keeps running.
      answerAll(batch, e);
    }
  }
  dialect_.idle();
}

void GroupCommitWriter::answerAll(Batch& batch, const std::exception& e) {
  spdlog::error("group commit failed: {}", e.what());
  dialect_.abandon();
  for (auto& job : batch) {
    try {
      job->done.set_value(internalError(fmt::format("the write failed: {}", e.what())));
    } catch (...) {
      // this caller was already answered
    }
  }
}

Status GroupCommitWriter::runJob(Job& job) {
  try {
    return job.work();
  } catch (const std::exception& e) {
    return internalError(fmt::format("a write failed: {}", e.what()));
  } catch (...) {
    return internalError("a write failed with an unknown exception");
  }
}

Error deferJob() {
  return Error{ErrorKind::kUnavailable, "", "deferred-job", "the write is run after the others"};
}

bool isDeferred(const Status& s) { return !s && s.error().rule == "deferred-job"; }

std::optional<Error> GroupCommitWriter::runInBatch(Batch& batch, size_t i, bool last,
                                                   std::vector<Status>& results,
                                                   std::vector<bool>& ran_ok,
                                                   std::vector<size_t>* deferred) {
  if (auto s = dialect_.beforeJob(i); !s) return s.error();
  Status st = runJob(*batch[i]);
  if (auto e = dialect_.checkJob(st)) return e;
  if (st) {
    if (auto r = dialect_.jobSucceeded(i, last); !r) return r.error();
    ran_ok[i] = true;
    return std::nullopt;
  }
  if (deferred != nullptr && isDeferred(st)) {
    deferred->push_back(i);
  } else {
    results[i] = std::move(st);
  }
  if (auto r = dialect_.jobFailed(i); !r) return r.error();
  return std::nullopt;
}

// One attempt at a batch: the transaction, a savepoint per job (the jobs that deferred
// themselves run after the others), the commit. Returns the batch's error, if it failed as a
// whole.
std::optional<Error> GroupCommitWriter::runOnce(Batch& batch, std::vector<Status>& results,
                                                std::vector<bool>& ran_ok) {
  if (auto s = dialect_.begin(); !s) return s.error();
  std::optional<Error> error;
  std::vector<size_t> deferred;
  for (size_t i = 0; i < batch.size() && !error; ++i) {
    // No job is last while a deferred one may still follow.
    const bool last = i + 1 == batch.size() && deferred.empty();
    error = runInBatch(batch, i, last, results, ran_ok, &deferred);
  }
  if (!error && !deferred.empty()) {
    dialect_.lateJobs();
    for (size_t k = 0; k < deferred.size() && !error; ++k) {
      error = runInBatch(batch, deferred[k], k + 1 == deferred.size(), results, ran_ok, nullptr);
    }
  }
  if (!error) {
    if (auto s = dialect_.commit(); !s) error = s.error();
  }
  if (error) dialect_.rollback();
  return error;
}

void GroupCommitWriter::runBatch(Batch& batch) {
  std::vector<Status> results(batch.size());
  std::vector<bool> ran_ok(batch.size(), false);
  std::optional<Error> error;
  std::mt19937 rng(std::random_device{}());
  const auto started = std::chrono::steady_clock::now();
  for (int attempt = 0;; ++attempt) {
    std::fill(results.begin(), results.end(), Status{});
    std::fill(ran_ok.begin(), ran_ok.end(), false);
    dialect_.beginBatch();
    error = runOnce(batch, results, ran_ok);
    dialect_.endBatch(!error);
    if (!error || !dialect_.retryable() || attempt >= options_.max_retries) break;
    retries_.fetch_add(1, std::memory_order_relaxed);
    std::uniform_int_distribution<int> jitter(1, 5 << std::min(attempt, 5));
    std::this_thread::sleep_for(std::chrono::milliseconds(jitter(rng)));
  }
  if (error) {
    // Nothing of this batch is kept: every caller whose work succeeded (or never ran) learns so.
    spdlog::error("group commit of {} writes failed: {}", batch.size(), error->message);
    failed_.fetch_add(1, std::memory_order_relaxed);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (ran_ok[i] || results[i].has_value()) results[i] = tl::unexpected(*error);
    }
  } else {
    commits_.fetch_add(1, std::memory_order_relaxed);
  }
  jobs_.fetch_add(static_cast<long>(batch.size()), std::memory_order_relaxed);
  batch_nanos_.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count(),
                         std::memory_order_relaxed);
  // Only now, after COMMIT returned (durable), answer the callers.
  for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
}

}  // namespace charter::store_core
