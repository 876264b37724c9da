// The ICO's calendar month, read from its guidance on the time limit for subject access
// requests: "the same date next month", "the last day of the following month when there is no
// corresponding date", "the next working day when it falls on a weekend or a bank holiday".
#include <gtest/gtest.h>

#include "calendar/working_calendar.h"

namespace charter {
namespace {

Date D(std::string_view s) { return parseDate(s).value(); }

CalendarPtr england() { return WorkingCalendar::build({}).value(); }

TEST(CalendarMonths, ReceivedThirdSeptemberIsDueThirdOctober) {
  EXPECT_EQ(england()->addMonths(D("2025-09-03"), 1), D("2025-10-03"));
}

TEST(CalendarMonths, NoCorrespondingDateMeansTheLastDayOfTheMonth) {
  auto cal = england();
  EXPECT_EQ(cal->addMonths(D("2025-03-31"), 1), D("2025-04-30"));
  EXPECT_EQ(cal->addMonths(D("2024-01-31"), 1), D("2024-02-29"));  // a leap year
}

TEST(CalendarMonths, LastDayOfFebruaryOnASaturdayMovesToMonday) {
  auto cal = england();
  EXPECT_EQ(cal->addMonths(D("2026-01-31"), 1), D("2026-03-02"));
  EXPECT_EQ(cal->explainMonths(D("2026-01-31"), 1),
            "1 calendar month after Sat 31 Jan 2026 is Sat 28 Feb 2026 (February has no 31st), "
            "which is not a working day (Saturday), so the due date is the next working day, "
            "Mon 2 Mar 2026.");
}

TEST(CalendarMonths, SundayThenBankHolidayMovesToTheNextWorkingDay) {
  // 25 May 2025 is a Sunday and 26 May the spring bank holiday.
  EXPECT_EQ(england()->addMonths(D("2025-04-25"), 1), D("2025-05-27"));
}

TEST(CalendarMonths, ChristmasAndBoxingDayMoveToTheNextMonday) {
  auto cal = england();
  EXPECT_EQ(cal->addMonths(D("2025-11-25"), 1), D("2025-12-29"));
  EXPECT_NE(cal->explainMonths(D("2025-11-25"), 1).find("Christmas Day"), std::string::npos);
}

TEST(CalendarMonths, ExtendedByTwoFurtherMonthsCountsThreeFromReceipt) {
  EXPECT_EQ(england()->addMonths(D("2025-09-03"), 3), D("2025-12-03"));
}

TEST(CalendarMonths, WorkingDayNeedsNoMove) {
  EXPECT_EQ(england()->explainMonths(D("2025-09-03"), 1),
            "1 calendar month after Wed 3 Sep 2025 is Fri 3 Oct 2025.");
}

}  // namespace
}  // namespace charter
