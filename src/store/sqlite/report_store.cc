#include "store/sqlite/report_store.h"

#include <sqlite3.h>

#include <fmt/format.h>

#include "store/sqlite/report_sql.h"

namespace charter {

using report_sql::Query;
using measures::Period;
namespace rq = report_queries;

namespace {

std::int64_t day(Date d) { return dayNumber(d); }

Result<long> scalar(Query& q, std::string_view what) {
  if (!q.ok()) return tl::unexpected(q.error(what));
  if (q.step() != SQLITE_ROW) return tl::unexpected(q.error(what));
  return static_cast<long>(q.i64(0));
}

Result<std::vector<CaseId>> ids(Query& q, std::string_view what) {
  if (!q.ok()) return tl::unexpected(q.error(what));
  std::vector<CaseId> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) out.push_back(q.i64(0));
  if (rc != SQLITE_DONE) return tl::unexpected(q.error(what));
  return out;
}

}  // namespace

Result<std::unique_ptr<SqliteReportStore>> SqliteReportStore::open(
    const std::filesystem::path& path, LandlordId landlord) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return internalError(fmt::format("opening {} for reports: {}", path.string(), msg));
  }
  sqlite3_busy_timeout(db, 10000);
  report_sql::exec(db, "PRAGMA temp_store=MEMORY", "pragma");
  report_sql::exec(db, "PRAGMA cache_size=-65536", "pragma");
  report_sql::exec(db, "PRAGMA mmap_size=4294967296", "pragma");
  return std::unique_ptr<SqliteReportStore>(new SqliteReportStore(db, landlord));
}

SqliteReportStore::~SqliteReportStore() { sqlite3_close_v2(db_); }

template <class F>
Status SqliteReportStore::inTransaction(F&& f) {
  std::lock_guard lock(mu_);
  // data_version does not move for this connection's own writes.
  memo_.clear();
  if (auto s = report_sql::exec(db_, "BEGIN IMMEDIATE", "starting an import"); !s) return s;
  Status r = f();
  if (!r) {
    report_sql::exec(db_, "ROLLBACK", "rolling back an import");
    return r;
  }
  return report_sql::exec(db_, "COMMIT", "committing an import");
}

void SqliteReportStore::checkFresh() {
  Query q(db_, "PRAGMA data_version");
  const long long v = q.step() == SQLITE_ROW ? q.i64(0) : -2;
  if (v != data_version_ || v == -2) {
    memo_.clear();
    data_version_ = v;
  }
}

Result<const std::vector<rq::FactGroup>*> SqliteReportStore::facts(bool escalated,
                                                                  const Period& p) {
  checkFresh();
  auto& memo = escalated ? memo_.escalated : memo_.received;
  const std::string key = rq::periodKey(p);
  if (auto it = memo.find(key); it != memo.end()) return &it->second;
  const bool months = rq::wholeMonths(p);
  Query q(db_, escalated ? (months ? rq::kMonthsByEscalated : rq::kFactsByEscalated)
                         : (months ? rq::kMonthsByReceived : rq::kFactsByReceived));
  if (!q.ok()) return tl::unexpected(q.error("counting cases"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, day(p.start)).bind(3, day(p.end));
  std::vector<rq::FactGroup> groups;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    groups.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6),
                      static_cast<long>(q.i64(7))});
  }
  if (rc != SQLITE_DONE) return tl::unexpected(q.error("counting cases"));
  return &memo.emplace(key, std::move(groups)).first->second;
}

Result<long> SqliteReportStore::countCases(const measures::CaseCount& c, const Period& p) {
  std::lock_guard lock(mu_);
  auto groups = facts(c.stage == 2, p);
  if (!groups) return tl::unexpected(groups.error());
  return rq::countCases(**groups, c);
}

Result<std::vector<CaseId>> SqliteReportStore::caseIdsCounted(const measures::CaseCount& c,
                                                              const Period& p) {
  std::lock_guard lock(mu_);
  Query q(db_, rq::countIdsSql(c));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, c.kind).bind(3, day(p.start))
      .bind(4, day(p.end)).bind(5, c.tenure).bind(6, c.service_area).bind(7, c.theme);
  return ids(q, "listing the cases counted");
}

