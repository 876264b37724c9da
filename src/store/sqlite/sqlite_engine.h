// The inside of SqliteStore (not for other code): its connections, the writer dialect it
// gives the group-commit writer (store/core/group_commit.h), and the transaction a write's
// work sees. Split by seam: sqlite_connection.cc (opening), sqlite_migrate.cc,
// sqlite_writer.cc (the group commit's SQL and WAL checkpoints), sqlite_cases.cc (reading a
// case, appending, projections), sqlite_store.cc (the CaseStore calls).
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "store/core/case_rows.h"
#include "store/core/engine.h"
#include "store/core/group_commit.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/statement.h"

namespace charter::sqlite_internal {

using sqlite::Connection;
using sqlite::Statement;

enum class Role { kWriter, kReader };

// Opens a connection with the store's pragmas: the writer in WAL mode with the chosen
// synchronous level, readers query_only.
Result<std::unique_ptr<Connection>> openConnection(const std::filesystem::path& path, Role role,
                                                   bool synchronous_full);

// Binds `values` to ?1, ?2, ...
void bindAll(Statement& s, const std::vector<store_core::SqlValue>& values);

// A case read on `c` (the caller holds a read transaction or is the writer).
Result<std::optional<CaseState>> loadCase(Connection& c, LandlordId landlord, CaseId id);

struct Engine;

// The group commit's SQL for SQLite: BEGIN IMMEDIATE, SAVEPOINT job per job; the WAL is
// checkpointed when the writer idles (and every 2,000 commits or 10 s when it never does).
class SqliteWriter final : public store_core::WriterDialect {
 public:
  explicit SqliteWriter(Engine& e) : e_(e) {}
  void beginBatch() override;
  Status begin() override;
  Status beforeJob(size_t i) override;
  std::optional<Error> checkJob(Status& job) override;
  Status jobSucceeded(size_t i, bool last) override;
  Status jobFailed(size_t i) override;
  Status commit() override;
  void rollback() override;
  void endBatch(bool ok) override;
  void idle() override;
  void abandon() override;

 private:
  void checkpoint(bool truncate);

  Engine& e_;
  std::map<LandlordId, CaseId> batch_ids_;  // next_ids when the batch began
  std::map<LandlordId, CaseId> job_ids_;    // next_ids when the job began
  long commits_since_checkpoint_ = 0;
  std::chrono::steady_clock::time_point last_checkpoint_ = std::chrono::steady_clock::now();
};

struct Engine : store_core::EngineBase<Engine, Connection> {
  SqliteOptions options;
  SqliteWriter dialect{*this};
  // Writer thread only: the next case id per landlord (max + 1, initialised from the db).
  std::map<LandlordId, CaseId> next_ids;

  Status migrate();
  // The writer's side of a transaction (store_core::EngineTxn).
  Result<std::optional<CaseState>> load(LandlordId landlord, CaseId id) {
    return loadCase(*writer, landlord, id);
  }
  Result<CaseId> nextCaseId(LandlordId landlord);
  Status writeProjection(LandlordId landlord, CaseId id, const CaseState& state,
                         const std::vector<Clock>& clocks);
  Status append(LandlordId landlord, CaseId id, const std::vector<Event>& new_events,
                const CaseProjection& projection);
  Status enqueue(LandlordId landlord, const OutboxMessage& m);
};

}  // namespace charter::sqlite_internal
