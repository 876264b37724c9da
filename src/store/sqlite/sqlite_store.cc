#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "store/sqlite/migrations.h"
#include "store/sqlite/projection_rows.h"
#include "store/sqlite/statement_log.h"

namespace charter {
namespace {

// ---------------------------------------------------------------------------------------------
// Errors

Error sqlError(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  const ErrorKind kind = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
                             ? ErrorKind::kUnavailable
                             : ErrorKind::kInternal;
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Error{kind, "", kind == ErrorKind::kUnavailable ? "unavailable" : "internal",
               fmt::format("database error in {}: {} ({})", what, detail, rc)};
}

tl::unexpected<Error> fail(sqlite3* db, int rc, std::string_view what) {
  return tl::unexpected<Error>(sqlError(db, rc, what));
}

// FNV-1a 64, hex: a migration's checksum (detects a migration edited after it was applied).
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
// Connections and statements

// A prepared statement borrowed from a connection's cache; reset and unbound when released.
class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  void bind(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind(int i, std::string_view v) {
    sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  void bindNull(int i) { sqlite3_bind_null(s_, i); }
  void bindDay(int i, const std::optional<Date>& d) {
    if (d) {
      bind(i, static_cast<std::int64_t>(dayNumber(*d)));
    } else {
      bindNull(i);
    }
  }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(s_); }

  std::int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
  bool isNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    if (p == nullptr) return {};
    return std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, col)));
  }

  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_;
};

class Conn {
 public:
  enum class Role { kWriter, kReader };

  static Result<std::unique_ptr<Conn>> open(const std::filesystem::path& path, Role role,
                                            bool synchronous_full) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    if (role == Role::kWriter) flags |= SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    std::unique_ptr<Conn> conn(new Conn(db, role));
    if (rc != SQLITE_OK) return fail(db, rc, fmt::format("opening {}", path.string()));
    sqlite3_extended_result_codes(db, 1);

    auto pragma = [&](const std::string& sql) { return conn->exec(sql); };
    if (auto s = pragma("PRAGMA busy_timeout=5000"); !s) return tl::unexpected(s.error());
    if (auto s = pragma("PRAGMA foreign_keys=ON"); !s) return tl::unexpected(s.error());
    if (auto s = pragma("PRAGMA temp_store=MEMORY"); !s) return tl::unexpected(s.error());
    if (role == Role::kWriter) {
      // journal_mode answers with the mode in force: insist on WAL.
      auto mode = conn->queryText("PRAGMA journal_mode=WAL");
      if (!mode) return tl::unexpected(mode.error());
      if (*mode != "wal") {
        return internalError(
            fmt::format("could not put {} in WAL mode (journal_mode is {})", path.string(), *mode));
      }
      if (auto s = pragma(synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
          !s) {
        return tl::unexpected(s.error());
      }
      if (auto s = pragma("PRAGMA journal_size_limit=67108864"); !s) return tl::unexpected(s.error());
      if (auto s = pragma("PRAGMA cache_size=-32768"); !s) return tl::unexpected(s.error());
    } else {
      if (auto s = pragma("PRAGMA query_only=1"); !s) return tl::unexpected(s.error());
      if (auto s = pragma("PRAGMA cache_size=-65536"); !s) return tl::unexpected(s.error());
      if (auto s = pragma("PRAGMA mmap_size=268435456"); !s) return tl::unexpected(s.error());
    }
    return conn;
  }

  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn() {
    for (auto& [sql, s] : cache_) sqlite3_finalize(s);
    cache_.clear();
    if (db_ != nullptr) {
      if (role_ == Role::kWriter) sqlite3_exec(db_, "PRAGMA optimize", nullptr, nullptr, nullptr);
      sqlite3_close_v2(db_);
    }
  }

  sqlite3* db() const { return db_; }