Result<measures::ClockTally> SqliteReportStore::tallyClocks(const std::string& clock,
                                                            const std::string& tenure,
                                                            const Period& p) {
  std::lock_guard lock(mu_);
  checkFresh();
  const std::string key = clock + "|" + rq::periodKey(p);
  auto it = memo_.clocks.find(key);
  if (it == memo_.clocks.end()) {
    Query q(db_, rq::wholeMonths(p) ? rq::kClockMonths : rq::kClockTally);
    if (!q.ok()) return tl::unexpected(q.error("tallying clocks"));
    q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, clock).bind(3, day(p.start))
        .bind(4, day(p.end));
    std::map<std::string, measures::ClockTally> by;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      by[q.text(0)] = {static_cast<long>(q.i64(1)), static_cast<long>(q.i64(2)),
                       static_cast<long>(q.i64(3))};
    }
    if (rc != SQLITE_DONE) return tl::unexpected(q.error("tallying clocks"));
    it = memo_.clocks.emplace(key, std::move(by)).first;
  }
  return rq::pickClocks(it->second, tenure);
}

Result<std::vector<CaseId>> SqliteReportStore::caseIdsClocks(const std::string& clock,
                                                             const std::string& tenure,
                                                             const std::string& which, bool strict,
                                                             const Period& p) {
  std::lock_guard lock(mu_);
  Query q(db_, rq::clockIdsSql(which, strict));
  if (!q.ok()) return tl::unexpected(q.error("listing clocks"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, clock).bind(3, day(p.start))
      .bind(4, day(p.end)).bind(5, tenure);
  return ids(q, "listing clocks");
}

Result<std::optional<long>> SqliteReportStore::homes(const std::string& tenure, Date as_of) {
  std::lock_guard lock(mu_);
  checkFresh();
  const std::string key = fmt::format("{}|{}", tenure, day(as_of));
  if (auto it = memo_.homes.find(key); it != memo_.homes.end()) return it->second;
  Query q(db_, rq::stockSql(tenure.empty()));
  if (!q.ok()) return tl::unexpected(q.error("reading the stock"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, day(as_of)).bind(3, tenure);
  if (q.step() != SQLITE_ROW) return tl::unexpected(q.error("reading the stock"));
  std::optional<long> out;
  if (q.i64(0) != 0) out = static_cast<long>(q.i64(1));
  memo_.homes[key] = out;
  return out;
}

Result<measures::SurveyTally> SqliteReportStore::survey(const std::string& question,
                                                        const std::string& tenure,
                                                        const Period& p) {
  auto sql = rq::surveySql(question, !tenure.empty());
  if (!sql) return tl::unexpected(sql.error());
  std::lock_guard lock(mu_);
  Query q(db_, *sql);
  if (!q.ok()) return tl::unexpected(q.error("tallying survey answers"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, day(p.start)).bind(3, day(p.end))
      .bind(4, tenure);
  if (q.step() != SQLITE_ROW) return tl::unexpected(q.error("tallying survey answers"));
  measures::SurveyTally t;
  t.responses = static_cast<long>(q.i64(0));
  t.excluded = static_cast<long>(q.i64(1));
  t.base = static_cast<long>(q.i64(2));
  t.satisfied = static_cast<long>(q.i64(3));
  t.weighted_base = q.f64(4);
  t.weighted_satisfied = q.f64(5);
  t.reweighted = static_cast<long>(q.i64(6));
  return t;
}

Result<measures::ComplianceTally> SqliteReportStore::compliance(const std::string& check,
                                                                const std::string& tenure,
                                                                Date as_of) {
  std::lock_guard lock(mu_);
  checkFresh();
  const std::string key = fmt::format("{}|{}", check, day(as_of));
  auto it = memo_.compliance.find(key);
  if (it == memo_.compliance.end()) {
    Query q(db_, rq::kComplianceByTenure);
    if (!q.ok()) return tl::unexpected(q.error("tallying compliance"));
    q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, check).bind(3, day(as_of));
    rq::ComplianceByTenure by;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      by.push_back({q.isNull(0) ? std::nullopt : std::optional<std::string>(q.text(0)),
                    {static_cast<long>(q.i64(1)), static_cast<long>(q.i64(2))}});
    }
    if (rc != SQLITE_DONE) return tl::unexpected(q.error("tallying compliance"));
    it = memo_.compliance.emplace(key, std::move(by)).first;
  }
  return rq::pickCompliance(it->second, tenure);
}

Result<std::optional<measures::SeriesPoint>> SqliteReportStore::series(const std::string& code,
                                                                       const std::string& tenure,
                                                                       const Period& p) {
  std::lock_guard lock(mu_);
  Query q(db_, rq::kSeries);
  if (!q.ok()) return tl::unexpected(q.error("reading a series"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, code).bind(3, tenure)
      .bind(4, day(p.start)).bind(5, day(p.end));
  if (q.step() != SQLITE_ROW) return tl::unexpected(q.error("reading a series"));
  if (q.i64(0) == 0) return std::optional<measures::SeriesPoint>();
  return std::optional<measures::SeriesPoint>(measures::SeriesPoint{q.f64(1), q.f64(2)});
}

Status SqliteReportStore::retallyCompliance() {
  for (const char* sql : {rq::kClearComplianceTallies, rq::kTallyCompliance}) {
    Query q(db_, sql);
    if (!q.ok()) return tl::unexpected(q.error("tallying compliance"));
    q.bind(1, static_cast<std::int64_t>(landlord_));
    if (q.step() != SQLITE_DONE) return tl::unexpected(q.error("tallying compliance"));
  }
  return {};
}

Status SqliteReportStore::importStock(const std::vector<StockCount>& rows) {
  return inTransaction([&]() -> Status {
    Query q(db_, report_queries::kUpsertStock);
    if (!q.ok()) return tl::unexpected(q.error("importing stock"));
    for (const auto& r : rows) {
      if (r.tenure.empty() || r.homes < 0)
        return invalid("stock", "format", "each stock count needs a tenure and homes >= 0");
      q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, day(r.as_of)).bind(3, r.tenure)
          .bind(4, static_cast<std::int64_t>(r.homes));
      if (q.step() != SQLITE_DONE) return tl::unexpected(q.error("importing stock"));
      q.reset();
    }
    return {};
  });
}

Status SqliteReportStore::importHomes(const std::vector<HomeRecord>& rows) {
  return inTransaction([&]() -> Status {
    Query q(db_, report_queries::kUpsertHome);
    if (!q.ok()) return tl::unexpected(q.error("importing homes"));
    for (const auto& r : rows) {
      q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, r.home_ref).bind(3, r.block_ref)
          .bind(4, r.tenure);
      if (q.step() != SQLITE_DONE) return tl::unexpected(q.error("importing homes"));
      q.reset();
    }
    return retallyCompliance();
  });
}

