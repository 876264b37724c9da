#include "store/sqlite/report_store.h"

#include <sqlite3.h>

#include <fmt/format.h>

#include "store/sqlite/report_sql.h"

namespace charter {

using report_sql::Query;
using measures::Period;

namespace {

std::int64_t day(Date d) { return dayNumber(d); }

// Cases of a tenure: "social_rent" also takes cases with no tenure recorded (most complaints
// come from social-rent homes and a landlord that does not record tenure is all LCRA for the
// TSMs); "" takes every case.
std::string tenureCondition(const std::string& tenure, const char* column, int param) {
  if (tenure.empty()) return "";
  if (tenure == "social_rent")
    return fmt::format(" AND {} IN ('social_rent', '')", column);
  return fmt::format(" AND {} = ${}", column, param);
}

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

std::string countSql(const measures::CaseCount& c, bool select_ids) {
  const char* day_col = c.stage == 2 ? "escalated_day" : "received_day";
  std::string sql = fmt::format(
      "SELECT {} FROM case_facts WHERE landlord_id = $1 AND kind = $2 AND {} BETWEEN $3 AND $4",
      select_ids ? "case_id" : "count(*)", day_col);
  sql += tenureCondition(c.tenure, "tenure", 5);
  if (!c.service_area.empty()) sql += " AND service_area = $6";
  if (!c.theme.empty()) sql += " AND theme = $7";
  if (select_ids) sql += " ORDER BY case_id";
  return sql;
}

void bindCount(Query& q, LandlordId landlord, const measures::CaseCount& c, const Period& p) {
  q.bind(1, static_cast<std::int64_t>(landlord)).bind(2, c.kind).bind(3, day(p.start))
      .bind(4, day(p.end)).bind(5, c.tenure).bind(6, c.service_area).bind(7, c.theme);
}

std::string clockSql(const std::string& tenure, const std::string& select) {
  std::string sql = "SELECT " + select + " FROM clocks c";
  if (!tenure.empty())
    sql += " JOIN case_facts f ON f.landlord_id = c.landlord_id AND f.case_id = c.case_id";
  sql += " WHERE c.landlord_id = $1 AND c.name = $2 AND c.met_day BETWEEN $3 AND $4";
  sql += tenureCondition(tenure, "f.tenure", 5);
  return sql;
}

constexpr const char* kQuestionColumns[] = {"tp01", "tp02", "tp03", "tp04", "tp05", "tp06",
                                            "tp07", "tp08", "tp09", "tp10", "tp11", "tp12"};

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
    counts_.clear();
    clocks_.clear();
    homes_.clear();
    data_version_ = v;
  }
}

namespace {
// Sums a by-tenure map as a tenure filter reads it (tenureCondition).
template <class T, class Add>
T pickTenure(const std::map<std::string, T>& by, const std::string& tenure, Add add) {
  T out{};
  for (const auto& [t, v] : by) {
    if (tenure.empty() || t == tenure || (tenure == "social_rent" && t.empty())) add(out, v);
  }
  return out;
}
}  // namespace

Result<long> SqliteReportStore::countCases(const measures::CaseCount& c, const Period& p) {
  std::lock_guard lock(mu_);
  if (!c.service_area.empty() || !c.theme.empty()) {
    Query q(db_, countSql(c, false));
    bindCount(q, landlord_, c, p);
    return scalar(q, "counting cases");
  }
  checkFresh();
  const std::string key = fmt::format("{}|{}|{}", c.kind, c.stage, p.label);
  auto it = counts_.find(key);
  if (it == counts_.end()) {
    const char* day_col = c.stage == 2 ? "escalated_day" : "received_day";
    Query q(db_, fmt::format("SELECT tenure, count(*) FROM case_facts WHERE landlord_id = $1 AND "
                             "kind = $2 AND {} BETWEEN $3 AND $4 GROUP BY tenure", day_col));
    if (!q.ok()) return tl::unexpected(q.error("counting cases"));
    q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, c.kind).bind(3, day(p.start)).bind(4, day(p.end));
    std::map<std::string, long> by;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) by[q.text(0)] = static_cast<long>(q.i64(1));
    if (rc != SQLITE_DONE) return tl::unexpected(q.error("counting cases"));
    it = counts_.emplace(key, std::move(by)).first;
  }
  return pickTenure<long>(it->second, c.tenure, [](long& a, long b) { a += b; });
}

