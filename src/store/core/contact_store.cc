// SqlReportStore's phones and reception (app/reports.h, migrations/0026_calls_visits.sql):
// the call and visit imports, the reception log and the wait tallies the contact measures read.
#include <fmt/format.h>

#include "store/core/report_sql.h"
#include "store/core/report_store.h"

namespace charter::store_core {

using measures::Period;

namespace {

const char* const kUpsertCall =
    "INSERT INTO calls (landlord_id, call_id, started_local, started_day, wait_seconds, "
    "answered, transferred, transfer_wait_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT (landlord_id, call_id) DO UPDATE SET started_local = excluded.started_local, "
    "started_day = excluded.started_day, wait_seconds = excluded.wait_seconds, "
    "answered = excluded.answered, transferred = excluded.transferred, "
    "transfer_wait_seconds = excluded.transfer_wait_seconds";

const char* const kUpsertVisit =
    "INSERT INTO reception_visits (landlord_id, visit_id, arrived_local, arrived_day, "
    "came_to_see, seen_local, seen_by) VALUES ($1, $2, $3, $4, $5, $6, $7) "
    "ON CONFLICT (landlord_id, visit_id) DO UPDATE SET arrived_local = excluded.arrived_local, "
    "arrived_day = excluded.arrived_day, came_to_see = excluded.came_to_see, "
    "seen_local = excluded.seen_local, seen_by = excluded.seen_by";

// $4: the wait in seconds; $5: 1 = transferred calls only, their second response's wait.
const Sql kCallWaits{
    "call_waits",
    "SELECT count(*), coalesce(sum(CASE WHEN answered = 1 AND (CASE WHEN $5 = 1 THEN "
    "coalesce(transfer_wait_seconds, wait_seconds) ELSE wait_seconds END) <= $4 THEN 1 ELSE 0 "
    "END), 0) FROM calls WHERE landlord_id = $1 AND started_day >= $2 AND started_day <= $3 "
    "AND ($5 = 0 OR transferred = 1)"};

// $4: the wait in minutes; $5: 1 = the visits seen by another officer, 0 = all the others.
const Sql kVisitWaits{
    "visit_waits",
    "SELECT count(*), coalesce(sum(CASE WHEN seen_local IS NOT NULL AND "
    "seen_local - arrived_local <= $4 * 60 THEN 1 ELSE 0 END), 0) FROM reception_visits "
    "WHERE landlord_id = $1 AND arrived_day >= $2 AND arrived_day <= $3 AND (CASE WHEN "
    "seen_local IS NOT NULL AND came_to_see <> '' AND seen_by <> '' AND seen_by <> came_to_see "
    "THEN 1 ELSE 0 END) = $5"};

const Sql kVisitsOn{
    "visits_on",
    "SELECT visit_id, arrived_local, came_to_see, seen_local, seen_by FROM reception_visits "
    "WHERE landlord_id = $1 AND arrived_day = $2 ORDER BY arrived_local, visit_id"};

const Sql kVisitExists{"visit_exists",
                       "SELECT count(*) FROM reception_visits WHERE landlord_id = $1 AND "
                       "visit_id = $2"};

const Sql kVisitsThatDay{"visits_that_day",
                         "SELECT count(*) FROM reception_visits WHERE landlord_id = $1 AND "
                         "arrived_day = $2"};

const Sql kMarkSeen{"mark_visit_seen",
                    "UPDATE reception_visits SET seen_local = $3, seen_by = $4 WHERE "
                    "landlord_id = $1 AND visit_id = $2 AND seen_local IS NULL"};

SqlValue localValue(LocalTime t) { return static_cast<std::int64_t>(localSeconds(t)); }
SqlValue dayValue(LocalTime t) { return static_cast<std::int64_t>(dayNumber(localDay(t))); }
SqlValue flagValue(bool b) { return std::int64_t{b ? 1 : 0}; }

// "20261206".
std::string compactDate(Date d) {
  std::string s = formatDate(d);
  std::erase(s, '-');
  return s;
}

ReceptionVisit visitRow(const RowReader& r) {
  ReceptionVisit v;
  v.visit_id = r.text(0);
  v.arrived = fromLocalSeconds(r.i64(1));
  v.came_to_see = r.text(2);
  if (!r.isNull(3)) v.seen = fromLocalSeconds(r.i64(3));
  v.seen_by = r.text(4);
  return v;
}

}  // namespace

Status SqlReportStore::importCalls(const std::vector<CallRecord>& rows) {
  std::vector<SqlValues> values;
  for (const auto& c : rows) {
    values.push_back({c.call_id, localValue(c.started), dayValue(c.started),
                      static_cast<std::int64_t>(c.wait_seconds), flagValue(c.answered),
                      flagValue(c.transferred),
                      c.transfer_wait_seconds
                          ? SqlValue(static_cast<std::int64_t>(*c.transfer_wait_seconds))
                          : SqlValue(nullptr)});
  }
  return importing(kUpsertCall, std::move(values), 1, false);
}

Status SqlReportStore::importVisits(const std::vector<ReceptionVisit>& rows) {
  std::vector<SqlValues> values;
  for (const auto& v : rows) {
    values.push_back({v.visit_id, localValue(v.arrived), dayValue(v.arrived), v.came_to_see,
                      v.seen ? localValue(*v.seen) : SqlValue(nullptr), v.seen_by});
  }
  return importing(kUpsertVisit, std::move(values), 1, false);
}

Result<std::string> SqlReportStore::logArrival(LocalTime arrived, const std::string& came_to_see) {
  std::string id;
  std::lock_guard lock(mu_);
  memo_.clear();
  auto s = db_->write(landlord_, [&](SqlSession& s) -> Status {
    auto n = scalar(s, Command(kVisitsThatDay, {landlord_, dayValue(arrived)}));
    if (!n) return tl::unexpected(n.error());
    // An imported visit may hold the next id already: take the first free one.
    for (std::int64_t k = *n + 1;; ++k) {
      id = fmt::format("{}-{}", compactDate(localDay(arrived)), k);
      auto taken = scalar(s, Command(kVisitExists, {landlord_, id}));
      if (!taken) return tl::unexpected(taken.error());
      if (*taken == 0) break;
    }
    return exec(s, Command(kUpsertVisit, {landlord_, id, localValue(arrived), dayValue(arrived),
                                          came_to_see, nullptr, std::string()}));
  });
  if (!s) return tl::unexpected(s.error());
  return id;
}

Status SqlReportStore::markSeen(const std::string& visit_id, LocalTime seen,
                                const std::string& seen_by) {
  std::lock_guard lock(mu_);
  memo_.clear();
  return db_->write(landlord_, [&](SqlSession& s) -> Status {
    std::optional<ReceptionVisit> visit;
    auto r = s.run(Command("SELECT visit_id, arrived_local, came_to_see, seen_local, seen_by "
                           "FROM reception_visits WHERE landlord_id = $1 AND visit_id = $2",
                           {landlord_, visit_id}),
                   [&](const RowReader& row) { visit = visitRow(row); });
    if (!r) return tl::unexpected(r.error());
    if (!visit) return notFound(fmt::format("There is no visit '{}'.", visit_id));
    if (visit->seen) return conflict("seen", "This visitor has already been seen.");
    if (seen < visit->arrived)
      return invalid("seen", "range", "The time seen is before the visitor arrived.");
    return exec(s, Command(kMarkSeen, {landlord_, visit_id, localValue(seen), seen_by}));
  });
}

Result<std::vector<ReceptionVisit>> SqlReportStore::visitsOn(Date day) {
  std::lock_guard lock(mu_);
  return readWith<std::vector<ReceptionVisit>>(*db_, [&](SqlSession& s) {
    return rows<ReceptionVisit>(
        s, Command(kVisitsOn, {landlord_, static_cast<std::int64_t>(dayNumber(day))}), visitRow);
  });
}

Result<measures::WaitTally> SqlReportStore::waitTally(const Sql& sql, long within, bool subset,
                                                      const Period& p) {
  std::lock_guard lock(mu_);
  return readWith<measures::WaitTally>(*db_, [&](SqlSession& s) -> Result<measures::WaitTally> {
    measures::WaitTally t;
    auto r = s.run(Command(sql, {landlord_, sqlDay(p.start), sqlDay(p.end),
                                 static_cast<std::int64_t>(within), flagValue(subset)}),
                   [&](const RowReader& row) {
                     t.total = static_cast<long>(row.i64(0));
                     t.within = static_cast<long>(row.i64(1));
                   });
    if (!r) return tl::unexpected(r.error());
    return t;
  });
}

Result<measures::WaitTally> SqlReportStore::callWaits(long within_seconds, bool transferred_only,
                                                      const Period& p) {
  return waitTally(kCallWaits, within_seconds, transferred_only, p);
}

Result<measures::WaitTally> SqlReportStore::visitWaits(long within_minutes, bool another_officer,
                                                       const Period& p) {
  return waitTally(kVisitWaits, within_minutes, another_officer, p);
}

}  // namespace charter::store_core
