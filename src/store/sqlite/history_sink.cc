#include "store/sqlite/history_sink.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "store/core/history_load.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/sqlite_engine.h"

namespace charter {
namespace {

using sqlite_internal::Connection;
namespace core = store_core;

constexpr size_t kRowsPerInsert = 64;
constexpr size_t kMaxParameters = 32766;  // SQLITE_MAX_VARIABLE_NUMBER since 3.32

// One row's values as parameters base+1.. of `s`, text bound without a copy.
void bindRow(sqlite::Statement& s, int base, const core::SqlValues& row) {
  for (size_t i = 0; i < row.size(); ++i) {
    const int at = base + static_cast<int>(i) + 1;
    if (const auto* n = std::get_if<std::int64_t>(&row[i])) {
      s.bind(at, *n);
    } else if (const auto* d = std::get_if<double>(&row[i])) {
      s.bind(at, *d);
    } else if (const auto* t = std::get_if<std::string>(&row[i])) {
      s.bindStatic(at, *t);
    } else {
      s.bindNull(at);
    }
  }
}

class SqliteBulkRows final : public core::BulkRows {
 public:
  explicit SqliteBulkRows(std::unique_ptr<Connection> c) : c_(std::move(c)), session_(c_->db()) {}
  ~SqliteBulkRows() override {
    if (c_->inTransaction()) (void)c_->script("ROLLBACK");
  }

  Status begin() override {
    // One large transaction: a big page cache keeps the indexes being built in memory.
    // threads: CREATE INDEX sorts on a second thread when the indexes are rebuilt.
    return c_->script("PRAGMA cache_size=-262144; PRAGMA threads=2; BEGIN IMMEDIATE");
  }

  core::SqlSession& session() override { return session_; }

  Status load(const std::string& table, const std::vector<std::string>& columns,
              const std::vector<core::SqlValues>& rows) override {
    if (rows.empty() || columns.empty()) return {};
    // Many rows a statement: the table's and its indexes' cursors open once for them all.
    const size_t many = std::min<size_t>(kRowsPerInsert, kMaxParameters / columns.size());
    size_t i = 0;
    for (const size_t n : {many, size_t{1}}) {
      if (rows.size() - i < n) continue;
      auto s = c_->statement(insertText(table, columns, n));
      if (!s) return tl::unexpected(s.error());
      for (; i + n <= rows.size(); i += n) {
        s->reset();
        for (size_t r = 0; r < n; ++r) {
          bindRow(*s, static_cast<int>(r * columns.size()), rows[i + r]);
        }
        const int rc = s->step();
        if (rc != sqlite::kDone) {
          return sqlite::fail(c_->db(), rc, fmt::format("loading {}", table));
        }
      }
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

  Result<long long> tableRows() override {
    auto n = c_->queryText("SELECT count(*) FROM cases");
    if (!n) return tl::unexpected(n.error());
    return std::stoll(*n);
  }

  Status dropIndexes(LandlordId landlord, CaseId first) override {
    // The indexes made by CREATE INDEX (not those of a key or UNIQUE, whose sql is NULL) and
    // the trigger that fills the search index (0023), in the order they are to come back.
    auto kept = schemaRows(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
        "((type = 'index' AND tbl_name IN ('events', 'cases', 'clocks', 'case_facts', "
        "'imported_cases')) OR (type = 'trigger' AND name = 'cases_search_insert')) "
        "ORDER BY type, name");
    if (!kept) return tl::unexpected(kept.error());
    for (const auto& [type, name, sql] : *kept) {
      auto d = c_->script(fmt::format("DROP {} \"{}\"", type == "index" ? "INDEX" : "TRIGGER",
                                      name));
      if (!d) return d;
      if (type == "trigger") search_from_ = {landlord, first};
    }
    dropped_ = std::move(*kept);
    return {};
  }

  Status restoreIndexes() override {
    if (search_from_.second != 0) {
      // What the trigger would have added for the cases written without it (0023's rowid).
      auto s = c_->statement(
          "INSERT INTO case_search (rowid, search_text) SELECT "
          "landlord_id * 1099511627776 + case_id, search_text FROM cases "
          "WHERE landlord_id = ?1 AND case_id >= ?2");
      if (!s) return tl::unexpected(s.error());
      s->bind(1, search_from_.first).bind(2, search_from_.second);
      if (const int rc = s->step(); rc != sqlite::kDone) {
        return sqlite::fail(c_->db(), rc, "filling the search index");
      }
    }
    for (const auto& [type, name, sql] : dropped_) {
      if (auto r = c_->script(sql); !r) return r;
    }
    dropped_.clear();
    return {};
  }

  Status commit() override { return c_->script("COMMIT"); }

 private:
  std::unique_ptr<Connection> c_;
  sqlite::SqliteSession session_;
  std::map<std::pair<std::string, size_t>, std::string> inserts_;  // (table, rows) -> text

  // "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)" for `n` rows, made once.
  const std::string& insertText(const std::string& table, const std::vector<std::string>& columns,
                                size_t n) {
    std::string& text = inserts_[{table, n}];
    if (!text.empty()) return text;
    std::string cols, row = "(";
    for (size_t i = 0; i < columns.size(); ++i) {
      cols += fmt::format("{}{}", i ? ", " : "", columns[i]);
      row += i ? ", ?" : "?";
    }
    row += ")";
    text = fmt::format("INSERT INTO {} ({}) VALUES {}", table, cols, row);
    for (size_t r = 1; r < n; ++r) text += ", " + row;
    return text;
  }
  std::vector<std::pair<std::string, std::string>> triggers_;
  std::vector<std::tuple<std::string, std::string, std::string>> dropped_;  // type, name, sql
  std::pair<LandlordId, CaseId> search_from_{0, 0};

  Result<std::vector<std::tuple<std::string, std::string, std::string>>> schemaRows(
      const char* sql) {
    auto s = c_->statement(sql);
    if (!s) return tl::unexpected(s.error());
    std::vector<std::tuple<std::string, std::string, std::string>> out;
    for (;;) {
      const int rc = s->step();
      if (rc == sqlite::kDone) return out;
      if (rc != sqlite::kRow) return sqlite::fail(c_->db(), rc, "reading the schema");
      out.emplace_back(s->text(0), s->text(1), s->text(2));
    }
  }
};

}  // namespace

Result<std::unique_ptr<HistorySink>> openSqliteHistorySink(const std::filesystem::path& path,
                                                           LandlordId landlord,
                                                           core::BulkOptions options) {
  auto conn = sqlite_internal::openConnection(path, sqlite_internal::Role::kWriter,
                                              /*synchronous_full=*/true);
  if (!conn) return tl::unexpected(conn.error());
  return core::HistoryLoader::begin(std::make_unique<SqliteBulkRows>(std::move(*conn)), landlord,
                                    options);
}

}  // namespace charter
