// The demo's phones and reception: a year of call records and reception visits (up to the
// demo's end), so the contact measures (calls_percent, visits_percent) show figures and trends.
// Fictional, seeded, deterministic; written through the same store calls `charter import calls`
// and `charter import visits` use.
#pragma once

#include "app/reports.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

// About `homes` / 100 x `scale` calls and `homes` / 1,000 x `scale` visits (at least one of
// each) a working day, for the 365 days before the day of `end` (that day itself is left empty
// for the reception log).
Status generateDemoContact(ReportStore& store, int homes, double scale, Instant end,
                           unsigned seed);

}  // namespace charter
