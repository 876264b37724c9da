#include "store/sqlite/sql_database.h"

#include <sqlite3.h>

#include <algorithm>

#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/statement_log.h"

namespace charter::sqlite {
namespace {

using store_core::Command;
using store_core::SqlValue;

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
  const ErrorKind kind = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
                             ? ErrorKind::kUnavailable
                             : ErrorKind::kInternal;
  return Error{kind, "", kind == ErrorKind::kUnavailable ? "unavailable" : "internal",
               fmt::format("database error in '{}': {} ({})", what, sqlite3_errmsg(db), rc)};
}

class Row final : public store_core::RowReader {
 public:
  explicit Row(sqlite3_stmt* s) : s_(s) {}
  std::int64_t i64(int c) const override { return sqlite3_column_int64(s_, c); }
  double f64(int c) const override { return sqlite3_column_double(s_, c); }
  std::string text(int c) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p == nullptr ? std::string()
                        : std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, c)));
  }
  bool isNull(int c) const override { return sqlite3_column_type(s_, c) == SQLITE_NULL; }

 private:
  sqlite3_stmt* s_;
};

void bind(sqlite3_stmt* s, int i, const SqlValue& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) {
    sqlite3_bind_int64(s, i, *n);
  } else if (const auto* d = std::get_if<double>(&v)) {
    sqlite3_bind_double(s, i, *d);
  } else if (const auto* t = std::get_if<std::string>(&v)) {
    sqlite3_bind_text64(s, i, t->data(), t->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } else {
    sqlite3_bind_null(s, i);
  }
}

Status execText(sqlite3* db, const char* sql, std::string_view what) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) == SQLITE_OK) return {};
  std::string m = msg != nullptr ? msg : "unknown error";
  sqlite3_free(msg);
  return internalError(fmt::format("database error in {}: {}", what, m));
}

}  // namespace

Result<long> SqliteSession::run(const Command& command, const store_core::RowFn& row) {
  const std::string sql = store_core::dialectSql(store_core::Dialect::kSqlite, command.text());
  sqlite_statements::note(sql);
  sqlite3_stmt* s = nullptr;
  const int prc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size() + 1), &s,
                                     nullptr);
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owned(s, sqlite3_finalize);
  if (prc != SQLITE_OK) return tl::unexpected(failure(db_, prc, head(command)));
  if (sqlite3_bind_parameter_count(s) != static_cast<int>(command.params.size())) {
    return internalError(fmt::format("'{}' takes {} parameters, given {}", head(command),
                                     sqlite3_bind_parameter_count(s), command.params.size()));
  }
  for (size_t i = 0; i < command.params.size(); ++i) {
    bind(s, static_cast<int>(i + 1), command.params[i]);
  }
  const Row reader(s);
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return static_cast<long>(sqlite3_changes(db_));
    if (rc != SQLITE_ROW) return tl::unexpected(failure(db_, rc, head(command)));
    if (row) row(reader);
  }
}

Status StoreDatabase::read(const std::function<Status(store_core::SqlSession&)>& work) {
  return store_.readSql([&](sqlite3* db) {
    SqliteSession session(db);
    return work(session);
  });
}

Status StoreDatabase::write(LandlordId landlord,
                            const std::function<Status(store_core::SqlSession&)>& work) {
  return store_.writeSql(landlord, [&](sqlite3* db) {
    SqliteSession session(db);
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
