#include "store/core/rebuild.h"

#include <algorithm>
#include <mutex>
#include <thread>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/guarded.h"
#include "store/core/case_statements.h"
#include "store/core/history_load.h"
#include "store/core/learning_store.h"
#include "store/core/report_sql.h"
#include "store/core/service_rows.h"
#include "store/core/stored_rows.h"

namespace charter::store_core {
namespace {

constexpr const char* kChunkEvents =
    "SELECT case_id, seq, type, at_ms, recorded_ms, actor, data FROM events "
    "WHERE landlord_id = $1 AND case_id BETWEEN $2 AND $3 ORDER BY case_id, seq";

// A projection table: the columns its INSERT writes, and the read of its stored rows of the
// cases $2..$3 of landlord $1 in those columns.
struct Table {
  std::string name;
  std::vector<std::string> columns;
  std::string select;
};

// The tables first: cases, clocks, case_facts (every case owns its rows there).
enum : size_t { kCases = 0, kClocks = 1, kFacts = 2 };

bool plainInsert(std::string_view text) {
  return text.starts_with("INSERT INTO ") && text.find(" ON CONFLICT") == std::string_view::npos &&
         text.find("SELECT ") == std::string_view::npos;
}

std::vector<Table> makeTables() {
  std::vector<std::string> inserts = {kUpsertCase.sql, kInsertClock.sql, kUpsertCaseFacts};
  for (const auto& list : {learningStatements(), serviceStatements()}) {
    for (const auto& s : list) {
      if (plainInsert(s)) inserts.push_back(s);
    }
  }
  std::vector<Table> out;
  for (const auto& text : inserts) {
    InsertShape shape = insertShape(text.c_str());
    if (shape.columns.size() < 2 || shape.columns[0] != "landlord_id" ||
        shape.columns[1] != "case_id") {
      continue;  // not a case's row: never compared (a case writing it is always rewritten)
    }
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const Table& t) { return t.name == shape.table; });
    if (seen) continue;
    std::string cols;
    for (const auto& c : shape.columns) cols += (cols.empty() ? "" : ", ") + c;
    std::string select =
        fmt::format("SELECT {} FROM {} WHERE landlord_id = $1 AND case_id BETWEEN $2 AND $3",
                    cols, shape.table);
    out.push_back({std::move(shape.table), std::move(shape.columns), std::move(select)});
  }
  return out;
}

const std::vector<Table>& tables() {
  static const std::vector<Table> t = makeTables();
  return t;
}

std::optional<size_t> tableNamed(std::string_view name) {
  const auto& all = tables();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].name == name) return i;
  }
  return std::nullopt;
}

// What a full rewrite of one case would leave in the tables it owns.
struct Expected {
  CaseId id = 0;
  std::vector<std::pair<size_t, SqlValues>> rows;  // (table, row)
  std::vector<size_t> owned;                       // tables whose rows of the case it replaces
  bool opaque = false;  // a statement rebuild cannot compare: always rewritten
};

void own(Expected& e, size_t t) {
  if (std::find(e.owned.begin(), e.owned.end(), t) == e.owned.end()) e.owned.push_back(t);
}

// The table whose whole rows the plain INSERT `text` writes, in the columns rebuild reads.
std::optional<size_t> insertTableOf(const char* text) {
  if (!plainInsert(text)) return std::nullopt;
  const InsertShape shape = insertShape(text);
  auto t = tableNamed(shape.table);
  if (!t || shape.columns != tables()[*t].columns) return std::nullopt;
  return t;
}

// insertTableOf(c.text()), worked out once per thread for a statement of static text.
std::optional<size_t> insertTable(const Command& c) {
  if (c.fixed == nullptr) return insertTableOf(c.text());
  thread_local std::vector<std::pair<const char*, std::optional<size_t>>> known;
  for (const auto& [text, table] : known) {
    if (text == c.fixed) return table;
  }
  known.emplace_back(c.fixed, insertTableOf(c.fixed));
  return known.back().second;
}

// Folds one of the learning, service or ASB commands into `e`: a DELETE of the case's rows
// makes it own the table, a plain INSERT into an owned table is one of its rows.
void classify(Expected& e, Command& c) {
  const std::string_view text = c.text();
  constexpr std::string_view kDelete = "DELETE FROM ";
  constexpr std::string_view kWhere = " WHERE landlord_id = $1 AND case_id = $2";
  if (text.starts_with(kDelete) && text.ends_with(kWhere) && c.params.size() == 2) {
    auto t = tableNamed(text.substr(kDelete.size(), text.size() - kDelete.size() - kWhere.size()));
    if (!t) e.opaque = true;
    if (t) own(e, *t);
    return;
  }
  const auto t = insertTable(c);
  if (t && c.params.size() == tables()[*t].columns.size() &&
      std::find(e.owned.begin(), e.owned.end(), *t) != e.owned.end()) {
    e.rows.emplace_back(*t, std::move(c.params));
    return;
  }
  e.opaque = true;
}

