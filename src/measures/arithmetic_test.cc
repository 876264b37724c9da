// tsm.md §9 worked examples that are pure arithmetic (18, 19) and rounding. The examples that
// count records run through the real SQLite store (src/store/sqlite/report_store_test.cc).
#include "measures/arithmetic.h"

#include <gtest/gtest.h>

namespace charter::measures {
namespace {

TEST(Arithmetic, RoundsHalfUpToOneDecimal) {
  EXPECT_DOUBLE_EQ(roundHalfUp(80.769), 80.8);
  EXPECT_DOUBLE_EQ(roundHalfUp(83.966), 84.0);
  EXPECT_DOUBLE_EQ(roundHalfUp(0.05), 0.1);
  EXPECT_DOUBLE_EQ(roundHalfUp(2.25), 2.3);
  EXPECT_DOUBLE_EQ(roundHalfUp(71.70172084130019), 71.7);
}

TEST(Arithmetic, RatesAndPercentages) {
  EXPECT_DOUBLE_EQ(roundHalfUp(*ratePer1000(4200, 52000)), 80.8);  // example 1
  EXPECT_DOUBLE_EQ(roundHalfUp(*ratePer1000(610, 52000)), 11.7);   // example 2
  EXPECT_DOUBLE_EQ(roundHalfUp(*ratePer1000(40, 1900)), 21.1);     // example 3
  EXPECT_FALSE(ratePer1000(5, 0));
  EXPECT_FALSE(percent(5, 0));
}

// Example 18: sample size bands.
TEST(Arithmetic, RequiredSampleSizes) {
  EXPECT_EQ(requiredMarginBand(52000), 0.03);
  EXPECT_NEAR(requiredSampleSizeExact(52000, 0.03), 1045.67, 0.01);
  EXPECT_EQ(requiredSampleSize(52000, 0.03), 1046);
  EXPECT_EQ(requiredMarginBand(5165), 0.04);
  const long n5165 = *requiredSampleSize(5165, 0.04);
  EXPECT_TRUE(n5165 == 538 || n5165 == 539) << n5165;
  EXPECT_EQ(requiredMarginBand(1800), 0.05);
  EXPECT_NEAR(requiredSampleSizeExact(1800, 0.05), 316.74, 0.01);
  EXPECT_EQ(requiredSampleSize(1800, 0.05), 317);
  EXPECT_FALSE(requiredMarginBand(800));    // the small-provider regime
  EXPECT_FALSE(requiredSampleSize(800, 0.05));
  // §5.3's table.
  EXPECT_EQ(requiredSampleSize(1000, 0.05), 278);
  EXPECT_EQ(requiredSampleSize(10000, 0.03), 965);
  EXPECT_EQ(requiredSampleSize(100000, 0.03), 1056);
  EXPECT_EQ(requiredSampleSize(7271, 0.04), 555);
}

// Example 19: the achieved margin of error.
TEST(Arithmetic, AchievedMarginOfError) {
  const double moe = achievedMarginOfError(1011, 8894);
  EXPECT_DOUBLE_EQ(roundHalfUp(moe * 100, 1), 2.9);
  EXPECT_LE(moe, 0.03);
  EXPECT_DOUBLE_EQ(roundHalfUp(achievedMarginOfError(1128, 18800) * 100, 2), 2.83);
}

}  // namespace
}  // namespace charter::measures
