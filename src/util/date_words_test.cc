#include "util/date_words.h"

#include <gtest/gtest.h>

namespace charter {
namespace {

Date day(const char* text) { return *parseDate(text); }

TEST(DateWords, FullDatesHaveNoAbbreviations) {
  EXPECT_EQ(formatDateFull(day("2025-04-07")), "Monday 7 April 2025");
  EXPECT_EQ(formatDateFull(day("2026-12-18")), "Friday 18 December 2026");
  EXPECT_EQ(formatDateFull(day("2024-02-29")), "Thursday 29 February 2024");
}

TEST(DateWords, DayMonthAddsTheYearOnlyWhenItIsNotThisYears) {
  EXPECT_EQ(formatDayMonth(day("2026-12-18"), day("2026-12-04")), "Friday 18 December");
  EXPECT_EQ(formatDayMonth(day("2027-01-04"), day("2026-12-04")), "Monday 4 January 2027");
}

}  // namespace
}  // namespace charter
