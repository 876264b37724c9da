#include "main/storage_cli.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "store/pg/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

int failMsg(const std::string& message) {
  fmt::print(stderr, "error: {}\n", message);
  return 1;
}

// Runs a program (no shell), waiting for it; its exit status, or -1.
int runProgram(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execvp(argv[0], argv.data());
    std::fprintf(stderr, "error: cannot run %s\n", argv[0]);
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The PostgreSQL client program, preferring the server's major version (Debian keeps them in
// /usr/lib/postgresql/N/bin; the wrapper in /usr/bin picks the newest).
std::string pgTool(const std::string& name) {
  for (const char* v : {"15", "16", "17"}) {
    const std::string p = fmt::format("/usr/lib/postgresql/{}/bin/{}", v, name);
    if (std::filesystem::exists(p)) return p;
  }
  return name;
}

// SQLite online backup from `from` into `to` (both paths). Empty string on success.
std::string sqliteCopy(const std::string& from, const std::string& to, bool check_source) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  std::string err;
  if (sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    err = fmt::format("cannot open {}: {}", from, sqlite3_errmsg(src));
  } else if (check_source &&
             sqlite3_exec(src, "SELECT count(*) FROM schema_migrations", nullptr, nullptr,
                          nullptr) != SQLITE_OK) {
    err = fmt::format("{} is not a Charter database: {}", from, sqlite3_errmsg(src));
  } else if (sqlite3_open_v2(to.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             nullptr) != SQLITE_OK) {
    err = fmt::format("cannot open {}: {}", to, sqlite3_errmsg(dst));
  } else {
    sqlite3_busy_timeout(src, 10000);
    sqlite3_busy_timeout(dst, 10000);
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (b == nullptr) {
      err = fmt::format("backup failed: {}", sqlite3_errmsg(dst));
    } else {
      int rc;
      // One step: the copy is one consistent snapshot even while a server writes.
      do {
        rc = sqlite3_backup_step(b, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      sqlite3_backup_finish(b);
      if (rc != SQLITE_DONE) err = fmt::format("backup failed: {}", sqlite3_errstr(rc));
    }
    if (err.empty()) {
      sqlite3_stmt* s = nullptr;
      sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &s, nullptr);
      if (sqlite3_step(s) != SQLITE_ROW ||
          std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) != "ok") {
        err = fmt::format("the copy in {} fails its integrity check", to);
      }
      sqlite3_finalize(s);
    }
  }
  sqlite3_close(dst);
  sqlite3_close(src);
  return err;
}

}  // namespace

Result<std::unique_ptr<CaseStore>> openCaseStore(const std::string& db, bool durable) {
  if (isPostgresDsn(db)) {
    PgOptions options;
    options.dsn = db;
    auto s = PgStore::open(options);
    if (!s) return tl::unexpected(s.error());
    return std::unique_ptr<CaseStore>(std::move(*s));
  }
  SqliteOptions options;
  options.path = db;
  options.synchronous_full = durable;
  auto s = SqliteStore::open(options);
  if (!s) return tl::unexpected(s.error());
  return std::unique_ptr<CaseStore>(std::move(*s));
}

int runBackup(const std::string& db, const std::string& to) {
  if (isPostgresDsn(db)) {
    const int rc = runProgram({pgTool("pg_dump"), "--format=custom", "--no-owner",
                               "--file=" + to, "--dbname=" + db});
    if (rc != 0) return failMsg(fmt::format("pg_dump failed (exit {})", rc));
  } else {
    if (!std::filesystem::exists(db)) return failMsg(fmt::format("there is no database {}", db));
    std::filesystem::remove(to);
    if (auto e = sqliteCopy(db, to, true); !e.empty()) {
      std::filesystem::remove(to);
      return failMsg(e);
    }
  }
  fmt::print("backed up {} to {}\n", isPostgresDsn(db) ? "the PostgreSQL database" : db, to);
  return 0;
}

