// Is the TSM publication complete? (tsm.md §9 example 21.) An export of the TSM return is
// refused unless it holds both parts of CH01, CH02, RP02 and NM01; the RP02 and CH02 target
// timescales; LCRA and LCHO values wherever the Regulator wants them separately (CH01, CH02,
// TP01-TP12); and the survey's summary of approach, items a-k (§5.7).
#pragma once

#include <string>
#include <vector>

#include "measures/measure.h"
#include "policy/policy.h"

namespace charter {

struct PublicationGap {
  std::string item;     // "CH01-2 (LCHO)", "RP02 target timescales", "survey approach (g)"
  std::string message;  // what to do about it
};

// The gaps, in the order above; empty when the publication is complete. `ms` are the year's
// measures; `survey_responses` the responses collected in the year (item a).
std::vector<PublicationGap> tsmPublicationGaps(const std::vector<measures::MeasureResult>& ms,
                                               const Policy& policy, long survey_responses);

}  // namespace charter
