// Demo data for anti-social behaviour reports (docs/lifecycle.md "Anti-social behaviour"), when
// the policy defines ASB levels (domain/asb.h): a year of reports at every level, about a few
// dozen parties (so some reports join a case already open), some hate incidents; most closed
// with the reporter's satisfaction, some open with a plan under review, one whose plan is
// overdue and one just reported. Enough for NM01 to have figures from Charter's own cases.
// Its own random stream (`seed`); a few hundred cases at most, so it stays fast.
#pragma once

#include "app/case_service.h"

namespace charter {

// REQUIRES: `time` is the service's TimeSource; `end` is the demo's "now". `scale`: reports
// per month at scale 1 is about 20 (a landlord of 10,000 homes).
Status generateDemoAsb(CaseService& service, FixedTimeSource& time, Instant end, unsigned seed,
                       double scale);

}  // namespace charter
