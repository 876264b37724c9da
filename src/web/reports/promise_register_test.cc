// The trend in words on "Our promises": each year named as people read it, the year so far
// called so, and up or down on the year before, better or worse only where a target says.
#include "web/reports/promise_register.h"

#include <gtest/gtest.h>

namespace charter::web {
namespace {

measures::MeasureResult percent(std::optional<double> target, bool higher_is_better = true) {
  measures::MeasureResult m;
  m.code = "calls.answered_20s";
  m.title = "Calls answered within 20 seconds";
  m.type = "calls_percent";
  m.unit = "%";
  m.target = target;
  m.higher_is_better = higher_is_better;
  return m;
}

TEST(PromiseTrend, YearsNamedAndChangeInWords) {
  const std::vector<TrendPoint> points{{"2023-24", 78.0}, {"2024-25", 81.5}, {"2025-26", 84.3}};
  EXPECT_EQ(trendText(points, percent(80.0), false),
            "2023 to 2024: 78.0%; 2024 to 2025: 81.5%; 2025 to 2026: 84.3%. "
            "Up on the year before, which is better.");
  EXPECT_EQ(trendText(points, percent(80.0), true),
            "2023 to 2024: 78.0%; 2024 to 2025: 81.5%; this year so far: 84.3%. "
            "Up on the year before, which is better.");
}

TEST(PromiseTrend, LowerIsBetterAndNoTarget) {
  const std::vector<TrendPoint> points{{"2024-25", 40.0}, {"2025-26", 35.0}};
  EXPECT_EQ(trendText(points, percent(45.0, false), false),
            "2024 to 2025: 40.0%; 2025 to 2026: 35.0%. Down on the year before, which is better.");
  EXPECT_EQ(trendText(points, percent(std::nullopt), false),
            "2024 to 2025: 40.0%; 2025 to 2026: 35.0%. Down on the year before.");
  EXPECT_EQ(trendText({{"2024-25", 40.0}, {"2025-26", 40.0}}, percent(45.0), false),
            "2024 to 2025: 40.0%; 2025 to 2026: 40.0%. The same as the year before.");
}

TEST(PromiseTrend, MissingFiguresAreLeftOut) {
  EXPECT_EQ(trendText({{"2024-25", std::nullopt}, {"2025-26", std::nullopt}}, percent(80.0), false), "");
  // No change words when the latest year has no figure.
  EXPECT_EQ(trendText({{"2023-24", 70.0}, {"2024-25", 75.0}, {"2025-26", std::nullopt}}, percent(80.0), false),
            "2023 to 2024: 70.0%; 2024 to 2025: 75.0%.");
}

TEST(PromiseRegister, NotMeasuredInThePolicysOrder) {
  Policy p;
  p.commitments = {{"We answer calls.", "Seed 003", {"calls.answered_20s"}, "", 1},
                   {"We clean up.", "Seed 003", {}, "It is part of every repair.", 2},
                   {"We publish reports.", "Seed 003", {}, "They are documents.", 3}};
  const auto out = notMeasured(p);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["text"], "We clean up.");
  EXPECT_EQ(out[0]["reason"], "It is part of every repair.");
  EXPECT_EQ(out[1]["text"], "We publish reports.");
}

}  // namespace
}  // namespace charter::web
