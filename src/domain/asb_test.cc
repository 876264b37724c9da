// Anti-social behaviour reports by level, as policies/example-003.toml sets them within seed
// 003's "We will manage incidents between 24 hours and 20 days' dependent level of
// intervention required": level 1 (hate, violence, threats) first contact within 24 hours and
// an action plan within 5 working days; level 2 within 3 and 10 working days; level 3 within 5
// and 20. Driven through decideNew/decideAction.
#include "domain/asb.h"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "domain/next_step.h"
#include "domain/repairs.h"
#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::CaseHarness;
using testing::D;

PolicyPtr seed003() {
  static PolicyPtr p = [] {
    const char* dir = std::getenv("CHARTER_SOURCE_DIR");
    return loadPolicyFile(std::filesystem::path(dir ? dir : ".") / "policies" /
                          "example-003.toml")
        .value();
  }();
  return p;
}

json report(std::string_view level, std::string_view at = "2025-03-24T10:00:00Z") {
  return {{"kind", "asb_report"},   {"received_at", at},
          {"channel", "phone"},     {"summary", "Shouting and threats on the stairs"},
          {"category", level},      {"party_ref", "FLAT-12"},
          {"person", {{"name", "A Resident"}}}};
}

json contact(std::string_view at) {
  return {{"action", "contact_reporter"}, {"at", at}, {"notes", "Called back; statement taken"}};
}

json plan(std::string_view at, std::string_view review_on) {
  return {{"action", "agree_action_plan"},
          {"at", at},
          {"plan", "Warning letter to the household; diary sheets for two weeks"},
          {"review_on", review_on}};
}

Error failure(CaseHarness& h, const json& body) {
  auto r = h.act(body);
  EXPECT_FALSE(r) << body.dump();
  return r ? Error{} : r.error();
}

TEST(Asb, TheLevelsAreThePolicysCategoriesForAsbReports) {
  EXPECT_EQ(asbLevels(*seed003()), (std::vector<std::string>{"level1", "level2", "level3"}));
  // A repair priority is not a level, nor a level a repair priority.
  EXPECT_EQ(policyCategories(*seed003()),
            (std::vector<std::string>{"emergency", "routine", "urgent"}));
  EXPECT_EQ(asbLevelTitle("level1"), "Level 1");
  EXPECT_EQ(asbLevelTitle("hate_crime"), "Hate crime");
}

// Reported on Friday 21 March 2025 at 17:30: level 1's first contact is an hours clock, due at
// 17:30 on Saturday; its action plan counts 5 working days from day zero, Monday 24 March
// (received after office hours on a Friday), so it is due on Monday 31 March.
TEST(Asb, LevelOneContactWithin24HoursAndPlanWithinFiveWorkingDays) {
  CaseHarness h(seed003());
  json body = report("level1", "2025-03-21T17:30:00Z");
  body["hate_incident"] = true;
  h.mustCreate(body);
  Clock c = h.clock("asb.contact.level1", D("2025-03-21"));
  ASSERT_TRUE(c.due_at);
  EXPECT_EQ(formatInstant(*c.due_at), "2025-03-22T17:30:00Z");
  EXPECT_EQ(formatDate(*h.clock("asb.plan.level1", D("2025-03-21")).due), "2025-03-31");
  // Only level 1's clocks apply.
  for (const auto& k : h.clocks(D("2025-03-21"))) EXPECT_EQ(k.name.find("level2"), std::string::npos);
  EXPECT_EQ(nextStep(h.state(), h.clocks(D("2025-03-21"))).for_resident.rfind(
                "We will contact you about your report by", 0),
            0u);
  h.must(contact("2025-03-22T09:00:00Z"));
  EXPECT_EQ(h.clock("asb.contact.level1", D("2025-03-24")).status, ClockStatus::kMet);
  EXPECT_EQ(nextStep(h.state(), h.clocks(D("2025-03-24"))).for_resident,
            "We will agree an action plan with you by Monday 31 March 2025.");
  h.must(plan("2025-03-27T15:00:00Z", "2025-04-10"));
  EXPECT_EQ(h.clock("asb.plan.level1", D("2025-03-31")).status, ClockStatus::kMet);
  AsbRecord r = asbOf(h.state());
  EXPECT_EQ(r.level, "level1");
  EXPECT_EQ(r.party_ref, "FLAT-12");
  EXPECT_TRUE(r.hate_incident);
  EXPECT_EQ(formatDate(*r.next_review_on), "2025-04-10");
}

// Level 2 from Monday 24 March 2025: contact due Thursday 27 March (3 working days); not made
// by then, the clock is missed, and stays missed when the call is made on the 28th.
TEST(Asb, LevelTwoContactNotMadeInThreeWorkingDaysIsMissed) {
  CaseHarness h(seed003());
  h.mustCreate(report("level2"));
  Clock c = h.clock("asb.contact.level2", D("2025-03-28"));
  EXPECT_EQ(formatDate(*c.due), "2025-03-27");
  EXPECT_EQ(c.status, ClockStatus::kMissed);
  h.must(contact("2025-03-28T10:00:00Z"));
  EXPECT_EQ(h.clock("asb.contact.level2", D("2025-03-28")).status, ClockStatus::kMissed);
  EXPECT_EQ(formatDate(*h.clock("asb.plan.level2", D("2025-03-28")).due), "2025-04-07");
}

