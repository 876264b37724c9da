#include "policy/policy.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace charter {
namespace {

using ::testing::HasSubstr;

std::filesystem::path sourceDir() {
  if (const char* dir = std::getenv("CHARTER_SOURCE_DIR"); dir && *dir) return dir;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

Date day(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

// A minimal landlord policy with `body` appended.
std::string landlord(std::string_view body, std::string_view extends = "hos-code-2024") {
  return "id = \"test-landlord\"\nname = \"Test landlord\"\nextends = \"" + std::string(extends) +
         "\"\n" + std::string(body);
}

Error refusal(std::string_view text) {
  auto p = parsePolicy(text, "test.toml");
  EXPECT_FALSE(p.has_value()) << "expected a refusal";
  return p ? Error{} : p.error();
}

// --- built-in bases ---------------------------------------------------------------------------

TEST(BuiltinPolicy, Code2024HasTheCodeClocks) {
  auto r = builtinPolicy("hos-code-2024");
  ASSERT_TRUE(r) << r.error().message;
  const Policy& p = **r;
  EXPECT_EQ(p.id, "hos-code-2024");
  EXPECT_EQ(p.extends, "");
  EXPECT_EQ(p.effective_from, day(2024, 4, 1));
  ASSERT_TRUE(p.working_calendar);
  ASSERT_EQ(p.standards.size(), 4u);

  const Standard* ack = p.standard("stage1.acknowledge");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->kinds, std::vector<std::string>{"complaint"});
  EXPECT_EQ(ack->starts, "received");
  EXPECT_EQ(ack->start_reading, StartReading::kDayZero);
  EXPECT_EQ(ack->stops, "stage1.acknowledged");
  EXPECT_EQ(ack->amount, 5);
  EXPECT_EQ(ack->unit, DurationUnit::kWorkingDays);
  EXPECT_EQ(ack->extension_cap, -1);
  EXPECT_TRUE(ack->statutory);
  EXPECT_EQ(ack->provision, "Code 6.2");

  const Standard* s1 = p.standard("stage1.respond");
  ASSERT_TRUE(s1);
  EXPECT_EQ(s1->starts, "stage1.acknowledged");
  EXPECT_EQ(s1->start_reading, StartReading::kEventDate);
  EXPECT_EQ(s1->provisional_from, "stage1.acknowledge");
  EXPECT_EQ(s1->stops, "stage1.responded");
  EXPECT_EQ(s1->amount, 10);
  EXPECT_EQ(s1->extension_cap, 10);
  EXPECT_EQ(s1->provision, "Code 6.3");
  EXPECT_EQ(s1->extension_provision, "Code 6.4");

  const Standard* ack2 = p.standard("stage2.acknowledge");
  ASSERT_TRUE(ack2);
  EXPECT_EQ(ack2->starts, "escalation_requested");
  EXPECT_EQ(ack2->start_reading, StartReading::kDayZero);
  EXPECT_EQ(ack2->amount, 5);
  EXPECT_EQ(ack2->provision, "Code 6.11");

  const Standard* s2 = p.standard("stage2.respond");
  ASSERT_TRUE(s2);
  EXPECT_EQ(s2->starts, "stage2.acknowledged");
  EXPECT_EQ(s2->provisional_from, "stage2.acknowledge");
  EXPECT_EQ(s2->stops, "stage2.responded");
  EXPECT_EQ(s2->amount, 20);
  EXPECT_EQ(s2->extension_cap, 20);

  const ExclusionReason* old = p.exclusionReason("over-12-months");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->requires_fields, std::vector<std::string>{"discretion_considered"});
  const ExclusionReason* legal = p.exclusionReason("legal-proceedings");
  ASSERT_TRUE(legal);
  EXPECT_EQ(legal->requires_fields, std::vector<std::string>{"court_filing_date"});
  EXPECT_TRUE(p.exclusionReason("previously-considered"));
  EXPECT_FALSE(p.exclusionReason("anonymous"));

  EXPECT_THAT(p.ombudsman_contact, HasSubstr("Housing Ombudsman Service"));
  EXPECT_THAT(p.ombudsman_contact, HasSubstr("PO Box 1484"));
  EXPECT_THAT(p.ombudsman_contact, HasSubstr("PR2 0ET"));
  EXPECT_THAT(p.ombudsman_contact, HasSubstr("0300 111 3000"));
  EXPECT_THAT(p.ombudsman_contact, HasSubstr("info@housing-ombudsman.org.uk"));
  EXPECT_THAT(p.ombudsman_contact, HasSubstr("www.housing-ombudsman.org.uk"));

  EXPECT_EQ(p.calendar.nation, Nation::kEnglandAndWales);
  EXPECT_EQ(p.calendar.day_zero_rule, DayZeroRule::kNextWorkingDayIfOutOfHours);
  EXPECT_EQ(p.calendar.hours.close_minute, 17 * 60);
}

TEST(BuiltinPolicy, Code2022TimesStage1FromReceiptAndCapsStage2ExtensionsAt10) {
  auto r = builtinPolicy("hos-code-2022");
  ASSERT_TRUE(r) << r.error().message;
  const Policy& p = **r;
  const Standard* s1 = p.standard("stage1.respond");
  ASSERT_TRUE(s1);
  EXPECT_EQ(s1->starts, "received");
  EXPECT_EQ(s1->start_reading, StartReading::kDayZero);
  EXPECT_EQ(s1->provisional_from, "");
  EXPECT_EQ(s1->amount, 10);
  EXPECT_EQ(s1->extension_cap, 10);
  const Standard* s2 = p.standard("stage2.respond");
  ASSERT_TRUE(s2);
  EXPECT_EQ(s2->starts, "escalation_requested");
  EXPECT_EQ(s2->amount, 20);
  EXPECT_EQ(s2->extension_cap, 10);
  EXPECT_EQ(p.standard("stage1.acknowledge")->amount, 5);
  EXPECT_EQ(p.standard("stage2.acknowledge")->amount, 5);
  EXPECT_FALSE(p.predecessor);
  EXPECT_EQ(&p.effectiveFor(day(2020, 1, 1)), &p);
}

TEST(BuiltinPolicy, Code2024FallsBackTo2022BeforeApril2024) {
  auto r = builtinPolicy("hos-code-2024");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->effectiveFor(day(2024, 3, 31)).id, "hos-code-2022");
  EXPECT_EQ((*r)->effectiveFor(day(2024, 4, 1)).id, "hos-code-2024");
}

