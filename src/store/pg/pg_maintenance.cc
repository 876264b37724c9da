#include "store/pg/pg_maintenance.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "store/pg/pg_conn.h"

namespace charter {
namespace {

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

// Table and column names come from the sending database's catalogue; only plain lower-case
// identifiers are spliced into SQL.
bool plainIdentifier(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

void appendCsvField(std::string& buf, const std::optional<std::string>& v) {
  if (!v) return;  // unquoted empty: NULL
  buf += '"';
  for (char c : *v) {
    if (c == '"') buf += '"';
    buf += c;
  }
  buf += '"';
}

// One landlord received in one transaction; rolled back unless committed.
class PgRowSink final : public LandlordRowSink {
 public:
  explicit PgRowSink(std::unique_ptr<pg::PgConn> conn) : conn_(std::move(conn)) {}
  ~PgRowSink() override {
    // Closing the connection mid-transaction rolls it back; say so first when we can.
    if (!committed_ && !in_copy_ && conn_->inTransaction()) (void)conn_->exec("ROLLBACK");
  }

  Status begin() { return conn_->exec("BEGIN"); }

  Status landlord(LandlordId id, std::string_view slug, std::string_view name) override {
    landlord_ = id;
    slug_ = std::string(slug);
    auto r = conn_->run("maintenance_landlord",
                        "INSERT INTO landlords (landlord_id, slug, name) VALUES ($1, $2, $3) "
                        "ON CONFLICT (landlord_id) DO NOTHING",
                        pg::Params().add(id).add(slug).add(name));
    if (!r) return tl::unexpected(r.error());
    return {};
  }

  Status beginTable(std::string_view table, const std::vector<std::string>& columns) override {
    if (!plainIdentifier(table)) return invalid("table", "identifier", "bad table name");
    table_ = std::string(table);
    std::string list;
    for (const auto& c : columns) {
      if (!plainIdentifier(c)) return invalid("column", "identifier", "bad column name");
      list += (list.empty() ? "" : ", ") + c;
    }
    auto existing = count();
    if (!existing) {
      return invalid("table", "exists", fmt::format("table {} is missing in PostgreSQL", table_));
    }
    if (*existing > 0) {
      return conflict("already-there",
                      fmt::format("PostgreSQL already holds {} rows of {} for landlord '{}': "
                                  "nothing was copied",
                                  *existing, table_, slug_));
    }
    pg::Res r(PQexec(conn_->raw(),
                     fmt::format("COPY {} ({}) FROM STDIN (FORMAT csv)", table_, list).c_str()));
    if (PQresultStatus(r.get()) != PGRES_COPY_IN) return copyFailed(PQresultErrorMessage(r.get()));
    in_copy_ = true;
    return {};
  }

  Status row(const std::vector<std::optional<std::string>>& values) override {
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) buf_ += ',';
      appendCsvField(buf_, values[i]);
    }
    buf_ += '\n';
    return buf_.size() > (1 << 20) ? flush() : Status{};
  }

  Status endTable(long long rows) override {
    if (auto f = flush(); !f) return f;
    in_copy_ = false;
    if (PQputCopyEnd(conn_->raw(), nullptr) != 1) return copyFailed(PQerrorMessage(conn_->raw()));
    pg::Res r(PQgetResult(conn_->raw()));
    const bool ok = PQresultStatus(r.get()) == PGRES_COMMAND_OK;
    std::string err = ok ? "" : PQresultErrorMessage(r.get());
    while (PGresult* more = PQgetResult(conn_->raw())) PQclear(more);
    if (!ok) return copyFailed(err);
    auto there = count();
    if (!there) return tl::unexpected(there.error());
    if (*there != rows) {
      return internalError(fmt::format(
          "table {}: sent {} rows but PostgreSQL holds {}; nothing was copied", table_, rows,
          *there));
    }
    return {};
  }

  Status commit() override {
    if (auto c = conn_->exec("COMMIT"); !c) {
      return internalError(fmt::format("COMMIT failed: {}", c.error().message));
    }
    committed_ = true;
    return {};
  }

 private:
  Result<long long> count() {
    auto r = conn_->runText(
        fmt::format("SELECT count(*) FROM {} WHERE landlord_id = $1", table_),
        pg::Params().add(landlord_));
    if (!r) return tl::unexpected(r.error());
    return static_cast<long long>(r->i64(0, 0));
  }

  Status flush() {
    if (buf_.empty()) return {};
    const int sent = PQputCopyData(conn_->raw(), buf_.data(), static_cast<int>(buf_.size()));
    buf_.clear();
    if (sent != 1) return copyFailed(PQerrorMessage(conn_->raw()));
    return {};
  }

  Status copyFailed(std::string detail) {
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    return internalError(fmt::format("COPY into {} failed: {}", table_, detail));
  }

  std::unique_ptr<pg::PgConn> conn_;
  LandlordId landlord_ = 0;
  std::string slug_, table_, buf_;
  bool in_copy_ = false;
  bool committed_ = false;
};

}  // namespace

Status PgMaintenance::backupTo(const std::string& file) {
  const int rc = runProgram({pgTool("pg_dump"), "--format=custom", "--no-owner",
                             "--file=" + file, "--dbname=" + dsn_});
  if (rc != 0) return internalError(fmt::format("pg_dump failed (exit {})", rc));
  return {};
}

Status PgMaintenance::restoreFrom(const std::string& file) {
  if (!std::filesystem::exists(file)) return notFound(fmt::format("there is no backup {}", file));
  const int rc = runProgram({pgTool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                             "--exit-on-error", "--single-transaction", "--dbname=" + dsn_, file});
  if (rc != 0) return internalError(fmt::format("pg_restore failed (exit {})", rc));
  return {};
}

Result<LandlordExport> PgMaintenance::exportLandlord(std::string_view, LandlordRowSink&) {
  return invalid("from", "sqlite",
                 "a landlord's data moves from a SQLite file into PostgreSQL, not out of it");
}

Result<std::unique_ptr<LandlordRowSink>> PgMaintenance::importLandlord() {
  auto conn = pg::PgConn::open(dsn_);
  if (!conn) return tl::unexpected(conn.error());
  auto sink = std::make_unique<PgRowSink>(std::move(*conn));
  if (auto b = sink->begin(); !b) return tl::unexpected(b.error());
  return std::unique_ptr<LandlordRowSink>(std::move(sink));
}

}  // namespace charter