Result<std::vector<CaseId>> SqliteReportStore::caseIdsCounted(const measures::CaseCount& c,
                                                              const Period& p) {
  std::lock_guard lock(mu_);
  Query q(db_, countSql(c, true));
  bindCount(q, landlord_, c, p);
  return ids(q, "listing the cases counted");
}

Result<measures::ClockTally> SqliteReportStore::tallyClocks(const std::string& clock,
                                                            const std::string& tenure,
                                                            const Period& p) {
  std::lock_guard lock(mu_);
  checkFresh();
  const std::string key = clock + "|" + p.label;
  auto it = clocks_.find(key);
  if (it == clocks_.end()) {
    Query q(db_,
            "SELECT f.tenure, count(*), coalesce(sum(CASE WHEN c.status = 'met' THEN 1 ELSE 0 END), 0), "
            "coalesce(sum(CASE WHEN c.status = 'met' AND c.met_day <= c.original_due_day THEN 1 "
            "ELSE 0 END), 0) FROM clocks c JOIN case_facts f ON f.landlord_id = c.landlord_id AND "
            "f.case_id = c.case_id WHERE c.landlord_id = $1 AND c.name = $2 AND c.met_day BETWEEN "
            "$3 AND $4 GROUP BY f.tenure");
    if (!q.ok()) return tl::unexpected(q.error("tallying clocks"));
    q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, clock).bind(3, day(p.start)).bind(4, day(p.end));
    std::map<std::string, measures::ClockTally> by;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
      by[q.text(0)] = {static_cast<long>(q.i64(1)), static_cast<long>(q.i64(2)), static_cast<long>(q.i64(3))};
    if (rc != SQLITE_DONE) return tl::unexpected(q.error("tallying clocks"));
    it = clocks_.emplace(key, std::move(by)).first;
  }
  return pickTenure<measures::ClockTally>(it->second, tenure, [](measures::ClockTally& a, const measures::ClockTally& b) {
    a.stopped += b.stopped;
    a.met_with_extensions += b.met_with_extensions;
    a.met_strict += b.met_strict;
  });
}

