// The demo's phones and reception: call records and reception visits for the demo's years
// (main/demo_years.h, up to the demo's end), waits a little shorter each year, so the contact
// measures (calls_percent, visits_percent) show figures and trends.
// Fictional, seeded, deterministic; written through the same store calls `charter import calls`
// and `charter import visits` use.
#pragma once

#include "app/reports.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

// About `homes` / 100 x `scale` calls and `homes` / 1,000 x `scale` visits (at least one of
// each) a working day, from the first day of the demo's oldest financial year to the day before
// `end` (that day itself is left empty for the reception log).
Status generateDemoContact(ReportStore& store, int homes, double scale, Instant end,
                           unsigned seed);

}  // namespace charter