  // Runs one or more statements with no parameters and no rows wanted.
  Status exec(const std::string& sql) {
    char* msg = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg);
    if (rc != SQLITE_OK) {
      std::string text = msg != nullptr ? msg : sqlite3_errstr(rc);
      sqlite3_free(msg);
      const int primary = rc & 0xff;
      const ErrorKind kind = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
                                 ? ErrorKind::kUnavailable
                                 : ErrorKind::kInternal;
      std::string head = sql.substr(0, std::min<size_t>(sql.size(), 60));
      std::replace(head.begin(), head.end(), '\n', ' ');
      return tl::unexpected(Error{kind, "", kind == ErrorKind::kUnavailable ? "unavailable" : "internal",
                                  fmt::format("database error in '{}': {} ({})", head, text, rc)});
    }
    return {};
  }

  // Runs one statement with no parameters through the statement cache (transaction control
  // on the writer's hot path: BEGIN, SAVEPOINT, RELEASE, COMMIT).
  Status execCached(const std::string& sql) {
    auto p = prepare(sql);
    if (!p) return tl::unexpected(p.error());
    Stmt s(db_, *p);
    const int rc = s.step();
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return {};
    return fail(db_, rc, sql);
  }

  Result<std::string> queryText(const std::string& sql) {
    auto st = prepare(sql);
    if (!st) return tl::unexpected(st.error());
    Stmt s(db_, *st);
    const int rc = s.step();
    if (rc == SQLITE_ROW) return s.text(0);
    if (rc == SQLITE_DONE) return std::string();
    return fail(db_, rc, sql);
  }

  // A cached prepared statement for `sql` (prepared once per connection).
  Result<sqlite3_stmt*> prepare(const std::string& sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    sqlite_statements::note(sql);
    sqlite3_stmt* s = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size() + 1),
                                      SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) return fail(db_, rc, "preparing a statement");
    cache_.emplace(sql, s);
    return s;
  }

 private:
  Conn(sqlite3* db, Role role) : db_(db), role_(role) {}
  sqlite3* db_;
  Role role_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Runs a statement expecting no rows.
Status run(Stmt& s, std::string_view what) {
  const int rc = s.step();
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return {};
  return fail(s.db(), rc, what);
}

// ---------------------------------------------------------------------------------------------
// Statements (landlord_id is ?1 in every one)

constexpr const char* kSelectReference =
    "SELECT reference FROM cases WHERE landlord_id = ?1 AND case_id = ?2";
constexpr const char* kSelectEvents =
    "SELECT seq, type, at_ms, recorded_ms, actor, data FROM events "
    "WHERE landlord_id = ?1 AND case_id = ?2 ORDER BY seq";
constexpr const char* kSelectMaxSeq =
    "SELECT coalesce(max(seq), 0) FROM events WHERE landlord_id = ?1 AND case_id = ?2";
constexpr const char* kSelectMaxCaseId =
    "SELECT max(coalesce((SELECT max(case_id) FROM events WHERE landlord_id = ?1), 0),"
    "           coalesce((SELECT max(case_id) FROM cases WHERE landlord_id = ?1), 0))";
constexpr const char* kInsertEvent =
    "INSERT INTO events (landlord_id, case_id, seq, type, at_ms, recorded_ms, actor, data) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kUpsertCase =
    "INSERT INTO cases (landlord_id, case_id, reference, kind, channel, status, stage, summary, "
    "person_name, handler, received_ms, next_due_day, next_clock, version, updated_ms, person_ref, "
    "person_address) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
    "ON CONFLICT (landlord_id, case_id) DO UPDATE SET reference = excluded.reference, "
    "kind = excluded.kind, channel = excluded.channel, status = excluded.status, "
    "stage = excluded.stage, summary = excluded.summary, person_name = excluded.person_name, "
    "handler = excluded.handler, received_ms = excluded.received_ms, "
    "next_due_day = excluded.next_due_day, next_clock = excluded.next_clock, "
    "version = excluded.version, updated_ms = excluded.updated_ms, person_ref = excluded.person_ref, "
    "person_address = excluded.person_address";
constexpr const char* kDeleteClocks = "DELETE FROM clocks WHERE landlord_id = ?1 AND case_id = ?2";
constexpr const char* kInsertClock =
    "INSERT INTO clocks (landlord_id, case_id, name, status, start_day, original_due_day, "
    "due_day, due_ms, met_day, provisional, extended, tenure) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr const char* kSelectCaseIds =
    "SELECT case_id FROM events WHERE landlord_id = ?1 AND seq = 1 ORDER BY case_id";

// ---------------------------------------------------------------------------------------------
// Reading a case

