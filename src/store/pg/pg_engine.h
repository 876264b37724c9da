// The inside of PgStore (not for other code): its connections, the writer dialect it gives
// the group-commit writer (store/core/group_commit.h), and the transaction a write's work
// sees. Split by seam: pg_migrate.cc, pg_writer.cc (the group commit's SQL and retries),
// pg_cases.cc (reading a case, ids, appending, projections), pg_store.cc (the CaseStore calls).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "store/core/case_rows.h"
#include "store/core/case_statements.h"
#include "store/core/engine.h"
#include "store/core/group_commit.h"
#include "store/pg/pg_conn.h"
#include "store/pg/pg_store.h"

namespace charter::pg_internal {

using pg::Params;
using pg::PgConn;
using pg::Res;

// Runs one of the case statements (prepared once per connection under its name).
inline Result<Res> run(PgConn& c, const store_core::CaseStatement& s, const Params& p) {
  return c.run(s.name, s.sql, p);
}

// A case read in one statement on `c`.
Result<std::optional<CaseState>> loadCase(PgConn& c, LandlordId landlord, CaseId id);

// The fixed statements PgStore prepares (for PgStore::statements()).
std::vector<std::string> caseStatements();

struct Engine;

// The group commit's SQL for PostgreSQL: "BEGIN; SAVEPOINT job", and between jobs one round
// trip ("RELEASE SAVEPOINT job; SAVEPOINT job"); a failed job is rolled back to the savepoint,
// which stays for the next. A batch aborted by 40001/40P01 is retried from the start. The
// monthly rollups' changes are applied in key order just before COMMIT
// (migrations/0031_deferred_rollups.pg.sql), and jobs that take case ids run last in the
// batch (lateJobs): the locks two processes share are held only for the end of a batch.
class PgWriter final : public store_core::WriterDialect {
 public:
  explicit PgWriter(Engine& e) : e_(e) {}
  void beginBatch() override;
  Status begin() override;
  Status beforeJob(size_t i) override;
  std::optional<Error> checkJob(Status& job) override;
  Status jobSucceeded(size_t i, bool last) override;
  Status jobFailed(size_t i) override;
  Status commit() override;
  void lateJobs() override;
  void rollback() override;
  bool retryable() const override;
  void endBatch(bool ok) override;
  void abandon() override;

 private:
  Engine& e_;
  std::map<LandlordId, CaseId> job_ids_;
  std::set<std::pair<LandlordId, CaseId>> job_fresh_;
};

struct Engine : store_core::EngineBase<Engine, PgConn> {
  PgOptions options;
  PgWriter dialect{*this};

  // Writer thread only, within one transaction: the next case id per landlord whose row lock
  // this transaction holds (a landlord is here exactly when its lock is held). Cleared at
  // every transaction end (another process may take ids between our transactions).
  std::map<LandlordId, CaseId> next_ids;
  // Ids taken in this transaction and not yet appended to: their history is known to be empty.
  std::set<std::pair<LandlordId, CaseId>> fresh_ids;
  // Set when a statement failed with 40001/40P01: the batch is run again from the start.
  bool must_retry = false;
  // False while the batch's first pass runs: a job that takes a case id is deferred to the
  // second (store_core::deferJob), so the landlord's id lock is taken as late as it can be.
  bool ids_late = false;

  Status migrate();
  // The writer's side of a transaction (store_core::EngineTxn).
  Result<std::optional<CaseState>> load(LandlordId landlord, CaseId id) {
    return loadCase(*writer, landlord, id);
  }
  // Takes the landlord's row lock for this transaction (once; released at its end, or by
  // rolling back to a savepoint taken before it, which PgWriter::jobFailed mirrors in next_ids).
  Status lockLandlord(LandlordId landlord);
  Result<CaseId> nextCaseId(LandlordId landlord);
  Status writeProjection(LandlordId landlord, CaseId id, const CaseState& state,
                         const std::vector<Clock>& clocks);
  Status append(LandlordId landlord, CaseId id, const std::vector<Event>& new_events,
                const CaseProjection& projection);
  Status enqueue(LandlordId landlord, const OutboxMessage& m);
};

}  // namespace charter::pg_internal
