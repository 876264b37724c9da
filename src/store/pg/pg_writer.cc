#include <fmt/format.h>

#include "store/pg/pg_engine.h"

namespace charter::pg_internal {

void PgWriter::beginBatch() {
  e_.next_ids.clear();
  e_.fresh_ids.clear();
  e_.must_retry = false;
  e_.ids_late = false;
  e_.writer->last_sqlstate.clear();
}

void PgWriter::lateJobs() { e_.ids_late = true; }

Status PgWriter::begin() {
  if (auto s = e_.writer->ensure(); !s) return s;
  // The monthly rollups' changes are collected and applied at COMMIT, in key order
  // (migrations/0031_deferred_rollups.pg.sql); charter_rollup_deltas() makes this
  // connection's change tables the first time.
  return e_.writer->exec(
      "BEGIN; SET LOCAL charter.defer_rollups = 'on'; SELECT charter_rollup_deltas(); "
      "SAVEPOINT job");
}

Status PgWriter::beforeJob(size_t) {
  job_ids_ = e_.next_ids;
  job_fresh_ = e_.fresh_ids;
  return {};
}

std::optional<Error> PgWriter::checkJob(Status& job) {
  PgConn& c = *e_.writer;
  // A statement of the job failed as a serialization failure or deadlock (the job may have
  // rolled back to its own savepoint and gone on): the batch is run again from the start.
  if (pg::retryable(c.last_sqlstate)) e_.must_retry = true;
  if (e_.must_retry) {
    return Error{ErrorKind::kUnavailable, "", "unavailable",
                 "the database aborted the transaction (serialization failure or deadlock)"};
  }
  if (!c.connected()) return pg::pgError(c.raw(), nullptr, "a write");
  if (job && c.inFailedTransaction()) {
    // The work ignored a failed statement: its writes cannot be trusted.
    job = internalError(fmt::format("a write failed: {}", c.last_sqlstate));
  }
  return std::nullopt;
}

Status PgWriter::jobSucceeded(size_t, bool last) {
  if (last) return {};  // COMMIT releases it
  return e_.writer->exec("RELEASE SAVEPOINT job; SAVEPOINT job");
}

Status PgWriter::jobFailed(size_t) {
  e_.next_ids = job_ids_;  // ids (and the row lock) taken by this job are given back
  e_.fresh_ids = job_fresh_;
  return e_.writer->exec("ROLLBACK TO SAVEPOINT job");
}

Status PgWriter::commit() {
  std::string state;
  // One round trip: the rollups' changes (row locks from here to COMMIT only), then COMMIT.
  auto s = e_.writer->exec("SELECT charter_flush_rollups(); COMMIT", &state);
  if (!s && pg::retryable(state)) e_.must_retry = true;
  return s;
}

void PgWriter::rollback() {
  if (e_.writer->connected() && e_.writer->inTransaction()) e_.writer->exec("ROLLBACK");
}

bool PgWriter::retryable() const { return e_.must_retry; }

void PgWriter::endBatch(bool) {
  e_.next_ids.clear();
  e_.fresh_ids.clear();
}

void PgWriter::abandon() {
  rollback();
  e_.next_ids.clear();
}

}  // namespace charter::pg_internal