Result<std::optional<CaseState>> loadCase(Conn& c, LandlordId landlord, CaseId id) {
  std::string reference;
  {
    auto p = c.prepare(kSelectReference);
    if (!p) return tl::unexpected(p.error());
    Stmt s(c.db(), *p);
    s.bind(1, landlord);
    s.bind(2, id);
    const int rc = s.step();
    if (rc == SQLITE_ROW) {
      reference = s.text(0);
    } else if (rc != SQLITE_DONE) {
      return fail(c.db(), rc, "reading a case");
    }
  }
  std::vector<Event> events;
  {
    auto p = c.prepare(kSelectEvents);
    if (!p) return tl::unexpected(p.error());
    Stmt s(c.db(), *p);
    s.bind(1, landlord);
    s.bind(2, id);
    for (;;) {
      const int rc = s.step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return fail(c.db(), rc, "reading a case's events");
      Event e;
      e.seq = static_cast<int>(s.i64(0));
      e.type = s.text(1);
      e.at = fromEpochMillis(s.i64(2));
      e.recorded_at = fromEpochMillis(s.i64(3));
      e.actor = s.text(4);
      e.data = nlohmann::json::parse(s.text(5), nullptr, /*allow_exceptions=*/false);
      if (e.data.is_discarded()) {
        return internalError(
            fmt::format("case {} event {} has unreadable data in the database", id, e.seq));
      }
      if (e.seq != static_cast<int>(events.size()) + 1) {
        return internalError(fmt::format("case {} has a gap in its history at event {}", id,
                                         events.size() + 1));
      }
      events.push_back(std::move(e));
    }
  }
  if (events.empty()) return std::optional<CaseState>();
  if (reference.empty()) reference = caseReference(id);
  return std::optional<CaseState>(CaseState::fold(id, std::move(reference), events));
}

// A read transaction on a reader connection (one snapshot for several statements).
class ReadTxn {
 public:
  explicit ReadTxn(Conn& c) : c_(c) {}
  Status begin() {
    auto s = c_.execCached("BEGIN");
    open_ = s.has_value();
    return s;
  }
  ~ReadTxn() {
    if (open_) c_.execCached("ROLLBACK");
  }

 private:
  Conn& c_;
  bool open_ = false;
};