Status SqliteReportStore::importCompliance(const std::vector<ComplianceRecord>& rows) {
  return inTransaction([&]() -> Status {
    Query q(db_, report_queries::kUpsertCompliance);
    if (!q.ok()) return tl::unexpected(q.error("importing compliance"));
    for (const auto& r : rows) {
      if (r.home_ref.empty() == r.block_ref.empty())
        return invalid("compliance", "format",
                       "each compliance record is for one home or (home_ref empty) one block");
      q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, day(r.as_of)).bind(3, r.check)
          .bind(4, r.home_ref).bind(5, r.block_ref)
          .bind(6, static_cast<std::int64_t>(r.required)).bind(7, static_cast<std::int64_t>(r.compliant));
      if (q.step() != SQLITE_DONE) return tl::unexpected(q.error("importing compliance"));
      q.reset();
    }
    return retallyCompliance();
  });
}

Status SqliteReportStore::importSurvey(const std::vector<SurveyResponse>& rows) {
  return inTransaction([&]() -> Status {
    Query q(db_, report_queries::kUpsertSurvey);
    if (!q.ok()) return tl::unexpected(q.error("importing survey responses"));
    auto yn = [](const std::optional<bool>& b) {
      return b ? std::optional<std::int64_t>(*b ? 1 : 0) : std::nullopt;
    };
    for (const auto& r : rows) {
      q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, r.response_id)
          .bind(3, r.household_ref).bind(4, r.tenure).bind(5, day(r.collected)).bind(6, r.method)
          .bind(7, r.weight).bind(8, yn(r.had_repair)).bind(9, yn(r.complained))
          .bind(10, yn(r.communal));
      for (int i = 0; i < 12; ++i) {
        const auto& a = r.answers[static_cast<std::size_t>(i)];
        q.bind(11 + i, a ? std::optional<std::int64_t>(*a) : std::nullopt);
      }
      if (q.step() != SQLITE_DONE) return tl::unexpected(q.error("importing survey responses"));
      q.reset();
    }
    return {};
  });
}