TEST(BuiltinPolicy, UnknownIdIsNotFound) {
  auto r = builtinPolicy("hos-code-2030");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
}

// --- the example policies ---------------------------------------------------------------------

TEST(ExamplePolicies, EveryFileInPoliciesParses) {
  const auto dir = sourceDir() / "policies";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    auto p = loadPolicyFile(entry.path());
    ASSERT_TRUE(p) << entry.path() << ": " << p.error().field << " [" << p.error().rule << "] "
                   << p.error().message;
    EXPECT_EQ((*p)->id, entry.path().stem().string()) << "a file is named after its policy id";
    EXPECT_FALSE((*p)->source_document.empty()) << entry.path();
    EXPECT_TRUE((*p)->working_calendar);
    ASSERT_TRUE((*p)->predecessor) << entry.path();
    EXPECT_EQ((*p)->predecessor->extends, "hos-code-2022");
  }
  EXPECT_GE(files, 3);
}

PolicyPtr example(std::string_view name) {
  auto p = loadPolicyFile(sourceDir() / "policies" / (std::string(name) + ".toml"));
  EXPECT_TRUE(p) << (p ? "" : p.error().message);
  return p ? *p : nullptr;
}

TEST(ExamplePolicies, Salix000And001) {
  auto p = example("example-000-001");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->escalation_window_working_days, 10);
  EXPECT_EQ(p->themes.size(), 10u);
  ASSERT_EQ(p->calendar.closures.size(), 3u);
  EXPECT_EQ(p->calendar.closures[0].date, day(2024, 12, 27));
  EXPECT_EQ(p->calendar.closures[0].reason, "Christmas closure");
  // The Code's three grounds plus 001 §4.4's own; base requirements survive the override.
  EXPECT_EQ(p->exclusion_reasons.size(), 9u);
  ASSERT_TRUE(p->exclusionReason("anonymous"));
  EXPECT_EQ(p->exclusionReason("over-12-months")->requires_fields,
            std::vector<std::string>{"discretion_considered"});
  EXPECT_THAT(p->exclusionReason("over-12-months")->provision, HasSubstr("001 §4.4.1"));
  const Standard* get_back = p->standard("enquiry.get_back");
  ASSERT_TRUE(get_back);
  EXPECT_EQ(get_back->amount, 1);
  EXPECT_EQ(get_back->start_reading, StartReading::kDayZero);  // the default for "received"
  EXPECT_FALSE(get_back->statutory);
  EXPECT_THAT(p->ombudsman_contact, HasSubstr("PO Box 1484"));
  // The repair target timescales published with RP02, one standard per priority.
  const Standard* emergency = p->standard("repairs.emergency");
  ASSERT_TRUE(emergency);
  EXPECT_EQ(emergency->category, "emergency");
  EXPECT_EQ(emergency->unit, DurationUnit::kHours);
  EXPECT_EQ(emergency->amount, 24);
  const Standard* routine = p->standard("repairs.routine");
  ASSERT_TRUE(routine);
  EXPECT_EQ(routine->category, "routine");
  EXPECT_EQ(routine->unit, DurationUnit::kWorkingDays);
  EXPECT_EQ(routine->amount, 20);
}

