#include <sqlite3.h>

#include <initializer_list>
#include <variant>

#include <fmt/format.h>

#include "store/sqlite/sqlite_engine.h"

namespace charter::sqlite_internal {
namespace {

Status pragmas(Connection& c, std::initializer_list<const char*> all) {
  for (const char* sql : all) {
    if (auto s = c.script(sql); !s) return s;
  }
  return {};
}

Status writerPragmas(Connection& c, const std::filesystem::path& path, bool synchronous_full) {
  // journal_mode answers with the mode in force: insist on WAL.
  auto mode = c.queryText("PRAGMA journal_mode=WAL");
  if (!mode) return tl::unexpected(mode.error());
  if (*mode != "wal") {
    return internalError(
        fmt::format("could not put {} in WAL mode (journal_mode is {})", path.string(), *mode));
  }
  return pragmas(c, {synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
                     "PRAGMA journal_size_limit=67108864", "PRAGMA cache_size=-32768"});
}

}  // namespace

Result<std::unique_ptr<Connection>> openConnection(const std::filesystem::path& path, Role role,
                                                   bool synchronous_full) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  if (role == Role::kWriter) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  auto conn = std::make_unique<Connection>(db, /*optimize_on_close=*/role == Role::kWriter);
  if (rc != SQLITE_OK) return sqlite::fail(db, rc, fmt::format("opening {}", path.string()));
  sqlite3_extended_result_codes(db, 1);
  if (auto s = pragmas(*conn, {"PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON",
                               "PRAGMA temp_store=MEMORY"});
      !s) {
    return tl::unexpected(s.error());
  }
  const Status s = role == Role::kWriter
                       ? writerPragmas(*conn, path, synchronous_full)
                       : pragmas(*conn, {"PRAGMA query_only=1", "PRAGMA cache_size=-65536",
                                         "PRAGMA mmap_size=268435456"});
  if (!s) return tl::unexpected(s.error());
  return conn;
}

void bindAll(Statement& s, const std::vector<store_core::SqlValue>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    const int at = static_cast<int>(i + 1);
    if (const auto* n = std::get_if<std::int64_t>(&values[i])) {
      s.bind(at, *n);
    } else if (const auto* d = std::get_if<double>(&values[i])) {
      s.bind(at, *d);
    } else if (const auto* t = std::get_if<std::string>(&values[i])) {
      s.bind(at, *t);
    } else {
      s.bindNull(at);
    }
  }
}

}  // namespace charter::sqlite_internal
