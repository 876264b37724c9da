#include "store/sqlite/maintenance.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace charter {
namespace {

using Db = std::unique_ptr<sqlite3, int (*)(sqlite3*)>;
using Stmt = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>;

Result<Db> openDb(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw, sqlite3_close);
  if (rc != SQLITE_OK) {
    return internalError(fmt::format("cannot open {}: {}", path, sqlite3_errmsg(raw)));
  }
  sqlite3_busy_timeout(raw, 10000);
  return db;
}

Result<Stmt> prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return internalError(fmt::format("cannot read the database: {}", sqlite3_errmsg(db)));
  }
  return Stmt(raw, sqlite3_finalize);
}

std::string text(sqlite3_stmt* s, int col) {
  const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  return t == nullptr ? std::string()
                      : std::string(t, static_cast<size_t>(sqlite3_column_bytes(s, col)));
}

Status integrityCheck(sqlite3* db, const std::string& path) {
  auto s = prepare(db, "PRAGMA integrity_check");
  if (!s) return tl::unexpected(s.error());
  if (sqlite3_step(s->get()) != SQLITE_ROW || text(s->get(), 0) != "ok") {
    return internalError(fmt::format("the copy in {} fails its integrity check", path));
  }
  return {};
}

// SQLite's online backup of the Charter database `from` into `to`, in one step (one
// consistent snapshot), checked.
Status copyDatabase(const std::string& from, const std::string& to) {
  auto src = openDb(from, SQLITE_OPEN_READONLY);
  if (!src) return tl::unexpected(src.error());
  if (sqlite3_exec(src->get(), "SELECT count(*) FROM schema_migrations", nullptr, nullptr,
                   nullptr) != SQLITE_OK) {
    return tl::unexpected(Error{
        ErrorKind::kInvalid, "", "charter",
        fmt::format("{} is not a Charter database: {}", from, sqlite3_errmsg(src->get()))});
  }
  auto dst = openDb(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!dst) return tl::unexpected(dst.error());
  sqlite3_backup* b = sqlite3_backup_init(dst->get(), "main", src->get(), "main");
  if (b == nullptr) {
    return internalError(fmt::format("backup failed: {}", sqlite3_errmsg(dst->get())));
  }
  int rc;
  do {
    rc = sqlite3_backup_step(b, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return internalError(fmt::format("backup failed: {}", sqlite3_errstr(rc)));
  return integrityCheck(dst->get(), to);
}

// Every table of the landlord's data, parents before children (foreign keys): everything but
// the migrations, the landlords and the monthly rollups the receiving database's triggers keep
// as case_facts and clocks arrive (copying them as well would count twice).
Result<std::vector<std::string>> landlordTables(sqlite3* db) {
  auto s = prepare(db,
                   "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                   "'sqlite_%' AND name NOT IN ('schema_migrations', 'landlords', "
                   "'case_months', 'clock_months') ORDER BY name");
  if (!s) return tl::unexpected(s.error());
  std::vector<std::string> tables;
  while (sqlite3_step(s->get()) == SQLITE_ROW) tables.push_back(text(s->get(), 0));
  const std::map<std::string, int> first = {{"cases", 0}, {"accounts", 1}, {"events", 2}};
  std::stable_sort(tables.begin(), tables.end(), [&](const auto& a, const auto& b) {
    const int ra = first.contains(a) ? first.at(a) : 10;
    const int rb = first.contains(b) ? first.at(b) : 10;
    return ra < rb;
  });
  return tables;
}

Result<std::vector<std::string>> columnsOf(sqlite3* db, const std::string& table) {
  auto s = prepare(db, fmt::format("PRAGMA table_info({})", table));
  if (!s) return tl::unexpected(s.error());
  std::vector<std::string> cols;
  while (sqlite3_step(s->get()) == SQLITE_ROW) cols.push_back(text(s->get(), 1));
  return cols;
}

// Sends one table's rows of the landlord; the rows sent.
Result<long long> sendTable(sqlite3* db, const std::string& table,
                            const std::vector<std::string>& cols, LandlordId landlord,
                            LandlordRowSink& into) {
  if (auto b = into.beginTable(table, cols); !b) return tl::unexpected(b.error());
  std::string list;
  for (const auto& c : cols) list += (list.empty() ? "" : ", ") + c;
  auto s = prepare(db, fmt::format("SELECT {} FROM {} WHERE landlord_id = ?1", list, table));
  if (!s) return tl::unexpected(s.error());
  sqlite3_bind_int64(s->get(), 1, landlord);
  std::vector<std::optional<std::string>> values(cols.size());
  long long rows = 0;
  int rc;
  while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) {
    for (size_t i = 0; i < cols.size(); ++i) {
      const int col = static_cast<int>(i);
      if (sqlite3_column_type(s->get(), col) == SQLITE_NULL) {
        values[i].reset();
      } else {
        values[i] = text(s->get(), col);
      }
    }
    if (auto r = into.row(values); !r) return tl::unexpected(r.error());
    ++rows;
  }
  if (rc != SQLITE_DONE) {
    return internalError(fmt::format("reading {} failed: {}", table, sqlite3_errmsg(db)));
  }
  if (auto e = into.endTable(rows); !e) return tl::unexpected(e.error());
  return rows;
}

}  // namespace

Status SqliteMaintenance::backupTo(const std::string& file) {
  if (!std::filesystem::exists(path_)) {
    return notFound(fmt::format("there is no database {}", path_.string()));
  }
  std::filesystem::remove(file);
  auto copied = copyDatabase(path_.string(), file);
  if (!copied) std::filesystem::remove(file);
  return copied;
}

Status SqliteMaintenance::restoreFrom(const std::string& file) {
  if (!std::filesystem::exists(file)) return notFound(fmt::format("there is no backup {}", file));
  const std::string tmp = path_.string() + ".restoring";
  std::filesystem::remove(tmp);
  if (auto copied = copyDatabase(file, tmp); !copied) {
    std::filesystem::remove(tmp);
    return copied;
  }
  std::filesystem::remove(path_.string() + "-wal");
  std::filesystem::remove(path_.string() + "-shm");
  std::filesystem::rename(tmp, path_);
  return {};
}

Result<LandlordExport> SqliteMaintenance::exportLandlord(std::string_view slug,
                                                        LandlordRowSink& into) {
  auto db = openDb(path_.string(), SQLITE_OPEN_READONLY);
  if (!db) return tl::unexpected(db.error());
  // One read transaction: every table from the same snapshot.
  sqlite3_exec(db->get(), "BEGIN", nullptr, nullptr, nullptr);
  auto who = prepare(db->get(), "SELECT landlord_id, name FROM landlords WHERE slug = ?1");
  if (!who) return tl::unexpected(who.error());
  sqlite3_bind_text(who->get(), 1, slug.data(), static_cast<int>(slug.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(who->get()) != SQLITE_ROW) {
    return notFound(fmt::format("{} has no landlord '{}'", path_.string(), slug));
  }
  const LandlordId landlord = sqlite3_column_int64(who->get(), 0);
  if (auto l = into.landlord(landlord, slug, text(who->get(), 1)); !l) {
    return tl::unexpected(l.error());
  }
  auto tables = landlordTables(db->get());
  if (!tables) return tl::unexpected(tables.error());
  LandlordExport sent{landlord, {}};
  for (const auto& table : *tables) {
    auto cols = columnsOf(db->get(), table);
    if (!cols) return tl::unexpected(cols.error());
    if (std::find(cols->begin(), cols->end(), "landlord_id") == cols->end()) continue;
    auto rows = sendTable(db->get(), table, *cols, landlord, into);
    if (!rows) return tl::unexpected(rows.error());
    sent.tables.push_back({table, *rows});
  }
  return sent;
}

Result<std::unique_ptr<LandlordRowSink>> SqliteMaintenance::importLandlord() {
  return invalid("to", "postgresql",
                 "a landlord's data moves from a SQLite file into PostgreSQL, not into SQLite");
}

}  // namespace charter
