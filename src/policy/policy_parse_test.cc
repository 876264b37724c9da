// The policy parser: malformed, unknown and structural errors refused naming where; the
// calendar, TSM publication and team settings (split from policy_test.cc).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy/policy.h"
#include "policy/policy_test_support.h"

namespace charter {
namespace {

using ::testing::HasSubstr;
using namespace policy_test;  // NOLINT: the shared helpers

TEST(ParsePolicy, MalformedTomlGivesTheLine) {
  Error e = refusal("id = \"x\"\nname = \"X\"\nextends = \"hos-code-2024\n[calendar]\n");
  EXPECT_EQ(e.kind, ErrorKind::kInvalid);
  EXPECT_EQ(e.rule, "toml-syntax");
  EXPECT_THAT(e.message, HasSubstr("test.toml line 3"));

  Error e2 = refusal(landlord("\n\n[standards.\"stage1.acknowledge\"]\nworking_days = = 2\n"));
  EXPECT_THAT(e2.message, HasSubstr("line 7"));
}

TEST(ParsePolicy, UnknownKeysAreRefusedWithTheirPath) {
  Error top = refusal(landlord("colour = \"blue\"\n"));
  EXPECT_EQ(top.field, "colour");
  EXPECT_EQ(top.rule, "unknown-key");
  EXPECT_THAT(top.message, HasSubstr("test.toml line 4"));

  Error in_standard = refusal(landlord("[standards.\"stage1.acknowledge\"]\nwrking_days = 3\n"));
  EXPECT_EQ(in_standard.field, "standards.stage1.acknowledge.wrking_days");
  EXPECT_EQ(in_standard.rule, "unknown-key");

  // The nested spelling of a dotted id names the same path.
  Error nested = refusal(landlord("[standards.stage1.acknowledge]\nweeks = 1\n"));
  EXPECT_EQ(nested.field, "standards.stage1.acknowledge.weeks");

  Error in_calendar = refusal(landlord("[calendar]\nopening = \"09:00\"\n"));
  EXPECT_EQ(in_calendar.field, "calendar.opening");

  Error in_exclusion = refusal(landlord("[[exclusion_reasons]]\nid = \"x\"\ntitle = \"X\"\nwhy = 1\n"));
  EXPECT_EQ(in_exclusion.field, "exclusion_reasons[0].why");
}

TEST(ParsePolicy, UnknownNamesAreRefused) {
  const char* standard = "[standards.\"x.y\"]\ntitle = \"X\"\nstarts = \"received\"\n"
                         "stops = \"responded\"\nworking_days = 1\n";
  auto ok = parsePolicy(landlord(standard), "test.toml");
  ASSERT_TRUE(ok) << ok.error().message;

  Error milestone = refusal(landlord("[standards.\"x.y\"]\ntitle = \"X\"\nstarts = \"opened\"\n"
                                     "stops = \"responded\"\nworking_days = 1\n"));
  EXPECT_EQ(milestone.field, "standards.x.y.starts");
  EXPECT_EQ(milestone.rule, "unknown-milestone");

  Error kind = refusal(landlord(std::string(standard) + "kinds = [\"tenant\"]\n"));
  EXPECT_EQ(kind.field, "standards.x.y.kinds");
  EXPECT_EQ(kind.rule, "unknown-kind");

  Error channel = refusal(landlord(std::string(standard) + "channels = [\"fax\"]\n"));
  EXPECT_EQ(channel.rule, "unknown-channel");

  Error reading = refusal(landlord(std::string(standard) + "start_reading = \"noon\"\n"));
  EXPECT_EQ(reading.field, "standards.x.y.start_reading");

  Error rule = refusal(landlord("[calendar]\nday_zero_rule = \"whenever\"\n"));
  EXPECT_EQ(rule.field, "calendar.day_zero_rule");

  Error weekday = refusal(landlord("[calendar]\nworking_days = [\"monday\"]\n"));
  EXPECT_EQ(weekday.field, "calendar.working_days");

  Error nation = refusal(landlord("[calendar]\nnation = \"wessex\"\n"));
  EXPECT_EQ(nation.field, "calendar.nation");

  Error base = refusal(landlord("", "hos-code-1999"));
  EXPECT_EQ(base.field, "extends");
  EXPECT_EQ(base.rule, "unknown-base");
}

TEST(ParsePolicy, StructuralErrors) {
  Error two_units = refusal(landlord("[standards.\"x\"]\ntitle = \"X\"\nstarts = \"received\"\n"
                                     "stops = \"responded\"\nworking_days = 1\nhours = 8\n"));
  EXPECT_EQ(two_units.rule, "one-of");

  Error missing = refusal(landlord("[standards.\"x\"]\ntitle = \"X\"\nstarts = \"received\"\n"
                                   "working_days = 1\n"));
  EXPECT_EQ(missing.field, "standards.x");
  EXPECT_EQ(missing.rule, "required");
  EXPECT_THAT(missing.message, HasSubstr("stops"));

  Error provisional =
      refusal(landlord("[standards.\"x\"]\ntitle = \"X\"\nstarts = \"stage1.acknowledged\"\n"
                       "stops = \"closed\"\nworking_days = 1\nprovisional_from = \"nope\"\n"));
  EXPECT_EQ(provisional.field, "standards.x.provisional_from");
  EXPECT_EQ(provisional.rule, "unknown-standard");

  Error type = refusal(landlord("[standards.\"stage1.acknowledge\"]\nworking_days = \"two\"\n"));
  EXPECT_EQ(type.field, "standards.stage1.acknowledge.working_days");
  EXPECT_EQ(type.rule, "format");

  Error negative = refusal(landlord("[standards.\"stage1.acknowledge\"]\nworking_days = -2\n"));
  EXPECT_EQ(negative.rule, "range");

  Error effective = refusal(landlord("effective_from = 2025-01-01\n"));
  EXPECT_EQ(effective.field, "effective_from");

  Error reserved = refusal("id = \"hos-code-2024\"\nname = \"X\"\nextends = \"hos-code-2024\"\n");
  EXPECT_EQ(reserved.rule, "reserved");

  Error no_base = refusal("id = \"x\"\nname = \"X\"\n");
  EXPECT_EQ(no_base.field, "extends");
  EXPECT_EQ(no_base.rule, "required");

  Error hours = refusal(landlord("[calendar]\noffice_opens = \"18:00\"\noffice_closes = \"09:00\"\n"));
  EXPECT_EQ(hours.field, "calendar.office_closes");

  Error bad_date =
      refusal(landlord("[calendar]\nclosures = [{date = \"2024-02-30\", reason = \"x\"}]\n"));
  EXPECT_EQ(bad_date.field, "calendar.closures[0].date");
}

TEST(ParsePolicy, ArrayOfStandardsForm) {
  auto p = parsePolicy(landlord(R"(
[[standards]]
id = "stage1.acknowledge"
working_days = 3

[[standards]]
id = "letters.reply"
title = "Reply to a letter"
channels = ["letter"]
starts = "received"
stops = "responded"
calendar_days = 10
target_percent = 90
)"),
                       "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ((*p)->standard("stage1.acknowledge")->amount, 3);
  ASSERT_TRUE((*p)->standard("letters.reply"));
  EXPECT_EQ((*p)->standard("letters.reply")->target_percent, 90.0);
  EXPECT_EQ((*p)->standard("letters.reply")->unit, DurationUnit::kCalendarDays);
}

TEST(ParsePolicy, CalendarSettingsAreRead) {
  auto p = parsePolicy(landlord(R"(
[calendar]
nation = "scotland"
day_zero_rule = "calendar_date_of_receipt"
office_opens = "08:30"
office_closes = "16:30"
working_days = ["mon", "tue", "wed", "thu"]
extra_holidays = [{date = 2099-06-01, name = "A new bank holiday"}]
)"),
                       "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  const CalendarSpec& c = (*p)->calendar;
  EXPECT_EQ(c.nation, Nation::kScotland);
  EXPECT_EQ(c.day_zero_rule, DayZeroRule::kCalendarDateOfReceipt);
  EXPECT_EQ(c.hours.open_minute, 8 * 60 + 30);
  EXPECT_EQ(c.hours.close_minute, 16 * 60 + 30);
  EXPECT_FALSE(c.hours.working_weekdays[4]);
  ASSERT_EQ(c.extra_holidays.size(), 1u);
  EXPECT_EQ(c.extra_holidays[0].date, day(2099, 6, 1));
  ASSERT_TRUE((*p)->working_calendar);
  EXPECT_FALSE((*p)->working_calendar->isWorkingDay(day(2099, 6, 1)));
}

TEST(ParsePolicy, CalendarErrorsArePropagated) {
  Error e = refusal(landlord("[calendar]\ntime_zone = \"Mars/Olympus_Mons\"\n"));
  EXPECT_EQ(e.kind, ErrorKind::kInvalid);
  EXPECT_EQ(e.field, "calendar.time_zone");
}

// Found by fuzz/fuzz_policy: runs of '[' trip toml++ 3.3's debug assert
// in parse_key; the release parser reports an error, and so must we, naming no crash.
TEST(ParsePolicy, BracketRunsAreAnErrorNotACrash) {
  for (const std::string& text : std::vector<std::string>{"[[[[a]]]]", "[[[", std::string(40, '[') + "# x\n", "[[a]]\n[[[b]]]"}) {
    auto p = parsePolicy(text, "fuzz.toml");
    EXPECT_FALSE(p) << text;
    if (!p) {
      EXPECT_FALSE(p.error().message.empty());
    }
  }
}

// Found by fuzz/fuzz_policy: toml++ 3.3 reaches __builtin_unreachable() on some non-ASCII
// characters outside strings; the parser refuses them first, with the line and column.
TEST(ParsePolicy, NonAsciiOutsideStringsIsASyntaxError) {
  for (const std::string& text : std::vector<std::string>{
           "id = \xc2\xa3\n", "id = \xc2\xa7", "\xc2\xa7 = 1\n", "[a]\nb = 1 \xc3\xa9\n"}) {
    auto p = parsePolicy(text, "fuzz.toml");
    ASSERT_FALSE(p) << text;
    EXPECT_EQ(p.error().rule, "toml-syntax");
    EXPECT_NE(p.error().message.find("not ASCII"), std::string::npos) << p.error().message;
  }
  // Inside strings and comments they are fine.
  auto p = parsePolicy("# \xc2\xa3 caf\xc3\xa9\nid = \"caf\xc3\xa9 \xc2\xa3\"\n", "fuzz.toml");
  if (!p) {
    EXPECT_EQ(p.error().message.find("not ASCII"), std::string::npos) << p.error().message;
  }
}

TEST(LoadPolicyFile, MissingFileIsNotFound) {
  auto p = loadPolicyFile(sourceDir() / "policies" / "no-such-policy.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().kind, ErrorKind::kNotFound);
}

TEST(DescribeDuration, PlainEnglish) {
  EXPECT_EQ(describeDuration(1, DurationUnit::kWorkingDays), "1 working day");
  EXPECT_EQ(describeDuration(5, DurationUnit::kWorkingDays), "5 working days");
  EXPECT_EQ(describeDuration(10, DurationUnit::kCalendarDays), "10 calendar days");
  EXPECT_EQ(describeDuration(24, DurationUnit::kHours), "24 hours");
  EXPECT_TRUE(isKnownMilestone("stage1.acknowledged"));
  EXPECT_FALSE(isKnownMilestone("stage3.responded"));
}

}  // namespace
}  // namespace charter

namespace charter {
namespace {

// [tsm_publication] (tsm.md §9 example 21): strings kept as written; an unknown item or a
// value that is not a string is refused naming it.
TEST(ParsePolicy, TsmPublicationItems) {
  auto p = parsePolicy("id = \"x\"\nname = \"X\"\nextends = \"hos-code-2024\"\n[tsm_publication]\n"
                       "rp02_targets = \"Emergency 24 hours\"\nk_other_issues = \"None\"\n",
                       "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ((*p)->tsm_publication.at("rp02_targets"), "Emergency 24 hours");
  EXPECT_EQ((*p)->tsm_publication.size(), 2u);
  auto unknown = parsePolicy("id = \"x\"\nname = \"X\"\nextends = \"hos-code-2024\"\n"
                             "[tsm_publication]\nz_extra = \"?\"\n", "test.toml");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().field.find("tsm_publication"), std::string::npos) << unknown.error().field;
  auto number = parsePolicy("id = \"x\"\nname = \"X\"\nextends = \"hos-code-2024\"\n"
                            "[tsm_publication]\nb_timing = 3\n", "test.toml");
  ASSERT_FALSE(number);
  EXPECT_FALSE(builtinPolicy("hos-code-2024").value()->tsm_publication.size());
}

}  // namespace
}  // namespace charter

namespace charter {
namespace {

// Teams that may own cases, and the add_issue "imminent" threshold (docs/policy.md).
TEST(ParsePolicy, TeamsAndTheImminentThreshold) {
  auto p = parsePolicy(landlord(R"(
add_issue_imminent_working_days = 3
[[teams]]
name = "Complaints"
members = ["Ann", " bob "]
[[teams]]
name = "repairs"
)"),
                       "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ((*p)->add_issue_imminent_working_days, 3);
  ASSERT_EQ((*p)->teams.size(), 2u);
  EXPECT_EQ((*p)->teams[0].name, "complaints");
  EXPECT_EQ((*p)->teams[0].members, (std::vector<std::string>{"ann", "bob"}));
  EXPECT_TRUE((*p)->teams[1].members.empty());
  // The default is the 2 working days of before; a base lists no teams.
  auto base = parsePolicy(landlord(""), "test.toml");
  ASSERT_TRUE(base);
  EXPECT_EQ((*base)->add_issue_imminent_working_days, 2);
  EXPECT_TRUE((*base)->teams.empty());

  Error twice = refusal(landlord("[[teams]]\nname = \"a\"\n[[teams]]\nname = \"A\"\n"));
  EXPECT_EQ(twice.rule, "duplicate");
  EXPECT_EQ(twice.field, "teams[1].name");
  Error nameless = refusal(landlord("[[teams]]\nmembers = [\"ann\"]\n"));
  EXPECT_EQ(nameless.rule, "required");
  Error extra = refusal(landlord("[[teams]]\nname = \"a\"\nlead = \"ann\"\n"));
  EXPECT_EQ(extra.rule, "unknown-key");
  Error range = refusal(landlord("add_issue_imminent_working_days = 30\n"));
  EXPECT_EQ(range.field, "add_issue_imminent_working_days");
}

}  // namespace
}  // namespace charter