// Level 3 (noise): 20 working days for the plan from Monday 24 March skip Good Friday and
// Easter Monday 2025, so it is due on Wednesday 23 April.
TEST(Asb, LevelThreePlanSkipsTheEasterBankHolidays) {
  CaseHarness h(seed003());
  h.mustCreate(report("level3"));
  EXPECT_EQ(formatDate(*h.clock("asb.contact.level3", D("2025-03-24")).due), "2025-03-31");
  EXPECT_EQ(formatDate(*h.clock("asb.plan.level3", D("2025-03-24")).due), "2025-04-23");
}

TEST(Asb, TheLevelIsRequiredAndThePolicys) {
  CaseHarness h(seed003());
  json none = report("level1");
  none.erase("category");
  auto missing = h.create(none);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "category");
  EXPECT_EQ(missing.error().rule, "required");
  auto bad = h.create(report("level9"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "category");
  EXPECT_EQ(bad.error().rule, "enum");
  json repair = report("level1");
  repair["kind"] = "service_request";
  repair.erase("party_ref");
  auto wrong = h.create(repair);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().rule, "enum");
  json complaint = testing::complaint("2025-03-24T10:00:00Z");
  complaint["party_ref"] = "FLAT-12";
  auto party = h.create(complaint);
  ASSERT_FALSE(party);
  EXPECT_EQ(party.error().field, "party_ref");
  EXPECT_EQ(party.error().rule, "asb-report-only");
}

TEST(Asb, StepsInTheWrongOrderAreRefusedWithTheReason) {
  CaseHarness h(seed003());
  h.mustCreate(report("level2"));
  EXPECT_EQ(failure(h, plan("2025-03-24T11:00:00Z", "2025-04-07")).rule, "not-contacted");
  EXPECT_EQ(failure(h, {{"action", "review_action_plan"}, {"at", "2025-03-24T11:00:00Z"},
                        {"notes", "No change"}})
                .rule,
            "no-action-plan");
  EXPECT_EQ(failure(h, {{"action", "close"}, {"at", "2025-03-24T11:00:00Z"},
                        {"outcome", "resolved"}, {"satisfaction", "satisfied"}})
                .rule,
            "not-contacted");
  h.must(contact("2025-03-24T12:00:00Z"));
  EXPECT_EQ(failure(h, contact("2025-03-24T13:00:00Z")).rule, "already-contacted");
  Error same_day = failure(h, plan("2025-03-25T10:00:00Z", "2025-03-25"));
  EXPECT_EQ(same_day.field, "review_on");
  EXPECT_EQ(same_day.rule, "not-after");
  h.must(plan("2025-03-25T10:00:00Z", "2025-04-08"));
  EXPECT_EQ(failure(h, plan("2025-03-25T11:00:00Z", "2025-04-09")).rule, "plan-agreed");
  CaseHarness complaint(seed003());
  complaint.mustCreate(testing::complaint("2025-03-24T10:00:00Z"));
  EXPECT_EQ(failure(complaint, contact("2025-03-24T11:00:00Z")).rule, "not-an-asb-report");
}

TEST(Asb, ReviewsMoveTheReviewDateAndClosureRecordsTheReportersSatisfaction) {
  CaseHarness h(seed003());
  h.mustCreate(report("level3"));
  h.must(contact("2025-03-25T10:00:00Z"));
  h.must(plan("2025-03-28T10:00:00Z", "2025-04-11"));
  h.must({{"action", "review_action_plan"}, {"at", "2025-04-11T10:00:00Z"},
          {"notes", "Noise reduced; diary sheets show two late nights"},
          {"next_review_on", "2025-04-25"}});
  Error no_outcome = failure(h, {{"action", "close"}, {"at", "2025-04-25T10:00:00Z"},
                                 {"satisfaction", "satisfied"}});
  EXPECT_EQ(no_outcome.field, "outcome");
  EXPECT_EQ(no_outcome.rule, "required");
  EXPECT_EQ(failure(h, {{"action", "close"}, {"at", "2025-04-25T10:00:00Z"},
                        {"outcome", "resolved"}, {"satisfaction", "happy"}})
                .rule,
            "enum");
  h.must({{"action", "close"}, {"at", "2025-04-25T10:00:00Z"}, {"outcome", "resolved"},
          {"satisfaction", "satisfied"}, {"reason", "No reports for two weeks"}});
  EXPECT_EQ(h.state().status, CaseStatus::kClosed);
  EXPECT_TRUE(isAsbClosure(h.state(), h.state().events.back()));
  AsbRecord r = asbOf(h.state());
  ASSERT_EQ(r.reviews.size(), 1u);
  EXPECT_EQ(formatDate(*r.next_review_on), "2025-04-25");
  EXPECT_EQ(formatInstant(*r.closed_at), "2025-04-25T10:00:00Z");
  EXPECT_EQ(r.outcome, "resolved");
  EXPECT_EQ(r.satisfaction, "satisfied");
  // A complaint's close takes neither.
  CaseHarness complaint(seed003());
  complaint.mustCreate(testing::complaint("2025-03-24T10:00:00Z"));
  EXPECT_EQ(failure(complaint, {{"action", "close"}, {"at", "2025-03-24T11:00:00Z"},
                                {"satisfaction", "satisfied"}})
                .rule,
            "asb-report-only");
}

}  // namespace
}  // namespace charter
