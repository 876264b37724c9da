// The one SQLite statement wrapper: every statement the SQLite stores prepare goes through
// Statement (one use, finalized when destroyed) or a Connection's cache (prepared once per
// connection, reset and unbound when released), and each distinct SQL text is reported to the
// statement log (statement_log.h) on preparation, so the landlord-scoping check sees them all.
//
// Errors: SQLITE_BUSY/SQLITE_LOCKED become kUnavailable, anything else kInternal, with the
// SQLite message. Threading: a Statement and a Connection belong to one thread at a time (the
// connections are opened SQLITE_OPEN_NOMUTEX); preparing costs a set insert in the log on the
// first preparation of a text, nothing after.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "util/result.h"
#include "util/time.h"

struct sqlite3;
struct sqlite3_stmt;

namespace charter::sqlite {

// The app's error for SQLite result code `rc` (db may be null) while doing `what`.
Error sqlError(sqlite3* db, int rc, std::string_view what);
inline tl::unexpected<Error> fail(sqlite3* db, int rc, std::string_view what) {
  return tl::unexpected<Error>(sqlError(db, rc, what));
}

// SQLite's step results, so callers need not include <sqlite3.h>.
inline constexpr int kRow = 100;   // SQLITE_ROW
inline constexpr int kDone = 101;  // SQLITE_DONE

class Statement {
 public:
  // Prepares `sql` (one statement) on `db` for one use; finalized when destroyed.
  static Result<Statement> prepare(sqlite3* db, std::string_view sql);

  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based (?1, ?2, ...).
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, double v);
  // Text not copied: `v` must stay as it is until the statement is reset (bulk loads).
  Statement& bindStatic(int i, std::string_view v);
  Statement& bindNull(int i);
  // A date as its day number, or NULL.
  Statement& bindDay(int i, const std::optional<Date>& d);
  Statement& bind(int i, const std::optional<std::int64_t>& v) {
    return v ? bind(i, *v) : bindNull(i);
  }

  // kRow, kDone or an SQLite error code.
  int step();
  // Steps once expecting no rows (a row is tolerated); the error names `what`.
  Status run(std::string_view what);
  // Clears the bindings and rewinds, for the next use of the same statement.
  void reset();

  // Columns are 0-based.
  std::int64_t i64(int col) const;
  double f64(int col) const;
  bool isNull(int col) const;
  std::string text(int col) const;
  // SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT or SQLITE_BLOB.
  int type(int col) const;
  // text() without a copy: valid until the next step.
  std::string_view textView(int col) const;
  std::optional<Date> day(int col) const;

  sqlite3* db() const { return db_; }
  // The largest parameter number the statement takes (?N).
  int parameterCount() const;
  // True when step() result `rc` is a PRIMARY KEY violation (two writers' same key).
  static bool isPrimaryKeyClash(int rc);

 private:
  friend class Connection;
  Statement(sqlite3* db, sqlite3_stmt* s, bool owned) : db_(db), s_(s), owned_(owned) {}
  sqlite3* db_;
  sqlite3_stmt* s_;
  bool owned_;
};

// A connection that owns its sqlite3 handle and caches its prepared statements by text.
class Connection {
 public:
  // Takes ownership of `db` (closed when destroyed; `optimize_on_close` runs PRAGMA optimize
  // first, for the writer).
  Connection(sqlite3* db, bool optimize_on_close);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  sqlite3* db() const { return db_; }

  // The cached statement for `sql`, prepared on first use; reset and unbound when the
  // returned Statement is destroyed. REQUIRES: at most one borrowed at a time per text.
  Result<Statement> statement(std::string_view sql);
  // Runs one parameterless statement through the cache (transaction control: BEGIN,
  // SAVEPOINT, RELEASE, COMMIT).
  Status execCached(std::string_view sql);
  // The first column of the first row of a parameterless statement ("" when no row).
  Result<std::string> queryText(std::string_view sql);
  // Runs a script of statements with no parameters and no rows wanted (pragmas, migrations).
  // Not recorded in the statement log: scripts are schema, not queries.
  Status script(const std::string& sql);
  // True while a transaction is open on this connection.
  bool inTransaction() const;
  // How many statement texts the cache holds.
  size_t cached() const { return cache_.size(); }

 private:
  sqlite3* db_;
  bool optimize_on_close_;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache_;
};

}  // namespace charter::sqlite
