#include "util/date_words.h"

#include <array>

#include <fmt/format.h>

namespace charter {
namespace {

constexpr std::array<const char*, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                              "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",
                                                 "May",     "June",     "July",      "August",
                                                 "September", "October", "November", "December"};

std::string dayMonth(Date d) {
  const std::chrono::year_month_day ymd{d};
  return fmt::format("{} {} {}", kDays[std::chrono::weekday{d}.c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1]);
}

}  // namespace

std::string formatDateFull(Date d) {
  return fmt::format("{} {}", dayMonth(d), static_cast<int>(std::chrono::year_month_day{d}.year()));
}

std::string formatDayMonth(Date d, Date today) {
  if (std::chrono::year_month_day{d}.year() != std::chrono::year_month_day{today}.year())
    return formatDateFull(d);
  return dayMonth(d);
}

}  // namespace charter
