// Reading a case, taking ids, appending events and writing projections on PostgreSQL. The
// writes of an append go in libpq's pipeline mode: two round trips per append, one for a
// case whose id this transaction took.
#include <fmt/format.h>

#include "store/core/case_statements.h"
#include "store/core/outbox_store.h"
#include "store/core/report_sql.h"
#include "store/core/service_rows.h"
#include "store/pg/pg_database.h"
#include "store/pg/pg_engine.h"
#include "store/pg/pg_learning.h"

namespace charter::pg_internal {
namespace {

namespace core = store_core;
using core::CaseStatement;

// PostgreSQL's own statements.
constexpr CaseStatement kLockLandlord{
    "lock_landlord",
    // FOR NO KEY UPDATE: serialises the taking of a landlord's case ids between processes
    // (Engine::lockLandlord) without blocking foreign-key checks (FOR KEY SHARE).
    "SELECT landlord_id FROM landlords WHERE landlord_id = $1 FOR NO KEY UPDATE"};
constexpr CaseStatement kSelectMaxCaseId{
    "max_case_id",
    "SELECT greatest(coalesce((SELECT max(case_id) FROM events WHERE landlord_id = $1), 0),"
    "                coalesce((SELECT max(case_id) FROM cases WHERE landlord_id = $1), 0))"};
// The case-facts projection: the same upsert as SQLite's.
constexpr CaseStatement kUpsertCaseFacts{"upsert_case_facts", core::kUpsertCaseFacts};

PgConn::Step step(const CaseStatement& s, Params p) { return {s.name, s.sql, std::move(p)}; }

// The statements that replace a case's projection (cases row, clocks, case facts, learning
// rows), as pipeline steps.
void projectionSteps(LandlordId landlord, CaseId id, const CaseState& state,
                     const std::vector<Clock>& clocks, std::vector<PgConn::Step>& steps) {
  steps.push_back(step(core::kUpsertCase, Params::of(core::caseRow(landlord, id, state, clocks))));
  steps.push_back(step(core::kDeleteClocks, Params().add(landlord).add(id)));
  for (const auto& k : clocks) {
    steps.push_back(step(core::kInsertClock, Params::of(core::clockRow(landlord, id, state, k))));
  }
  steps.push_back(pg::toStep(core::caseFactsCommand(landlord, id, state)));
  for (auto& l : learningRowSteps(landlord, id, state)) steps.push_back(std::move(l));
  for (const auto& c : core::serviceRowCommands(landlord, id, state, clocks)) {
    steps.push_back(pg::toStep(c));
  }
}

}  // namespace

std::vector<std::string> caseStatements() {
  std::vector<std::string> out;
  for (const CaseStatement& s :
       {core::kLoadCase, core::kSelectMaxSeq, kLockLandlord, kSelectMaxCaseId, core::kInsertEvent,
        core::kUpsertCase, core::kDeleteClocks, core::kInsertClock, core::kSelectCaseIds,
        kUpsertCaseFacts}) {
    out.emplace_back(s.sql);
  }
  return out;
}

Result<std::optional<CaseState>> loadCase(PgConn& c, LandlordId landlord, CaseId id) {
  auto r = run(c, core::kLoadCase, Params().add(landlord).add(id));
  if (!r) return tl::unexpected(r.error());
  core::HistoryReader history(id);
  std::string reference;
  for (int i = 0; i < r->rows(); ++i) {
    if (auto a = history.add(r->i64(i, 0), r->text(i, 1), r->i64(i, 2), r->i64(i, 3),
                             r->text(i, 4), r->text(i, 5));
        !a) {
      return tl::unexpected(a.error());
    }
    if (i == 0 && !r->isNull(i, 6)) reference = r->text(i, 6);
  }
  return history.finish(std::move(reference));
}

Status Engine::lockLandlord(LandlordId landlord) {
  if (next_ids.contains(landlord)) return {};
  // The landlord's row lock, held to COMMIT, makes this transaction the only one taking the
  // landlord's case ids: ids stay gapless and unique across processes. The max is read after
  // the lock is granted (READ COMMITTED: a fresh snapshot per statement), so it sees every id
  // committed before. Only a job that takes an id locks (appends to existing cases do not:
  // their concurrency is the events key, and the monthly rollups are applied in key order at
  // COMMIT, migrations/0031_deferred_rollups.pg.sql), and the group commit runs such jobs last
  // in a batch (PgWriter), so the lock is held from the batch's first new case to its COMMIT.
  auto locked = run(*writer, kLockLandlord, Params().add(landlord));
  if (!locked) return tl::unexpected(locked.error());
  if (locked->rows() == 0) return internalError(fmt::format("there is no landlord {}", landlord));
  auto r = run(*writer, kSelectMaxCaseId, Params().add(landlord));
  if (!r) return tl::unexpected(r.error());
  next_ids.emplace(landlord, r->i64(0, 0) + 1);
  return {};
}

Result<CaseId> Engine::nextCaseId(LandlordId landlord) {
  if (!ids_late) return tl::unexpected(store_core::deferJob());  // run after the batch's others
  if (auto s = lockLandlord(landlord); !s) return tl::unexpected(s.error());
  fresh_ids.emplace(landlord, next_ids[landlord]);
  return next_ids[landlord]++;
}

Status Engine::writeProjection(LandlordId landlord, CaseId id, const CaseState& state,
                               const std::vector<Clock>& clocks) {
  std::vector<PgConn::Step> steps;
  projectionSteps(landlord, id, state, clocks, steps);
  auto r = writer->pipeline(steps);
  if (!r) return tl::unexpected(r.error());
  return {};
}

namespace {

// The append itself, inside SAVEPOINT append_events (opened here, in the first round trip).
Status appendSteps(Engine& e, LandlordId landlord, CaseId id, const std::vector<Event>& new_events,
                   const CaseProjection& projection, bool fresh) {
  PgConn& c = *e.writer;
  std::int64_t current = 0;
  if (!fresh) {
    auto r = c.pipeline({{nullptr, "SAVEPOINT append_events", Params()},
                         step(core::kSelectMaxSeq, Params().add(landlord).add(id))});
    if (!r) return tl::unexpected(r.error());
    current = (*r)[1].i64(0, 0);
  }
  if (auto s = core::checkContinues(id, new_events, *projection.state, current); !s) return s;
  std::vector<PgConn::Step> steps;
  if (fresh) steps.push_back({nullptr, "SAVEPOINT append_events", Params()});
  for (const auto& ev : new_events) {
    auto row = core::eventRow(landlord, id, ev);
    if (!row) return tl::unexpected(row.error());
    steps.push_back(step(core::kInsertEvent, Params::of(*row)));
  }
  projectionSteps(landlord, id, *projection.state, *projection.clocks, steps);
  steps.push_back({nullptr, "RELEASE SAVEPOINT append_events", Params()});
  std::string state_code;
  auto w = c.pipeline(steps, &state_code);
  // Another process appended the same seq first (we waited for its commit).
  if (!w && state_code == pg::kUniqueViolation) return tl::unexpected(core::concurrentWrite(id));
  if (!w) return tl::unexpected(w.error());
  return {};
}

}  // namespace

Status Engine::append(LandlordId landlord, CaseId id, const std::vector<Event>& new_events,
                      const CaseProjection& projection) {
  if (auto s = core::checkAppend(id, new_events, projection); !s) return s;
  // Its own savepoint: an append is all or nothing even if the caller ignores its error (and
  // a failed statement does not leave the transaction aborted). A case whose id this
  // transaction took has no history yet, so its length need not be read.
  const bool fresh = fresh_ids.contains({landlord, id});
  Status result = appendSteps(*this, landlord, id, new_events, projection, fresh);
  if (result) {
    if (fresh && !new_events.empty()) fresh_ids.erase({landlord, id});
    return {};
  }
  PgConn& c = *writer;
  const std::string seen = c.last_sqlstate;
  auto r1 = c.exec("ROLLBACK TO SAVEPOINT append_events");
  if (r1) c.exec("RELEASE SAVEPOINT append_events");
  c.last_sqlstate = seen;
  if (!r1) return r1;
  return result;
}

Status Engine::enqueue(LandlordId landlord, const OutboxMessage& m) {
  pg::PgSession session(*writer);
  return core::insertOutbox(session, landlord, m);
}

}  // namespace charter::pg_internal
