#include "util/money.h"

#include <gtest/gtest.h>

namespace charter {
namespace {

TEST(Money, PoundsWithThousandsAndPence) {
  EXPECT_EQ(formatPounds(30725), "£30,725.00");
  EXPECT_EQ(formatPounds(150), "£150.00");
  EXPECT_EQ(formatPounds(1250.5), "£1,250.50");
  EXPECT_EQ(formatPounds(1234567.891), "£1,234,567.89");
  EXPECT_EQ(formatPounds(0.05), "£0.05");
  EXPECT_EQ(formatPounds(0), "£0.00");
  EXPECT_EQ(formatPounds(-20.5), "-£20.50");
  EXPECT_EQ(formatPounds(999.999), "£1,000.00");
}

}  // namespace
}  // namespace charter
