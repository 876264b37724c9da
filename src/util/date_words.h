// Dates in words for the people Charter writes to: letters, messages and resident pages write
// dates in full, as GOV.UK's style guide asks ("Monday 7 April 2025", never "Mon 7 Apr 2025" or
// "2025-04-07"). Staff pages and explanations keep the shorter formatDateLong (util/time.h).
// Pure; cost: one small string each.
#pragma once

#include <string>

#include "util/time.h"

namespace charter {

// "Monday 7 April 2025".
std::string formatDateFull(Date d);
// "Friday 18 December": the year too ("Friday 18 December 2026") when it is not `today`'s year.
std::string formatDayMonth(Date d, Date today);

}  // namespace charter
