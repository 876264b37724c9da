#include "store/core/history_load.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "store/core/case_rows.h"
#include "store/core/case_statements.h"
#include "store/core/learning_store.h"
#include "store/core/service_rows.h"
#include "store/core/report_sql.h"

namespace charter::store_core {
namespace {

// The first day of the month of day number `col`, as each dialect writes it (0009's rollups).
std::string monthOf(Dialect d, const std::string& col) {
  if (d == Dialect::kPostgres) return fmt::format("charter_month_day({})", col);
  return fmt::format("({0} - CAST(strftime('%d', {0} * 86400, 'unixepoch') AS INTEGER) + 1)", col);
}

constexpr const char* kCaseDims =
    "kind, tenure, service_area, theme, channel, status, refusal_reason";

// The case_months rows the case facts make: basis, month_day, the dimensions, cases.
std::string expectedCaseMonths(Dialect d) {
  return fmt::format(
      "SELECT 'received' AS basis, {0} AS month_day, {2}, count(*) AS cases FROM case_facts "
      "WHERE landlord_id = $1 GROUP BY {0}, {2} "
      "UNION ALL SELECT 'escalated', {1}, {2}, count(*) FROM case_facts "
      "WHERE landlord_id = $1 AND escalated_day IS NOT NULL GROUP BY {1}, {2}",
      monthOf(d, "received_day"), monthOf(d, "escalated_day"), kCaseDims);
}

// The clock_months rows the stopped clocks make.
std::string expectedClockMonths(Dialect d) {
  return fmt::format(
      "SELECT name, {0} AS month_day, tenure, count(*) AS stopped, "
      "sum(CASE WHEN status = 'met' THEN 1 ELSE 0 END) AS met, "
      "sum(CASE WHEN status = 'met' AND met_day <= original_due_day THEN 1 ELSE 0 END) "
      "AS met_strict FROM clocks WHERE landlord_id = $1 AND met_day IS NOT NULL "
      "GROUP BY name, {0}, tenure",
      monthOf(d, "met_day"));
}

// Rows of `actual` and `expected` (two selects of the same columns) that the other lacks.
std::string differences(const std::string& actual, const std::string& expected) {
  return fmt::format(
      "WITH actual AS ({}), expected AS ({}), "
      "missing AS (SELECT * FROM expected EXCEPT SELECT * FROM actual), "
      "extra AS (SELECT * FROM actual EXCEPT SELECT * FROM expected) "
      "SELECT (SELECT count(*) FROM missing) + (SELECT count(*) FROM extra)",
      actual, expected);
}

// Hands rows to the dialect a table at a time.
struct Batch {
  InsertShape shape;
  std::vector<SqlValues> rows;
};

// One batch's rows, parents first (clocks refer to cases), and its rare learning rows.
struct PreparedRows final : PreparedBatch {
  CaseId first = 0;  // the batch's first case id
  long long cases = 0;
  std::vector<Batch> tables;
  std::vector<Batch> extras;                   // the extra rows' tables, after `tables`
  std::map<const char*, size_t> extra_tables;  // an extra INSERT's text -> its Batch
  std::vector<Command> learning;               // extra commands run one by one
};

// Adds one of a case's extra rows (learning, ombudsman, service, ASB: the commands the case
// stores run after a write) to the batch. A plain INSERT joins its table's bulk rows; a DELETE
// of the case's own rows is left out, as the case id is new and has none; anything else runs
// as it is, after the bulk rows.
void addExtra(PreparedRows& out, Command&& c) {
  const std::string_view text = c.text();
  if (text.starts_with("DELETE FROM ") &&
      text.ends_with(" WHERE landlord_id = $1 AND case_id = $2") && c.params.size() == 2) {
    return;
  }
  const bool plain = c.fixed != nullptr && text.starts_with("INSERT INTO ") &&
                     text.find(" ON CONFLICT") == std::string_view::npos &&
                     text.find("SELECT ") == std::string_view::npos;
  if (plain) {
    auto it = out.extra_tables.find(c.fixed);
    if (it == out.extra_tables.end()) {
      InsertShape shape = insertShape(c.fixed);
      if (shape.columns.size() == c.params.size()) {
        it = out.extra_tables.emplace(c.fixed, out.extras.size()).first;
        out.extras.push_back({std::move(shape), {}});
      }
    }
    if (it != out.extra_tables.end() &&
        out.extras[it->second].shape.columns.size() == c.params.size()) {
      out.extras[it->second].rows.push_back(std::move(c.params));
      return;
    }
  }
  out.learning.push_back(std::move(c));
}

}  // namespace

InsertShape insertShape(const char* insert_sql) {
  InsertShape out;
  const char* p = std::strstr(insert_sql, "INTO ");
  if (p == nullptr) return out;
  p += 5;
  const char* open = std::strchr(p, '(');
  const char* close = open != nullptr ? std::strchr(open, ')') : nullptr;
  if (open == nullptr || close == nullptr) return out;
  out.table = std::string(p, open);
  while (!out.table.empty() && out.table.back() == ' ') out.table.pop_back();
  std::string col;
  for (const char* c = open + 1; c <= close; ++c) {
    if (*c == ',' || *c == ')') {
      out.columns.push_back(col);
      col.clear();
    } else if (*c != ' ') {
      col += *c;
    }
  }
  return out;
}

std::vector<std::string> rollupRecomputeSql(Dialect d) {
  return {
      "DELETE FROM case_months WHERE landlord_id = $1",
      fmt::format("INSERT INTO case_months (landlord_id, basis, month_day, {0}, cases) "
                  "SELECT $1, basis, month_day, {0}, cases FROM ({1}) AS m",
                  kCaseDims, expectedCaseMonths(d)),
      "DELETE FROM clock_months WHERE landlord_id = $1",
      fmt::format("INSERT INTO clock_months (landlord_id, name, month_day, tenure, stopped, met, "
                  "met_strict) SELECT $1, name, month_day, tenure, stopped, met, met_strict "
                  "FROM ({}) AS m",
                  expectedClockMonths(d)),
  };
}

std::string rollupMismatchSql(Dialect d) {
  const std::string cases = differences(
      fmt::format("SELECT basis, month_day, {}, cases FROM case_months WHERE landlord_id = $1 "
                  "AND cases <> 0",
                  kCaseDims),
      expectedCaseMonths(d));
  const std::string clocks = differences(
      "SELECT name, month_day, tenure, stopped, met, met_strict FROM clock_months "
      "WHERE landlord_id = $1 AND stopped <> 0",
      expectedClockMonths(d));
  return fmt::format("SELECT ({}) + ({})", cases, clocks);
}

Result<std::unique_ptr<HistorySink>> HistoryLoader::begin(std::unique_ptr<BulkRows> rows,
                                                          LandlordId landlord,
                                                          BulkOptions options) {
  if (auto b = rows->begin(); !b) return tl::unexpected(b.error());
  std::unique_ptr<HistoryLoader> loader(new HistoryLoader(std::move(rows), landlord, options));
  if (auto s = loader->start(); !s) return tl::unexpected(s.error());
  return std::unique_ptr<HistorySink>(std::move(loader));
}

Status HistoryLoader::start() {
  if (auto s = rows_->lockLandlord(landlord_); !s) return s;
  SqlSession& s = rows_->session();
  std::int64_t top = 0;
  for (const char* sql : {"SELECT coalesce(max(case_id), 0) FROM events WHERE landlord_id = $1",
                          "SELECT coalesce(max(case_id), 0) FROM cases WHERE landlord_id = $1"}) {
    auto m = scalar(s, Command(sql, {landlord_}));
    if (!m) return tl::unexpected(m.error());
    top = std::max(top, *m);
  }
  next_id_ = top + 1;
  auto before = rows_->tableRows();
  if (!before) return tl::unexpected(before.error());
  rows_before_ = *before;
  auto r = s.run(Command("SELECT legacy_ref FROM imported_cases WHERE landlord_id = $1",
                         {landlord_}),
                 [&](const RowReader& row) { existing_.insert(row.text(0)); });
  if (!r) return tl::unexpected(r.error());
  return rows_->pauseRollups();
}

bool HistoryLoader::alreadyImported(std::string_view ref) const {
  return !existing_.empty() && existing_.count(std::string(ref)) > 0;
}

Result<std::unique_ptr<PreparedBatch>> HistoryLoader::prepare(
    std::vector<ImportedCase>& batch) {
  static const InsertShape kEvents = insertShape(kInsertEvent.sql);
  static const InsertShape kCases = insertShape(kUpsertCase.sql);
  static const InsertShape kClocks = insertShape(kInsertClock.sql);
  static const InsertShape kFacts = insertShape(kUpsertCaseFacts);
  auto out = std::make_unique<PreparedRows>();
  out->tables = {{kEvents, {}}, {kCases, {}}, {kClocks, {}}, {kFacts, {}},
                 {{"imported_cases", {"landlord_id", "legacy_ref", "case_id"}}, {}}};
  auto& events = out->tables[0].rows;
  auto& cases = out->tables[1].rows;
  auto& clocks = out->tables[2].rows;
  auto& facts = out->tables[3].rows;
  auto& refs = out->tables[4].rows;
  out->first = next_id_;
  out->cases = static_cast<long long>(batch.size());
  for (auto& c : batch) {
    const CaseId id = next_id_++;
    c.state.id = id;
    c.state.reference = caseReference(id);
    for (const auto& e : c.state.events) {
      auto row = eventRow(landlord_, id, e);
      if (!row) return tl::unexpected(row.error());
      events.push_back(std::move(*row));
    }
    cases.push_back(caseRow(landlord_, id, c.state, c.clocks));
    for (const auto& k : c.clocks) clocks.push_back(clockRow(landlord_, id, c.state, k));
    facts.push_back(caseFactsCommand(landlord_, id, c.state).params);
    refs.push_back({landlord_, c.ref, id});
    for (auto& l : learningRowCommands(landlord_, id, c.state)) addExtra(*out, std::move(l));
    for (auto& l : serviceRowCommands(landlord_, id, c.state, c.clocks)) {
      addExtra(*out, std::move(l));
    }
  }
  return std::unique_ptr<PreparedBatch>(std::move(out));
}

Status HistoryLoader::write(std::unique_ptr<PreparedBatch> prepared) {
  auto* rows = dynamic_cast<PreparedRows*>(prepared.get());
  if (rows == nullptr) return internalError("a batch prepared by another sink");
  if (auto d = maybeDropIndexes(rows->first); !d) return d;
  written_ += rows->cases;
  for (const auto* tables : {&rows->tables, &rows->extras}) {
    for (const Batch& b : *tables) {
      if (auto s = rows_->load(b.shape.table, b.shape.columns, b.rows); !s) return s;
    }
  }
  for (const auto& l : rows->learning) {
    if (auto s = exec(rows_->session(), l); !s) return s;
  }
  return {};
}

Status HistoryLoader::maybeDropIndexes(CaseId first) {
  if (indexes_dropped_ || options_.rebuild_indexes_after <= 0) return {};
  if (written_ < std::max(options_.rebuild_indexes_after, rows_before_)) return {};
  indexes_dropped_ = true;
  if (auto d = rows_->dropIndexes(landlord_, first); !d) return d;
  if (options_.on_stage) options_.on_stage("indexes dropped");
  return {};
}

Result<RollupCheck> HistoryLoader::commit() {
  if (indexes_dropped_) {
    if (auto r = rows_->restoreIndexes(); !r) return tl::unexpected(r.error());
    if (options_.on_stage) options_.on_stage("indexes rebuilt");
  }
  SqlSession& s = rows_->session();
  const Dialect d = s.dialect();
  if (d == Dialect::kPostgres) {
    // Servers' triggers wait from here to COMMIT, so none adds to a rollup being recomputed.
    if (auto l = exec(s, Command("LOCK TABLE case_months, clock_months IN SHARE ROW EXCLUSIVE "
                                 "MODE", {}));
        !l) {
      return tl::unexpected(l.error());
    }
  }
  for (const auto& sql : rollupRecomputeSql(d)) {
    if (auto r = exec(s, Command(sql, {landlord_})); !r) return tl::unexpected(r.error());
  }
  RollupCheck check;
  auto count = [&](const std::string& sql) -> Result<std::int64_t> {
    return scalar(s, Command(sql, {landlord_}));
  };
  auto mismatches = count(rollupMismatchSql(d));
  auto facts = count("SELECT count(*) FROM case_facts WHERE landlord_id = $1");
  auto stopped =
      count("SELECT count(*) FROM clocks WHERE landlord_id = $1 AND met_day IS NOT NULL");
  auto groups = count(
      "SELECT (SELECT count(*) FROM case_months WHERE landlord_id = $1) + "
      "(SELECT count(*) FROM clock_months WHERE landlord_id = $1)");
  for (const auto* r : {&mismatches, &facts, &stopped, &groups}) {
    if (!*r) return tl::unexpected(r->error());
  }
  check = RollupCheck{*facts, *stopped, *groups, *mismatches};
  if (check.mismatches != 0) {
    return internalError(fmt::format(
        "the monthly rollups differ from the rows in {} group(s) after the import: nothing was "
        "imported",
        check.mismatches));
  }
  if (auto r = rows_->resumeRollups(); !r) return tl::unexpected(r.error());
  if (auto r = rows_->commit(); !r) return tl::unexpected(r.error());
  return check;
}

}  // namespace charter::store_core
