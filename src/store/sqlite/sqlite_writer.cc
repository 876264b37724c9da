#include <sqlite3.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "store/sqlite/sqlite_engine.h"

namespace charter::sqlite_internal {

void SqliteWriter::beginBatch() { batch_ids_ = e_.next_ids; }

Status SqliteWriter::begin() { return e_.writer->execCached("BEGIN IMMEDIATE"); }

Status SqliteWriter::beforeJob(size_t) {
  job_ids_ = e_.next_ids;
  return e_.writer->execCached("SAVEPOINT job");
}

std::optional<Error> SqliteWriter::checkJob(Status&) {
  if (e_.writer->inTransaction()) return std::nullopt;
  // SQLite rolled the whole transaction back (I/O error, disk full).
  return Error{ErrorKind::kInternal, "", "internal",
               fmt::format("the database rolled back the transaction: {}",
                           sqlite3_errmsg(e_.writer->db()))};
}

Status SqliteWriter::jobSucceeded(size_t, bool) { return e_.writer->execCached("RELEASE job"); }

Status SqliteWriter::jobFailed(size_t) {
  e_.next_ids = job_ids_;
  if (auto r = e_.writer->execCached("ROLLBACK TO job"); !r) return r;
  return e_.writer->execCached("RELEASE job");
}

Status SqliteWriter::commit() { return e_.writer->execCached("COMMIT"); }

void SqliteWriter::rollback() {
  if (e_.writer->inTransaction()) e_.writer->script("ROLLBACK");
}

void SqliteWriter::endBatch(bool ok) {
  using namespace std::chrono_literals;
  if (ok) {
    ++commits_since_checkpoint_;
  } else {
    e_.next_ids = batch_ids_;
  }
  // Busy for a long time without idling: checkpoint anyway (never lets the WAL grow unbounded).
  if (commits_since_checkpoint_ >= 2000 ||
      (commits_since_checkpoint_ > 0 && std::chrono::steady_clock::now() - last_checkpoint_ > 10s)) {
    checkpoint(false);
  }
}

// Idle: a good moment to fold the WAL back into the database.
void SqliteWriter::idle() {
  if (commits_since_checkpoint_ > 0) checkpoint(true);
}

void SqliteWriter::abandon() {
  rollback();
  e_.next_ids.clear();  // re-read from the database on next use
}

void SqliteWriter::checkpoint(bool truncate) {
  sqlite3* db = e_.writer->db();
  // Never let a checkpoint wait for readers: the writer has callers waiting.
  sqlite3_busy_timeout(db, 0);
  int log = 0, done = 0;
  const int rc = sqlite3_wal_checkpoint_v2(
      db, nullptr, truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE, &log, &done);
  sqlite3_busy_timeout(db, 5000);
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) {
    spdlog::warn("wal checkpoint failed: {}", sqlite3_errmsg(db));
  }
  commits_since_checkpoint_ = 0;
  last_checkpoint_ = std::chrono::steady_clock::now();
}

}  // namespace charter::sqlite_internal
