// The commitments register: [[commitments]] read, refused when it is neither measured nor says
// why not, or names a code the policy does not define; and every example policy's register
// complete in that sense.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy/policy.h"

namespace charter {
namespace {

using ::testing::HasSubstr;

std::filesystem::path sourceDir() {
  if (const char* dir = std::getenv("CHARTER_SOURCE_DIR"); dir && *dir) return dir;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

std::string landlord(std::string_view body) {
  return "id = \"test-landlord\"\nname = \"Test landlord\"\nextends = \"hos-code-2024\"\n" +
         std::string(body);
}

constexpr std::string_view kMeasure = R"(
[[measures]]
code = "calls.answered_20s"
title = "Calls answered within 20 seconds"
type = "calls_percent"
within_seconds = 20
target = 80.0
)";

TEST(PolicyCommitments, MeasuredAndNotMeasuredEntriesAreRead) {
  auto p = parsePolicy(landlord(std::string(kMeasure) + R"(
[[commitments]]
text = "We answer 80% of calls within 20 seconds."
source = "Seed 003, Responses by Telephone"
measured_by = ["calls.answered_20s", "stage1.acknowledge"]

[[commitments]]
text = "We clean up after a repair."
source = "Seed 003, Repairs & Maintenance"
not_measured = "Nothing is recorded that would show it."
)"),
                       "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ((*p)->commitments.size(), 2u);
  const Commitment& calls = (*p)->commitments[0];
  EXPECT_EQ(calls.text, "We answer 80% of calls within 20 seconds.");
  EXPECT_EQ(calls.source, "Seed 003, Responses by Telephone");
  EXPECT_THAT(calls.measured_by, ::testing::ElementsAre("calls.answered_20s", "stage1.acknowledge"));
  EXPECT_TRUE(calls.not_measured.empty());
  EXPECT_TRUE((*p)->commitments[1].measured_by.empty());
  EXPECT_EQ((*p)->commitments[1].not_measured, "Nothing is recorded that would show it.");
  // The register carries over to the policy applied to complaints under the older Code.
  ASSERT_NE((*p)->predecessor, nullptr);
  EXPECT_EQ((*p)->predecessor->commitments.size(), 2u);
}

TEST(PolicyCommitments, NeitherMeasuredNorReasonIsRefused) {
  auto p = parsePolicy(landlord(R"(
[[commitments]]
text = "We keep appointments."
source = "Seed 003"
)"),
                       "test.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(p.error().field, "commitments[0]");
  EXPECT_EQ(p.error().rule, "measured-or-reason");
  EXPECT_THAT(p.error().message, HasSubstr("We keep appointments."));
  EXPECT_THAT(p.error().message, HasSubstr("test.toml line 5"));
}

TEST(PolicyCommitments, BothMeasuredAndReasonIsRefused) {
  auto p = parsePolicy(landlord(R"(
[[commitments]]
text = "We acknowledge complaints."
source = "Seed 003"
measured_by = ["stage1.acknowledge"]
not_measured = "Because."
)"),
                       "test.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field, "commitments[0].not_measured");
  EXPECT_EQ(p.error().rule, "one-of");
}

TEST(PolicyCommitments, EmptyMeasuredByIsRefused) {
  auto p = parsePolicy(landlord(R"(
[[commitments]]
text = "We acknowledge complaints."
source = "Seed 003"
measured_by = []
)"),
                       "test.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field, "commitments[0].measured_by");
  EXPECT_EQ(p.error().rule, "required");
}

TEST(PolicyCommitments, TextAndSourceAreRequired) {
  auto p = parsePolicy(landlord(R"(
[[commitments]]
text = "We acknowledge complaints."
measured_by = ["stage1.acknowledge"]
)"),
                       "test.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field, "commitments[0]");
  EXPECT_EQ(p.error().rule, "required");
}

TEST(PolicyCommitments, UnknownKeyIsRefused) {
  auto p = parsePolicy(landlord(R"(
[[commitments]]
text = "We acknowledge complaints."
source = "Seed 003"
measured = ["stage1.acknowledge"]
)"),
                       "test.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field, "commitments[0].measured");
  EXPECT_EQ(p.error().rule, "unknown-key");
}

TEST(PolicyCommitments, UnknownCodeIsRefusedNamingTheEntry) {
  auto p = parsePolicy(landlord(std::string(kMeasure) + R"(
[[commitments]]
text = "We answer calls."
source = "Seed 003"
measured_by = ["calls.answered_20s"]

[[commitments]]
text = "We return phone messages within one working day."
source = "Seed 003"
measured_by = ["phone.message_returned"]
)"),
                       "test.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(p.error().field, "commitments[1].measured_by");
  EXPECT_EQ(p.error().rule, "unknown-code");
  EXPECT_THAT(p.error().message, HasSubstr("phone.message_returned"));
  EXPECT_THAT(p.error().message, HasSubstr("We return phone messages"));
}

TEST(PolicyCommitments, BasesHaveNoRegister) {
  auto p = builtinPolicy("hos-code-2024");
  ASSERT_TRUE(p);
  EXPECT_TRUE((*p)->commitments.empty());
}

// Every example policy keeps a register, and every entry in it is measured by codes the policy
// defines or says why not (parsePolicy enforces both; this proves the shipped files pass).
TEST(PolicyCommitments, EveryExamplePolicyHasACompleteRegister) {
  for (const char* file : {"example-000-001.toml", "example-002.toml", "example-003.toml",
                           "example-004.toml"}) {
    SCOPED_TRACE(file);
    auto p = loadPolicyFile(sourceDir() / "policies" / file);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_GE((*p)->commitments.size(), 5u);
    for (const Commitment& c : (*p)->commitments) {
      SCOPED_TRACE(c.text);
      EXPECT_NE(c.measured_by.empty(), c.not_measured.empty());
      EXPECT_FALSE(c.source.empty());
      for (const auto& code : c.measured_by)
        EXPECT_TRUE((*p)->standard(code) || (*p)->measure(code)) << code;
    }
  }
}

}  // namespace
}  // namespace charter
