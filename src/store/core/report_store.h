// SqlReportStore: the report port (app/reports.h) written once over a SqlDatabase, for
// SQLite (store/sqlite/report_store.h) and PostgreSQL (store/pg/pg_report_store.h) alike.
//
// One instance answers for one landlord; every statement is scoped to it. Aggregates are
// grouped passes memoised in memory (store/core/report_groups.h) and dropped whenever the
// database's data version moves (any write committed by another connection: SQLite's
// data_version, PostgreSQL's WAL position) or this store imports. Imports are one transaction
// each, rows sent as multi-row upserts. Calls are serialised on the store's connection.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "app/reports.h"
#include "app/service_reports.h"
#include "store/core/report_groups.h"
#include "store/core/sql.h"

namespace charter::store_core {

// Also the ServiceReports port (app/service_reports.h) over the same connection; series()
// answers Charter's own service tallies (store/core/service_rows.h) for their codes.
class SqlReportStore : public ReportStore, public ServiceReports {
 public:
  SqlReportStore(std::unique_ptr<SqlDatabase> db, LandlordId landlord)
      : db_(std::move(db)), landlord_(landlord) {}

  // measures::MeasureSource
  Result<long> countCases(const measures::CaseCount& q, const measures::Period& p) override;
  Result<measures::ClockTally> tallyClocks(const std::string& clock, const std::string& tenure,
                                           const measures::Period& p) override;
  Result<std::optional<long>> homes(const std::string& tenure, Date as_of) override;
  Result<measures::SurveyTally> survey(const std::string& question, const std::string& tenure,
                                       const measures::Period& p) override;
  Result<measures::ComplianceTally> compliance(const std::string& check, const std::string& tenure,
                                               Date as_of) override;
  Result<std::optional<measures::SeriesPoint>> series(const std::string& code,
                                                      const std::string& tenure,
                                                      const measures::Period& p) override;
  Result<measures::WaitTally> callWaits(long within_seconds, bool transferred_only,
                                        const measures::Period& p) override;
  Result<measures::WaitTally> visitWaits(long within_minutes, bool another_officer,
                                         const measures::Period& p) override;
  // Satisfaction survey answers (store/core/survey_store.h).
  Result<measures::SatisfactionTally> satisfaction(const measures::SatisfactionQuery& q,
                                                   const measures::Period& p) override;
  Result<std::vector<CaseId>> caseIdsCounted(const measures::CaseCount& q,
                                             const measures::Period& p) override;
  Result<std::vector<CaseId>> caseIdsClocks(const std::string& clock, const std::string& tenure,
                                            const std::string& which, bool strict,
                                            const measures::Period& p) override;

  // ReportStore
  Status importStock(const std::vector<StockCount>& rows) override;
  Status importHomes(const std::vector<HomeRecord>& rows) override;
  Status importCompliance(const std::vector<ComplianceRecord>& rows) override;
  Status importSurvey(const std::vector<SurveyResponse>& rows) override;
  Status importSeries(const std::vector<SeriesRow>& rows) override;
  // Phones and reception: store/core/contact_store.cc.
  Status importCalls(const std::vector<CallRecord>& rows) override;
  Status importVisits(const std::vector<ReceptionVisit>& rows) override;
  Result<std::string> logArrival(LocalTime arrived, const std::string& came_to_see) override;
  Status markSeen(const std::string& visit_id, LocalTime seen,
                  const std::string& seen_by) override;
  Result<std::vector<ReceptionVisit>> visitsOn(Date day) override;
  Result<std::vector<Breakdown>> volumes(const measures::Period& p, const std::string& by,
                                         const std::string& kind) override;
  Result<ComplaintOutcomes> outcomes(const measures::Period& p) override;
  Result<std::vector<ServiceBreakdown>> serviceBreakdown(const measures::Period& p,
                                                         const std::string& by) override;
  Result<std::vector<ComplimentRow>> complimentsAbout(const std::vector<std::string>& names,
                                                      int limit) override;
  Result<long> surveyResponses(const measures::Period& p, const std::string& tenure) override;
  ServiceReports& services() override { return *this; }

 private:
  // A service tally (serviceTallySql) over the period; nullopt for another code.
  Result<std::optional<measures::SeriesPoint>> serviceTally(const std::string& code,
                                                            const measures::Period& p);
  // A wait tally statement over days $2..$3 with the wait $4 and the subset flag $5.
  Result<measures::WaitTally> waitTally(const Sql& sql, long within, bool subset,
                                        const measures::Period& p);
  // `body` on the connection with mu_ held, after dropping the memo if the data moved.
  template <class T>
  Result<T> reading(const std::function<Result<T>(SqlSession&)>& body);
  // Upserts `rows` in one transaction (then `retally`: the compliance tallies).
  Status importing(const char* upsert, std::vector<SqlValues> rows, std::size_t key_columns,
                   bool retally);
  // REQUIRES: mu_ held (within reading).
  void checkFresh(SqlSession& s);
  Result<const std::vector<FactGroup>*> facts(SqlSession& s, bool escalated,
                                              const measures::Period& p);
  Result<std::map<std::string, measures::ClockTally>*> clocks(SqlSession& s,
                                                               const std::string& clock,
                                                               const measures::Period& p);
  Result<ComplianceByTenure*> complianceByTenure(SqlSession& s, const std::string& check,
                                                 Date as_of);
  Status addOutcomeRows(SqlSession& s, const measures::Period& p, ComplaintOutcomes& o);

  std::unique_ptr<SqlDatabase> db_;
  LandlordId landlord_;
  std::mutex mu_;
  std::string data_version_;
  Memo memo_;
};

}  // namespace charter::store_core
