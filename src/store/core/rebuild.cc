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
  CaseState state;
  std::vector<Clock> clocks;
  std::vector<std::pair<size_t, SqlValues>> rows;  // (table, row)
  std::vector<size_t> owned;                       // tables whose rows of the case it replaces
  bool opaque = false;  // a statement rebuild cannot compare: always rewritten
};

void own(Expected& e, size_t t) {
  if (std::find(e.owned.begin(), e.owned.end(), t) == e.owned.end()) e.owned.push_back(t);
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
  if (plainInsert(text)) {
    const InsertShape shape = insertShape(c.text());
    auto t = tableNamed(shape.table);
    if (t && shape.columns == tables()[*t].columns && c.params.size() == shape.columns.size() &&
        std::find(e.owned.begin(), e.owned.end(), *t) != e.owned.end()) {
      e.rows.emplace_back(*t, std::move(c.params));
      return;
    }
  }
  e.opaque = true;
}

Expected expect(LandlordId landlord, CaseId id, CaseState state, std::vector<Clock> clocks) {
  Expected e;
  e.id = id;
  e.state = std::move(state);
  e.clocks = std::move(clocks);
  e.owned = {kCases, kClocks, kFacts};
  e.rows.emplace_back(kCases, caseRow(landlord, id, e.state, e.clocks));
  for (const auto& k : e.clocks) e.rows.emplace_back(kClocks, clockRow(landlord, id, e.state, k));
  e.rows.emplace_back(kFacts, caseFactsCommand(landlord, id, e.state).params);
  for (auto& c : learningRowCommands(landlord, id, e.state)) classify(e, c);
  for (auto& c : serviceRowCommands(landlord, id, e.state, e.clocks)) classify(e, c);
  return e;
}

// The text a value sorts by (an integer and its stored text alike).
std::string keyText(const SqlValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

// A value to write against a stored one (read as text, or as a real where one is written).
bool same(const SqlValue& want, const SqlValue& have) {
  if (std::holds_alternative<std::nullptr_t>(want)) {
    return std::holds_alternative<std::nullptr_t>(have);
  }
  if (const auto* i = std::get_if<std::int64_t>(&want)) {
    if (const auto* d = std::get_if<double>(&have)) return *d == static_cast<double>(*i);
    const auto* s = std::get_if<std::string>(&have);
    return s != nullptr && *s == std::to_string(*i);
  }
  if (const auto* d = std::get_if<double>(&want)) {
    const auto* h = std::get_if<double>(&have);
    return h != nullptr && *h == *d;
  }
  const auto* s = std::get_if<std::string>(&have);
  return s != nullptr && *s == std::get<std::string>(want);
}

// Whether a case's rows of one table, as stored, are the rows a rewrite would leave.
bool sameRows(std::vector<const SqlValues*> want, std::vector<const SqlValues*> have) {
  if (want.size() != have.size()) return false;
  if (want.size() > 1) {  // rows of a case differ in their third column (the key's last part)
    auto byKey = [](const SqlValues* a, const SqlValues* b) {
      return a->size() > 2 && b->size() > 2 && keyText((*a)[2]) < keyText((*b)[2]);
    };
    std::stable_sort(want.begin(), want.end(), byKey);
    std::stable_sort(have.begin(), have.end(), byKey);
  }
  for (size_t r = 0; r < want.size(); ++r) {
    if (want[r]->size() != have[r]->size()) return false;
    for (size_t c = 0; c < want[r]->size(); ++c) {
      if (!same((*want[r])[c], (*have[r])[c])) return false;
    }
  }
  return true;
}

// Re-derives chunks of cases and compares them with their stored rows. Its buffers
// are kept from chunk to chunk (freeing a chunk's worth of cases at once costs more than
// reusing them).
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
  std::vector<SqlValues>& stored(size_t pos, size_t table) {
    return stored_[pos * tables().size() + table];
  }
  Status readTable(SqlSession& s, size_t table, const std::vector<bool>& real);
  Status readEvents(SqlSession& s, std::vector<std::optional<CaseState>>& states);
  bool unchanged(size_t pos, const Expected& e);

  LandlordId landlord_;
  const std::function<std::vector<Clock>(const CaseState&)>& project_;
  std::vector<CaseId> ids_;                     // the chunk's
  std::vector<std::vector<SqlValues>> stored_;  // [case position][table]: stored rows
  std::vector<std::optional<HistoryReader>> histories_;
  std::vector<std::optional<CaseState>> states_;
  std::vector<Expected> expected_;
  std::vector<size_t> positions_;  // of expected_[k] in ids_
};

