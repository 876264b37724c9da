// Reading a case, taking ids, appending events and writing projections on SQLite.
#include <fmt/format.h>

#include "store/core/case_statements.h"
#include "store/core/outbox_store.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/projection_rows.h"
#include "store/sqlite/sqlite_engine.h"

namespace charter::sqlite_internal {
namespace {

namespace core = store_core;

// The case statements in SQLite's placeholder style, converted once.
struct Sql {
  std::string select_reference = core::sqliteText(core::kSelectReference.sql);
  std::string select_events = core::sqliteText(core::kSelectEvents.sql);
  std::string select_max_seq = core::sqliteText(core::kSelectMaxSeq.sql);
  std::string insert_event = core::sqliteText(core::kInsertEvent.sql);
  std::string upsert_case = core::sqliteText(core::kUpsertCase.sql);
  std::string delete_clocks = core::sqliteText(core::kDeleteClocks.sql);
  std::string insert_clock = core::sqliteText(core::kInsertClock.sql);
};
const Sql& sql() {
  static const Sql s;
  return s;
}

// SQLite's own: max() of two values (PostgreSQL's greatest()).
constexpr const char* kSelectMaxCaseId =
    "SELECT max(coalesce((SELECT max(case_id) FROM events WHERE landlord_id = ?1), 0),"
    "           coalesce((SELECT max(case_id) FROM cases WHERE landlord_id = ?1), 0))";

// Runs `text` with `values`, expecting no rows.
Status runRow(Connection& c, const std::string& text, const std::vector<core::SqlValue>& values,
              std::string_view what) {
  auto s = c.statement(text);
  if (!s) return tl::unexpected(s.error());
  bindAll(*s, values);
  return s->run(what);
}

Result<std::string> readReference(Connection& c, LandlordId landlord, CaseId id) {
  auto s = c.statement(sql().select_reference);
  if (!s) return tl::unexpected(s.error());
  s->bind(1, landlord).bind(2, id);
  const int rc = s->step();
  if (rc == sqlite::kRow) return s->text(0);
  if (rc != sqlite::kDone) return sqlite::fail(c.db(), rc, "reading a case");
  return std::string();
}

Result<std::int64_t> storedVersion(Connection& c, LandlordId landlord, CaseId id) {
  auto s = c.statement(sql().select_max_seq);
  if (!s) return tl::unexpected(s.error());
  s->bind(1, landlord).bind(2, id);
  const int rc = s->step();
  if (rc != sqlite::kRow) return sqlite::fail(c.db(), rc, "reading a case's version");
  return s->i64(0);
}

Status insertEvents(Connection& c, LandlordId landlord, CaseId id,
                    const std::vector<Event>& new_events) {
  auto s = c.statement(sql().insert_event);
  if (!s) return tl::unexpected(s.error());
  for (const auto& e : new_events) {
    auto row = core::eventRow(landlord, id, e);
    if (!row) return tl::unexpected(row.error());
    s->reset();
    bindAll(*s, *row);
    const int rc = s->step();
    if (Statement::isPrimaryKeyClash(rc)) return tl::unexpected(core::concurrentWrite(id));
    if (rc != sqlite::kDone) return sqlite::fail(c.db(), rc, "appending an event");
  }
  return {};
}

}  // namespace

Result<std::optional<CaseState>> loadCase(Connection& c, LandlordId landlord, CaseId id) {
  auto reference = readReference(c, landlord, id);
  if (!reference) return tl::unexpected(reference.error());
  auto s = c.statement(sql().select_events);
  if (!s) return tl::unexpected(s.error());
  s->bind(1, landlord).bind(2, id);
  core::HistoryReader history(id);
  for (;;) {
    const int rc = s->step();
    if (rc == sqlite::kDone) break;
    if (rc != sqlite::kRow) return sqlite::fail(c.db(), rc, "reading a case's events");
    if (auto a = history.add(s->i64(0), s->text(1), s->i64(2), s->i64(3), s->text(4), s->text(5));
        !a) {
      return tl::unexpected(a.error());
    }
  }
  return history.finish(std::move(*reference));
}

Result<CaseId> Engine::nextCaseId(LandlordId landlord) {
  auto it = next_ids.find(landlord);
  if (it == next_ids.end()) {
    auto s = writer->statement(kSelectMaxCaseId);
    if (!s) return tl::unexpected(s.error());
    s->bind(1, landlord);
    const int rc = s->step();
    if (rc != sqlite::kRow) return sqlite::fail(writer->db(), rc, "finding the next case id");
    it = next_ids.emplace(landlord, s->i64(0) + 1).first;
  }
  return it->second++;
}

Status Engine::writeProjection(LandlordId landlord, CaseId id, const CaseState& state,
                               const std::vector<Clock>& clocks) {
  Connection& c = *writer;
  if (auto r = runRow(c, sql().upsert_case, core::caseRow(landlord, id, state, clocks),
                      "writing the case projection");
      !r) {
    return r;
  }
  if (auto r = runRow(c, sql().delete_clocks, {landlord, id}, "clearing the case's clocks"); !r) {
    return r;
  }
  for (const auto& k : clocks) {
    if (auto r = runRow(c, sql().insert_clock, core::clockRow(landlord, id, state, k),
                        fmt::format("writing clock {}", k.name));
        !r) {
      return r;
    }
  }
  // The learning rows and the case-facts projection, in the same transaction.
  if (auto r = writeLearningRows(c, landlord, id, state); !r) return r;
  if (auto r = writeServiceRows(c, landlord, id, state, clocks); !r) return r;
  return writeCaseFacts(c, landlord, id, state);
}

Status Engine::append(LandlordId landlord, CaseId id, const std::vector<Event>& new_events,
                      const CaseProjection& projection) {
  if (auto s = core::checkAppend(id, new_events, projection); !s) return s;
  Connection& c = *writer;
  // Its own savepoint: an append is all or nothing even if the caller ignores its error.
  if (auto s = c.execCached("SAVEPOINT append_events"); !s) return s;
  auto body = [&]() -> Status {
    auto current = storedVersion(c, landlord, id);
    if (!current) return tl::unexpected(current.error());
    if (auto s = core::checkContinues(id, new_events, *projection.state, *current); !s) return s;
    if (auto s = insertEvents(c, landlord, id, new_events); !s) return s;
    return writeProjection(landlord, id, *projection.state, *projection.clocks);
  };
  Status result = body();
  if (!c.inTransaction()) {
    // SQLite rolled the whole transaction back (I/O error, disk full): nothing to release.
    return result ? internalError("the database rolled back the transaction") : result;
  }
  if (!result) {
    c.execCached("ROLLBACK TO append_events");
    c.execCached("RELEASE append_events");
    return result;
  }
  return c.execCached("RELEASE append_events");
}

Status Engine::enqueue(LandlordId landlord, const OutboxMessage& m) {
  sqlite::SqliteSession session(*writer);
  return core::insertOutbox(session, landlord, m);
}

}  // namespace charter::sqlite_internal
