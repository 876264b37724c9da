#include "store/core/report_store.h"

#include <fmt/format.h>

#include "store/core/asb_rows.h"
#include "store/core/report_sql.h"
#include "store/core/service_rows.h"
#include "store/core/survey_store.h"

namespace charter::store_core {

using measures::Period;

namespace {

SqlValue num(long v) { return static_cast<std::int64_t>(v); }
SqlValue flag(const std::optional<bool>& b) {
  if (!b) return nullptr;
  return std::int64_t{*b ? 1 : 0};
}

Result<std::vector<CaseId>> ids(SqlSession& s, Command c) {
  return rows<CaseId>(s, c, [](const RowReader& r) -> CaseId { return r.i64(0); });
}

}  // namespace

template <class T>
Result<T> SqlReportStore::reading(const std::function<Result<T>(SqlSession&)>& body) {
  std::lock_guard lock(mu_);
  return readWith<T>(*db_, [&](SqlSession& s) {
    checkFresh(s);
    return body(s);
  });
}

void SqlReportStore::checkFresh(SqlSession& s) {
  std::string v;
  auto r = s.run(Command(dataVersionSql(s.dialect()), {}),
                 [&](const RowReader& row) { v = row.text(0); });
  if (!r) v.clear();
  if (v.empty() || v != data_version_) {
    memo_.clear();
    data_version_ = v;
  }
}

Result<const std::vector<FactGroup>*> SqlReportStore::facts(SqlSession& s, bool escalated,
                                                            const Period& p) {
  auto& memo = escalated ? memo_.escalated : memo_.received;
  const std::string key = periodKey(p);
  if (auto it = memo.find(key); it != memo.end()) return &it->second;
  const bool months = wholeMonths(p);
  const char* sql = escalated ? (months ? kMonthsByEscalated : kFactsByEscalated)
                              : (months ? kMonthsByReceived : kFactsByReceived);
  auto groups = rows<FactGroup>(s, Command(sql, {landlord_, sqlDay(p.start), sqlDay(p.end)}),
                                [](const RowReader& r) {
                                  return FactGroup{r.text(0), r.text(1), r.text(2),
                                                   r.text(3), r.text(4), r.text(5),
                                                   r.text(6), static_cast<long>(r.i64(7))};
                                });
  if (!groups) return tl::unexpected(groups.error());
  return &memo.emplace(key, std::move(*groups)).first->second;
}

Result<long> SqlReportStore::countCases(const measures::CaseCount& c, const Period& p) {
  return reading<long>([&](SqlSession& s) -> Result<long> {
    auto groups = facts(s, c.stage == 2, p);
    if (!groups) return tl::unexpected(groups.error());
    return store_core::countCases(**groups, c);
  });
}

Result<std::vector<CaseId>> SqlReportStore::caseIdsCounted(const measures::CaseCount& c,
                                                           const Period& p) {
  return reading<std::vector<CaseId>>([&](SqlSession& s) {
    return ids(s, Command(countIdsSql(c), {landlord_, c.kind, sqlDay(p.start), sqlDay(p.end),
                                           c.tenure, c.service_area, c.theme}));
  });
}

Result<std::map<std::string, measures::ClockTally>*> SqlReportStore::clocks(
    SqlSession& s, const std::string& clock, const Period& p) {
  const std::string key = clock + "|" + periodKey(p);
  if (auto it = memo_.clocks.find(key); it != memo_.clocks.end()) return &it->second;
  std::map<std::string, measures::ClockTally> by;
  auto r = s.run(Command(wholeMonths(p) ? kClockMonths : kClockTally,
                         {landlord_, clock, sqlDay(p.start), sqlDay(p.end)}),
                 [&](const RowReader& row) {
                   by[row.text(0)] = {static_cast<long>(row.i64(1)),
                                      static_cast<long>(row.i64(2)),
                                      static_cast<long>(row.i64(3))};
                 });
  if (!r) return tl::unexpected(r.error());
  return &memo_.clocks.emplace(key, std::move(by)).first->second;
}

Result<measures::ClockTally> SqlReportStore::tallyClocks(const std::string& clock,
                                                         const std::string& tenure,
                                                         const Period& p) {
  return reading<measures::ClockTally>([&](SqlSession& s) -> Result<measures::ClockTally> {
    auto by = clocks(s, clock, p);
    if (!by) return tl::unexpected(by.error());
    return pickClocks(**by, tenure);
  });
}

Result<std::vector<CaseId>> SqlReportStore::caseIdsClocks(const std::string& clock,
                                                          const std::string& tenure,
                                                          const std::string& which, bool strict,
                                                          const Period& p) {
  return reading<std::vector<CaseId>>([&](SqlSession& s) {
    return ids(s, Command(clockIdsSql(which, strict),
                          {landlord_, clock, sqlDay(p.start), sqlDay(p.end), tenure}));
  });
}

Result<std::optional<long>> SqlReportStore::homes(const std::string& tenure, Date as_of) {
  return reading<std::optional<long>>([&](SqlSession& s) -> Result<std::optional<long>> {
    const std::string key = fmt::format("{}|{}", tenure, dayNumber(as_of));
    if (auto it = memo_.homes.find(key); it != memo_.homes.end()) return it->second;
    SqlValues params{landlord_, sqlDay(as_of)};
    if (!tenure.empty()) params.emplace_back(tenure);
    std::optional<long> out;
    auto r = s.run(Command(stockSql(tenure.empty()), std::move(params)),
                   [&](const RowReader& row) {
                     if (row.i64(0) != 0) out = static_cast<long>(row.i64(1));
                   });
    if (!r) return tl::unexpected(r.error());
    memo_.homes[key] = out;
    return out;
  });
}

Result<measures::SurveyTally> SqlReportStore::survey(const std::string& question,
                                                     const std::string& tenure, const Period& p) {
  auto sql = surveySql(question, !tenure.empty());
  if (!sql) return tl::unexpected(sql.error());
  SqlValues params{landlord_, sqlDay(p.start), sqlDay(p.end)};
  if (!tenure.empty()) params.emplace_back(tenure);
  return reading<measures::SurveyTally>([&](SqlSession& s) -> Result<measures::SurveyTally> {
    measures::SurveyTally t;
    auto r = s.run(Command(*sql, params), [&](const RowReader& row) {
      t.responses = static_cast<long>(row.i64(0));
      t.excluded = static_cast<long>(row.i64(1));
      t.base = static_cast<long>(row.i64(2));
      t.satisfied = static_cast<long>(row.i64(3));
      t.weighted_base = row.f64(4);
      t.weighted_satisfied = row.f64(5);
      t.reweighted = static_cast<long>(row.i64(6));
    });
    if (!r) return tl::unexpected(r.error());
    return t;
  });
}

Result<ComplianceByTenure*> SqlReportStore::complianceByTenure(SqlSession& s,
                                                               const std::string& check,
                                                               Date as_of) {
  const std::string key = fmt::format("{}|{}", check, dayNumber(as_of));
  if (auto it = memo_.compliance.find(key); it != memo_.compliance.end()) return &it->second;
  ComplianceByTenure by;
  auto r = s.run(Command(kComplianceByTenure, {landlord_, check, sqlDay(as_of)}),
                 [&](const RowReader& row) {
                   by.push_back({row.isNull(0) ? std::nullopt
                                               : std::optional<std::string>(row.text(0)),
                                 {static_cast<long>(row.i64(1)), static_cast<long>(row.i64(2))}});
                 });
  if (!r) return tl::unexpected(r.error());
  return &memo_.compliance.emplace(key, std::move(by)).first->second;
}

Result<measures::ComplianceTally> SqlReportStore::compliance(const std::string& check,
                                                             const std::string& tenure,
                                                             Date as_of) {
  return reading<measures::ComplianceTally>(
      [&](SqlSession& s) -> Result<measures::ComplianceTally> {
        auto by = complianceByTenure(s, check, as_of);
        if (!by) return tl::unexpected(by.error());
        return pickCompliance(**by, tenure);
      });
}

Result<std::optional<measures::SeriesPoint>> SqlReportStore::series(const std::string& code,
                                                                    const std::string& tenure,
                                                                    const Period& p) {
  using Point = std::optional<measures::SeriesPoint>;
  // Charter's own tallies (repairs, call-backs, compliments) when it has records for the
  // period; otherwise what was imported under the code.
  if (tenure.empty()) {
    auto own = serviceTally(code, p);
    if (!own) return own;
    // NM01 counts cases (its denominator is the homes): any asb_report received in the period.
    if (*own && ((*own)->denominator > 0 || isAsbCaseCount(code))) return own;
  }
  return reading<Point>([&](SqlSession& s) -> Result<Point> {
    Point out;
    auto r = s.run(Command(kSeries, {landlord_, code, tenure, sqlDay(p.start), sqlDay(p.end)}),
                   [&](const RowReader& row) {
                     if (row.i64(0) != 0) out = measures::SeriesPoint{row.f64(1), row.f64(2)};
                   });
    if (!r) return tl::unexpected(r.error());
    return out;
  });
}

Status SqlReportStore::importing(const char* upsert, std::vector<SqlValues> rows,
                                 std::size_t key_columns, bool retally) {
  const auto commands = upsertRows(upsert, landlord_, std::move(rows), key_columns);
  std::lock_guard lock(mu_);
  // A connection's own writes may not move its data version.
  memo_.clear();
  return db_->write(landlord_, [&](SqlSession& s) -> Status {
    for (const auto& c : commands) {
      if (auto r = exec(s, c); !r) return r;
    }
    if (!retally) return {};
    // The tallies kComplianceByTenure reads, recomputed from the records and homes.
    for (const char* sql : {kClearComplianceTallies, kTallyCompliance}) {
      if (auto r = exec(s, Command(sql, {landlord_})); !r) return r;
    }
    return {};
  });
}

Status SqlReportStore::importStock(const std::vector<StockCount>& rows) {
  std::vector<SqlValues> values;
  for (const auto& r : rows) {
    if (r.tenure.empty() || r.homes < 0)
      return invalid("stock", "format", "each stock count needs a tenure and homes >= 0");
    values.push_back({sqlDay(r.as_of), r.tenure, num(r.homes)});
  }
  return importing(kUpsertStock, std::move(values), 2, false);
}

Status SqlReportStore::importHomes(const std::vector<HomeRecord>& rows) {
  std::vector<SqlValues> values;
  for (const auto& r : rows) values.push_back({r.home_ref, r.block_ref, r.tenure});
  return importing(kUpsertHome, std::move(values), 1, true);
}

Status SqlReportStore::importCompliance(const std::vector<ComplianceRecord>& rows) {
  std::vector<SqlValues> values;
  for (const auto& r : rows) {
    if (r.home_ref.empty() == r.block_ref.empty())
      return invalid("compliance", "format",
                     "each compliance record is for one home or (home_ref empty) one block");
    values.push_back({sqlDay(r.as_of), r.check, r.home_ref, r.block_ref, num(r.required),
                      num(r.compliant)});
  }
  return importing(kUpsertCompliance, std::move(values), 4, true);
}

Status SqlReportStore::importSurvey(const std::vector<SurveyResponse>& rows) {
  std::vector<SqlValues> values;
  for (const auto& r : rows) {
    SqlValues v{r.response_id, r.household_ref, r.tenure,          sqlDay(r.collected),
                r.method,      r.weight,        flag(r.had_repair), flag(r.complained),
                flag(r.communal)};
    for (const auto& a : r.answers) {
      v.push_back(a ? SqlValue(std::int64_t{*a}) : SqlValue(nullptr));
    }
    values.push_back(std::move(v));
  }
  return importing(kUpsertSurvey, std::move(values), 1, false);
}

Status SqlReportStore::importSeries(const std::vector<SeriesRow>& rows) {
  std::vector<SqlValues> values;
  for (const auto& r : rows) {
    values.push_back({r.code, r.tenure, sqlDay(r.start), sqlDay(r.end), r.numerator,
                      r.denominator, r.source});
  }
  return importing(kUpsertSeries, std::move(values), 3, false);
}

Result<std::vector<Breakdown>> SqlReportStore::volumes(const Period& p, const std::string& by,
                                                       const std::string& kind) {
  return reading<std::vector<Breakdown>>([&](SqlSession& s) -> Result<std::vector<Breakdown>> {
    auto groups = facts(s, false, p);
    if (!groups) return tl::unexpected(groups.error());
    return store_core::volumes(**groups, by, kind);
  });
}

Status SqlReportStore::addOutcomeRows(SqlSession& s, const Period& p, ComplaintOutcomes& o) {
  const SqlValues params{landlord_, sqlDay(p.start), sqlDay(p.end)};
  auto s1 = s.run(Command(kStage1Outcomes, params), [&](const RowReader& row) {
    long n[6];
    for (int k = 0; k < 6; ++k) n[k] = static_cast<long>(row.i64(k + 1));
    addStage1Row(o, row.text(0), n, row.f64(7));
  });
  if (!s1) return tl::unexpected(s1.error());
  auto s2 = s.run(Command(kStage2Outcomes, params), [&](const RowReader& row) {
    o.stage2_responded = o.stage2_reviews = static_cast<long>(row.i64(0));
    o.stage2_overturned = static_cast<long>(row.i64(1));
  });
  if (!s2) return tl::unexpected(s2.error());
  return {};
}

Result<ComplaintOutcomes> SqlReportStore::outcomes(const Period& p) {
  return reading<ComplaintOutcomes>([&](SqlSession& s) -> Result<ComplaintOutcomes> {
    ComplaintOutcomes o;
    auto received = facts(s, false, p);
    if (!received) return tl::unexpected(received.error());
    auto escalated = facts(s, true, p);
    if (!escalated) return tl::unexpected(escalated.error());
    addReceived(o, **received, **escalated);
    if (auto r = addOutcomeRows(s, p, o); !r) return tl::unexpected(r.error());
    return o;
  });
}

Result<long> SqlReportStore::surveyResponses(const Period& p, const std::string& tenure) {
  SqlValues params{landlord_, sqlDay(p.start), sqlDay(p.end)};
  if (!tenure.empty()) params.emplace_back(tenure);
  return reading<long>([&](SqlSession& s) -> Result<long> {
    auto n = scalar(s, Command(surveyCountSql(!tenure.empty()), params));
    if (!n) return tl::unexpected(n.error());
    return static_cast<long>(*n);
  });
}

Result<measures::SatisfactionTally> SqlReportStore::satisfaction(
    const measures::SatisfactionQuery& q, const Period& p) {
  return reading<measures::SatisfactionTally>([&](SqlSession& s) {
    return satisfactionTally(s, landlord_, q, p.start, p.end);
  });
}

// ---- Repairs, call-backs and compliments (store/core/service_rows.h) -------------------

Result<std::optional<measures::SeriesPoint>> SqlReportStore::serviceTally(const std::string& code,
                                                                          const Period& p) {
  using Point = std::optional<measures::SeriesPoint>;
  if (isAsbCaseCount(code)) {
    return reading<Point>([&](SqlSession& s) { return asbCaseCount(s, landlord_, code, p); });
  }
  const Sql* sql = serviceTallySql(code);
  if (sql == nullptr) return Point();
  return reading<Point>([&](SqlSession& s) -> Result<Point> {
    Point out;
    auto r = s.run(Command(*sql, {landlord_, sqlDay(p.start), sqlDay(p.end)}),
                   [&](const RowReader& row) {
                     out = measures::SeriesPoint{static_cast<double>(row.i64(0)),
                                                 static_cast<double>(row.i64(1))};
                   });
    if (!r) return tl::unexpected(r.error());
    return out;
  });
}

Result<std::vector<ServiceBreakdown>> SqlReportStore::serviceBreakdown(const Period& p,
                                                                       const std::string& by) {
  const Sql* sql = serviceBreakdownSql(by);
  if (sql == nullptr) {
    return invalid("by", "enum", "must be one of: category, contractor, about");
  }
  return reading<std::vector<ServiceBreakdown>>([&](SqlSession& s) {
    return rows<ServiceBreakdown>(
        s, Command(*sql, {landlord_, sqlDay(p.start), sqlDay(p.end)}),
        [](const RowReader& r) {
          return ServiceBreakdown{r.text(0), static_cast<long>(r.i64(1)),
                                  static_cast<long>(r.i64(2))};
        });
  });
}

Result<std::vector<ComplimentRow>> SqlReportStore::complimentsAbout(
    const std::vector<std::string>& names, int limit) {
  if (names.empty()) return std::vector<ComplimentRow>{};
  const std::string first = names[0];
  const std::string second = names.size() > 1 ? names[1] : names[0];
  return reading<std::vector<ComplimentRow>>([&](SqlSession& s) {
    return rows<ComplimentRow>(
        s, Command(complimentsAboutSql(), {landlord_, first, second, std::int64_t{limit}}),
        [](const RowReader& r) {
          return ComplimentRow{r.i64(0), r.text(1), r.text(2), r.day(3), r.text(4),
                               static_cast<long>(r.i64(5))};
        });
  });
}

}  // namespace charter::store_core