Status Chunk::readTable(SqlSession& s, size_t table, const std::vector<bool>& real) {
  const Table& t = tables()[table];
  auto r = s.run(Command(t.select, {landlord_, ids_.front(), ids_.back()}),
                 [&](const RowReader& row) {
                   auto pos = position(row.i64(1));
                   if (!pos) return;
                   SqlValues values;
                   values.reserve(t.columns.size());
                   for (size_t c = 0; c < t.columns.size(); ++c) {
                     const int col = static_cast<int>(c);
                     if (row.isNull(col)) {
                       values.emplace_back(nullptr);
                     } else if (c < real.size() && real[c]) {
                       values.emplace_back(row.f64(col));
                     } else {
                       values.emplace_back(row.text(col));
                     }
                   }
                   stored(*pos, table).push_back(std::move(values));
                 });
  if (!r) return tl::unexpected(r.error());
  return {};
}

Status Chunk::readEvents(SqlSession& s, std::vector<std::optional<CaseState>>& states) {
  auto& histories = histories_;
  histories.clear();
  histories.resize(ids_.size());
  Status failed;
  auto r = s.run(Command(kChunkEvents, {landlord_, ids_.front(), ids_.back()}),
                 [&](const RowReader& row) {
                   auto pos = position(row.i64(0));
                   if (!pos || !failed) return;
                   auto& h = histories[*pos];
                   if (!h) h.emplace(ids_[*pos]);
                   failed = h->add(row.i64(1), row.text(2), row.i64(3), row.i64(4), row.text(5),
                                   row.text(6));
                 });
  if (!r) return tl::unexpected(r.error());
  if (!failed) return failed;
  for (size_t i = 0; i < ids_.size(); ++i) {
    if (!histories[i]) continue;
    // The stored reference (cases.reference, column 2), or the case's default.
    std::string reference;
    const auto& row = stored(i, kCases);
    if (!row.empty()) reference = keyText(row.front()[2]);
    states[i] = histories[i]->finish(std::move(reference));
  }
  return {};
}

bool Chunk::unchanged(size_t pos, const Expected& e) {
  if (e.opaque) return false;
  for (size_t t : e.owned) {
    std::vector<const SqlValues*> want;
    std::vector<const SqlValues*> have;
    for (const auto& [table, row] : e.rows) {
      if (table == t) want.push_back(&row);
    }
    for (const auto& row : stored(pos, t)) have.push_back(&row);
    if (!sameRows(std::move(want), std::move(have))) return false;
  }
  return true;
}

Result<long> Chunk::compare(SqlSession& s, const CaseId* ids, size_t n,
                            std::vector<CaseId>& changed) {
  changed.clear();
  ids_.assign(ids, ids + n);
  stored_.resize(std::max(stored_.size(), n * tables().size()));
  for (auto& rows : stored_) rows.clear();
  if (auto r = readTable(s, kCases, {}); !r) return tl::unexpected(r.error());
  auto& states = states_;
  states.clear();
  states.resize(n);
  if (auto r = readEvents(s, states); !r) return tl::unexpected(r.error());
  auto& expected = expected_;
  expected.clear();
  auto& positions = positions_;
  positions.clear();
  std::vector<std::vector<bool>> real(tables().size());  // columns written as reals
  std::vector<bool> read(tables().size(), false);
  read[kCases] = true;
  for (size_t i = 0; i < ids_.size(); ++i) {
    if (!states[i]) continue;
    std::vector<Clock> clocks = project_(*states[i]);
    expected.push_back(expect(landlord_, ids_[i], std::move(*states[i]), std::move(clocks)));
    positions.push_back(i);
    for (const auto& [t, row] : expected.back().rows) {
      real[t].resize(row.size(), false);
      for (size_t c = 0; c < row.size(); ++c) {
        if (std::holds_alternative<double>(row[c])) real[t][c] = true;
      }
    }
  }
  for (const auto& e : expected) {
    for (size_t t : e.owned) {
      if (read[t]) continue;
      read[t] = true;
      if (auto r = readTable(s, t, real[t]); !r) return tl::unexpected(r.error());
    }
  }
  for (size_t k = 0; k < expected.size(); ++k) {
    if (!unchanged(positions[k], expected[k])) changed.push_back(expected[k].id);
  }
  return static_cast<long>(expected.size());
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
