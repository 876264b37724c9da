// The `months` unit, the legal extension cap in months and pausable clocks (subject access).
#include <gtest/gtest.h>

#include "policy/policy.h"

namespace charter {
namespace {

std::string landlord(std::string_view body) {
  return "id = \"test-landlord\"\nname = \"Test landlord\"\nextends = \"hos-code-2024\"\n" +
         std::string(body);
}

constexpr std::string_view kSar = R"(
[standards."sar.respond"]
title = "Respond to a subject access request"
kinds = ["subject_access_request"]
starts = "received"
start_reading = "event_date"
stops = "responded"
months = 1
extension_cap_months = 2
pausable = true
)";

TEST(PolicyMonths, MonthsCapAndPausableAreRead) {
  auto p = parsePolicy(landlord(kSar), "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  const Standard* s = (*p)->standard("sar.respond");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->unit, DurationUnit::kMonths);
  EXPECT_EQ(s->amount, 1);
  EXPECT_EQ(s->extension_cap_months, 2);
  EXPECT_TRUE(s->pausable);
  EXPECT_EQ(s->extension_cap, -1);
  EXPECT_EQ(slug(s->unit), "months");
  EXPECT_EQ(describeDuration(1, DurationUnit::kMonths), "1 calendar month");
  EXPECT_EQ(describeDuration(3, DurationUnit::kMonths), "3 calendar months");
}

TEST(PolicyMonths, OtherStandardsAreNotPausable) {
  auto p = parsePolicy(landlord(kSar), "test.toml");
  ASSERT_TRUE(p);
  EXPECT_FALSE((*p)->standard("stage1.respond")->pausable);
  EXPECT_EQ((*p)->standard("stage1.respond")->extension_cap_months, -1);
}

TEST(PolicyMonths, MonthsAndDaysTogetherAreRefused) {
  std::string text = landlord(std::string(kSar) + "working_days = 20\n");
  auto p = parsePolicy(text, "test.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().rule, "one-of");
}

TEST(PolicyMonths, OutOfRangeValuesAreRefused) {
  std::string zero(kSar);
  zero.replace(zero.find("months = 1"), 10, "months = 0");
  EXPECT_FALSE(parsePolicy(landlord(zero), "test.toml"));
  std::string cap(kSar);
  cap.replace(cap.find("extension_cap_months = 2"), 24, "extension_cap_months = 13");
  auto p = parsePolicy(landlord(cap), "test.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field, "standards.sar.respond.extension_cap_months");
  std::string flag(kSar);
  flag.replace(flag.find("pausable = true"), 15, "pausable = \"yes\"");
  EXPECT_FALSE(parsePolicy(landlord(flag), "test.toml"));
}

}  // namespace
}  // namespace charter
