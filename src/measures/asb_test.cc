// The ASB open-case rule (tsm.md §9 example 9), pure; the same example runs through the real
// store and `charter import asb` in src/store/sqlite/import_examples_test.cc.
#include "measures/asb.h"

#include <gtest/gtest.h>

namespace charter::measures {
namespace {

Date d(unsigned m, unsigned day) {
  return std::chrono::sys_days{std::chrono::year{2025} / std::chrono::month{m} / std::chrono::day{day}};
}

TEST(AsbCases, ReportsWhileOpenAreOneCaseAfterClosingANewOne) {
  // Example 9: 3, 10 and 20 Jun about the same perpetrator while the case is open = 1 case;
  // the case closes on 1 Jul; a report on 15 Jul is a 2nd case.
  std::vector<AsbReport> reports = {
      {"R3", "P1", d(6, 20), std::nullopt, false},
      {"R1", "P1", d(6, 3), std::nullopt, false},
      {"R2", "P1", d(6, 10), d(7, 1), false},
      {"R4", "P1", d(7, 15), std::nullopt, false},
  };
  auto cases = asbCases(reports);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].opened, d(6, 3));
  EXPECT_EQ(cases[0].closed, d(7, 1));
  EXPECT_EQ(cases[0].report_refs, (std::vector<std::string>{"R1", "R2", "R3"}));
  EXPECT_EQ(cases[1].opened, d(7, 15));
  EXPECT_FALSE(cases[1].closed);
}

TEST(AsbCases, PartiesAreSeparateAndHateMarksTheCase) {
  auto cases = asbCases({{"A1", "P1", d(6, 3), std::nullopt, false},
                         {"B1", "P2", d(6, 4), std::nullopt, false},
                         {"A2", "P1", d(6, 5), std::nullopt, true}});
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_TRUE(cases[0].hate_incident);   // P1: the second report was a hate incident
  EXPECT_FALSE(cases[1].hate_incident);  // P2
}

TEST(AsbCases, AReportOnTheClosingDayStaysInTheCase) {
  auto cases = asbCases({{"R1", "P1", d(6, 3), d(7, 1), false}, {"R2", "P1", d(7, 1), std::nullopt, false},
                         {"R3", "P1", d(7, 2), std::nullopt, false}});
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].report_refs.size(), 2u);
}

TEST(AsbCases, MonthsCountCasesByOpeningAndKeepEmptyMonths) {
  std::vector<AsbReport> reports = {{"R1", "P1", d(6, 3), d(7, 1), true},
                                    {"R2", "P1", d(6, 20), std::nullopt, false},
                                    {"R3", "P1", d(8, 15), std::nullopt, false}};
  auto months = asbCasesByMonth(asbCases(reports), reports);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].month.label, "2025-06");
  EXPECT_EQ(months[0].cases, 1);
  EXPECT_EQ(months[0].hate_cases, 1);
  EXPECT_EQ(months[1].month.label, "2025-07");
  EXPECT_EQ(months[1].cases, 0);
  EXPECT_EQ(months[2].cases, 1);
  EXPECT_EQ(months[2].hate_cases, 0);
  EXPECT_TRUE(asbCasesByMonth({}, {}).empty());
}

}  // namespace
}  // namespace charter::measures