Expected expect(LandlordId landlord, CaseId id, const CaseState& state,
                const std::vector<Clock>& clocks) {
  Expected e;
  e.id = id;
  e.owned = {kCases, kClocks, kFacts};
  e.rows.reserve(2 + clocks.size());
  e.rows.emplace_back(kCases, caseRow(landlord, id, state, clocks));
  for (const auto& k : clocks) e.rows.emplace_back(kClocks, clockRow(landlord, id, state, k));
  e.rows.emplace_back(kFacts, caseFactsCommand(landlord, id, state).params);
  for (auto& c : learningRowCommands(landlord, id, state)) classify(e, c);
  for (auto& c : serviceRowCommands(landlord, id, state, clocks)) classify(e, c);
  return e;
}

// Column `col` of `row` as text, not copied when the database holds text (`spare` holds the
// digits of an integer).
std::string_view textAt(const RowReader& row, int col, std::string& spare) {
  const SqlCell c = row.cell(col);
  if (c.kind != SqlCell::Kind::kInteger) return c.text;
  spare = std::to_string(c.integer);
  return spare;
}

// Re-derives chunks of cases and compares them with their stored rows. Its buffers
// are kept from chunk to chunk (freeing a chunk's worth of cases at once costs more than
// reusing them); a case's events are folded as soon as they are read, and dropped once its
// rows are built.
class Chunk {
 public:
  Chunk(LandlordId landlord, const std::function<std::vector<Clock>(const CaseState&)>& project)
      : landlord_(landlord), project_(project) {}

  // The cases ids[0, n) (ascending) read on `s`: answers the cases re-derived; `changed` is
  // set to the ones whose stored projection differs.
  Result<long> compare(SqlSession& s, const CaseId* ids, size_t n, std::vector<CaseId>& changed);

 private:
  std::optional<size_t> position(CaseId id) const {
    auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    if (it == ids_.end() || *it != id) return std::nullopt;
    return static_cast<size_t>(it - ids_.begin());
  }
  Status readTable(SqlSession& s, size_t table, const std::vector<bool>& real);
  Status readEvents(SqlSession& s);
  void derive(size_t pos, HistoryReader& history);
  bool unchanged(size_t pos, const Expected& e);

  LandlordId landlord_;
  const std::function<std::vector<Clock>(const CaseState&)>& project_;
  std::vector<CaseId> ids_;  // the chunk's
  StoredRows stored_;        // by case position and table
  std::vector<Expected> expected_;
  std::vector<size_t> positions_;            // of expected_[k] in ids_
  std::vector<std::vector<bool>> real_;      // [table][column]: written as a real
  std::vector<const SqlValues*> want_;       // unchanged's scratch
};

Status Chunk::readTable(SqlSession& s, size_t table, const std::vector<bool>& real) {
  const Table& t = tables()[table];
  auto r = s.run(Command(t.select, {landlord_, ids_.front(), ids_.back()}),
                 [&](const RowReader& row) {
                   auto pos = position(row.i64(1));
                   if (pos) stored_.add(*pos, table, row, t.columns.size(), real);
                 });
  if (!r) return tl::unexpected(r.error());
  return {};
}

// The case at `pos` folded from `history` (the stored reference, cases.reference, column 2,
// or the case's default), projected, and the rows a rewrite would write kept.
void Chunk::derive(size_t pos, HistoryReader& history) {
  std::optional<CaseState> state = history.finish(stored_.text(pos, kCases, 2));
  if (!state) return;
  const std::vector<Clock> clocks = project_(*state);
  expected_.push_back(expect(landlord_, ids_[pos], *state, clocks));
  positions_.push_back(pos);
  for (const auto& [t, row] : expected_.back().rows) {
    real_[t].resize(std::max(real_[t].size(), row.size()), false);
    for (size_t c = 0; c < row.size(); ++c) {
      if (std::holds_alternative<double>(row[c])) real_[t][c] = true;
    }
  }
}