TEST(ExamplePolicies, Seed003TightensAcknowledgementAndAddsGenericStandards) {
  auto p = example("example-003");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->standard("stage1.acknowledge")->amount, 2);
  EXPECT_TRUE(p->standard("stage1.acknowledge")->statutory);
  const Standard* writing = p->standard("writing.reply");
  ASSERT_TRUE(writing);
  EXPECT_EQ(writing->unit, DurationUnit::kCalendarDays);
  EXPECT_EQ(writing->amount, 10);
  const Standard* emergency = p->standard("repairs.emergency");
  ASSERT_TRUE(emergency);
  EXPECT_EQ(emergency->unit, DurationUnit::kHours);
  EXPECT_EQ(emergency->amount, 24);
  EXPECT_EQ(emergency->category, "emergency");
}

TEST(ExamplePolicies, TheFullExampleInDocsParses) {
  std::ifstream in(sourceDir() / "docs" / "policy.md");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const auto begin = doc.find("```toml\n");
  ASSERT_NE(begin, std::string::npos);
  const auto end = doc.find("```", begin + 8);
  ASSERT_NE(end, std::string::npos);
  auto p = parsePolicy(doc.substr(begin + 8, end - begin - 8), "docs/policy.md");
  ASSERT_TRUE(p) << p.error().field << ": " << p.error().message;
  EXPECT_EQ((*p)->standard("stage1.acknowledge")->amount, 2);
  EXPECT_EQ((*p)->exclusionReason("over-12-months")->requires_fields.size(), 2u);
}

// --- tightening and loosening -----------------------------------------------------------------

