#include "store/sqlite/sql_database.h"

#include <sqlite3.h>

#include <algorithm>

#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/sqlite_engine.h"
#include "store/sqlite/statement.h"

namespace charter::sqlite {
namespace {

using store_core::Command;

// The statement's opening words, to name it in an error.
std::string head(const Command& c) {
  if (c.name != nullptr) return c.name;
  std::string h = std::string(c.text()).substr(0, 60);
  std::replace(h.begin(), h.end(), '\n', ' ');
  return h;
}

Error failure(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  const int extended = sqlite3_extended_errcode(db);
  if (primary == SQLITE_CONSTRAINT &&
      (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY)) {
    return Error{ErrorKind::kConflict, "", "exists", "That record already exists."};
  }
  return sqlError(db, rc, fmt::format("'{}'", what));
}

class Row final : public store_core::RowReader {
 public:
  explicit Row(const Statement& s) : s_(s) {}
  std::int64_t i64(int c) const override { return s_.i64(c); }
  double f64(int c) const override { return s_.f64(c); }
  std::string text(int c) const override { return s_.text(c); }
  bool isNull(int c) const override { return s_.isNull(c); }
  store_core::SqlCell cell(int c) const override {
    switch (s_.type(c)) {
      case SQLITE_NULL:
        return {};
      case SQLITE_INTEGER:
        return {store_core::SqlCell::Kind::kInteger, s_.i64(c), {}};
      default:
        return {store_core::SqlCell::Kind::kText, 0, s_.textView(c)};
    }
  }

 private:
  const Statement& s_;
};

Status execText(sqlite3* db, const char* sql, std::string_view what) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) == SQLITE_OK) return {};
  std::string m = msg != nullptr ? msg : "unknown error";
  sqlite3_free(msg);
  return internalError(fmt::format("database error in {}: {}", what, m));
}

}  // namespace

Result<Statement> SqliteSession::statementFor(const std::string& sql) {
  const bool nested = std::any_of(running_.begin(), running_.end(),
                                  [&](const std::string* t) { return *t == sql; });
  if (conn_ == nullptr || nested || conn_->cached() >= kMaxCached) {
    return Statement::prepare(db_, sql);
  }
  return conn_->statement(sql);
}

Result<long> SqliteSession::run(const Command& command, const store_core::RowFn& row) {
  const std::string sql = store_core::dialectSql(store_core::Dialect::kSqlite, command.text());
  auto s = statementFor(sql);
  if (!s) return tl::unexpected(s.error());
  running_.push_back(&sql);
  struct Pop {
    std::vector<const std::string*>& v;
    ~Pop() { v.pop_back(); }
  } pop{running_};
  if (s->parameterCount() != static_cast<int>(command.params.size())) {
    return internalError(fmt::format("'{}' takes {} parameters, given {}", head(command),
                                     s->parameterCount(), command.params.size()));
  }
  sqlite_internal::bindAll(*s, command.params);
  const Row reader(*s);
  for (;;) {
    const int rc = s->step();
    if (rc == kDone) return static_cast<long>(sqlite3_changes(db_));
    if (rc != kRow) return tl::unexpected(failure(db_, rc, head(command)));
    if (row) row(reader);
  }
}

Status StoreDatabase::read(const std::function<Status(store_core::SqlSession&)>& work) {
  return store_.readSql([&](Connection& c) {
    SqliteSession session(c);
    return work(session);
  });
}

Status StoreDatabase::write(LandlordId landlord,
                            const std::function<Status(store_core::SqlSession&)>& work) {
  return store_.writeSql(landlord, [&](Connection& c) {
    SqliteSession session(c);
    return work(session);
  });
}

PendingStatus StoreDatabase::writeLater(LandlordId landlord,
                                        std::function<Status(store_core::SqlSession&)> work) {
  return store_.writeSqlLater(landlord, [work = std::move(work)](Connection& c) {
    SqliteSession session(c);
    return work(session);
  });
}

Result<std::unique_ptr<OwnDatabase>> OwnDatabase::open(const std::filesystem::path& path,
                                                       const Options& options) {
  sqlite3* db = nullptr;
  const int flags =
      (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return internalError(fmt::format("cannot open {}: {}", path.string(), msg));
  }
  std::unique_ptr<OwnDatabase> out(new OwnDatabase(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  if (auto s = execText(db, options.pragmas, "setting up"); !s) return tl::unexpected(s.error());
  return out;
}

OwnDatabase::~OwnDatabase() { sqlite3_close_v2(db_); }

Status OwnDatabase::read(const std::function<Status(store_core::SqlSession&)>& work) {
  std::lock_guard lock(mu_);
  SqliteSession session(db_);
  return work(session);
}

Status OwnDatabase::write(LandlordId,
                          const std::function<Status(store_core::SqlSession&)>& work) {
  std::lock_guard lock(mu_);
  if (auto s = execText(db_, "BEGIN IMMEDIATE", "starting a write"); !s) return s;
  SqliteSession session(db_);
  Status r = work(session);
  if (r) r = execText(db_, "COMMIT", "committing a write");
  if (!r && !sqlite3_get_autocommit(db_)) execText(db_, "ROLLBACK", "rolling back a write");
  return r;
}

}  // namespace charter::sqlite
