// WorkingCalendar::addMonths and explainMonths: the ICO's calendar month (see the header).
#include <chrono>

#include <fmt/format.h>

#include "calendar/working_calendar.h"

namespace charter {
namespace {

using namespace std::chrono;

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

// The same day-of-month `n` months on, or the last day of that month when it has no such day.
Date sameDateOrMonthEnd(Date from, int n) {
  year_month_day ymd{from};
  year_month target = year_month{ymd.year(), ymd.month()} + months{n};
  year_month_day_last last{target.year(), month_day_last{target.month()}};
  if (ymd.day() > last.day()) return sys_days{last};
  return sys_days{target / ymd.day()};
}

}  // namespace

Date WorkingCalendar::addMonths(Date from, int months) const {
  Date d = sameDateOrMonthEnd(from, months);
  return isWorkingDay(d) ? d : nextWorkingDay(d);
}

std::string WorkingCalendar::explainMonths(Date from, int n) const {
  Date same = sameDateOrMonthEnd(from, n);
  Date due = isWorkingDay(same) ? same : nextWorkingDay(same);
  std::string text = fmt::format("{} calendar month{} after {} is {}", n, n == 1 ? "" : "s",
                                 formatDateLong(from), formatDateLong(same));
  year_month_day a{from};
  year_month_day b{same};
  if (b.day() < a.day()) {
    text += fmt::format(" ({} has no {}{})", kMonthNames[unsigned{b.month()} - 1],
                        unsigned{a.day()},
                        unsigned{a.day()} == 31 ? "st" : "th");
  }
  if (due == same) return text + ".";
  std::string why = whyNotWorking(same).value_or("not a working day");
  return fmt::format("{}, which is not a working day ({}), so the due date is the next working "
                     "day, {}.",
                     text, why, formatDateLong(due));
}

}  // namespace charter