std::string likePattern(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '%';
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The writer side

namespace sqlite_internal {

class SqliteTxn;

struct WriteJob {
  LandlordId landlord = 0;
  std::function<Status(SqliteTxn&)> work;
  std::promise<Status> done;
};

struct Engine {
  SqliteOptions options;
  std::unique_ptr<Conn> writer;

  // Readers.
  std::vector<std::unique_ptr<Conn>> readers;
  std::vector<Conn*> idle_readers;
  std::mutex readers_mu;
  std::condition_variable readers_cv;

  // The queue.
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

  // Writer thread only: the next case id per landlord (max + 1, initialised from the db).
  std::map<LandlordId, CaseId> next_ids;
  long commits_since_checkpoint = 0;
  std::chrono::steady_clock::time_point last_checkpoint = std::chrono::steady_clock::now();

  Status migrate();
  void writerLoop();
  void runBatch(std::vector<std::unique_ptr<WriteJob>>& batch);
  void checkpoint(bool truncate);
  Status submit(LandlordId landlord, std::function<Status(SqliteTxn&)> work);

  Result<CaseId> nextCaseId(LandlordId landlord);
  Status writeProjection(LandlordId landlord, CaseId id, const CaseState& state,
                         const std::vector<Clock>& clocks);
  Status append(LandlordId landlord, CaseId id, const std::vector<Event>& new_events,
                const CaseProjection& projection);

  // A reader borrowed from the pool.
  class Lease {
   public:
    explicit Lease(Engine& impl) : impl_(impl) {
      std::unique_lock lock(impl_.readers_mu);
      impl_.readers_cv.wait(lock, [&] { return !impl_.idle_readers.empty(); });
      conn_ = impl_.idle_readers.back();
      impl_.idle_readers.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard lock(impl_.readers_mu);
        impl_.idle_readers.push_back(conn_);
      }
      impl_.readers_cv.notify_one();
    }
    Conn& operator*() const { return *conn_; }
    Conn* operator->() const { return conn_; }

   private:
    Engine& impl_;
    Conn* conn_ = nullptr;
  };
};

class SqliteTxn final : public CaseTxn {
 public:
  SqliteTxn(Engine& impl, LandlordId landlord) : impl_(impl), landlord_(landlord) {}

  Result<std::optional<CaseState>> load(CaseId id) override {
    return loadCase(*impl_.writer, landlord_, id);
  }
  Result<CaseId> nextCaseId() override { return impl_.nextCaseId(landlord_); }
  Status append(CaseId id, const std::vector<Event>& new_events,
                const CaseProjection& projection) override {
    return impl_.append(landlord_, id, new_events, projection);
  }
  Status writeProjection(CaseId id, const CaseState& state, const std::vector<Clock>& clocks) {
    return impl_.writeProjection(landlord_, id, state, clocks);
  }

 private:
  Engine& impl_;
  LandlordId landlord_;
};

Status Engine::migrate() {
  Conn& c = *writer;
  if (auto s = c.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
          "  version    INTEGER NOT NULL PRIMARY KEY,\n"
          "  checksum   TEXT    NOT NULL,\n"
          "  applied_ms BIGINT  NOT NULL\n"
          ")");
      !s) {
    return s;
  }
  const auto& all = embeddedMigrations();
  const int latest = all.empty() ? 0 : all.back().version;
  {
    auto v = c.queryText("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!v) return tl::unexpected(v.error());
    if (std::stoi(*v) > latest) {
      return internalError(fmt::format(
          "the database is at schema version {}, newer than this build knows ({}); "
          "run a newer charter",
          *v, latest));
    }
  }
  for (const auto& m : all) {
    const std::string sum = checksum(m.sql);
    if (auto s = c.execCached("BEGIN IMMEDIATE"); !s) return s;
    auto rollback = [&](Error e) -> Status {
      if (sqlite3_get_autocommit(c.db()) == 0) c.exec("ROLLBACK");
      return tl::unexpected(std::move(e));
    };
    std::optional<std::string> applied;
    {
      auto p = c.prepare("SELECT checksum FROM schema_migrations WHERE version = ?1");
      if (!p) return rollback(p.error());
      Stmt s(c.db(), *p);
      s.bind(1, static_cast<std::int64_t>(m.version));
      const int rc = s.step();
      if (rc == SQLITE_ROW) {
        applied = s.text(0);
      } else if (rc != SQLITE_DONE) {
        return rollback(sqlError(c.db(), rc, "reading schema_migrations"));
      }
    }
    if (applied) {
      c.exec("ROLLBACK");
      if (*applied != sum) {
        return internalError(fmt::format(
            "migration {} ({}) was changed after it was applied (applied {}, now {}); "
            "migrations are forward-only: add a new one instead",
            m.name, m.file, *applied, sum));
      }
      continue;
    }
    if (auto s = c.exec(m.sql); !s) {
      Error e = s.error();
      e.message = fmt::format("migration {} failed: {}", m.name, e.message);
      return rollback(std::move(e));
    }
    {
      auto p = c.prepare(
          "INSERT INTO schema_migrations (version, checksum, applied_ms) VALUES (?1, ?2, ?3)");
      if (!p) return rollback(p.error());
      Stmt s(c.db(), *p);
      s.bind(1, static_cast<std::int64_t>(m.version));
      s.bind(2, sum);
      s.bind(3, static_cast<std::int64_t>(wallMillis()));
      if (auto r = run(s, "recording a migration"); !r) return rollback(r.error());
    }
    if (auto s = c.execCached("COMMIT"); !s) return rollback(s.error());
    spdlog::info("applied migration {} ({})", m.name, m.file);
  }
  // The demo landlord.
  return c.exec(
      "INSERT INTO landlords (landlord_id, slug, name) VALUES (1, 'demo', 'Demo landlord') "
      "ON CONFLICT DO NOTHING");
}

Result<CaseId> Engine::nextCaseId(LandlordId landlord) {
  auto it = next_ids.find(landlord);
  if (it == next_ids.end()) {
    auto p = writer->prepare(kSelectMaxCaseId);
    if (!p) return tl::unexpected(p.error());
    Stmt s(writer->db(), *p);
    s.bind(1, landlord);
    const int rc = s.step();
    if (rc != SQLITE_ROW) return fail(writer->db(), rc, "finding the next case id");
    it = next_ids.emplace(landlord, s.i64(0) + 1).first;
  }
  return it->second++;
}

Status Engine::writeProjection(LandlordId landlord, CaseId id, const CaseState& state,
                                          const std::vector<Clock>& clocks) {
  Conn& c = *writer;
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
  const Instant updated = state.events.empty() ? state.received_at : state.events.back().recorded_at;
  {
    auto p = c.prepare(kUpsertCase);
    if (!p) return tl::unexpected(p.error());
    Stmt s(c.db(), *p);
    s.bind(1, landlord);
    s.bind(2, id);
    s.bind(3, state.reference.empty() ? caseReference(id) : state.reference);
    s.bind(4, slug(state.kind));
    s.bind(5, slug(state.channel));
    s.bind(6, slug(state.status));
    s.bind(7, static_cast<std::int64_t>(state.stage));
    s.bind(8, state.summary);
    s.bind(9, state.person.name);
    s.bind(10, state.current().handler);
    s.bind(11, static_cast<std::int64_t>(epochMillis(state.received_at)));
    s.bindDay(12, next_due);
    s.bind(13, next_clock);
    s.bind(14, static_cast<std::int64_t>(state.version()));
    s.bind(15, static_cast<std::int64_t>(epochMillis(updated)));
    s.bind(16, state.person.account);
    s.bind(17, state.person.address);  // searchable (0008_case_address)
    if (auto r = run(s, "writing the case projection"); !r) return r;
  }
  {
    auto p = c.prepare(kDeleteClocks);
    if (!p) return tl::unexpected(p.error());
    Stmt s(c.db(), *p);
    s.bind(1, landlord);
    s.bind(2, id);
    if (auto r = run(s, "clearing the case's clocks"); !r) return r;
  }
  auto p = c.prepare(kInsertClock);
  if (!p) return tl::unexpected(p.error());
  for (const auto& k : clocks) {
    Stmt s(c.db(), *p);
    s.bind(1, landlord);
    s.bind(2, id);
    s.bind(3, k.name);
    s.bind(4, slug(k.status));
    s.bindDay(5, k.start);
    s.bindDay(6, k.original_due);
    s.bindDay(7, k.due);
    if (k.due_at) {
      s.bind(8, static_cast<std::int64_t>(epochMillis(*k.due_at)));
    } else {
      s.bindNull(8);
    }
    s.bindDay(9, k.met_on);
    s.bind(10, static_cast<std::int64_t>(k.provisional ? 1 : 0));
    s.bind(11, static_cast<std::int64_t>(k.extensions.empty() ? 0 : 1));
    s.bind(12, state.tenure);  // 0009: reports tally clocks by tenure without a join
    if (auto r = run(s, fmt::format("writing clock {}", k.name)); !r) return r;
  }
  // Reports (issue 4): the case-facts projection, in the same transaction.
  if (auto r = writeLearningRows(c.db(), landlord, id, state); !r) return r;
  return writeCaseFacts(c.db(), landlord, id, state);
}

Status Engine::append(LandlordId landlord, CaseId id,
                                 const std::vector<Event>& new_events,
                                 const CaseProjection& projection) {
  if (projection.state == nullptr || projection.clocks == nullptr) {
    return internalError("append without a projection");
  }
  const CaseState& state = *projection.state;
  if (state.id != id) {
    return internalError(fmt::format("append to case {} with the projection of case {}", id, state.id));
  }
  for (size_t i = 1; i < new_events.size(); ++i) {
    if (new_events[i].seq != new_events[i - 1].seq + 1) {
      return internalError(fmt::format("events to append to case {} are not consecutive", id));
    }
  }
  Conn& c = *writer;
  // Its own savepoint: an append is all or nothing even if the caller ignores its error.
  if (auto s = c.execCached("SAVEPOINT append_events"); !s) return s;
  auto body = [&]() -> Status {
    std::int64_t current = 0;
    {
      auto p = c.prepare(kSelectMaxSeq);
      if (!p) return tl::unexpected(p.error());
      Stmt s(c.db(), *p);
      s.bind(1, landlord);
      s.bind(2, id);
      const int rc = s.step();
      if (rc != SQLITE_ROW) return fail(c.db(), rc, "reading a case's version");
      current = s.i64(0);
    }
    if (!new_events.empty()) {
      if (new_events.front().seq <= current) {
        return conflict("concurrent-write",
                        fmt::format("Case {} was changed by someone else at the same time. "
                                    "Reload it and try again.",
                                    caseReference(id)));
      }
      if (new_events.front().seq != current + 1) {
        return internalError(fmt::format("events for case {} start at {} but its history ends at {}",
                                          id, new_events.front().seq, current));
      }
    }
    const std::int64_t last = new_events.empty() ? current : new_events.back().seq;
    if (state.version() != last) {
      return internalError(fmt::format(
          "the projection of case {} folds {} events but its history will have {}", id,
          state.version(), last));
    }
    auto p = c.prepare(kInsertEvent);
    if (!p) return tl::unexpected(p.error());
    for (const auto& e : new_events) {
      std::string data;
      try {
        data = e.data.dump();
      } catch (const std::exception& ex) {
        return internalError(fmt::format("event data of case {} cannot be stored: {}", id, ex.what()));
      }
      Stmt s(c.db(), *p);
      s.bind(1, landlord);
      s.bind(2, id);
      s.bind(3, static_cast<std::int64_t>(e.seq));
      s.bind(4, e.type);
      s.bind(5, static_cast<std::int64_t>(epochMillis(e.at)));
      s.bind(6, static_cast<std::int64_t>(epochMillis(e.recorded_at)));
      s.bind(7, e.actor);
      s.bind(8, data);
      const int rc = s.step();
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return conflict("concurrent-write",
                        fmt::format("Case {} was changed by someone else at the same time. "
                                    "Reload it and try again.",
                                    caseReference(id)));
      }
      if (rc != SQLITE_DONE) return fail(c.db(), rc, "appending an event");
    }
    return writeProjection(landlord, id, state, *projection.clocks);
  };
  Status result = body();
  if (sqlite3_get_autocommit(c.db()) != 0) {
    // SQLite rolled the whole transaction back (I/O error, disk full): nothing to release.
    return result ? internalError("the database rolled back the transaction") : result;
  }
  if (!result) {
    c.execCached("ROLLBACK TO append_events");
    c.execCached("RELEASE append_events");
    return result;
  }
  if (auto s = c.execCached("RELEASE append_events"); !s) return s;
  return {};
}

