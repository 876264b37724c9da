#include "store/sqlite/history_sink.h"

#include <map>

#include <fmt/format.h>

#include "store/core/history_load.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/sqlite_engine.h"

namespace charter {
namespace {

using sqlite_internal::Connection;
namespace core = store_core;

class SqliteBulkRows final : public core::BulkRows {
 public:
  explicit SqliteBulkRows(std::unique_ptr<Connection> c) : c_(std::move(c)), session_(c_->db()) {}
  ~SqliteBulkRows() override {
    if (c_->inTransaction()) (void)c_->script("ROLLBACK");
  }

  Status begin() override {
    // One large transaction: a big page cache keeps the indexes being built in memory.
    return c_->script("PRAGMA cache_size=-262144; BEGIN IMMEDIATE");
  }

  core::SqlSession& session() override { return session_; }

  Status load(const std::string& table, const std::vector<std::string>& columns,
              const std::vector<core::SqlValues>& rows) override {
    if (rows.empty()) return {};
    std::string& text = inserts_[table];
    if (text.empty()) {
      std::string cols, params;
      for (size_t i = 0; i < columns.size(); ++i) {
        cols += fmt::format("{}{}", i ? ", " : "", columns[i]);
        params += fmt::format("{}?{}", i ? ", " : "", i + 1);
      }
      text = fmt::format("INSERT INTO {} ({}) VALUES ({})", table, cols, params);
    }
    auto s = c_->statement(text);
    if (!s) return tl::unexpected(s.error());
    for (const auto& row : rows) {
      s->reset();
      sqlite_internal::bindAll(*s, row);
      const int rc = s->step();
      if (rc != sqlite::kDone) return sqlite::fail(c_->db(), rc, fmt::format("loading {}", table));
    }
    return {};
  }

  Status pauseRollups() override {
    // The triggers that keep case_months and clock_months (0009), kept to be recreated.
    auto s = c_->statement(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
        "(sql LIKE '%case_months%' OR sql LIKE '%clock_months%') ORDER BY name");
    if (!s) return tl::unexpected(s.error());
    for (;;) {
      const int rc = s->step();
      if (rc == sqlite::kDone) break;
      if (rc != sqlite::kRow) return sqlite::fail(c_->db(), rc, "reading the rollup triggers");
      triggers_.emplace_back(s->text(0), s->text(1));
    }
    for (const auto& [name, sql] : triggers_) {
      if (auto d = c_->script(fmt::format("DROP TRIGGER \"{}\"", name)); !d) return d;
    }
    return {};
  }

  Status resumeRollups() override {
    for (const auto& [name, sql] : triggers_) {
      if (auto r = c_->script(sql); !r) return r;
    }
    triggers_.clear();
    return {};
  }

  // BEGIN IMMEDIATE already holds the only write lock.
  Status lockLandlord(LandlordId) override { return {}; }

  Status commit() override { return c_->script("COMMIT"); }

 private:
  std::unique_ptr<Connection> c_;
  sqlite::SqliteSession session_;
  std::map<std::string, std::string> inserts_;
  std::vector<std::pair<std::string, std::string>> triggers_;
};

}  // namespace

Result<std::unique_ptr<HistorySink>> openSqliteHistorySink(const std::filesystem::path& path,
                                                           LandlordId landlord) {
  auto conn = sqlite_internal::openConnection(path, sqlite_internal::Role::kWriter,
                                              /*synchronous_full=*/true);
  if (!conn) return tl::unexpected(conn.error());
  return core::HistoryLoader::begin(std::make_unique<SqliteBulkRows>(std::move(*conn)), landlord);
}

}  // namespace charter