Status Chunk::readEvents(SqlSession& s) {
  std::optional<HistoryReader> history;
  size_t at = 0;  // the position of the case `history` reads
  std::string type, actor;
  Status failed;
  auto r = s.run(Command(kChunkEvents, {landlord_, ids_.front(), ids_.back()}),
                 [&](const RowReader& row) {
                   auto pos = position(row.i64(0));
                   if (!pos || !failed) return;
                   if (history && at != *pos) {
                     derive(at, *history);
                     history.reset();
                   }
                   if (!history) history.emplace(ids_[*pos]);
                   at = *pos;
                   std::string data;
                   failed = history->add(row.i64(1), textAt(row, 2, type), row.i64(3),
                                         row.i64(4), textAt(row, 5, actor), textAt(row, 6, data));
                 });
  if (!r) return tl::unexpected(r.error());
  if (!failed) return failed;
  if (history) derive(at, *history);
  return {};
}

bool Chunk::unchanged(size_t pos, const Expected& e) {
  if (e.opaque) return false;
  for (size_t t : e.owned) {
    want_.clear();
    for (const auto& [table, row] : e.rows) {
      if (table == t) want_.push_back(&row);
    }
    if (!stored_.sameRows(pos, t, want_)) return false;
  }
  return true;
}

Result<long> Chunk::compare(SqlSession& s, const CaseId* ids, size_t n,
                            std::vector<CaseId>& changed) {
  changed.clear();
  ids_.assign(ids, ids + n);
  stored_.clear(n, tables().size());
  expected_.clear();
  positions_.clear();
  real_.assign(tables().size(), {});
  if (auto r = readTable(s, kCases, {}); !r) return tl::unexpected(r.error());
  if (auto r = readEvents(s); !r) return tl::unexpected(r.error());
  std::vector<bool> read(tables().size(), false);
  read[kCases] = true;
  for (const auto& e : expected_) {
    for (size_t t : e.owned) {
      if (read[t]) continue;
      read[t] = true;
      if (auto r = readTable(s, t, real_[t]); !r) return tl::unexpected(r.error());
    }
  }
  for (size_t k = 0; k < expected_.size(); ++k) {
    if (!unchanged(positions_[k], expected_[k])) changed.push_back(expected_[k].id);
  }
  return static_cast<long>(expected_.size());
}

// Rewrites `ids` in the writer's transaction, each re-read there: a case written since the
// chunk was compared is projected from its history as it is now.
Status rewrite(ProjectingTxn& txn, const std::vector<CaseId>& ids,
               const std::function<std::vector<Clock>(const CaseState&)>& project) {
  for (CaseId id : ids) {
    auto state = txn.load(id);
    if (!state) return tl::unexpected(state.error());
    if (!*state) continue;
    const std::vector<Clock> clocks = project(**state);
    if (auto w = txn.writeProjection(id, **state, clocks); !w) return w;
  }
  return {};
}

// What the workers share.
struct Progress {
  std::mutex m;
  size_t next = 0;  // the first id of the next chunk to take
  long rebuilt = 0;
  long rewritten = 0;
  std::optional<Error> error;
};

}  // namespace

Result<long> rebuildInChunks(LandlordId landlord, const std::vector<CaseId>& ids,
                             const ProjectingRead& read, const ProjectingWrite& write,
                             const std::function<std::vector<Clock>(const CaseState&)>& project,
                             RebuildOptions options) {
  const size_t chunk = std::max<size_t>(options.chunk, 1);
  Progress p;
  auto work = [&] {
    Chunk compared(landlord, project);
    std::vector<CaseId> changed;
    for (;;) {
      size_t from = 0;
      {
        std::lock_guard lock(p.m);
        if (p.error || p.next >= ids.size()) return;
        from = p.next;
        p.next += chunk;
      }
      long derived = 0;
      Status s = read([&](SqlSession& session) -> Status {
        auto d = compared.compare(session, ids.data() + from,
                                  std::min(chunk, ids.size() - from), changed);
        if (!d) return tl::unexpected(d.error());
        derived = *d;
        return {};
      });
      if (s && !changed.empty()) {
        s = write([&](ProjectingTxn& txn) { return rewrite(txn, changed, project); });
      }
      std::lock_guard lock(p.m);
      if (!s) {
        if (!p.error) p.error = s.error();
        return;
      }
      p.rebuilt += derived;
      p.rewritten += static_cast<long>(changed.size());
    }
  };
  auto guardedWork = [&] {
    auto r = guarded("rebuild", [&]() -> Status {
      work();
      return {};
    });
    if (!r) {
      std::lock_guard lock(p.m);
      if (!p.error) p.error = r.error();
    }
  };
  const int workers = std::max(1, options.workers);
  std::vector<std::thread> threads;
  for (int i = 1; i < workers; ++i) threads.emplace_back(guardedWork);
  guardedWork();
  for (auto& t : threads) t.join();
  if (p.error) return tl::unexpected(*p.error);
  spdlog::info("rebuild: {} cases re-derived, {} rewritten", p.rebuilt, p.rewritten);
  return p.rebuilt;
}

}  // namespace charter::store_core