void Engine::checkpoint(bool truncate) {
  sqlite3* db = writer->db();
  // Never let a checkpoint wait for readers: the writer has callers waiting.
  sqlite3_busy_timeout(db, 0);
  int log = 0, done = 0;
  const int rc = sqlite3_wal_checkpoint_v2(
      db, nullptr, truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE, &log, &done);
  sqlite3_busy_timeout(db, 5000);
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) {
    spdlog::warn("wal checkpoint failed: {}", sqlite3_errmsg(db));
  }
  commits_since_checkpoint = 0;
  last_checkpoint = std::chrono::steady_clock::now();
}

void Engine::runBatch(std::vector<std::unique_ptr<WriteJob>>& batch) {
  Conn& c = *writer;
  std::vector<Status> results(batch.size());
  std::vector<bool> ran_ok(batch.size(), false);
  const auto saved_ids = next_ids;
  std::optional<Error> batch_error;

  if (auto s = c.execCached("BEGIN IMMEDIATE"); !s) {
    batch_error = s.error();
  } else {
    for (size_t i = 0; i < batch.size(); ++i) {
      if (auto s = c.execCached("SAVEPOINT job"); !s) {
        batch_error = s.error();
        break;
      }
      const auto job_ids = next_ids;
      Status st;
      try {
        SqliteTxn txn(*this, batch[i]->landlord);
        st = batch[i]->work(txn);
      } catch (const std::exception& e) {
        st = internalError(fmt::format("a write failed: {}", e.what()));
      } catch (...) {
        st = internalError("a write failed with an unknown exception");
      }
      if (sqlite3_get_autocommit(c.db()) != 0) {
        batch_error = Error{ErrorKind::kInternal, "", "internal",
                            fmt::format("the database rolled back the transaction: {}",
                                        sqlite3_errmsg(c.db()))};
        break;
      }
      if (st) {
        if (auto r = c.execCached("RELEASE job"); !r) {
          batch_error = r.error();
          break;
        }
        ran_ok[i] = true;
      } else {
        next_ids = job_ids;
        results[i] = st;
        auto r1 = c.execCached("ROLLBACK TO job");
        auto r2 = r1 ? c.execCached("RELEASE job") : r1;
        if (!r2) {
          batch_error = r2.error();
          break;
        }
      }
    }
    if (!batch_error) {
      if (auto s = c.execCached("COMMIT"); !s) batch_error = s.error();
    }
    if (batch_error && sqlite3_get_autocommit(c.db()) == 0) c.exec("ROLLBACK");
  }

  if (batch_error) {
    next_ids = saved_ids;
    // Nothing of this batch is kept: every caller whose work succeeded (or never ran) learns so.
    spdlog::error("group commit of {} writes failed: {}", batch.size(), batch_error->message);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (ran_ok[i] || results[i].has_value()) results[i] = tl::unexpected(*batch_error);
    }
  } else {
    commits.fetch_add(1, std::memory_order_relaxed);
    ++commits_since_checkpoint;
  }
  jobs.fetch_add(static_cast<long>(batch.size()), std::memory_order_relaxed);
  // Only now, after COMMIT returned (durable under synchronous=FULL), answer the callers.
  for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
}

