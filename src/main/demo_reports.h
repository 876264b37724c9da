// The demo's report data: a stock count per tenure, the homes and blocks with their safety
// checks, a tenant perception survey and imported series (ASB cases, repairs), so the
// demo's measures show real figures. Fictional, seeded, deterministic.
#pragma once

#include "app/reports.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

// Imports four financial years of it (the three whole ones before `end`'s, each as at its 31
// March, and the one holding `end` to date; main/demo_years.h) into the demo landlord's report
// store, through the same imports `charter import` uses. Tenants grow a little happier and
// repairs a little quicker each year.
Status generateDemoReportData(ReportStore& store, int homes, Instant end, unsigned seed);

}  // namespace charter
