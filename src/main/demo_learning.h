// Demo data for learning actions and the Ombudsman: on some answered complaints a
// learning action (most completed, many published on "You said, we did"), and on a few that
// finished the landlord's process an Ombudsman referral, determination and orders. Its own
// random stream, so the rest of the demo is the same with or without it.
#pragma once

#include "app/case_service.h"

namespace charter {

// REQUIRES: the demo's cases are written; `time` is the service's TimeSource.
Status generateDemoLearning(CaseService& service, FixedTimeSource& time, Instant end,
                            unsigned seed);

}  // namespace charter
