// PgStore: the CaseStore on PostgreSQL 15 through libpq.
//
// The same semantics as SqliteStore: one writer connection per process commits queued work in
// groups (each job in its own SAVEPOINT inside one transaction; one WAL flush answers them
// all; a failing job is rolled back to its savepoint alone), readers use a small pool of
// connections. A group holds one landlord's jobs only (single-shard on Citus: docs/citus.md).
// The writes of an append go in libpq's pipeline mode (two round trips per append). write() returns only after COMMIT returned with synchronous_commit=on, i.e.
// after the commit record is flushed to disk.
//
// Several processes may share one database: nothing is known to one process only. Case ids
// come from the database (max + 1 under a row lock on the landlord, held to commit), every
// statement is scoped by landlord_id, and a batch that PostgreSQL aborts as a serialization
// failure or deadlock (40001, 40P01) is run again from the start: a job's work may therefore
// run more than once (only the last run's writes are kept), so it must not have effects
// outside the transaction (CaseService's do not).
//
// Migrations are the shared migrations/*.sql, with NNNN_name.pg.sql replacing a file where the
// dialect must differ; they run at open under an advisory lock (two processes may start at once).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/case_store.h"

namespace charter {

struct PgOptions {
  std::string dsn;           // postgresql://user@host:port/db?... (libpq connection string)
  int max_batch = 256;       // jobs per group commit
  int reader_connections = 4;
  int max_retries = 8;       // re-runs of a batch aborted by 40001/40P01
};

class PgStore final : public CaseStore {
 public:
  // Connects and migrates. kUnavailable when the server cannot be reached, kInternal otherwise.
  static Result<std::unique_ptr<PgStore>> open(PgOptions options);
  ~PgStore() override;

  Status write(LandlordId landlord, const std::function<Status(CaseTxn&)>& work) override;
  Result<std::optional<CaseState>> load(LandlordId landlord, CaseId id) override;
  Result<CasePage> list(LandlordId landlord, const CaseQuery& query) override;
  Result<std::vector<CaseId>> caseIds(LandlordId landlord) override;
  Result<long> rebuild(LandlordId landlord,
                       const std::function<std::vector<Clock>(const CaseState&)>& project) override;
  bool ready() const override;

  // The connection string it was opened with (the account store opens its own connections).
  const std::string& dsn() const;

  // Group-commit statistics, for tests and benchmarks: transactions committed, jobs carried,
  // batches re-run after a serialization failure or deadlock.
  using Stats = WriterStats;
  Stats stats() const;
  WriterStats writerStats() const override { return stats(); }
  Result<CaseGauges> gauges(LandlordId landlord, Date today) override;

  // Every SQL statement this store prepares, for the landlord-scoping check.
  static std::vector<std::string> statements();

 private:
  struct Impl;
  explicit PgStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True for a libpq connection URI or key=value string (postgresql://..., postgres://...,
// "host=... dbname=...").
bool isPostgresDsn(const std::string& db);

}  // namespace charter
