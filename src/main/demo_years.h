// The demo's financial years: the three whole UK financial years (1 April to 31 March) before
// the one the demo's "now" falls in, and that one to date, each with how many contacts came in
// and how well the landlord did, so the Performance, annual report, Our promises and TSM pages
// show a believable trend: more complaints as complaining is made easier (the Ombudsman
// encourages it), more of them answered on time each year.
//
// Cost: O(1); four small values. Pure (no clock, no randomness): the same `end`, the same years.
// Threading: plain values, safe to share.
#pragma once

#include <vector>

#include "measures/period.h"
#include "util/time.h"

namespace charter {

struct DemoYear {
  measures::Period period;  // "2023-24"
  Instant from{};           // 00:00 on 1 April
  Instant to{};             // the start of the next year, or the demo's end for the current one
  bool current = false;     // the year to date
  double share = 1.0;       // the part of a whole year's contacts that fall in [from, to)
  double complaints_per_1000 = 45;  // stage 1 complaints a whole year, per 1,000 homes
  double other_contacts = 1.0;      // service requests, enquiries... as a part of the full volume
  double acknowledged_on_time = 0.9;  // chance a complaint is acknowledged within 5 working days
  double stage1_on_time = 0.88;       // chance a stage 1 answer (not extended) is in time
  double stage2_on_time = 0.85;       // chance a stage 2 answer is in time
  double escalated = 0.17;            // chance a stage 1 answer is taken to stage 2
  double perception = 0.72;           // how satisfied tenants are (TSM survey mood)
};

// The three whole financial years before `end`'s and the current one to `end`, oldest first.
std::vector<DemoYear> demoYears(Instant end);

}  // namespace charter
