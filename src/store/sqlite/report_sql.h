// A small SQLite helper for the report store and the case-facts projection: statements with
// PostgreSQL-style $1 parameters (bound by name, so one SQL text serves both stores).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "util/result.h"

namespace charter::report_sql {

class Query {
 public:
  Query(sqlite3* db, std::string_view sql);
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  bool ok() const { return s_ != nullptr; }
  Query& bind(int n, std::int64_t v);
  Query& bind(int n, std::string_view v);
  Query& bind(int n, double v);
  Query& bindNull(int n);
  Query& bind(int n, const std::optional<std::int64_t>& v) {
    return v ? bind(n, *v) : bindNull(n);
  }
  // SQLITE_ROW / SQLITE_DONE / an error code.
  int step();
  std::int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
  double f64(int col) const { return sqlite3_column_double(s_, col); }
  bool isNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string text(int col) const;
  void reset();
  // kInternal with SQLite's message, naming `what`.
  Error error(std::string_view what) const;

 private:
  int index(int n) const;
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

// Runs a statement with no result rows.
Status exec(sqlite3* db, std::string_view sql, std::string_view what);

}  // namespace charter::report_sql
