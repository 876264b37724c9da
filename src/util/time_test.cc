#include "util/time.h"

#include <gtest/gtest.h>

namespace charter {
namespace {

TEST(Time, ParsesInstantWithOffset) {
  auto t = parseInstant("2025-03-21T17:30:00+01:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(formatInstant(*t), "2025-03-21T16:30:00Z");
}

TEST(Time, ParsesFractionAndZ) {
  auto t = parseInstant("2025-03-21T17:30:00.250Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(formatInstant(*t), "2025-03-21T17:30:00.250Z");
}

TEST(Time, RefusesMissingOffsetAndNonsense) {
  for (auto s : {"2025-03-21T17:30:00", "2025-02-30T10:00:00Z", "yesterday", "",
                 "2025-03-21T25:00:00Z", "2025-03-21T17:30:00+1:00", "2025-03-21T17:30:00Zjunk"}) {
    auto t = parseInstant(s, "received_at");
    ASSERT_FALSE(t) << s;
    EXPECT_EQ(t.error().field, "received_at");
    EXPECT_EQ(t.error().kind, ErrorKind::kInvalid);
  }
}

TEST(Time, DatesRoundTripAndLongForm) {
  auto d = parseDate("2024-03-25");
  ASSERT_TRUE(d);
  EXPECT_EQ(formatDate(*d), "2024-03-25");
  EXPECT_EQ(formatDateLong(*d), "Mon 25 Mar 2024");
  EXPECT_FALSE(parseDate("2023-02-29"));
  EXPECT_TRUE(parseDate("2024-02-29"));
}

}  // namespace
}  // namespace charter
