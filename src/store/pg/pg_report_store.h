// PgReportStore: the report port (app/reports.h) on PostgreSQL, beside a PgStore on the same
// database (whose case projection writes case_facts and clocks, and whose migrations made the
// rollups of 0009_report_passes).
//
// The same SQL as SqliteReportStore (app/report_queries.h), prepared once on its own
// connection; every statement is scoped to the one landlord it answers for. Aggregates are
// memoised and dropped whenever the server's WAL position moves (any committed write, by any
// process), the analogue of SQLite's data_version. Imports are one transaction each, rows sent
// as multi-row INSERTs. Calls are serialised on the connection. REQUIRES: PgStore::open ran
// first (migrations).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "app/case_store.h"
#include "app/report_queries.h"
#include "app/reports.h"

namespace charter {

class PgReportStore final : public ReportStore {
 public:
  // kUnavailable when the server cannot be reached.
  static Result<std::unique_ptr<PgReportStore>> open(const std::string& dsn, LandlordId landlord);
  ~PgReportStore() override;

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
  Result<std::vector<Breakdown>> volumes(const measures::Period& p, const std::string& by,
                                         const std::string& kind) override;
  Result<ComplaintOutcomes> outcomes(const measures::Period& p) override;
  Result<long> surveyResponses(const measures::Period& p, const std::string& tenure) override;

  struct Conn;  // the libpq connection and its prepared statements (pg_report_store.cc)

 private:
  PgReportStore(std::unique_ptr<Conn> conn, LandlordId landlord);
  // REQUIRES: mu_ held.
  void checkFresh();
  Result<const std::vector<report_queries::FactGroup>*> facts(bool escalated,
                                                              const measures::Period& p);
  std::unique_ptr<Conn> conn_;
  LandlordId landlord_;
  std::mutex mu_;
  std::string wal_position_;
  report_queries::Memo memo_;
};

}  // namespace charter
