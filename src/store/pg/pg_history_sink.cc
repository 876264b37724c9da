#include "store/pg/pg_history_sink.h"

#include <fmt/format.h>

#include "store/core/history_load.h"
#include "store/pg/pg_conn.h"
#include "store/pg/pg_database.h"

namespace charter {
namespace {

namespace core = store_core;

// One value in COPY's text format: \N for NULL; backslash, tab, newline and CR escaped.
void appendCopyValue(std::string& buf, const core::SqlValue& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) {
    fmt::format_to(std::back_inserter(buf), "{}", *n);
  } else if (const auto* d = std::get_if<double>(&v)) {
    fmt::format_to(std::back_inserter(buf), "{}", *d);
  } else if (const auto* t = std::get_if<std::string>(&v)) {
    for (char c : *t) {
      switch (c) {
        case '\\': buf += "\\\\"; break;
        case '\t': buf += "\\t"; break;
        case '\n': buf += "\\n"; break;
        case '\r': buf += "\\r"; break;
        default: buf += c;
      }
    }
  } else {
    buf += "\\N";
  }
}

class PgBulkRows final : public core::BulkRows {
 public:
  explicit PgBulkRows(std::unique_ptr<pg::PgConn> c) : c_(std::move(c)), session_(*c_) {}
  ~PgBulkRows() override {
    if (!committed_) (void)c_->exec("ROLLBACK");
  }

  Status begin() override { return c_->exec("BEGIN"); }
  core::SqlSession& session() override { return session_; }

  Status load(const std::string& table, const std::vector<std::string>& columns,
              const std::vector<core::SqlValues>& rows) override {
    if (rows.empty()) return {};
    std::string cols;
    for (size_t i = 0; i < columns.size(); ++i) cols += (i ? ", " : "") + columns[i];
    pg::Res r(PQexec(c_->raw(), fmt::format("COPY {} ({}) FROM STDIN", table, cols).c_str()));
    if (PQresultStatus(r.get()) != PGRES_COPY_IN) return failed(table, r.get());
    std::string buf;
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i > 0) buf += '\t';
        appendCopyValue(buf, row[i]);
      }
      buf += '\n';
      if (buf.size() >= (1 << 20)) {
        if (auto s = put(table, buf); !s) return s;
      }
    }
    if (auto s = put(table, buf); !s) return s;
    if (PQputCopyEnd(c_->raw(), nullptr) != 1) return failed(table, nullptr);
    pg::Res done(PQgetResult(c_->raw()));
    const bool ok = PQresultStatus(done.get()) == PGRES_COMMAND_OK;
    Status out = ok ? Status{} : failed(table, done.get());
    while (PGresult* more = PQgetResult(c_->raw())) PQclear(more);
    return out;
  }

  Status pauseRollups() override { return c_->exec("SET LOCAL charter.bulk_load = 'on'"); }
  Status resumeRollups() override { return c_->exec("SET LOCAL charter.bulk_load = 'off'"); }

  Status lockLandlord(LandlordId landlord) override {
    auto r = c_->run("bulk_lock_landlord",
                     "SELECT landlord_id FROM landlords WHERE landlord_id = $1 FOR NO KEY UPDATE",
                     pg::Params().add(landlord));
    if (!r) return tl::unexpected(r.error());
    if (r->rows() == 0) return internalError(fmt::format("there is no landlord {}", landlord));
    return {};
  }

  Result<long long> tableRows() override {
    auto r = c_->run("bulk_case_rows", "SELECT count(*) FROM cases", pg::Params());
    if (!r) return tl::unexpected(r.error());
    return r->i64(0, 0);
  }

  Status dropIndexes(LandlordId, CaseId) override {
    // The indexes of no constraint (keys and UNIQUE stay), with their definitions.
    auto r = c_->run(
        "bulk_indexes",
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() "
        "AND t.relname IN ('events', 'cases', 'clocks', 'case_facts', 'imported_cases') "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "ORDER BY i.relname",
        pg::Params());
    if (!r) return tl::unexpected(r.error());
    for (int i = 0; i < r->rows(); ++i) {
      const std::string name = r->text(i, 0);
      if (auto d = c_->exec(fmt::format("DROP INDEX \"{}\"", name)); !d) return d;
      dropped_.push_back(r->text(i, 1));
    }
    return {};
  }

  Status restoreIndexes() override {
    if (dropped_.empty()) return {};
    if (auto m = c_->exec("SET LOCAL maintenance_work_mem = '512MB'"); !m) return m;
    for (const auto& sql : dropped_) {
      if (auto r = c_->exec(sql); !r) return r;
    }
    dropped_.clear();
    return {};
  }

  Status commit() override {
    if (auto c = c_->exec("COMMIT"); !c) return c;
    committed_ = true;
    // Statistics for the rows just loaded, before the first query plans with none: until
    // autovacuum got to them, a list read 100,000 cases to find 21 overdue ones
    // (bench/scale.sh). A sample, so seconds even at millions of rows; the import is already
    // committed, so a failure here only leaves that to autovacuum.
    (void)c_->exec("ANALYZE cases, clocks, events, case_months, clock_months");
    return {};
  }

 private:
  Status put(const std::string& table, std::string& buf) {
    if (buf.empty()) return {};
    const int sent = PQputCopyData(c_->raw(), buf.data(), static_cast<int>(buf.size()));
    buf.clear();
    return sent == 1 ? Status{} : failed(table, nullptr);
  }

  Status failed(const std::string& table, const PGresult* r) {
    return tl::unexpected(pg::pgError(c_->raw(), r, fmt::format("COPY into {}", table)));
  }

  std::unique_ptr<pg::PgConn> c_;
  pg::PgSession session_;
  bool committed_ = false;
  std::vector<std::string> dropped_;  // CREATE INDEX statements of the dropped indexes
};

}  // namespace

Result<std::unique_ptr<HistorySink>> openPgHistorySink(const std::string& dsn,
                                                       LandlordId landlord,
                                                       core::BulkOptions options) {
  auto conn = pg::PgConn::open(dsn);
  if (!conn) return tl::unexpected(conn.error());
  return core::HistoryLoader::begin(std::make_unique<PgBulkRows>(std::move(*conn)), landlord,
                                    options);
}

}  // namespace charter
