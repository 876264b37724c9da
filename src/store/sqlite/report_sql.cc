#include "store/sqlite/report_sql.h"

#include <fmt/format.h>

namespace charter::report_sql {

Query::Query(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s_, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s_);
    s_ = nullptr;
  }
}

Query::~Query() { sqlite3_finalize(s_); }

int Query::index(int n) const {
  return sqlite3_bind_parameter_index(s_, fmt::format("${}", n).c_str());
}

Query& Query::bind(int n, std::int64_t v) {
  if (int i = index(n)) sqlite3_bind_int64(s_, i, v);
  return *this;
}
Query& Query::bind(int n, std::string_view v) {
  if (int i = index(n)) sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}
Query& Query::bind(int n, double v) {
  if (int i = index(n)) sqlite3_bind_double(s_, i, v);
  return *this;
}
Query& Query::bindNull(int n) {
  if (int i = index(n)) sqlite3_bind_null(s_, i);
  return *this;
}

int Query::step() { return s_ ? sqlite3_step(s_) : SQLITE_MISUSE; }

std::string Query::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
}

void Query::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

Error Query::error(std::string_view what) const {
  return Error{ErrorKind::kInternal, "", "sqlite", fmt::format("{}: {}", what, sqlite3_errmsg(db_))};
}

Status exec(sqlite3* db, std::string_view sql, std::string_view what) {
  char* msg = nullptr;
  if (sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "unknown error";
    sqlite3_free(msg);
    return tl::unexpected(Error{ErrorKind::kInternal, "", "sqlite", fmt::format("{}: {}", what, m)});
  }
  return {};
}

}  // namespace charter::report_sql
