#include "store/pg/pg_store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "store/core/report_sql.h"
#include "store/pg/pg_conn.h"
#include "store/pg/pg_database.h"
#include "store/pg/pg_learning.h"
#include "store/pg/pg_migrations.h"

namespace charter {

bool isPostgresDsn(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0 ||
         db.find("dbname=") != std::string::npos || db.find("host=") != std::string::npos;
}

namespace {

using pg::kDeadlockDetected;
using pg::kSerializationFailure;
using pg::kUniqueViolation;
using pg::Params;
using pg::pgError;
using pg::PgConn;
using pg::Res;
using pg::retryable;
using pg::sqlstateOf;

// FNV-1a 64, hex: a migration's checksum (the same function as the SQLite store's).
std::string checksum(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("fnv1a64:{:016x}", h);
}

long long wallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ---------------------------------------------------------------------------------------------
// Statements: landlord_id is $1 in every one (PgStore::statements() lists them for the
// landlord-scoping test).

struct Statement {
  const char* name;
  const char* sql;
};

constexpr Statement kLoadCase{
    "load_case",
    "SELECT e.seq, e.type, e.at_ms, e.recorded_ms, e.actor, e.data, c.reference FROM events e "
    "LEFT JOIN cases c ON c.landlord_id = e.landlord_id AND c.case_id = e.case_id "
    "WHERE e.landlord_id = $1 AND e.case_id = $2 ORDER BY e.seq"};
constexpr Statement kSelectMaxSeq{
    "max_seq", "SELECT coalesce(max(seq), 0) FROM events WHERE landlord_id = $1 AND case_id = $2"};
constexpr Statement kLockLandlord{
    "lock_landlord",
    // FOR NO KEY UPDATE: serialises id allocation between processes without blocking the
    // foreign-key checks (FOR KEY SHARE) of other writes to the landlord's cases.
    "SELECT landlord_id FROM landlords WHERE landlord_id = $1 FOR NO KEY UPDATE"};
constexpr Statement kSelectMaxCaseId{
    "max_case_id",
    "SELECT greatest(coalesce((SELECT max(case_id) FROM events WHERE landlord_id = $1), 0),"
    "                coalesce((SELECT max(case_id) FROM cases WHERE landlord_id = $1), 0))"};
constexpr Statement kInsertEvent{
    "insert_event",
    "INSERT INTO events (landlord_id, case_id, seq, type, at_ms, recorded_ms, actor, data) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Statement kUpsertCase{
    "upsert_case",
    "INSERT INTO cases (landlord_id, case_id, reference, kind, channel, status, stage, summary, "
    "person_name, handler, received_ms, next_due_day, next_clock, version, updated_ms, "
    "person_ref, person_address) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
    "ON CONFLICT (landlord_id, case_id) DO UPDATE SET reference = excluded.reference, "
    "kind = excluded.kind, channel = excluded.channel, status = excluded.status, "
    "stage = excluded.stage, summary = excluded.summary, person_name = excluded.person_name, "
    "handler = excluded.handler, received_ms = excluded.received_ms, "
    "next_due_day = excluded.next_due_day, next_clock = excluded.next_clock, "
    "version = excluded.version, updated_ms = excluded.updated_ms, "
    "person_ref = excluded.person_ref, person_address = excluded.person_address"};
constexpr Statement kDeleteClocks{
    "delete_clocks", "DELETE FROM clocks WHERE landlord_id = $1 AND case_id = $2"};
constexpr Statement kInsertClock{
    "insert_clock",
    "INSERT INTO clocks (landlord_id, case_id, name, status, start_day, original_due_day, "
    "due_day, due_ms, met_day, provisional, extended, tenure) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"};
// Reports (issue 4): the case-facts projection, the same upsert as SQLite's.
constexpr Statement kUpsertCaseFacts{"upsert_case_facts", store_core::kUpsertCaseFacts};
constexpr Statement kSelectCaseIds{
    "case_ids", "SELECT case_id FROM events WHERE landlord_id = $1 AND seq = 1 ORDER BY case_id"};

constexpr Statement kAllStatements[] = {kLoadCase,   kSelectMaxSeq, kLockLandlord,
                                        kSelectMaxCaseId, kInsertEvent, kUpsertCase,
                                        kDeleteClocks, kInsertClock, kSelectCaseIds,
                                        kUpsertCaseFacts};

Result<Res> run(PgConn& c, const Statement& s, const Params& p, std::string* sqlstate = nullptr) {
  return c.run(s.name, s.sql, p, sqlstate);
}

Result<std::optional<CaseState>> loadCase(PgConn& c, LandlordId landlord, CaseId id) {
  auto r = run(c, kLoadCase, Params().add(landlord).add(id));
  if (!r) return tl::unexpected(r.error());
  std::vector<Event> events;
  std::string reference;
  events.reserve(static_cast<size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    Event e;
    e.seq = static_cast<int>(r->i64(i, 0));
    e.type = r->text(i, 1);
    e.at = fromEpochMillis(r->i64(i, 2));
    e.recorded_at = fromEpochMillis(r->i64(i, 3));
    e.actor = r->text(i, 4);
    e.data = nlohmann::json::parse(r->text(i, 5), nullptr, /*allow_exceptions=*/false);
    if (e.data.is_discarded()) {
      return internalError(
          fmt::format("case {} event {} has unreadable data in the database", id, e.seq));
    }
    if (e.seq != static_cast<int>(events.size()) + 1) {
      return internalError(
          fmt::format("case {} has a gap in its history at event {}", id, events.size() + 1));
    }
    if (i == 0 && !r->isNull(i, 6)) reference = r->text(i, 6);
    events.push_back(std::move(e));
  }
  if (events.empty()) return std::optional<CaseState>();
  if (reference.empty()) reference = caseReference(id);
  return std::optional<CaseState>(CaseState::fold(id, std::move(reference), events));
}

std::string likePattern(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '%';
  return out;
}

// The list query for `q` and its parameters ($1 is the landlord).
std::string listSql(LandlordId landlord, const CaseQuery& q, int limit, Params& params) {
  int n = 1;
  params.add(landlord);
  auto param = [&]() { return fmt::format("${}", ++n); };
  std::string sql =
      "SELECT c.case_id, c.reference, c.kind, c.channel, c.status, c.stage, c.summary, "
      "c.person_name, c.handler, c.received_ms, c.next_due_day, c.next_clock "
      "FROM cases c WHERE c.landlord_id = $1";
  if (q.kind) {
    sql += " AND c.kind = " + param();
    params.add(*q.kind);
  }
  if (q.status) {
    sql += " AND c.status = " + param();
    params.add(*q.status);
  }
  if (q.stage) {
    sql += " AND c.stage = " + param();
    params.add(static_cast<std::int64_t>(*q.stage));
  }
  if (q.handler) {
    sql += " AND c.handler = " + param();
    params.add(*q.handler);
  }
  if (q.person_ref) {
    sql += " AND c.person_ref = " + param();
    params.add(*q.person_ref);
  }
  if (q.due_before) {
    sql += " AND c.next_due_day < " + param();
    params.add(static_cast<std::int64_t>(dayNumber(*q.due_before)));
  }
  if (q.overdue) {
    // As SqliteStore: next_due_day is the earliest unmet clock's due date.
    const std::string today = param();
    params.add(static_cast<std::int64_t>(dayNumber(q.today)));
    const std::string test = "(c.next_due_day < " + today +
                             " AND c.status NOT IN ('closed', 'refused', 'withdrawn'))";
    sql += *q.overdue ? " AND " + test : " AND NOT coalesce(" + test + ", false)";
  }
  if (q.text && !q.text->empty()) {
    // ILIKE: SQLite's LIKE is case-insensitive (ASCII); PostgreSQL's is not.
    const std::string pat = param();
    params.add(likePattern(*q.text));
    sql += " AND (c.reference ILIKE " + pat + " ESCAPE '\\' OR c.person_name ILIKE " + pat +
           " ESCAPE '\\' OR c.person_address ILIKE " + pat + " ESCAPE '\\' OR c.summary ILIKE " +
           pat + " ESCAPE '\\')";
  }
  if (q.after) {
    sql += " AND c.case_id > " + param();
    params.add(static_cast<std::int64_t>(*q.after));
  }
  sql += " ORDER BY c.case_id LIMIT " + param();
  params.add(static_cast<std::int64_t>(limit + 1));
  return sql;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The writer side

namespace pg_internal {

class PgTxn;

struct WriteJob {
  LandlordId landlord = 0;
  std::function<Status(PgTxn&)> work;
  std::promise<Status> done;
};

struct Engine {
  PgOptions options;
  std::unique_ptr<PgConn> writer;

  pg::PgPool readers;

  std::mutex queue_mu;
  std::condition_variable queue_cv;
  std::deque<std::unique_ptr<WriteJob>> queue;
  bool stopping = false;
  static constexpr size_t kMaxQueue = 100000;

  std::thread thread;
  std::thread::id writer_id;
  std::atomic<bool> accepting{false};
  std::atomic<long> commits{0};
  std::atomic<long> jobs{0};
  std::atomic<long> retries{0};

  // Writer thread only, within one transaction: the next case id per landlord whose row lock
  // this transaction holds. Cleared at every transaction end (another process may take ids
  // between our transactions).
  std::map<LandlordId, CaseId> next_ids;
  // Ids taken in this transaction and not yet appended to: their history is known to be empty.
  std::set<std::pair<LandlordId, CaseId>> fresh_ids;
  // Set when a statement failed with 40001/40P01: the batch is run again from the start.
  bool must_retry = false;

  Status migrate();
  void writerLoop();
  void runBatch(std::vector<std::unique_ptr<WriteJob>>& batch);
  Status submit(LandlordId landlord, std::function<Status(PgTxn&)> work);

  Result<CaseId> nextCaseId(LandlordId landlord);
  Status writeProjection(LandlordId landlord, CaseId id, const CaseState& state,
                         const std::vector<Clock>& clocks);
  Status append(LandlordId landlord, CaseId id, const std::vector<Event>& new_events,
                const CaseProjection& projection);

  // Notes a retryable failure on the writer.
  template <typename T>
  T noted(T r) {
    if (!r && retryable(writer->last_sqlstate)) must_retry = true;
    return r;
  }

  // A reader connection for one call.
  struct Lease : pg::PgPool::Lease {
    explicit Lease(Engine& impl) : pg::PgPool::Lease(impl.readers) {}
  };
};

class PgTxn final : public CaseTxn {
 public:
  PgTxn(Engine& impl, LandlordId landlord) : impl_(impl), landlord_(landlord) {}

  Result<std::optional<CaseState>> load(CaseId id) override {
    return impl_.noted(loadCase(*impl_.writer, landlord_, id));
  }
  Result<CaseId> nextCaseId() override { return impl_.noted(impl_.nextCaseId(landlord_)); }
  Status append(CaseId id, const std::vector<Event>& new_events,
                const CaseProjection& projection) override {
    return impl_.noted(impl_.append(landlord_, id, new_events, projection));
  }
  Status writeProjection(CaseId id, const CaseState& state, const std::vector<Clock>& clocks) {
    return impl_.noted(impl_.writeProjection(landlord_, id, state, clocks));
  }

 private:
  Engine& impl_;
  LandlordId landlord_;
};

Status Engine::migrate() {
  PgConn& c = *writer;
  // One process migrates at a time; the others wait, then find nothing to do.
  if (auto s = c.exec("SELECT pg_advisory_lock(4242000001)"); !s) return s;
  auto unlock = [&](Status s) -> Status {
    if (c.inTransaction()) c.exec("ROLLBACK");
    c.exec("SELECT pg_advisory_unlock(4242000001)");
    return s;
  };
  if (auto s = c.exec("CREATE TABLE IF NOT EXISTS schema_migrations (\n"
                      "  version    INTEGER NOT NULL PRIMARY KEY,\n"
                      "  checksum   TEXT    NOT NULL,\n"
                      "  applied_ms BIGINT  NOT NULL\n"
                      ")");
      !s) {
    return unlock(s);
  }
  const auto& all = pgMigrations();
  const int latest = all.empty() ? 0 : all.back().version;
  {
    auto v = c.run("mig_max", "SELECT coalesce(max(version), 0) FROM schema_migrations", Params());
    if (!v) return unlock(tl::unexpected(v.error()));
    if (v->i64(0, 0) > latest) {
      return unlock(internalError(fmt::format(
          "the database is at schema version {}, newer than this build knows ({}); "
          "run a newer charter",
          v->i64(0, 0), latest)));
    }
  }
  for (const auto& m : all) {
    const std::string sum = checksum(m.sql);
    auto applied = c.run("mig_get", "SELECT checksum FROM schema_migrations WHERE version = $1",
                         Params().add(static_cast<std::int64_t>(m.version)));
    if (!applied) return unlock(tl::unexpected(applied.error()));
    if (applied->rows() > 0) {
      if (applied->text(0, 0) != sum) {
        return unlock(internalError(fmt::format(
            "migration {} ({}) was changed after it was applied (applied {}, now {}); "
            "migrations are forward-only: add a new one instead",
            m.name, m.file, applied->text(0, 0), sum)));
      }
      continue;
    }
    if (auto s = c.exec("BEGIN"); !s) return unlock(s);
    if (auto s = c.exec(m.sql); !s) {
      Error e = s.error();
      e.message = fmt::format("migration {} failed: {}", m.name, e.message);
      return unlock(tl::unexpected(std::move(e)));
    }
    auto rec = c.run("mig_put",
                     "INSERT INTO schema_migrations (version, checksum, applied_ms) "
                     "VALUES ($1, $2, $3)",
                     Params().add(static_cast<std::int64_t>(m.version)).add(sum).add(
                         static_cast<std::int64_t>(wallMillis())));
    if (!rec) return unlock(tl::unexpected(rec.error()));
    if (auto s = c.exec("COMMIT"); !s) return unlock(s);
    spdlog::info("applied migration {} ({})", m.name, m.file);
  }
  // The demo landlord.
  return unlock(c.exec(
      "INSERT INTO landlords (landlord_id, slug, name) VALUES (1, 'demo', 'Demo landlord') "
      "ON CONFLICT DO NOTHING"));
}

Result<CaseId> Engine::nextCaseId(LandlordId landlord) {
  auto it = next_ids.find(landlord);
  if (it == next_ids.end()) {
    // The landlord's row lock, held to COMMIT, makes this transaction the only one taking
    // ids for the landlord; the max is read after the lock is granted (READ COMMITTED: a
    // fresh snapshot per statement), so it sees every id committed before.
    auto locked = run(*writer, kLockLandlord, Params().add(landlord));
    if (!locked) return tl::unexpected(locked.error());
    if (locked->rows() == 0) return internalError(fmt::format("there is no landlord {}", landlord));
    auto r = run(*writer, kSelectMaxCaseId, Params().add(landlord));
    if (!r) return tl::unexpected(r.error());
    it = next_ids.emplace(landlord, r->i64(0, 0) + 1).first;
  }
  fresh_ids.emplace(landlord, it->second);
  return it->second++;
}

// The statements that replace a case's projection (cases row and clocks), as pipeline steps.
void projectionSteps(LandlordId landlord, CaseId id, const CaseState& state,
                     const std::vector<Clock>& clocks, std::vector<PgConn::Step>& steps) {
  const std::optional<Date> next_due = nextDue(clocks);
  std::string next_clock;
  if (next_due) {
    for (const auto& k : clocks) {
      if (k.due == next_due && !k.met_on &&
          (k.status == ClockStatus::kRunning || k.status == ClockStatus::kMissed)) {
        next_clock = k.name;
        break;
      }
    }
  }
  const Instant updated =
      state.events.empty() ? state.received_at : state.events.back().recorded_at;
  {
    Params p;
    p.add(landlord).add(id).add(state.reference.empty() ? caseReference(id) : state.reference);
    p.add(slug(state.kind)).add(slug(state.channel)).add(slug(state.status));
    p.add(static_cast<std::int64_t>(state.stage)).add(state.summary).add(state.person.name);
    p.add(state.current().handler).add(static_cast<std::int64_t>(epochMillis(state.received_at)));
    p.addDay(next_due).add(next_clock).add(static_cast<std::int64_t>(state.version()));
    p.add(static_cast<std::int64_t>(epochMillis(updated))).add(state.person.account);
    p.add(state.person.address);  // searchable (0008_case_address)
    steps.push_back({kUpsertCase.name, kUpsertCase.sql, std::move(p)});
  }
  steps.push_back({kDeleteClocks.name, kDeleteClocks.sql, Params().add(landlord).add(id)});
  for (const auto& k : clocks) {
    Params p;
    p.add(landlord).add(id).add(k.name).add(slug(k.status));
    p.addDay(k.start).addDay(k.original_due).addDay(k.due);
    if (k.due_at) {
      p.add(static_cast<std::int64_t>(epochMillis(*k.due_at)));
    } else {
      p.addNull();
    }
    p.addDay(k.met_on);
    p.add(static_cast<std::int64_t>(k.provisional ? 1 : 0));
    p.add(static_cast<std::int64_t>(k.extensions.empty() ? 0 : 1));
    p.add(state.tenure);  // 0009: reports tally clocks by tenure without a join
    steps.push_back({kInsertClock.name, kInsertClock.sql, std::move(p)});
  }
  // Reports (issue 4): the case facts, in the same transaction as the clocks.
  steps.push_back(pg::toStep(store_core::caseFactsCommand(landlord, id, state)));
  // Learning actions and the Ombudsman (store/pg/pg_learning.h), in the same pipeline.
  for (auto& l : learningRowSteps(landlord, id, state)) steps.push_back(std::move(l));
}

Status Engine::writeProjection(LandlordId landlord, CaseId id, const CaseState& state,
                               const std::vector<Clock>& clocks) {
  std::vector<PgConn::Step> steps;
  projectionSteps(landlord, id, state, clocks, steps);
  auto r = writer->pipeline(steps);
  if (!r) return tl::unexpected(r.error());
  return {};
}

Status Engine::append(LandlordId landlord, CaseId id, const std::vector<Event>& new_events,
                      const CaseProjection& projection) {
  if (projection.state == nullptr || projection.clocks == nullptr) {
    return internalError("append without a projection");
  }
  const CaseState& state = *projection.state;
  if (state.id != id) {
    return internalError(
        fmt::format("append to case {} with the projection of case {}", id, state.id));
  }
  for (size_t i = 1; i < new_events.size(); ++i) {
    if (new_events[i].seq != new_events[i - 1].seq + 1) {
      return internalError(fmt::format("events to append to case {} are not consecutive", id));
    }
  }
  PgConn& c = *writer;
  auto clash = [&]() {
    return conflict("concurrent-write",
                    fmt::format("Case {} was changed by someone else at the same time. "
                                "Reload it and try again.",
                                caseReference(id)));
  };
  // Its own savepoint: an append is all or nothing even if the caller ignores its error (and
  // a failed statement does not leave the transaction aborted). Two round trips when all is
  // well: the savepoint with the history's length, then every write and the release.
  // A case whose id this transaction took has no history yet: one round trip in all.
  const bool fresh = fresh_ids.contains({landlord, id});
  auto body = [&]() -> Status {
    std::int64_t current = 0;
    if (!fresh) {
      auto r = c.pipeline({{nullptr, "SAVEPOINT append_events", Params()},
                           {kSelectMaxSeq.name, kSelectMaxSeq.sql, Params().add(landlord).add(id)}});
      if (!r) return tl::unexpected(r.error());
      current = (*r)[1].i64(0, 0);
    }
    if (!new_events.empty()) {
      if (new_events.front().seq <= current) return clash();
      if (new_events.front().seq != current + 1) {
        return internalError(fmt::format("events for case {} start at {} but its history ends at {}",
                                         id, new_events.front().seq, current));
      }
    }
    const std::int64_t last = new_events.empty() ? current : new_events.back().seq;
    if (state.version() != last) {
      return internalError(
          fmt::format("the projection of case {} folds {} events but its history will have {}",
                      id, state.version(), last));
    }
    std::vector<PgConn::Step> steps;
    if (fresh) steps.push_back({nullptr, "SAVEPOINT append_events", Params()});
    for (const auto& e : new_events) {
      std::string data;
      try {
        data = e.data.dump();
      } catch (const std::exception& ex) {
        return internalError(
            fmt::format("event data of case {} cannot be stored: {}", id, ex.what()));
      }
      Params p;
      p.add(landlord).add(id).add(static_cast<std::int64_t>(e.seq)).add(e.type);
      p.add(static_cast<std::int64_t>(epochMillis(e.at)));
      p.add(static_cast<std::int64_t>(epochMillis(e.recorded_at))).add(e.actor).add(data);
      steps.push_back({kInsertEvent.name, kInsertEvent.sql, std::move(p)});
    }
    projectionSteps(landlord, id, state, *projection.clocks, steps);
    steps.push_back({nullptr, "RELEASE SAVEPOINT append_events", Params()});
    std::string state_code;
    auto w = c.pipeline(steps, &state_code);
    // Another process appended the same seq first (we waited for its commit).
    if (!w && state_code == kUniqueViolation) return clash();
    if (!w) return tl::unexpected(w.error());
    if (fresh && !new_events.empty()) fresh_ids.erase({landlord, id});
    return {};
  };
  Status result = body();
  if (!result) {
    const std::string seen = c.last_sqlstate;
    auto r1 = c.exec("ROLLBACK TO SAVEPOINT append_events");
    if (r1) c.exec("RELEASE SAVEPOINT append_events");
    c.last_sqlstate = seen;
    if (!r1) return r1;
    return result;
  }
  return {};
}

void Engine::runBatch(std::vector<std::unique_ptr<WriteJob>>& batch) {
  std::vector<Status> results(batch.size());
  std::optional<Error> batch_error;
  std::mt19937 rng(static_cast<unsigned>(wallMillis()));

  for (int attempt = 0;; ++attempt) {
    PgConn& c = *writer;
    std::fill(results.begin(), results.end(), Status{});
    std::vector<bool> ran_ok(batch.size(), false);
    batch_error.reset();
    next_ids.clear();
    fresh_ids.clear();
    must_retry = false;
    c.last_sqlstate.clear();

    // Each job runs inside SAVEPOINT job; the statements between jobs share one round trip
    // ("RELEASE SAVEPOINT job; SAVEPOINT job"), and a job rolled back leaves the savepoint in
    // place for the next.
    if (auto s = c.ensure(); !s) {
      batch_error = s.error();
    } else if (auto b = c.exec("BEGIN; SAVEPOINT job"); !b) {
      batch_error = b.error();
    } else {
      for (size_t i = 0; i < batch.size(); ++i) {
        const auto job_ids = next_ids;
        const auto job_fresh = fresh_ids;
        Status st;
        try {
          PgTxn txn(*this, batch[i]->landlord);
          st = batch[i]->work(txn);
        } catch (const std::exception& e) {
          st = internalError(fmt::format("a write failed: {}", e.what()));
        } catch (...) {
          st = internalError("a write failed with an unknown exception");
        }
        if (must_retry) {
          batch_error = Error{ErrorKind::kUnavailable, "", "unavailable",
                              "the database aborted the transaction (serialization failure or "
                              "deadlock)"};
          break;
        }
        if (PQstatus(c.raw()) != CONNECTION_OK) {
          batch_error = pgError(c.raw(), nullptr, "a write");
          break;
        }
        if (st && c.inFailedTransaction()) {
          // The work ignored a failed statement: its writes cannot be trusted.
          st = internalError(fmt::format("a write failed: {}", c.last_sqlstate));
        }
        if (st) {
          if (i + 1 < batch.size()) {
            if (auto r = c.exec("RELEASE SAVEPOINT job; SAVEPOINT job"); !r) {
              batch_error = r.error();
              break;
            }
          }
          ran_ok[i] = true;
        } else {
          next_ids = job_ids;  // ids (and the row lock) taken by this job are given back
          fresh_ids = job_fresh;
          results[i] = st;
          if (auto r = c.exec("ROLLBACK TO SAVEPOINT job"); !r) {
            batch_error = r.error();
            break;
          }
        }
      }
      if (!batch_error) {
        std::string state;
        if (auto s = c.exec("COMMIT", &state); !s) {
          batch_error = s.error();
          if (retryable(state)) must_retry = true;
        }
      }
      if (batch_error && PQstatus(c.raw()) == CONNECTION_OK && c.inTransaction()) {
        c.exec("ROLLBACK");
      }
    }
    next_ids.clear();
    fresh_ids.clear();
    if (batch_error && must_retry && attempt < options.max_retries) {
      retries.fetch_add(1, std::memory_order_relaxed);
      std::uniform_int_distribution<int> jitter(1, 5 << std::min(attempt, 5));
      std::this_thread::sleep_for(std::chrono::milliseconds(jitter(rng)));
      continue;
    }
    if (batch_error) {
      spdlog::error("group commit of {} writes failed: {}", batch.size(), batch_error->message);
      for (size_t i = 0; i < batch.size(); ++i) {
        if (ran_ok[i] || results[i].has_value()) results[i] = tl::unexpected(*batch_error);
      }
    } else {
      commits.fetch_add(1, std::memory_order_relaxed);
    }
    break;
  }
  jobs.fetch_add(static_cast<long>(batch.size()), std::memory_order_relaxed);
  // Only now, after COMMIT returned (the WAL is flushed: synchronous_commit=on), answer.
  for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
}

void Engine::writerLoop() {
  using namespace std::chrono_literals;
  for (;;) {
    std::vector<std::unique_ptr<WriteJob>> batch;
    {
      std::unique_lock lock(queue_mu);
      queue_cv.wait(lock, [&] { return !queue.empty() || stopping; });
      if (queue.empty()) break;  // stopping, and drained
      // One landlord per transaction: on a database sharded by landlord (Citus) a batch then
      // stays on one shard; the others' jobs keep their order for the next batch.
      const size_t n = static_cast<size_t>(std::max(1, options.max_batch));
      const LandlordId landlord = queue.front()->landlord;
      std::deque<std::unique_ptr<WriteJob>> rest;
      while (!queue.empty()) {
        auto job = std::move(queue.front());
        queue.pop_front();
        if (batch.size() < n && job->landlord == landlord) {
          batch.push_back(std::move(job));
        } else {
          rest.push_back(std::move(job));
        }
      }
      queue.swap(rest);
    }
    try {
      runBatch(batch);
    } catch (const std::exception& e) {
      spdlog::error("group commit failed: {}", e.what());
      if (writer->inTransaction()) writer->exec("ROLLBACK");
      next_ids.clear();
      for (auto& job : batch) {
        try {
          job->done.set_value(internalError(fmt::format("the write failed: {}", e.what())));
        } catch (...) {
          // this caller was already answered
        }
      }
    }
  }
}

Status Engine::submit(LandlordId landlord, std::function<Status(PgTxn&)> work) {
  if (std::this_thread::get_id() == writer_id) {
    return internalError("write() called from inside a write");
  }
  auto job = std::make_unique<WriteJob>();
  job->landlord = landlord;
  job->work = std::move(work);
  std::future<Status> result = job->done.get_future();
  {
    std::lock_guard lock(queue_mu);
    if (stopping || !accepting.load()) return unavailable("The case store is shutting down.");
    if (queue.size() >= kMaxQueue) return unavailable("The case store is overloaded; try again.");
    queue.push_back(std::move(job));
  }
  queue_cv.notify_one();
  return result.get();
}

}  // namespace pg_internal

using namespace pg_internal;

struct PgStore::Impl : Engine {};

PgStore::PgStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<PgStore>> PgStore::open(PgOptions options) {
  try {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    auto writer = PgConn::open(options.dsn);
    if (!writer) return tl::unexpected(writer.error());
    impl->writer = std::move(*writer);
    if (auto s = impl->migrate(); !s) return tl::unexpected(s.error());
    const int n = std::max(1, options.reader_connections);
    for (int i = 0; i < n; ++i) {
      auto r = PgConn::open(options.dsn);
      if (!r) return tl::unexpected(r.error());
      impl->readers.add(std::move(*r));
    }
    Impl* raw = impl.get();
    impl->thread = std::thread([raw] { raw->writerLoop(); });
    impl->writer_id = impl->thread.get_id();
    impl->accepting = true;
    return std::unique_ptr<PgStore>(new PgStore(std::move(impl)));
  } catch (const std::exception& e) {
    return internalError(fmt::format("opening the case store failed: {}", e.what()));
  }
}

PgStore::~PgStore() {
  if (!impl_) return;
  impl_->accepting = false;
  {
    std::lock_guard lock(impl_->queue_mu);
    impl_->stopping = true;
  }
  impl_->queue_cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->readers.clear();
  impl_->writer.reset();
}

Status PgStore::write(LandlordId landlord, const std::function<Status(CaseTxn&)>& work) {
  try {
    return impl_->submit(landlord, [&work](PgTxn& txn) { return work(txn); });
  } catch (const std::exception& e) {
    return internalError(fmt::format("write failed: {}", e.what()));
  }
}

Result<std::optional<CaseState>> PgStore::load(LandlordId landlord, CaseId id) {
  try {
    Impl::Lease c(*impl_);
    if (auto s = c->ensure(); !s) return tl::unexpected(s.error());
    return loadCase(*c, landlord, id);  // one statement: one snapshot
  } catch (const std::exception& e) {
    return internalError(fmt::format("reading case {} failed: {}", id, e.what()));
  }
}

Result<CasePage> PgStore::list(LandlordId landlord, const CaseQuery& q) {
  try {
    if (q.kind) {
      if (auto k = parseCaseKind(*q.kind); !k) return tl::unexpected(k.error());
    }
    if (q.status) {
      if (auto s = parseCaseStatus(*q.status); !s) return tl::unexpected(s.error());
    }
    if (q.stage && *q.stage != 1 && *q.stage != 2) {
      return invalid("stage", "one-of", "stage must be 1 or 2");
    }
    const int limit = std::clamp(q.limit, 1, 500);
    Params params;
    const std::string sql = listSql(landlord, q, limit, params);
    Impl::Lease c(*impl_);
    if (auto s = c->ensure(); !s) return tl::unexpected(s.error());
    auto r = c->runText(sql, params);
    if (!r) return tl::unexpected(r.error());
    CasePage page;
    const int n = std::min(r->rows(), limit);
    page.cases.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      CaseSummary row;
      row.id = r->i64(i, 0);
      row.reference = r->text(i, 1);
      row.kind = r->text(i, 2);
      row.channel = r->text(i, 3);
      row.status = r->text(i, 4);
      row.stage = static_cast<int>(r->i64(i, 5));
      row.summary = r->text(i, 6);
      row.person_name = r->text(i, 7);
      row.handler = r->text(i, 8);
      row.received_at = fromEpochMillis(r->i64(i, 9));
      if (!r->isNull(i, 10)) row.next_due = fromDayNumber(static_cast<int>(r->i64(i, 10)));
      row.next_clock = r->text(i, 11);
      page.cases.push_back(std::move(row));
    }
    if (r->rows() > limit) page.next_cursor = page.cases.back().id;
    return page;
  } catch (const std::exception& e) {
    return internalError(fmt::format("listing cases failed: {}", e.what()));
  }
}

Result<std::vector<CaseId>> PgStore::caseIds(LandlordId landlord) {
  try {
    Impl::Lease c(*impl_);
    if (auto s = c->ensure(); !s) return tl::unexpected(s.error());
    auto r = run(*c, kSelectCaseIds, Params().add(landlord));
    if (!r) return tl::unexpected(r.error());
    std::vector<CaseId> ids;
    ids.reserve(static_cast<size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) ids.push_back(r->i64(i, 0));
    return ids;
  } catch (const std::exception& e) {
    return internalError(fmt::format("listing case ids failed: {}", e.what()));
  }
}

Result<long> PgStore::rebuild(LandlordId landlord,
                              const std::function<std::vector<Clock>(const CaseState&)>& project) {
  try {
    auto ids = caseIds(landlord);
    if (!ids) return tl::unexpected(ids.error());
    constexpr size_t kChunk = 200;
    long rebuilt = 0;
    for (size_t from = 0; from < ids->size(); from += kChunk) {
      const size_t to = std::min(ids->size(), from + kChunk);
      long in_chunk = 0;
      auto s = impl_->submit(landlord, [&](PgTxn& txn) -> Status {
        in_chunk = 0;
        for (size_t i = from; i < to; ++i) {
          const CaseId id = (*ids)[i];
          auto state = txn.load(id);
          if (!state) return tl::unexpected(state.error());
          if (!*state) continue;
          const std::vector<Clock> clocks = project(**state);
          if (auto w = txn.writeProjection(id, **state, clocks); !w) return w;
          ++in_chunk;
        }
        return {};
      });
      if (!s) return tl::unexpected(s.error());
      rebuilt += in_chunk;
    }
    return rebuilt;
  } catch (const std::exception& e) {
    return internalError(fmt::format("rebuild failed: {}", e.what()));
  }
}

const std::string& PgStore::dsn() const { return impl_->options.dsn; }

bool PgStore::ready() const { return impl_ && impl_->accepting.load(); }

PgStore::Stats PgStore::stats() const {
  return Stats{impl_->commits.load(), impl_->jobs.load(), impl_->retries.load()};
}

std::vector<std::string> PgStore::statements() {
  std::vector<std::string> out;
  for (const auto& s : kAllStatements) out.emplace_back(s.sql);
  for (auto& s : pgLearningStatements()) out.push_back(std::move(s));
  CaseQuery every;
  every.kind = "complaint";
  every.stage = 1;
  every.status = "open";
  every.overdue = true;
  every.due_before = Date{};
  every.handler = "h";
  every.person_ref = "p";
  every.text = "t";
  every.after = 1;
  Params p;
  out.push_back(listSql(1, every, 50, p));
  return out;
}

}  // namespace charter
