#include "store/sqlite/statement.h"

#include <sqlite3.h>

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "store/sqlite/statement_log.h"

namespace charter::sqlite {

static_assert(kRow == SQLITE_ROW && kDone == SQLITE_DONE);

Error sqlError(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  const ErrorKind kind = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
                             ? ErrorKind::kUnavailable
                             : ErrorKind::kInternal;
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Error{kind, "", kind == ErrorKind::kUnavailable ? "unavailable" : "internal",
               fmt::format("database error in {}: {} ({})", what, detail, rc)};
}

// ---------------------------------------------------------------------------------------------
// Statement

Result<Statement> Statement::prepare(sqlite3* db, std::string_view sql) {
  sqlite_statements::note(sql);
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(s);
    return fail(db, rc, "preparing a statement");
  }
  return Statement(db, s, /*owned=*/true);
}

Statement::Statement(Statement&& o) noexcept
    : db_(o.db_), s_(std::exchange(o.s_, nullptr)), owned_(o.owned_) {}

Statement::~Statement() {
  if (s_ == nullptr) return;
  if (owned_) {
    sqlite3_finalize(s_);
  } else {
    reset();
  }
}

Statement& Statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
  sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bindStatic(int i, std::string_view v) {
  sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind(int i, double v) {
  sqlite3_bind_double(s_, i, v);
  return *this;
}

Statement& Statement::bindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

Statement& Statement::bindDay(int i, const std::optional<Date>& d) {
  return d ? bind(i, static_cast<std::int64_t>(dayNumber(*d))) : bindNull(i);
}

int Statement::step() { return sqlite3_step(s_); }

Status Statement::run(std::string_view what) {
  const int rc = step();
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return {};
  return fail(db_, rc, what);
}

void Statement::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

std::int64_t Statement::i64(int col) const { return sqlite3_column_int64(s_, col); }

double Statement::f64(int col) const { return sqlite3_column_double(s_, col); }

int Statement::parameterCount() const { return sqlite3_bind_parameter_count(s_); }

bool Statement::isNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

std::string Statement::text(int col) const { return std::string(textView(col)); }

int Statement::type(int col) const { return sqlite3_column_type(s_, col); }

std::string_view Statement::textView(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  if (p == nullptr) return {};
  return {p, static_cast<size_t>(sqlite3_column_bytes(s_, col))};
}

std::optional<Date> Statement::day(int col) const {
  if (isNull(col)) return std::nullopt;
  return fromDayNumber(static_cast<int>(i64(col)));
}

bool Statement::isPrimaryKeyClash(int rc) { return rc == SQLITE_CONSTRAINT_PRIMARYKEY; }

// ---------------------------------------------------------------------------------------------
// Connection

Connection::Connection(sqlite3* db, bool optimize_on_close)
    : db_(db), optimize_on_close_(optimize_on_close) {}

Connection::~Connection() {
  for (auto& [sql, s] : cache_) sqlite3_finalize(s);
  cache_.clear();
  if (db_ == nullptr) return;
  if (optimize_on_close_) sqlite3_exec(db_, "PRAGMA optimize", nullptr, nullptr, nullptr);
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::statement(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return Statement(db_, it->second, false);
  std::string key(sql);
  sqlite_statements::note(sql);
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size() + 1),
                                    SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) return fail(db_, rc, "preparing a statement");
  cache_.emplace(std::move(key), s);
  return Statement(db_, s, false);
}

Status Connection::execCached(std::string_view sql) {
  auto s = statement(sql);
  if (!s) return tl::unexpected(s.error());
  return s->run(sql);
}

Result<std::string> Connection::queryText(std::string_view sql) {
  auto s = statement(sql);
  if (!s) return tl::unexpected(s.error());
  const int rc = s->step();
  if (rc == SQLITE_ROW) return s->text(0);
  if (rc == SQLITE_DONE) return std::string();
  return fail(db_, rc, sql);
}

Status Connection::script(const std::string& sql) {
  char* msg = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg);
  if (rc == SQLITE_OK) return {};
  std::string text = msg != nullptr ? msg : sqlite3_errstr(rc);
  sqlite3_free(msg);
  std::string head = sql.substr(0, std::min<size_t>(sql.size(), 60));
  std::replace(head.begin(), head.end(), '\n', ' ');
  Error e = sqlError(nullptr, rc, fmt::format("'{}'", head));
  e.message = fmt::format("database error in '{}': {} ({})", head, text, rc);
  return tl::unexpected(std::move(e));
}

bool Connection::inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace charter::sqlite