Result<std::vector<CaseId>> SqliteReportStore::caseIdsClocks(const std::string& clock,
                                                             const std::string& tenure,
                                                             const std::string& which, bool strict,
                                                             const Period& p) {
  std::lock_guard lock(mu_);
  std::string sql = clockSql(tenure, "c.case_id");
  const std::string in_time =
      strict ? "(c.status = 'met' AND c.met_day <= c.original_due_day)" : "c.status = 'met'";
  if (which == "met") sql += " AND " + in_time;
  if (which == "missed") sql += " AND NOT " + in_time;
  sql += " ORDER BY c.case_id";
  Query q(db_, sql);
  if (!q.ok()) return tl::unexpected(q.error("listing clocks"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, clock).bind(3, day(p.start))
      .bind(4, day(p.end)).bind(5, tenure);
  return ids(q, "listing clocks");
}

Result<std::optional<long>> SqliteReportStore::homes(const std::string& tenure, Date as_of) {
  std::lock_guard lock(mu_);
  checkFresh();
  const std::string key = fmt::format("{}|{}", tenure, day(as_of));
  if (auto it = homes_.find(key); it != homes_.end()) return it->second;
  std::string sql =
      "SELECT count(*), coalesce(sum(homes), 0) FROM stock_counts WHERE landlord_id = $1 AND "
      "as_of_day = (SELECT max(as_of_day) FROM stock_counts WHERE landlord_id = $1 AND "
      "as_of_day <= $2)";
  sql += tenure.empty() ? " AND tenure IN ('social_rent', 'shared_ownership')" : " AND tenure = $3";
  Query q(db_, sql);
  if (!q.ok()) return tl::unexpected(q.error("reading the stock"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, day(as_of)).bind(3, tenure);
  if (q.step() != SQLITE_ROW) return tl::unexpected(q.error("reading the stock"));
  std::optional<long> out;
  if (q.i64(0) != 0) out = static_cast<long>(q.i64(1));
  homes_[key] = out;
  return out;
}

Result<measures::SurveyTally> SqliteReportStore::survey(const std::string& question,
                                                        const std::string& tenure,
                                                        const Period& p) {
  int n = 0;
  if (question.size() == 4 && question.rfind("TP", 0) == 0) n = std::atoi(question.c_str() + 2);
  if (n < 1 || n > 12) return invalid("question", "enum", "a survey measure asks TP01..TP12");
  const std::string col = kQuestionColumns[n - 1];
  std::string filter;
  if (n == 2 || n == 3) filter = " AND had_repair = 1";
  if (n == 9) filter = " AND complained = 1";
  if (n == 10) filter = " AND communal = 1";
  const std::string sql = fmt::format(
      "SELECT count(*), coalesce(sum(CASE WHEN {0} <= 0 THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN {0} > 0 THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN {0} IN (1, 2) THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN {0} > 0 THEN weight ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN {0} IN (1, 2) THEN weight ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN {0} > 0 AND weight <> 1 THEN 1 ELSE 0 END), 0) "
      "FROM survey_responses WHERE landlord_id = $1 AND collected_day BETWEEN $2 AND $3 "
      "AND {0} IS NOT NULL{1}{2}",
      col, filter, tenure.empty() ? "" : " AND tenure = $4");
  std::lock_guard lock(mu_);
  Query q(db_, sql);
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
  // Block-level records fan out to every home of the block: the unit is homes (tsm.md §4.6).
  std::string sql =
      "WITH snap AS (SELECT max(as_of_day) AS d FROM compliance_records WHERE landlord_id = $1 "
      "AND check_type = $2 AND as_of_day <= $3), "
      "cover AS (SELECT r.home_ref AS home, r.compliant AS ok FROM compliance_records r, snap "
      "WHERE r.landlord_id = $1 AND r.check_type = $2 AND r.as_of_day = snap.d AND "
      "r.required = 1 AND r.home_ref <> '' "
      "UNION ALL SELECT h.home_ref, r.compliant FROM compliance_records r JOIN homes h ON "
      "h.landlord_id = r.landlord_id AND h.block_ref = r.block_ref, snap WHERE "
      "r.landlord_id = $1 AND r.check_type = $2 AND r.as_of_day = snap.d AND r.required = 1 AND "
      "r.home_ref = '' AND r.block_ref <> '') "
      "SELECT count(*), coalesce(sum(ok), 0) FROM (SELECT home, min(ok) AS ok FROM cover GROUP BY "
      "home) x";
  if (!tenure.empty())
    sql += " WHERE EXISTS (SELECT 1 FROM homes t WHERE t.landlord_id = $1 AND t.home_ref = x.home"
           " AND t.tenure = $4)";
  std::lock_guard lock(mu_);
  Query q(db_, sql);
  if (!q.ok()) return tl::unexpected(q.error("tallying compliance"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, check).bind(3, day(as_of)).bind(4, tenure);
  if (q.step() != SQLITE_ROW) return tl::unexpected(q.error("tallying compliance"));
  return measures::ComplianceTally{static_cast<long>(q.i64(0)), static_cast<long>(q.i64(1))};
}

Result<std::optional<measures::SeriesPoint>> SqliteReportStore::series(const std::string& code,
                                                                       const std::string& tenure,
                                                                       const Period& p) {
  std::lock_guard lock(mu_);
  Query q(db_,
          "SELECT count(*), coalesce(sum(numerator), 0), coalesce(sum(denominator), 0) FROM "
          "measure_series WHERE landlord_id = $1 AND code = $2 AND tenure = $3 AND "
          "start_day >= $4 AND end_day <= $5");
  if (!q.ok()) return tl::unexpected(q.error("reading a series"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, code).bind(3, tenure)
      .bind(4, day(p.start)).bind(5, day(p.end));
  if (q.step() != SQLITE_ROW) return tl::unexpected(q.error("reading a series"));
  if (q.i64(0) == 0) return std::optional<measures::SeriesPoint>();
  return std::optional<measures::SeriesPoint>(measures::SeriesPoint{q.f64(1), q.f64(2)});
}

Status SqliteReportStore::importStock(const std::vector<StockCount>& rows) {
  return inTransaction([&]() -> Status {
    Query q(db_,
            "INSERT INTO stock_counts (landlord_id, as_of_day, tenure, homes) VALUES ($1, $2, $3, "
            "$4) ON CONFLICT (landlord_id, as_of_day, tenure) DO UPDATE SET homes = excluded.homes");
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
    Query q(db_,
            "INSERT INTO homes (landlord_id, home_ref, block_ref, tenure) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (landlord_id, home_ref) DO UPDATE SET block_ref = excluded.block_ref, "
            "tenure = excluded.tenure");
    if (!q.ok()) return tl::unexpected(q.error("importing homes"));
    for (const auto& r : rows) {
      q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, r.home_ref).bind(3, r.block_ref)
          .bind(4, r.tenure);
      if (q.step() != SQLITE_DONE) return tl::unexpected(q.error("importing homes"));
      q.reset();
    }
    return {};
  });
}

Status SqliteReportStore::importCompliance(const std::vector<ComplianceRecord>& rows) {
  return inTransaction([&]() -> Status {
    Query q(db_,
            "INSERT INTO compliance_records (landlord_id, as_of_day, check_type, home_ref, "
            "block_ref, required, compliant) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT "
            "(landlord_id, as_of_day, check_type, home_ref, block_ref) DO UPDATE SET "
            "required = excluded.required, compliant = excluded.compliant");
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
    return {};
  });
}

Status SqliteReportStore::importSurvey(const std::vector<SurveyResponse>& rows) {
  return inTransaction([&]() -> Status {
    Query q(db_,
            "INSERT INTO survey_responses (landlord_id, response_id, household_ref, tenure, "
            "collected_day, method, weight, had_repair, complained, communal, tp01, tp02, tp03, "
            "tp04, tp05, tp06, tp07, tp08, tp09, tp10, tp11, tp12) VALUES ($1, $2, $3, $4, $5, "
            "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) "
            "ON CONFLICT (landlord_id, response_id) DO UPDATE SET household_ref = "
            "excluded.household_ref, tenure = excluded.tenure, collected_day = "
            "excluded.collected_day, method = excluded.method, weight = excluded.weight, "
            "had_repair = excluded.had_repair, complained = excluded.complained, communal = "
            "excluded.communal, tp01 = excluded.tp01, tp02 = excluded.tp02, tp03 = "
            "excluded.tp03, tp04 = excluded.tp04, tp05 = excluded.tp05, tp06 = excluded.tp06, "
            "tp07 = excluded.tp07, tp08 = excluded.tp08, tp09 = excluded.tp09, tp10 = "
            "excluded.tp10, tp11 = excluded.tp11, tp12 = excluded.tp12");
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
    Query q(db_,
            "INSERT INTO measure_series (landlord_id, code, tenure, start_day, end_day, numerator, "
            "denominator, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT "
            "(landlord_id, code, tenure, start_day) DO UPDATE SET end_day = excluded.end_day, "
            "numerator = excluded.numerator, denominator = excluded.denominator, "
            "source = excluded.source");
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
  static const char* kColumns[] = {"kind", "service_area", "theme", "channel", "tenure"};
  const char* col = nullptr;
  for (const char* c : kColumns)
    if (by == c) col = c;
  if (!col) return invalid("by", "enum", "volumes are by kind, service_area, theme, channel or tenure");
  std::string sql = fmt::format(
      "SELECT {0}, count(*) FROM case_facts WHERE landlord_id = $1 AND received_day BETWEEN $2 "
      "AND $3{1} GROUP BY {0} ORDER BY count(*) DESC, {0}",
      col, kind.empty() ? "" : " AND kind = $4");
  std::lock_guard lock(mu_);
  Query q(db_, sql);
  if (!q.ok()) return tl::unexpected(q.error("counting volumes"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, day(p.start)).bind(3, day(p.end))
      .bind(4, kind);
  std::vector<Breakdown> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) out.push_back({q.text(0), static_cast<long>(q.i64(1))});
  if (rc != SQLITE_DONE) return tl::unexpected(q.error("counting volumes"));
  return out;
}

Result<ComplaintOutcomes> SqliteReportStore::outcomes(const Period& p) {
  ComplaintOutcomes o;
  std::lock_guard lock(mu_);
  const auto L = static_cast<std::int64_t>(landlord_);
  {
    Query q(db_,
            "SELECT (SELECT count(*) FROM case_facts WHERE landlord_id = $1 AND kind = 'complaint' "
            "AND received_day BETWEEN $2 AND $3), (SELECT count(*) FROM case_facts WHERE "
            "landlord_id = $1 AND escalated_day BETWEEN $2 AND $3)");
    if (!q.ok()) return tl::unexpected(q.error("counting complaints"));
    q.bind(1, L).bind(2, day(p.start)).bind(3, day(p.end));
    if (q.step() != SQLITE_ROW) return tl::unexpected(q.error("counting complaints"));
    o.stage1_received = static_cast<long>(q.i64(0));
    o.stage2_received = static_cast<long>(q.i64(1));
  }
  {
    Query q(db_,
            "SELECT count(*), coalesce(sum(elements), 0), coalesce(sum(elements_upheld), 0), "
            "coalesce(sum(CASE WHEN escalated_day IS NULL THEN 1 ELSE 0 END), 0), "
            "coalesce(sum(CASE WHEN extensions > 0 THEN 1 ELSE 0 END), 0), "
            "coalesce(sum(remedies), 0), coalesce(sum(compensation), 0) FROM case_facts "
            "WHERE landlord_id = $1 AND stage1_responded_day BETWEEN $2 AND $3");
    if (!q.ok()) return tl::unexpected(q.error("summing stage 1 outcomes"));
    q.bind(1, L).bind(2, day(p.start)).bind(3, day(p.end));
    if (q.step() != SQLITE_ROW) return tl::unexpected(q.error("summing stage 1 outcomes"));
    o.stage1_responded = static_cast<long>(q.i64(0));
    o.elements = static_cast<long>(q.i64(1));
    o.elements_upheld = static_cast<long>(q.i64(2));
    o.resolved_at_stage1 = static_cast<long>(q.i64(3));
    o.extensions = static_cast<long>(q.i64(4));
    o.remedies = static_cast<long>(q.i64(5));
    o.compensation = q.f64(6);
  }
  {
    Query q(db_,
            "SELECT count(*), coalesce(sum(stage2_overturned), 0) FROM case_facts WHERE "
            "landlord_id = $1 AND stage2_responded_day BETWEEN $2 AND $3");
    if (!q.ok()) return tl::unexpected(q.error("summing stage 2 outcomes"));
    q.bind(1, L).bind(2, day(p.start)).bind(3, day(p.end));
    if (q.step() != SQLITE_ROW) return tl::unexpected(q.error("summing stage 2 outcomes"));
    o.stage2_responded = o.stage2_reviews = static_cast<long>(q.i64(0));
    o.stage2_overturned = static_cast<long>(q.i64(1));
  }
  {
    Query q(db_,
            "SELECT stage1_decision, count(*) FROM case_facts WHERE landlord_id = $1 AND "
            "stage1_responded_day BETWEEN $2 AND $3 GROUP BY stage1_decision");
    if (!q.ok()) return tl::unexpected(q.error("counting decisions"));
    q.bind(1, L).bind(2, day(p.start)).bind(3, day(p.end));
    while (q.step() == SQLITE_ROW) o.decisions[q.text(0)] = static_cast<long>(q.i64(1));
  }
  {
    Query q(db_,
            "SELECT refusal_reason, count(*) FROM case_facts WHERE landlord_id = $1 AND "
            "status = 'refused' AND received_day BETWEEN $2 AND $3 GROUP BY refusal_reason "
            "ORDER BY count(*) DESC, refusal_reason");
    if (!q.ok()) return tl::unexpected(q.error("counting refusals"));
    q.bind(1, L).bind(2, day(p.start)).bind(3, day(p.end));
    while (q.step() == SQLITE_ROW) o.refusals.push_back({q.text(0), static_cast<long>(q.i64(1))});
  }
  return o;
}

Result<long> SqliteReportStore::surveyResponses(const Period& p, const std::string& tenure) {
  std::lock_guard lock(mu_);
  Query q(db_, std::string("SELECT count(*) FROM survey_responses WHERE landlord_id = $1 AND "
                           "collected_day BETWEEN $2 AND $3") +
                   (tenure.empty() ? "" : " AND tenure = $4"));
  q.bind(1, static_cast<std::int64_t>(landlord_)).bind(2, day(p.start)).bind(3, day(p.end))
      .bind(4, tenure);
  return scalar(q, "counting survey responses");
}

}  // namespace charter
