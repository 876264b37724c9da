// The annual self-assessment against the Complaint Handling Code 2024 (8.1(a), 8.2), honestly:
// one row per "must" provision (app/code_provisions.h); the rows Charter's data can decide are
// met or not met from the year's figures, with a link to the cases behind them; every other
// row waits for the landlord's answer. The complaints team answers and comments; the governing
// body's review and response are recorded; then the year is published, its rows and figures
// frozen in the database (app/self_assessment_store.h) so later case changes never alter it.
//
// Rules (each a 4xx naming `field` and `rule`):
//   * year: a financial year label, "2025-26" (422 year/financial-year); not after the current
//     one (422 year/future).
//   * answers[i].provision: a provision of the Code (422 unknown); at most once (422 duplicate);
//     a row data decides takes commentary but no answer (422 answers[i].answer/decided-by-data);
//     answer "yes" | "no" | "" (422 enum); "no" needs commentary (422 explanation-required,
//     Code 8.1: non-compliance is explained); commentary at most 4000 characters (422 too-long).
//   * Saving answers clears a recorded review: the governing body reviews what is published.
//   * review: reviewed_on a date not in the future (422 not-future), reviewed_by and response
//     required (422 required), response at most 8000 characters.
//   * publish: 409 code-8.2 without the governing body's review; 409 incomplete while a row
//     is to complete; 409 published once published (and every write after).
// Threading: as the store it is given (every call is one read or one transaction).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/reports_service.h"
#include "app/self_assessment_store.h"

namespace charter {

struct SelfAssessmentAnswer {
  std::string provision;
  std::string answer;      // "yes" | "no" | ""
  std::string commentary;
};

struct SelfAssessmentReview {
  Date reviewed_on{};
  std::string reviewed_by;
  std::string response;
  std::string recorded_by;
};

// The headline figures frozen with a published year (the annual report's, Code 8.1(b)-(c)).
struct SelfAssessmentFigures {
  long stage1_received = 0, stage1_responded = 0, stage2_received = 0, stage2_responded = 0;
  long refusals = 0, remedies = 0;
  long ombudsman_determinations = 0, ombudsman_fault_findings = 0;
};

struct SelfAssessmentView {
  std::string period;                // "2025-26"
  std::string period_name;           // "Financial year 2025-26"
  std::string landlord_name;
  std::string status;                // "draft" | "reviewed" | "published"
  std::vector<SelfAssessmentRow> rows;
  SelfAssessmentFigures figures;
  std::optional<SelfAssessmentReview> review;
  std::optional<Instant> published_at;
  std::string published_by;
  Date due{};                        // the submission date (selfAssessmentDue)
  long met = 0, not_met = 0, to_complete = 0;
};

// The rows with `answers` applied: a landlord row answered "yes"/"no" is met/not met, decided
// by the landlord; commentary lands on any row. Unknown provisions are ignored (validated on
// the way in).
void applyAnswers(std::vector<SelfAssessmentRow>& rows,
                  const std::vector<SelfAssessmentAnswer>& answers);

// The answers as stored (a JSON array) and back; an empty text is no answers.
std::string encodeAnswers(const std::vector<SelfAssessmentAnswer>& answers);
std::vector<SelfAssessmentAnswer> decodeAnswers(const std::string& text);

// The frozen snapshot of a view (rows, figures, landlord name) and back onto a view.
std::string encodeSnapshot(const SelfAssessmentView& v);
void decodeSnapshot(const std::string& text, SelfAssessmentView& v);

// The self-assessment as a PDF: the rows, the figures, the governing body's review and, once
// published, the date; kUnavailable when built without libhpdf.
Result<std::string> selfAssessmentPdf(const SelfAssessmentView& v);

// When the self-assessment for financial year `period` is due with the annual report: 30 June
// after the year ends (the Ombudsman's 6 months for a 31 March year end).
Date selfAssessmentDue(const measures::Period& period);

// Reminder for My work: the last complete financial year's self-assessment, when it is not
// published yet (nullopt once it is).
struct SelfAssessmentReminder {
  std::string period;
  Date due{};
  bool overdue = false;
};

class SelfAssessmentService {
 public:
  // `reports`, `store` and `time` must outlive this.
  SelfAssessmentService(SelfAssessmentStore& store, ReportServiceFor reports,
                        const TimeSource& time)
      : store_(store), reports_(std::move(reports)), time_(time) {}

  // The live rows for a draft (figures worked out now), the frozen ones once published.
  Result<SelfAssessmentView> view(LandlordId landlord, const std::string& year);
  // The published view only; kNotFound for a year not published (the public site).
  Result<SelfAssessmentView> published(LandlordId landlord, const std::string& year);
  // Years published, the latest first.
  Result<std::vector<std::string>> publishedYears(LandlordId landlord);
  // Merges `answers` into the year's (by provision) and clears any recorded review.
  Result<SelfAssessmentView> saveAnswers(LandlordId landlord, const std::string& year,
                                         const std::vector<SelfAssessmentAnswer>& answers,
                                         const std::string& actor);
  Result<SelfAssessmentView> recordReview(LandlordId landlord, const std::string& year,
                                          const SelfAssessmentReview& review);
  Result<SelfAssessmentView> publish(LandlordId landlord, const std::string& year,
                                     const std::string& actor);
  Result<std::optional<SelfAssessmentReminder>> reminder(LandlordId landlord);

 private:
  Result<measures::Period> yearOf(const std::string& year) const;
  Date today() const;
  Result<SelfAssessmentView> build(LandlordId landlord, const measures::Period& p,
                                   const std::optional<SelfAssessmentRecord>& record);
  Status validate(const std::vector<SelfAssessmentAnswer>& answers,
                  const std::vector<SelfAssessmentRow>& rows) const;

  SelfAssessmentStore& store_;
  ReportServiceFor reports_;
  const TimeSource& time_;
};

}  // namespace charter
