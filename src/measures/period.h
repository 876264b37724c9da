// Reporting periods: a UK financial year ("2025-26", 1 April to 31 March), a quarter of one
// ("2025-26-Q1" = April to June) or a calendar month ("2025-04").
//
// Measures are evaluated over a Period; flows (complaints received, responses sent) count the
// events whose local date falls in [start, end]; snapshots (homes owned, compliance) are read
// as at `end`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"
#include "util/time.h"

namespace charter::measures {

enum class PeriodKind { kYear, kQuarter, kMonth };

struct Period {
  PeriodKind kind = PeriodKind::kYear;
  std::string label;  // "2025-26", "2025-26-Q1", "2025-04"
  Date start{};       // first day, inclusive
  Date end{};         // last day, inclusive

  bool contains(Date d) const { return d >= start && d <= end; }
  // The period of the same kind just before this one.
  Period previous() const;
  // This period and the n-1 before it, oldest first (for trend charts).
  std::vector<Period> trend(int n) const;
  // The financial year this period falls in ("2025-26").
  Period year() const;
  // "Financial year 2025-26", "Q1 2025-26 (April to June 2025)", "April 2025".
  std::string displayName() const;
};

// Parses a label. kInvalid (field "period") for anything else.
Result<Period> parsePeriod(std::string_view text);
Period financialYear(int start_year);           // 2025 -> "2025-26"
Period quarter(int start_year, int q);          // q in 1..4
Period month(int year, unsigned month);
// The financial year that contains `d`.
Period financialYearOf(Date d);

}  // namespace charter::measures
