// SqliteStore: the embedded CaseStore on one SQLite file.
//
// WAL mode with synchronous=FULL (complaint records are legal records). One writer thread
// (store/core/group_commit.h) owns the only read-write connection and commits queued work in
// groups: it takes every job waiting (up to a batch limit), runs each inside its own SAVEPOINT
// within one BEGIN IMMEDIATE transaction, commits once (one fsync), then answers every caller.
// A job that fails is rolled back to its savepoint alone. Readers use a pool of query_only
// connections.
//
// Events are append-only; the projections (cases, clocks) are written in the same transaction.
// Migrations (migrations/*.sql, compiled in) run at open.
#pragma once

#include <filesystem>
#include <memory>

#include "app/case_store.h"
#include "util/durable_before_send.h"

struct sqlite3;

namespace charter {
namespace sqlite {
class Connection;
}  // namespace sqlite

struct SqliteOptions {
  std::filesystem::path path;
  int max_batch = 256;       // jobs per group commit
  int reader_connections = 4;
  bool synchronous_full = true;
};

class SqliteStore final : public CaseStore {
 public:
  // Opens (creating if needed) and migrates. kInternal with the SQLite message on failure.
  static Result<std::unique_ptr<SqliteStore>> open(SqliteOptions options);
  ~SqliteStore() override;

  Status write(LandlordId landlord, const std::function<Status(CaseTxn&)>& work) override;
  Result<std::optional<CaseState>> load(LandlordId landlord, CaseId id) override;
  Result<CasePage> list(LandlordId landlord, const CaseQuery& query) override;
  Result<std::vector<CaseId>> caseIds(LandlordId landlord) override;
  Result<long> rebuild(LandlordId landlord,
                       const std::function<std::vector<Clock>(const CaseState&)>& project) override;
  bool ready() const override;

  // For the other ports this library implements on the same file (accounts, the view log):
  // `work` runs on the writer's connection inside the group commit, in its own savepoint (an
  // error rolls back what it did); readSql lends a read-only connection. Callers prepare
  // their statements through store/sqlite/statement.h, which records each for the
  // landlord-scoping check.
  Status writeSql(LandlordId landlord, const std::function<Status(sqlite::Connection&)>& work);
  // writeSql without waiting: the answer resolves once the group holding `work` has committed
  // (or failed). `work` runs later, on the writer thread, so it must own what it uses.
  PendingStatus writeSqlLater(LandlordId landlord,
                              std::function<Status(sqlite::Connection&)> work);
  Status readSql(const std::function<Status(sqlite::Connection&)>& work);

  // Group-commit statistics, for benchmarks: transactions committed and jobs carried.
  using Stats = WriterStats;
  Stats stats() const;
  WriterStats writerStats() const override { return stats(); }
  Result<CaseGauges> gauges(LandlordId landlord, Date today) override;

 private:
  struct Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace charter
