#include "measures/period.h"

#include <charconv>

#include <fmt/format.h>

namespace charter::measures {

namespace {

using std::chrono::day;
using std::chrono::last;
using std::chrono::month_day_last;
using std::chrono::year;
using std::chrono::year_month;
using std::chrono::year_month_day;
using std::chrono::year_month_day_last;

Date firstOf(int y, unsigned m) { return Date{year{y} / std::chrono::month{m} / day{1}}; }
Date lastOf(int y, unsigned m) {
  return Date{year_month_day_last{year{y}, month_day_last{std::chrono::month{m}}}};
}

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

bool readInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{};
}

Result<Period> bad(std::string_view text) {
  return invalid("period", "format",
                 fmt::format("\"{}\" is not a period: use a financial year \"2025-26\", a quarter "
                             "\"2025-26-Q1\" or a month \"2025-04\"",
                             text));
}

}  // namespace

Period financialYear(int y) {
  return Period{PeriodKind::kYear, fmt::format("{}-{:02}", y, (y + 1) % 100), firstOf(y, 4),
                lastOf(y + 1, 3)};
}

Period quarter(int y, int q) {
  const int m0 = 4 + (q - 1) * 3;  // 4, 7, 10, 13
  const int sy = y + (m0 > 12 ? 1 : 0);
  const unsigned sm = static_cast<unsigned>(m0 > 12 ? m0 - 12 : m0);
  const unsigned em = sm + 2;
  return Period{PeriodKind::kQuarter, fmt::format("{}-{:02}-Q{}", y, (y + 1) % 100, q),
                firstOf(sy, sm), lastOf(sy, em)};
}

Period month(int y, unsigned m) {
  return Period{PeriodKind::kMonth, fmt::format("{}-{:02}", y, m), firstOf(y, m), lastOf(y, m)};
}

Period financialYearOf(Date d) {
  const year_month_day ymd{d};
  const int y = static_cast<int>(ymd.year());
  return financialYear(static_cast<unsigned>(ymd.month()) >= 4 ? y : y - 1);
}

Result<Period> parsePeriod(std::string_view text) {
  int y = 0;
  if (text.size() < 7 || !readInt(text.substr(0, 4), y) || text[4] != '-' || y < 1990 ||
      y > 2200) {
    return bad(text);
  }
  int second = 0;
  if (!readInt(text.substr(5, 2), second)) return bad(text);
  if (text.size() == 7) {
    // "2025-26" (year) or "2025-04" (month): a year's second part is (y + 1) % 100.
    // "2011-12" reads as the year 2011-12, never as December 2011.
    if (second == (y + 1) % 100) {
      return financialYear(y);
    }
    if (second >= 1 && second <= 12) return month(y, static_cast<unsigned>(second));
    return bad(text);
  }
  if (text.size() == 10 && text[7] == '-' && text[8] == 'Q' && second == (y + 1) % 100 &&
      text[9] >= '1' && text[9] <= '4') {
    return quarter(y, text[9] - '0');
  }
  return bad(text);
}

Period Period::previous() const {
  const year_month_day s{start};
  const int y = static_cast<int>(s.year());
  const unsigned m = static_cast<unsigned>(s.month());
  switch (kind) {
    case PeriodKind::kYear:
      return financialYear(y - 1);
    case PeriodKind::kQuarter: {
      const Period fy = financialYearOf(start);
      const int fy_start = static_cast<int>(year_month_day{fy.start}.year());
      const int q = static_cast<int>(((m + 12 - 4) % 12) / 3) + 1;
      return q == 1 ? quarter(fy_start - 1, 4) : quarter(fy_start, q - 1);
    }
    case PeriodKind::kMonth:
      return m == 1 ? month(y - 1, 12) : month(y, m - 1);
  }
  return *this;
}

std::vector<Period> Period::trend(int n) const {
  std::vector<Period> out;
  Period p = *this;
  for (int i = 0; i < n; ++i) {
    out.insert(out.begin(), p);
    p = p.previous();
  }
  return out;
}

Period Period::year() const { return financialYearOf(start); }

std::string Period::displayName() const {
  const year_month_day s{start};
  const year_month_day e{end};
  const unsigned sm = static_cast<unsigned>(s.month());
  const unsigned em = static_cast<unsigned>(e.month());
  switch (kind) {
    case PeriodKind::kYear:
      return "Financial year " + label;
    case PeriodKind::kQuarter:
      return fmt::format("Q{} {} ({} to {} {})", label.back(), label.substr(0, 7),
                         kMonthNames[sm - 1], kMonthNames[em - 1], static_cast<int>(e.year()));
    case PeriodKind::kMonth:
      return fmt::format("{} {}", kMonthNames[sm - 1], static_cast<int>(s.year()));
  }
  return label;
}

}  // namespace charter::measures
