// The self-assessment port: one record per landlord and financial year (migrations/
// 0016_self_assessment.sql), holding the complaints team's answers, the governing body's
// review (Code 8.2) and, once published, a frozen snapshot of the rows and figures. Implemented
// once for both databases by store/core/self_assessment_store.*.
//
// Contract: a published record never changes. saveDraft on a published year, and publish on
// one, answer kConflict with rule "published"; publish on a year never saved answers kNotFound.
// Every write is one transaction, durable when it answers. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/case_store.h"

namespace charter {

struct SelfAssessmentRecord {
  std::string period;        // "2025-26"
  std::string answers;       // JSON array of {provision, answer, commentary} (app's encoding)
  std::string updated_by;
  Instant updated_at{};
  // The governing body's review; reviewed_on absent until recorded.
  std::optional<Date> reviewed_on;
  std::string reviewed_by;   // who reviewed it: "The Board", "Customer Committee"
  std::string response;      // the governing body's response, published with the report
  std::string review_recorded_by;
  // Publication; published_at absent while a draft.
  std::optional<Instant> published_at;
  std::string published_by;
  std::string snapshot;      // JSON: the rows and figures as published (app's encoding)
};

class SelfAssessmentStore {
 public:
  virtual ~SelfAssessmentStore() = default;
  virtual Result<std::optional<SelfAssessmentRecord>> find(LandlordId landlord,
                                                           const std::string& period) = 0;
  // Inserts or replaces the draft (every field but publication). kConflict "published" when
  // the year is published.
  virtual Status saveDraft(LandlordId landlord, const SelfAssessmentRecord& draft) = 0;
  // Freezes the year: sets published_at, published_by and snapshot on the draft.
  virtual Status publish(LandlordId landlord, const std::string& period, Instant at,
                         const std::string& by, const std::string& snapshot) = 0;
  // Every year's record, the latest year first.
  virtual Result<std::vector<SelfAssessmentRecord>> list(LandlordId landlord) = 0;
};

}  // namespace charter