Status SqliteReportStore::importSeries(const std::vector<SeriesRow>& rows) {
  return inTransaction([&]() -> Status {
    Query q(db_, report_queries::kUpsertSeries);
    if (!q.ok()) return tl::unexpected(q.error("importing series"));
    for (const auto& r : rows) {
      q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, r.code).bind(3, r.tenure)
          .bind(4, day(r.start)).bind(5, day(r.end)).bind(6, r.numerator).bind(7, r.denominator)
          .bind(8, r.source);
      if (q.step() != SQLITE_DONE) return tl::unexpected(q.error("importing series"));
      q.reset();
    }
    return {};
  });
}

Result<std::vector<Breakdown>> SqliteReportStore::volumes(const Period& p, const std::string& by,
                                                          const std::string& kind) {
  std::lock_guard lock(mu_);
  auto groups = facts(false, p);
  if (!groups) return tl::unexpected(groups.error());
  return rq::volumes(**groups, by, kind);
}

Result<ComplaintOutcomes> SqliteReportStore::outcomes(const Period& p) {
  ComplaintOutcomes o;
  std::lock_guard lock(mu_);
  const auto L = static_cast<std::int64_t>(landlord_);
  auto received = facts(false, p);
  if (!received) return tl::unexpected(received.error());
  // A copy: the next call may find the database changed and drop the memo it points into.
  const std::vector<rq::FactGroup> received_groups = **received;
  auto escalated = facts(true, p);
  if (!escalated) return tl::unexpected(escalated.error());
  rq::addReceived(o, received_groups, **escalated);
  {
    Query q(db_, rq::kStage1Outcomes);
    if (!q.ok()) return tl::unexpected(q.error("summing stage 1 outcomes"));
    q.bind(1, L).bind(2, day(p.start)).bind(3, day(p.end));
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      long n[6];
      for (int i = 0; i < 6; ++i) n[i] = static_cast<long>(q.i64(i + 1));
      rq::addStage1Row(o, q.text(0), n, q.f64(7));
    }
    if (rc != SQLITE_DONE) return tl::unexpected(q.error("summing stage 1 outcomes"));
  }
  {
    Query q(db_, rq::kStage2Outcomes);
    if (!q.ok()) return tl::unexpected(q.error("summing stage 2 outcomes"));
    q.bind(1, L).bind(2, day(p.start)).bind(3, day(p.end));
    if (q.step() != SQLITE_ROW) return tl::unexpected(q.error("summing stage 2 outcomes"));
    o.stage2_responded = o.stage2_reviews = static_cast<long>(q.i64(0));
    o.stage2_overturned = static_cast<long>(q.i64(1));
  }
  return o;
}

Result<long> SqliteReportStore::surveyResponses(const Period& p, const std::string& tenure) {
  std::lock_guard lock(mu_);
  Query q(db_, rq::surveyCountSql(!tenure.empty()));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, day(p.start)).bind(3, day(p.end))
      .bind(4, tenure);
  return scalar(q, "counting survey responses");
}

}  // namespace charter
