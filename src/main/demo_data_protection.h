// Demo data for subject access requests and data breaches (docs/lifecycle.md "Subject access
// requests and data breaches"), when the policy times them (`sar.respond`): requests answered
// in time, one paused for proof of identity, one extended by two months, one paused for
// clarification and answered, one overdue; breaches reported to the ICO, one judged not
// reportable, one just found. Fixed dates counted back from the demo's end, no randomness.
#pragma once

#include "app/case_service.h"

namespace charter {

// REQUIRES: `time` is the service's TimeSource; `end` is the demo's "now".
Status generateDemoDataProtection(CaseService& service, FixedTimeSource& time, Instant end);

}  // namespace charter