void Engine::writerLoop() {
  using namespace std::chrono_literals;
  for (;;) {
    std::vector<std::unique_ptr<WriteJob>> batch;
    {
      std::unique_lock lock(queue_mu);
      if (queue.empty() && !stopping) {
        queue_cv.wait_for(lock, 1s, [&] { return !queue.empty() || stopping; });
      }
      if (queue.empty()) {
        if (stopping) break;
        lock.unlock();
        // Idle: a good moment to fold the WAL back into the database.
        if (commits_since_checkpoint > 0) checkpoint(true);
        continue;
      }
      const size_t n = std::min(queue.size(), static_cast<size_t>(std::max(1, options.max_batch)));
      batch.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue.front()));
        queue.pop_front();
      }
    }
    try {
      runBatch(batch);
    } catch (const std::exception& e) {
      // Not expected (runBatch catches the jobs' own exceptions): roll back whatever is open
      // and tell every caller still waiting; the writer keeps running.
      spdlog::error("group commit failed: {}", e.what());
      if (sqlite3_get_autocommit(writer->db()) == 0) writer->exec("ROLLBACK");
      next_ids.clear();  // re-read from the database on next use
      for (auto& job : batch) {
        try {
          job->done.set_value(internalError(fmt::format("the write failed: {}", e.what())));
        } catch (...) {
          // this caller was already answered
        }
      }
    }
    // Busy for a long time without idling: checkpoint anyway (never lets the WAL grow unbounded).
    if (commits_since_checkpoint >= 2000 ||
        (commits_since_checkpoint > 0 && std::chrono::steady_clock::now() - last_checkpoint > 10s)) {
      checkpoint(false);
    }
  }
  if (commits_since_checkpoint > 0) checkpoint(true);
}

