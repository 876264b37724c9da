// The report port: what measures, the performance pages, the annual complaints report and the
// exports read, and the imports that feed them (stock, homes and compliance, survey answers,
// series). Implemented once for both databases (store/core/report_store.h, over the SQL of
// store/core/report_sql.h). One instance answers for one landlord; every query is scoped to it.
//
// Case facts (kind, tenure, service area, theme, outcomes) are a projection the store writes
// beside `cases` and `clocks` in the same transaction, so reports never re-fold history.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/contact_records.h"
#include "measures/measure.h"
#include "measures/period.h"
#include "measures/source.h"
#include "util/result.h"

namespace charter {

class ServiceReports;  // app/service_reports.h

struct StockCount {
  Date as_of{};
  std::string tenure;  // social_rent | shared_ownership | other
  long homes = 0;
};

struct HomeRecord {
  std::string home_ref;
  std::string block_ref;  // "" for a house
  std::string tenure;
};

// A safety check as at a date, for one home or (home_ref "") for every home in a block.
struct ComplianceRecord {
  Date as_of{};
  std::string check;  // gas | fire | asbestos | water | lift | decent_homes
  std::string home_ref;
  std::string block_ref;
  bool required = true;
  bool compliant = false;
};

// One survey response. Answers: 1 (very satisfied / strongly agree) .. 5; 0 don't know or not
// applicable; -1 refused; nullopt not asked (filtered out).
struct SurveyResponse {
  std::string response_id;
  std::string household_ref;
  std::string tenure;
  Date collected{};
  std::string method;
  double weight = 1.0;
  std::optional<bool> had_repair, complained, communal;
  std::array<std::optional<int>, 12> answers{};  // TP01..TP12
};

struct SeriesRow {
  std::string code;
  std::string tenure;  // "" = all
  Date start{}, end{};
  double numerator = 0, denominator = 0;
  std::string source;
};

// A count by one dimension ("service_area" -> "Repairs": 120).
struct Breakdown {
  std::string key;
  long count = 0;
};

// Complaint outcomes over a period (the annual report's middle sections).
struct ComplaintOutcomes {
  long stage1_received = 0, stage2_received = 0;
  long stage1_responded = 0, stage2_responded = 0;
  long elements = 0, elements_upheld = 0;          // stage 1 elements decided / upheld or partly
  long stage2_reviews = 0, stage2_overturned = 0;  // stage 2 responses / overturning stage 1
  long extensions = 0;                             // cases with an extension, responded in period
  long remedies = 0;
  double compensation = 0;                         // pounds offered
  long resolved_at_stage1 = 0;                     // stage 1 responses not escalated
  std::vector<Breakdown> refusals;                 // by exclusion reason
  std::map<std::string, long> decisions;           // stage 1 decision -> cases
};

class ReportStore : public measures::MeasureSource {
 public:
  // Imports replace what they cover (the same date / response id / series start) and are
  // atomic: all rows or none.
  virtual Status importStock(const std::vector<StockCount>& rows) = 0;
  virtual Status importHomes(const std::vector<HomeRecord>& rows) = 0;
  virtual Status importCompliance(const std::vector<ComplianceRecord>& rows) = 0;
  virtual Status importSurvey(const std::vector<SurveyResponse>& rows) = 0;
  virtual Status importSeries(const std::vector<SeriesRow>& rows) = 0;
  // Calls and reception visits (app/contact_records.h), replacing those of the same id.
  virtual Status importCalls(const std::vector<CallRecord>& rows) = 0;
  virtual Status importVisits(const std::vector<ReceptionVisit>& rows) = 0;

  // The reception log (/staff/reception). A visitor arrives: the visit is recorded under a new
  // id, "YYYYMMDD-n" (n counts the day's visits), which is answered.
  virtual Result<std::string> logArrival(LocalTime arrived, const std::string& came_to_see) = 0;
  // The visitor is seen: kNotFound for an unknown id, kConflict ("seen") when already seen,
  // kInvalid ("seen") when `seen` is before the arrival.
  virtual Status markSeen(const std::string& visit_id, LocalTime seen,
                          const std::string& seen_by) = 0;
  // The visits that arrived on `day` (local), in order of arrival.
  virtual Result<std::vector<ReceptionVisit>> visitsOn(Date day) = 0;

  // Cases received in the period by "kind" | "service_area" | "theme" | "channel" | "tenure"
  // (`kind` filters first; "" = every kind).
  virtual Result<std::vector<Breakdown>> volumes(const measures::Period& p, const std::string& by,
                                                 const std::string& kind) = 0;
  virtual Result<ComplaintOutcomes> outcomes(const measures::Period& p) = 0;
  // Survey responses collected in the period (for the published summary of approach).
  virtual Result<long> surveyResponses(const measures::Period& p, const std::string& tenure) = 0;
  // The same landlord's service reports (app/service_reports.h): repairs by priority and
  // contractor, compliments by whom they praise. Owned by this store, valid while it lives.
  virtual ServiceReports& services() = 0;
};

// Survey responses from CSV text (header row; columns response_id, household_ref, tenure,
// collected_on, method, weight, had_repair, complained, communal, TP01..TP12; answers 1-5,
// DK / NA (don't know / not applicable), REFUSED, or empty for not asked). Errors name the
// line and column.
Result<std::vector<SurveyResponse>> parseSurveyCsv(std::string_view text);

}  // namespace charter
