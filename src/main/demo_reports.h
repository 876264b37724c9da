// The demo's report data (issue 4): a stock count per tenure, the homes and blocks with their
// safety checks, a tenant perception survey and imported series (ASB cases, repairs, calls),
// so the demo's measures show real figures. Fictional, seeded, deterministic.
#pragma once

#include <filesystem>

#include "util/result.h"
#include "util/time.h"

namespace charter {

Status generateDemoReportData(const std::filesystem::path& db, int homes, Instant end, unsigned seed);

}  // namespace charter