Status Engine::submit(LandlordId landlord, std::function<Status(SqliteTxn&)> work) {
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

}  // namespace sqlite_internal

using namespace sqlite_internal;

struct SqliteStore::Impl : Engine {};

// ---------------------------------------------------------------------------------------------
// SqliteStore

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(SqliteOptions options) {
  try {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    if (options.path.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(options.path.parent_path(), ec);
      if (ec) {
        return internalError(fmt::format("cannot create the directory of {}: {}",
                                         options.path.string(), ec.message()));
      }
    }
    auto writer = Conn::open(options.path, Conn::Role::kWriter, options.synchronous_full);
    if (!writer) return tl::unexpected(writer.error());
    impl->writer = std::move(*writer);
    if (auto s = impl->migrate(); !s) return tl::unexpected(s.error());
    const int n = std::max(1, options.reader_connections);
    for (int i = 0; i < n; ++i) {
      auto r = Conn::open(options.path, Conn::Role::kReader, options.synchronous_full);
      if (!r) return tl::unexpected(r.error());
      impl->idle_readers.push_back(r->get());
      impl->readers.push_back(std::move(*r));
    }
    Impl* raw = impl.get();
    impl->thread = std::thread([raw] { raw->writerLoop(); });
    impl->writer_id = impl->thread.get_id();
    impl->accepting = true;
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
  } catch (const std::exception& e) {
    return internalError(fmt::format("opening the case store failed: {}", e.what()));
  }
}

SqliteStore::~SqliteStore() {
  if (!impl_) return;
  impl_->accepting = false;
  {
    std::lock_guard lock(impl_->queue_mu);
    impl_->stopping = true;  // the writer drains what is queued, then stops
  }
  impl_->queue_cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->readers.clear();
  impl_->writer.reset();
}

Status SqliteStore::write(LandlordId landlord, const std::function<Status(CaseTxn&)>& work) {
  try {
    return impl_->submit(landlord, [&work](SqliteTxn& txn) { return work(txn); });
  } catch (const std::exception& e) {
    return internalError(fmt::format("write failed: {}", e.what()));
  }
}

Result<std::optional<CaseState>> SqliteStore::load(LandlordId landlord, CaseId id) {
  try {
    Impl::Lease c(*impl_);
    ReadTxn txn(*c);
    if (auto s = txn.begin(); !s) return tl::unexpected(s.error());
    return loadCase(*c, landlord, id);
  } catch (const std::exception& e) {
    return internalError(fmt::format("reading case {} failed: {}", id, e.what()));
  }
}

