#include "policy/policy.h"
#include "policy/policy_test_support.h"

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
using namespace policy_test;  // NOLINT: the shared helpers

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

}  // namespace
}  // namespace charter