int runRestore(const std::string& from, const std::string& db) {
  if (!std::filesystem::exists(from)) return failMsg(fmt::format("there is no backup {}", from));
  if (isPostgresDsn(db)) {
    const int rc = runProgram({pgTool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                               "--exit-on-error", "--single-transaction", "--dbname=" + db, from});
    if (rc != 0) return failMsg(fmt::format("pg_restore failed (exit {})", rc));
  } else {
    // Into a new file beside the target, then renamed over it: never a half-restored file.
    const std::string tmp = db + ".restoring";
    std::filesystem::remove(tmp);
    if (auto e = sqliteCopy(from, tmp, true); !e.empty()) {
      std::filesystem::remove(tmp);
      return failMsg(e);
    }
    std::filesystem::remove(db + "-wal");
    std::filesystem::remove(db + "-shm");
    std::filesystem::rename(tmp, db);
  }
  // Open it once: migrations up to this build, and a check that the store accepts it.
  auto store = openCaseStore(db);
  if (!store) return failMsg(store.error().message);
  fmt::print("restored {} from {}\n", isPostgresDsn(db) ? "the PostgreSQL database" : db, from);
  return 0;
}

namespace {

std::string csvField(sqlite3_stmt* s, int col) {
  if (sqlite3_column_type(s, col) == SQLITE_NULL) return "";
  const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  std::string v(t, static_cast<size_t>(sqlite3_column_bytes(s, col)));
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

struct PgConnGuard {
  PGconn* c = nullptr;
  ~PgConnGuard() {
    if (c != nullptr) PQfinish(c);
  }
};

bool pgOk(PGresult* r) {
  const auto st = PQresultStatus(r);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

}  // namespace

int runMigrateData(const std::string& from, const std::string& to, const std::string& landlord) {
  if (!isPostgresDsn(to)) return failMsg("--to must be a PostgreSQL connection string");
  if (!std::filesystem::exists(from)) return failMsg(fmt::format("there is no database {}", from));
  // Both schemas up to date first (opening a store migrates it).
  {
    auto src = openCaseStore(from);
    if (!src) return failMsg(src.error().message);
    auto dst = openCaseStore(to);
    if (!dst) return failMsg(dst.error().message);
  }
  sqlite3* lite = nullptr;
  if (sqlite3_open_v2(from.c_str(), &lite, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(lite);
    return failMsg(fmt::format("cannot open {}", from));
  }
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> lite_guard(lite, sqlite3_close);
  // One read transaction: every table from the same snapshot.
  sqlite3_exec(lite, "BEGIN", nullptr, nullptr, nullptr);

  std::int64_t landlord_id = 0;
  std::string landlord_name;
  {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(lite, "SELECT landlord_id, name FROM landlords WHERE slug = ?1", -1, &s,
                       nullptr);
    sqlite3_bind_text(s, 1, landlord.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) {
      landlord_id = sqlite3_column_int64(s, 0);
      landlord_name = reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
  }
  if (landlord_id == 0) return failMsg(fmt::format("{} has no landlord '{}'", from, landlord));

  // Every landlord-owned table, parents before children (foreign keys).
  std::vector<std::string> tables;
  {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(lite,
                       "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                       "'sqlite_%' AND name NOT IN ('schema_migrations', 'landlords', "
                       // Monthly rollups the target's triggers keep as case_facts and clocks
                       // arrive (migration 0009): copying them as well would count twice.
                       "'case_months', 'clock_months') ORDER BY name",
                       -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW) {
      tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    }
    sqlite3_finalize(s);
  }
  const std::map<std::string, int> first = {{"cases", 0}, {"accounts", 1}, {"events", 2}};
  std::stable_sort(tables.begin(), tables.end(), [&](const auto& a, const auto& b) {
    const int ra = first.contains(a) ? first.at(a) : 10;
    const int rb = first.contains(b) ? first.at(b) : 10;
    return ra < rb;
  });

  PgConnGuard pg{PQconnectdb(to.c_str())};
  if (PQstatus(pg.c) != CONNECTION_OK) return failMsg(PQerrorMessage(pg.c));
  PQsetNoticeProcessor(pg.c, [](void*, const char*) {}, nullptr);
  auto exec = [&](const std::string& sql) -> std::string {
    PGresult* r = PQexec(pg.c, sql.c_str());
    std::string err = pgOk(r) ? "" : PQresultErrorMessage(r);
    PQclear(r);
    return err;
  };
  auto count = [&](const std::string& table) -> long long {
    const std::string sql = fmt::format("SELECT count(*) FROM {} WHERE landlord_id = {}", table,
                                        landlord_id);
    PGresult* r = PQexec(pg.c, sql.c_str());
    long long n = pgOk(r) ? std::atoll(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    return n;
  };
  if (auto e = exec("BEGIN"); !e.empty()) return failMsg(e);
  if (auto e = exec("SET synchronous_commit = on"); !e.empty()) return failMsg(e);
  {
    const char* params[3];
    const std::string id = std::to_string(landlord_id);
    params[0] = id.c_str();
    params[1] = landlord.c_str();
    params[2] = landlord_name.c_str();
    PGresult* r = PQexecParams(pg.c,
                               "INSERT INTO landlords (landlord_id, slug, name) VALUES ($1, $2, $3) "
                               "ON CONFLICT (landlord_id) DO NOTHING",
                               3, nullptr, params, nullptr, nullptr, 0);
    const bool ok = pgOk(r);
    std::string err = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    if (!ok) return failMsg(err);
  }
  std::vector<std::pair<std::string, long long>> copied;
  for (const auto& table : tables) {
    std::vector<std::string> cols;
    {
      sqlite3_stmt* s = nullptr;
      sqlite3_prepare_v2(lite, fmt::format("PRAGMA table_info({})", table).c_str(), -1, &s,
                         nullptr);
      while (sqlite3_step(s) == SQLITE_ROW) {
        cols.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
      }
      sqlite3_finalize(s);
    }
    if (std::find(cols.begin(), cols.end(), "landlord_id") == cols.end()) continue;
    const long long existing = count(table);
    if (existing < 0) {
      exec("ROLLBACK");
      return failMsg(fmt::format("table {} is missing in PostgreSQL", table));
    }
    if (existing > 0) {
      exec("ROLLBACK");
      return failMsg(fmt::format(
          "PostgreSQL already holds {} rows of {} for landlord '{}': nothing was copied",
          existing, table, landlord));
    }
    std::string col_list;
    for (const auto& c : cols) col_list += (col_list.empty() ? "" : ", ") + c;
    {
      PGresult* r = PQexec(pg.c, fmt::format("COPY {} ({}) FROM STDIN (FORMAT csv)", table,
                                             col_list).c_str());
      const bool ok = PQresultStatus(r) == PGRES_COPY_IN;
      std::string err = ok ? "" : PQresultErrorMessage(r);
      PQclear(r);
      if (!ok) {
        exec("ROLLBACK");
        return failMsg(fmt::format("COPY into {} failed: {}", table, err));
      }
    }
    long long rows = 0;
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(lite,
                       fmt::format("SELECT {} FROM {} WHERE landlord_id = ?1", col_list, table)
                           .c_str(),
                       -1, &s, nullptr);
    sqlite3_bind_int64(s, 1, landlord_id);
    std::string buf;
    bool send_ok = true;
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int i = 0; i < static_cast<int>(cols.size()); ++i) {
        if (i > 0) buf += ',';
        buf += csvField(s, i);
      }
      buf += '\n';
      ++rows;
      if (buf.size() > (1 << 20)) {
        send_ok = send_ok && PQputCopyData(pg.c, buf.data(), static_cast<int>(buf.size())) == 1;
        buf.clear();
      }
    }
    sqlite3_finalize(s);
    if (!buf.empty()) {
      send_ok = send_ok && PQputCopyData(pg.c, buf.data(), static_cast<int>(buf.size())) == 1;
    }
    send_ok = PQputCopyEnd(pg.c, send_ok ? nullptr : "client failed") == 1 && send_ok;
    PGresult* r = PQgetResult(pg.c);
    const bool ok = send_ok && pgOk(r);
    std::string err = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    while ((r = PQgetResult(pg.c)) != nullptr) PQclear(r);
    if (!ok) {
      exec("ROLLBACK");
      return failMsg(fmt::format("COPY into {} failed: {}", table, err));
    }
    const long long there = count(table);
    if (there != rows) {
      exec("ROLLBACK");
      return failMsg(fmt::format("table {}: read {} rows from {} but PostgreSQL holds {}; "
                                 "nothing was copied",
                                 table, rows, from, there));
    }
    copied.emplace_back(table, rows);
  }
  if (auto e = exec("COMMIT"); !e.empty()) return failMsg(fmt::format("COMMIT failed: {}", e));
  for (const auto& [table, rows] : copied) {
    fmt::print("{:<20} {:>10} rows copied, counts match\n", table, rows);
  }
  fmt::print("landlord '{}' ({}) moved from {} to PostgreSQL\n", landlord, landlord_id, from);
  return 0;
}

}  // namespace charter