Result<CasePage> SqliteStore::list(LandlordId landlord, const CaseQuery& q) {
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

    using Param = std::variant<std::int64_t, std::string>;
    std::vector<Param> params{landlord};
    auto param = [&](Param p) {
      params.push_back(std::move(p));
      return fmt::format("?{}", params.size());
    };
    std::string sql =
        "SELECT c.case_id, c.reference, c.kind, c.channel, c.status, c.stage, c.summary, "
        "c.person_name, c.handler, c.received_ms, c.next_due_day, c.next_clock "
        "FROM cases c WHERE c.landlord_id = ?1";
    if (q.kind) sql += " AND c.kind = " + param(*q.kind);
    if (q.status) sql += " AND c.status = " + param(*q.status);
    if (q.stage) sql += " AND c.stage = " + param(static_cast<std::int64_t>(*q.stage));
    if (q.handler) sql += " AND c.handler = " + param(*q.handler);
    if (q.person_ref) sql += " AND c.person_ref = " + param(*q.person_ref);
    if (q.due_before) {
      sql += " AND c.next_due_day < " + param(static_cast<std::int64_t>(dayNumber(*q.due_before)));
    }
    if (q.overdue) {
      // Overdue: an unmet clock past due as of `today`, on a case still being handled (a
      // finished case keeps the clock it missed, but nobody can act on it any more).
      // cases.next_due_day is the earliest due date of the case's unmet clocks (running or
      // missed-and-unmet: nextDue), written with the clock rows, so "some unmet clock is past
      // due" is "next_due_day < today": one indexed range, no per-case probe of clocks (a
      // correlated EXISTS on clocks took seconds at 100k cases).
      const std::string today = param(static_cast<std::int64_t>(dayNumber(q.today)));
      const std::string test =
          "(c.next_due_day < " + today +
          " AND c.status NOT IN ('closed', 'refused', 'withdrawn'))";
      sql += *q.overdue ? " AND " + test : " AND NOT coalesce(" + test + ", 0)";
    }
    if (q.text && !q.text->empty()) {
      const std::string pat = param(likePattern(*q.text));
      sql += " AND (c.reference LIKE " + pat + " ESCAPE '\\' OR c.person_name LIKE " + pat +
             " ESCAPE '\\' OR c.person_address LIKE " + pat + " ESCAPE '\\' OR c.summary LIKE " +
             pat + " ESCAPE '\\')";
    }
    if (q.after) sql += " AND c.case_id > " + param(static_cast<std::int64_t>(*q.after));
    sql += " ORDER BY c.case_id LIMIT " + param(static_cast<std::int64_t>(limit + 1));

    Impl::Lease c(*impl_);
    auto p = c->prepare(sql);
    if (!p) return tl::unexpected(p.error());
    Stmt s(c->db(), *p);
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i + 1);
      if (const auto* v = std::get_if<std::int64_t>(&params[i])) {
        s.bind(idx, *v);
      } else {
        s.bind(idx, std::get<std::string>(params[i]));
      }
    }
    CasePage page;
    page.cases.reserve(static_cast<size_t>(limit));
    bool more = false;
    for (;;) {
      const int rc = s.step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return fail(c->db(), rc, "listing cases");
      if (static_cast<int>(page.cases.size()) == limit) {
        more = true;
        break;
      }
      CaseSummary row;
      row.id = s.i64(0);
      row.reference = s.text(1);
      row.kind = s.text(2);
      row.channel = s.text(3);
      row.status = s.text(4);
      row.stage = static_cast<int>(s.i64(5));
      row.summary = s.text(6);
      row.person_name = s.text(7);
      row.handler = s.text(8);
      row.received_at = fromEpochMillis(s.i64(9));
      if (!s.isNull(10)) row.next_due = fromDayNumber(static_cast<int>(s.i64(10)));
      row.next_clock = s.text(11);
      page.cases.push_back(std::move(row));
    }
    if (more) page.next_cursor = page.cases.back().id;
    return page;
  } catch (const std::exception& e) {
    return internalError(fmt::format("listing cases failed: {}", e.what()));
  }
}

Result<std::vector<CaseId>> SqliteStore::caseIds(LandlordId landlord) {
  try {
    Impl::Lease c(*impl_);
    auto p = c->prepare(kSelectCaseIds);
    if (!p) return tl::unexpected(p.error());
    Stmt s(c->db(), *p);
    s.bind(1, landlord);
    std::vector<CaseId> ids;
    for (;;) {
      const int rc = s.step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return fail(c->db(), rc, "listing case ids");
      ids.push_back(s.i64(0));
    }
    return ids;
  } catch (const std::exception& e) {
    return internalError(fmt::format("listing case ids failed: {}", e.what()));
  }
}

Result<long> SqliteStore::rebuild(
    LandlordId landlord, const std::function<std::vector<Clock>(const CaseState&)>& project) {
  try {
    auto ids = caseIds(landlord);
    if (!ids) return tl::unexpected(ids.error());
    constexpr size_t kChunk = 200;  // cases per transaction: keeps other writers' waits short
    long rebuilt = 0;
    for (size_t from = 0; from < ids->size(); from += kChunk) {
      const size_t to = std::min(ids->size(), from + kChunk);
      long in_chunk = 0;
      auto s = impl_->submit(landlord, [&](SqliteTxn& txn) -> Status {
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

Status SqliteStore::writeSql(LandlordId landlord, const std::function<Status(sqlite3*)>& work) {
  try {
    return impl_->submit(landlord, [this, &work](SqliteTxn&) { return work(impl_->writer->db()); });
  } catch (const std::exception& e) {
    return internalError(fmt::format("write failed: {}", e.what()));
  }
}

Status SqliteStore::readSql(const std::function<Status(sqlite3*)>& work) {
  try {
    Impl::Lease c(*impl_);
    return work(c->db());
  } catch (const std::exception& e) {
    return internalError(fmt::format("read failed: {}", e.what()));
  }
}

bool SqliteStore::ready() const { return impl_ && impl_->accepting.load(); }

SqliteStore::Stats SqliteStore::stats() const {
  return Stats{impl_->commits.load(), impl_->jobs.load()};
}

}  // namespace charter
