// The demo's report data: a stock count per tenure, the homes and blocks with their safety
// checks, a tenant perception survey and imported series (ASB cases, repairs), so the
// demo's measures show real figures. Fictional, seeded, deterministic.
#pragma once

#include "app/reports.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

// Imports three financial years of it (the one holding `end`, and the two before) into the
// demo landlord's report store, through the same imports `charter import` uses.
Status generateDemoReportData(ReportStore& store, int homes, Instant end, unsigned seed);

}  // namespace charter
