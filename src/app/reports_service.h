// ReportService: measures for a period, their trends, the annual complaints performance and
// service improvement report (Code 8.1) with the self-assessment, and exports (CSV; XLSX when
// built with libxlsxwriter). Reads only through the ReportStore port.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/learning_service.h"
#include "app/principal.h"
#include "app/reports.h"
#include "measures/arithmetic.h"  // re-exported: the rounding reports publish with
#include "measures/measure.h"
#include "policy/policy.h"

namespace charter {

struct TrendPoint {
  std::string period;             // label
  std::optional<double> value;    // published (rounded) value
};

// One row of the self-assessment against the Code (app/self_assessment.h builds them): one per
// "must" provision (app/code_provisions.h). A row that Charter's data can decide carries the
// figure and the link to the cases behind it, and its status follows from the figure; every
// other row is "to_complete" until the landlord answers it. Nothing is "Yes" by default.
struct SelfAssessmentRow {
  std::string section;
  std::string provision;
  std::string requirement;
  std::string status;        // "met" | "not_met" | "to_complete"
  std::string decided_by;    // "data" | "landlord" | "" (to complete)
  std::string comply;        // "Yes" | "No" | "" : the status as the Ombudsman's form words it
  std::string figure;        // "46 of 50 (92.0%)" when data decides the row, else ""
  std::string evidence;      // what Charter's records show, "" when they show nothing
  std::string link;          // the cases behind the figure, a staff page path, or ""
  std::string answer;        // the landlord's: "yes" | "no" | ""
  std::string commentary;    // the landlord's
};

// The row's answer as the annual report shows it in every format: "Yes", "No", or "Not yet
// answered" for a row neither the data nor the landlord has decided (listed, never left out).
inline std::string complyText(const SelfAssessmentRow& row) {
  return row.comply.empty() ? std::string("Not yet answered") : row.comply;
}

struct AnnualReport {
  measures::Period period;
  std::string landlord_name;
  std::vector<measures::MeasureResult> measures;
  std::vector<Breakdown> by_kind, by_service_area, by_theme, by_channel;
  ComplaintOutcomes outcomes;
  // Learning actions and the Ombudsman (Code 8.1(c)-(d)); absent without a LearningService.
  std::optional<LearningFigures> learning;
  std::optional<OmbudsmanFigures> ombudsman;
  std::vector<SelfAssessmentRow> self_assessment;
};

class ReportService {
 public:
  ReportService(ReportStore& store, PolicyPtr policy) : store_(store), policy_(std::move(policy)) {}

  const Policy& policy() const { return *policy_; }
  ReportStore& store() { return store_; }

  Result<std::vector<measures::MeasureResult>> measures(const measures::Period& p);
  // The published value of `code` for `p` and the n-1 periods before it, oldest first.
  Result<std::vector<TrendPoint>> trend(const std::string& code, const measures::Period& p, int n);
  // The measure spec for a code (nullopt when the policy has no such measure).
  std::optional<MeasureSpec> spec(const std::string& code) const;
  Result<std::vector<CaseId>> casesBehind(const std::string& code, const measures::Period& p,
                                          const std::string& part);
  Result<AnnualReport> annualReport(const measures::Period& p);
  // Fills the annual report's learning and Ombudsman sections from `learning` (landlord's).
  // The landlord's name, which the annual report carries (default: the policy's name).
  void setLandlordName(std::string name) { landlord_name_ = std::move(name); }
  void setLearning(LearningService* learning, LandlordId landlord) {
    learning_ = learning;
    learning_landlord_ = landlord;
  }

 private:
  LearningService* learning_ = nullptr;
  LandlordId learning_landlord_ = 1;
  ReportStore& store_;
  PolicyPtr policy_;
  std::string landlord_name_;
};

// The ReportService of one landlord (each reads only that landlord's data); kNotFound for an
// unknown landlord. The composition root makes them, one per landlord, on first use.
using ReportServiceFor = std::function<Result<ReportService*>(LandlordId)>;

// The self-assessment rows, one per "must" provision of the Code in its order, the evidence
// and figures taken from `r` (app/self_assessment_evidence.cc); no landlord answers yet.
std::vector<SelfAssessmentRow> selfAssessment(const AnnualReport& r, const Policy& policy);

// Exports. CSV: RFC 4180, UTF-8, one header row.
std::string measuresCsv(const std::vector<measures::MeasureResult>& ms, const std::string& period);
// The TSM figures in one table, ready for the annual return: code, description, tenure,
// numerator, denominator, value, and the target timescales used for CH02 and RP02.
std::string tsmReturnCsv(const std::vector<measures::MeasureResult>& ms, const Policy& policy,
                         const std::string& period);
// The annual report, every section one after another (section, item, value columns).
std::string annualReportCsv(const AnnualReport& r);
// XLSX workbooks (one sheet per section); kUnavailable when built without libxlsxwriter.
Result<std::string> measuresXlsx(const std::vector<measures::MeasureResult>& ms, const std::string& period);
Result<std::string> annualReportXlsx(const AnnualReport& r);
// The annual report as a PDF (every section); kUnavailable when built without libhpdf.
Result<std::string> annualReportPdf(const AnnualReport& r);

}  // namespace charter
