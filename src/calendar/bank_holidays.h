// The bank holidays of the UK's three jurisdictions for 1995-2100.
//
// Computed by rule (Easter, fixed dates, first and last Mondays, substitute days when a holiday
// falls on a weekend, the nations' differences) and corrected by a table of the one-off changes
// made by royal proclamation since 1995 (moved early May and spring holidays, jubilees, royal
// weddings, the Queen's funeral, the Coronation). The dates are the days off work as GOV.UK's
// published lists give them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"
#include "util/time.h"

namespace charter {

enum class Nation { kEnglandAndWales, kScotland, kNorthernIreland };

// "england-and-wales" | "scotland" | "northern-ireland".
Result<Nation> parseNation(std::string_view slug, std::string_view field = "nation");
std::string_view nationSlug(Nation n);
std::string_view nationName(Nation n);  // "England and Wales"

struct Holiday {
  Date date;
  std::string name;  // as GOV.UK names it: "Easter Monday", "Boxing Day (substitute day)"
  bool operator==(const Holiday&) const = default;
};

inline constexpr int kFirstCalendarYear = 1995;
inline constexpr int kLastCalendarYear = 2100;

// The bank holidays of `nation` in `year`, sorted by date.
// REQUIRES: kFirstCalendarYear <= year <= kLastCalendarYear.
std::vector<Holiday> bankHolidays(Nation nation, int year);

// Western (Gregorian) Easter Sunday of `year`.
Date easterSunday(int year);

}  // namespace charter