TEST(ParsePolicy, TighteningIsAccepted) {
  auto p = parsePolicy(landlord(R"(
[standards."stage1.acknowledge"]
working_days = 2
[standards."stage1.respond"]
working_days = 8
extension_cap_working_days = 5
[standards."stage2.respond"]
extension_cap_working_days = -1
)"),
                       "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ((*p)->standard("stage1.acknowledge")->amount, 2);
  EXPECT_EQ((*p)->standard("stage1.respond")->amount, 8);
  EXPECT_EQ((*p)->standard("stage1.respond")->extension_cap, 5);
  EXPECT_EQ((*p)->standard("stage2.respond")->extension_cap, -1);
  // Untouched fields come from the base.
  EXPECT_EQ((*p)->standard("stage1.respond")->starts, "stage1.acknowledged");
  EXPECT_EQ((*p)->standard("stage1.acknowledge")->title, "Acknowledge a stage 1 complaint");
  EXPECT_EQ((*p)->extends, "hos-code-2024");
}

struct Loosening {
  const char* body;
  const char* field;
  const char* rule;
  const char* message;
};

void PrintTo(const Loosening& c, std::ostream* os) { *os << c.field; }

class LooseningTest : public ::testing::TestWithParam<Loosening> {};

TEST_P(LooseningTest, IsRefusedNamingTheProvision) {
  const Loosening& c = GetParam();
  Error e = refusal(landlord(c.body));
  EXPECT_EQ(e.kind, ErrorKind::kInvalid);
  EXPECT_EQ(e.field, c.field);
  EXPECT_EQ(e.rule, c.rule);
  EXPECT_THAT(e.message, HasSubstr(c.message));
  EXPECT_THAT(e.message, HasSubstr("test.toml line "));
}

INSTANTIATE_TEST_SUITE_P(
    EveryStatutoryClock, LooseningTest,
    ::testing::Values(
        Loosening{"[standards.\"stage1.acknowledge\"]\nworking_days = 7\n",
                  "standards.stage1.acknowledge.working_days", "code-6.2",
                  "Code 6.2 requires stage 1 complaints to be acknowledged within 5 working "
                  "days; this policy allows 7"},
        Loosening{"[standards.\"stage1.respond\"]\nworking_days = 15\n",
                  "standards.stage1.respond.working_days", "code-6.3",
                  "Code 6.3 requires stage 1 complaints to be answered within 10 working days; "
                  "this policy allows 15"},
        Loosening{"[standards.\"stage1.respond\"]\nextension_cap_working_days = 15\n",
                  "standards.stage1.respond.extension_cap_working_days", "code-6.4",
                  "Code 6.4 allows a stage 1 response to be extended by no more than 10 working "
                  "days without good reason; this policy allows 15"},
        Loosening{"[standards.\"stage2.acknowledge\"]\nworking_days = 6\n",
                  "standards.stage2.acknowledge.working_days", "code-6.11",
                  "Code 6.11 requires stage 2 requests to be acknowledged within 5 working days"},
        Loosening{"[standards.\"stage2.respond\"]\nworking_days = 25\n",
                  "standards.stage2.respond.working_days", "code-6.14",
                  "Code 6.14 requires stage 2 complaints to be answered within 20 working days; "
                  "this policy allows 25"},
        Loosening{"[standards.\"stage2.respond\"]\nextension_cap_working_days = 30\n",
                  "standards.stage2.respond.extension_cap_working_days", "code-6.15",
                  "Code 6.15 allows a stage 2 response to be extended by no more than 20"},
        // A unit change: 48 hours is not "5 working days".
        Loosening{"[standards.\"stage1.acknowledge\"]\nhours = 48\n",
                  "standards.stage1.acknowledge.hours", "code-6.2",
                  "this policy counts it in hours"},
        Loosening{"[standards.\"stage1.acknowledge\"]\ncalendar_days = 5\n",
                  "standards.stage1.acknowledge.calendar_days", "code-6.2",
                  "counts it in calendar_days"},
        // Moving the start or stop milestones.
        Loosening{"[standards.\"stage1.respond\"]\nstarts = \"stage1.responded\"\n"
                  "stops = \"closed\"\n",
                  "standards.stage1.respond.starts", "code-6.3", "Code 6.3 sets when"},
        Loosening{"[standards.\"stage2.respond\"]\nstops = \"closed\"\n",
                  "standards.stage2.respond.stops", "code-6.14",
                  "changes stops from \"stage2.responded\" to \"closed\""},
        Loosening{"[standards.\"stage1.acknowledge\"]\nstart_reading = \"event_date\"\n",
                  "standards.stage1.acknowledge.start_reading", "code-6.2", "day_zero"},
        Loosening{"[standards.\"stage1.respond\"]\nprovisional_from = \"\"\n",
                  "standards.stage1.respond.provisional_from", "code-6.3", "provisional_from"},
        // Switching the Code off, or narrowing whom it covers.
        Loosening{"[standards.\"stage1.acknowledge\"]\nstatutory = false\n",
                  "standards.stage1.acknowledge.statutory", "code-6.2", "not statutory"},
        Loosening{"[standards.\"stage1.acknowledge\"]\nchannels = [\"email\"]\n",
                  "standards.stage1.acknowledge.channels", "code-6.2", "narrows"},
        Loosening{"[standards.\"stage1.acknowledge\"]\nkinds = [\"enquiry\"]\n",
                  "standards.stage1.acknowledge.kinds", "code-6.2", "narrows"},
        Loosening{"[standards.\"stage1.acknowledge\"]\ncategory = \"urgent\"\n",
                  "standards.stage1.acknowledge.category", "code-6.2", "narrows"},
        // Dropping the facts a Code exclusion must record.
        Loosening{"[[exclusion_reasons]]\nid = \"legal-proceedings\"\nrequires = []\n",
                  "exclusion_reasons.legal-proceedings.requires", "code-2.2(b)",
                  "court_filing_date"}));

TEST(ParsePolicy, RestatingTheCodeIsAccepted) {
  auto p = parsePolicy(landlord(R"(
[standards."stage1.respond"]
starts = "stage1.acknowledged"
start_reading = "event_date"
provisional_from = "stage1.acknowledge"
stops = "stage1.responded"
working_days = 10
extension_cap_working_days = 10
statutory = true
kinds = ["complaint", "mp_enquiry"]
)"),
                       "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  // The predecessor keeps the 2022 start: restating the 2024 start is not a change.
  ASSERT_TRUE((*p)->predecessor);
  EXPECT_EQ((*p)->predecessor->standard("stage1.respond")->starts, "received");
}

TEST(ParsePolicy, LandlordPolicyOn2022BaseIsCheckedAgainst2022) {
  Error e = refusal(landlord("[standards.\"stage2.respond\"]\nextension_cap_working_days = 15\n",
                             "hos-code-2022"));
  EXPECT_EQ(e.field, "standards.stage2.respond.extension_cap_working_days");
  EXPECT_THAT(e.message, HasSubstr("no more than 10 working days"));
}

// --- effectiveFor -----------------------------------------------------------------------------

TEST(EffectiveFor, PicksThe2022RulesBeforeApril2024) {
  auto p = parsePolicy(landlord(R"(
[standards."stage1.acknowledge"]
working_days = 2
[standards."stage2.respond"]
extension_cap_working_days = 15
[standards."phone.message_returned"]
title = "Return a phone message"
kinds = ["enquiry"]
channels = ["phone"]
starts = "received"
stops = "responded"
working_days = 1
)"),
                       "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  const Policy& now = (*p)->effectiveFor(day(2024, 4, 1));
  const Policy& before = (*p)->effectiveFor(day(2024, 3, 31));
  EXPECT_EQ(&now, p->get());
  ASSERT_NE(&before, p->get());
  EXPECT_EQ(before.id, "test-landlord");
  EXPECT_EQ(before.extends, "hos-code-2022");
  // 2022: the stage 1 response runs from receipt; the stage 2 extension cap is 10.
  EXPECT_EQ(before.standard("stage1.respond")->starts, "received");
  EXPECT_EQ(now.standard("stage1.respond")->starts, "stage1.acknowledged");
  EXPECT_EQ(before.standard("stage2.respond")->extension_cap, 10);  // min(15, 2022's 10)
  EXPECT_EQ(now.standard("stage2.respond")->extension_cap, 15);
  // The landlord's tightening and its own standards carry back.
  EXPECT_EQ(before.standard("stage1.acknowledge")->amount, 2);
  ASSERT_TRUE(before.standard("phone.message_returned"));
  // One calendar, shared.
  EXPECT_EQ(before.working_calendar, now.working_calendar);
  EXPECT_EQ(&before.effectiveFor(day(2020, 1, 1)), &before);
}

// --- standardsFor -----------------------------------------------------------------------------

std::vector<std::string> ids(const std::vector<const Standard*>& list) {
  std::vector<std::string> out;
  for (const auto* s : list) out.push_back(s->id);
  return out;
}

TEST(StandardsFor, FiltersByKindChannelAndCategory) {
  auto p = example("example-003");
  ASSERT_TRUE(p);
  using ::testing::ElementsAre;
  using ::testing::UnorderedElementsAre;
  EXPECT_THAT(ids(p->standardsFor("complaint", "phone")),
              UnorderedElementsAre("stage1.acknowledge", "stage1.respond", "stage2.acknowledge",
                                   "stage2.respond"));
  EXPECT_THAT(ids(p->standardsFor("complaint", "letter")),
              UnorderedElementsAre("stage1.acknowledge", "stage1.respond", "stage2.acknowledge",
                                   "stage2.respond"));
  // The call-back standard (every enquiry and service request; it starts only when a contact
  // was not resolved at first contact) comes first: the list is in id order.
  EXPECT_THAT(ids(p->standardsFor("enquiry", "phone")),
              ElementsAre("callback", "phone.message_returned"));
  EXPECT_THAT(ids(p->standardsFor("enquiry", "email")), ElementsAre("callback", "writing.reply"));
  EXPECT_THAT(ids(p->standardsFor("enquiry", "web_form")), ElementsAre("callback"));
  EXPECT_THAT(ids(p->standardsFor("compliment", "letter")), ElementsAre());
  // Repairs are limited to their priority: left out without one.
  EXPECT_THAT(ids(p->standardsFor("service_request", "phone")),
              ElementsAre("callback", "phone.message_returned"));
  EXPECT_THAT(ids(p->standardsFor("service_request", "phone", "urgent")),
              ElementsAre("callback", "phone.message_returned", "repairs.urgent"));
  EXPECT_THAT(ids(p->standardsFor("service_request", "web_form", "emergency")),
              ElementsAre("callback", "repairs.emergency"));
}

// --- malformed input --------------------------------------------------------------------------

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
