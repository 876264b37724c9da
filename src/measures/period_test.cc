#include "measures/period.h"

#include <gtest/gtest.h>

namespace charter::measures {
namespace {

Date d(const char* s) { return *parseDate(s); }

TEST(Period, FinancialYearRunsAprilToMarch) {
  auto p = parsePeriod("2025-26");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, PeriodKind::kYear);
  EXPECT_EQ(p->start, d("2025-04-01"));
  EXPECT_EQ(p->end, d("2026-03-31"));
  EXPECT_EQ(p->displayName(), "Financial year 2025-26");
}

TEST(Period, QuartersOfTheFinancialYear) {
  auto q1 = parsePeriod("2025-26-Q1");
  ASSERT_TRUE(q1);
  EXPECT_EQ(q1->start, d("2025-04-01"));
  EXPECT_EQ(q1->end, d("2025-06-30"));
  auto q4 = parsePeriod("2025-26-Q4");
  ASSERT_TRUE(q4);
  EXPECT_EQ(q4->start, d("2026-01-01"));
  EXPECT_EQ(q4->end, d("2026-03-31"));
  EXPECT_EQ(q1->previous().label, "2024-25-Q4");
  EXPECT_EQ(q4->previous().label, "2025-26-Q3");
}

TEST(Period, MonthsIncludingFebruaryInALeapYear) {
  auto m = parsePeriod("2025-04");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->start, d("2025-04-01"));
  EXPECT_EQ(m->end, d("2025-04-30"));
  EXPECT_EQ(parsePeriod("2028-02")->end, d("2028-02-29"));
  EXPECT_EQ(parsePeriod("2025-01")->previous().label, "2024-12");
  EXPECT_EQ(m->year().label, "2025-26");
}

TEST(Period, TrendIsOldestFirst) {
  auto t = parsePeriod("2025-26")->trend(3);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].label, "2023-24");
  EXPECT_EQ(t[2].label, "2025-26");
}

TEST(Period, RefusesAnythingElse) {
  for (const char* bad : {"", "2025", "2025-27", "2025-13", "2025-26-Q5", "2025-26-Q", "abcd-ef",
                          "2025-00", "2025-26-q1"}) {
    auto p = parsePeriod(bad);
    EXPECT_FALSE(p) << bad;
    if (!p) {
      EXPECT_EQ(p.error().field, "period");
    }
  }
}

}  // namespace
}  // namespace charter::measures
