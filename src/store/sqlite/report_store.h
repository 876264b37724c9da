// SqliteReportStore: the report port (app/reports.h) on the SQLite file a SqliteStore keeps.
//
// Opens its own connection to the same file (WAL: reads never block the case writer; imports
// wait on busy_timeout for the writer's lock). REQUIRES: the file was opened by SqliteStore
// first, so migrations have run. Calls are serialised on one connection.
#pragma once

#include <filesystem>
#include <memory>
#include <map>
#include <mutex>

#include "app/report_queries.h"
#include "app/reports.h"
#include "app/case_store.h"

struct sqlite3;

namespace charter {

class SqliteReportStore final : public ReportStore {
 public:
  static Result<std::unique_ptr<SqliteReportStore>> open(const std::filesystem::path& path,
                                                         LandlordId landlord);
  ~SqliteReportStore() override;

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

 private:
  SqliteReportStore(sqlite3* db, LandlordId landlord) : db_(db), landlord_(landlord) {}
  template <class F>
  Status inTransaction(F&& f);
  // Memoised aggregates (one grouped query answers every tenure split and variant), dropped
  // whenever the database changes (PRAGMA data_version, or an import on this connection).
  // REQUIRES: mu_ held.
  void checkFresh();
  // Recomputes compliance_tallies after an import of compliance or homes (in its transaction).
  Status retallyCompliance();
  Result<const std::vector<report_queries::FactGroup>*> facts(bool escalated,
                                                              const measures::Period& p);
  sqlite3* db_;
  LandlordId landlord_;
  std::mutex mu_;
  long long data_version_ = -1;
  report_queries::Memo memo_;
};

}  // namespace charter
