// Demo data for repairs, call-backs and compliments (docs/lifecycle.md "Repairs, call-backs
// and compliments"): a year of repairs (with the policy's categories when it names any),
// appointments with contractors (some missed and rebooked), completions mostly in time and a
// sample post-inspected; enquiries logged as resolved at first contact or not, most called back
// within a working day; compliments about the demo's staff and teams, most shared. Its own
// random stream, so the rest of the demo's data stays as it was.
#pragma once

#include <cstdint>

#include "app/case_service.h"

namespace charter {

// REQUIRES: `time` is the service's TimeSource; `end` is the demo's "now". `scale` multiplies
// the volumes (1.0: a landlord of 10,000 homes).
Status generateDemoServices(CaseService& service, FixedTimeSource& time, Instant end,
                            std::uint32_t seed, double scale);

}  // namespace charter
