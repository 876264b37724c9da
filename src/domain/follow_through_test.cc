// Following a response through (Code 6.6, 7.1-7.3): the decisions, the fold and the clocks.
#include "domain/follow_through.h"

#include <gtest/gtest.h>

#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::ack;
using testing::CaseHarness;
using testing::complaint;
using testing::D;
using testing::escalate;

void expectError(const Result<std::vector<Event>>& r, ErrorKind kind, const std::string& rule,
                 const std::string& field) {
  ASSERT_FALSE(r) << "expected " << rule;
  EXPECT_EQ(r.error().kind, kind) << r.error().message;
  EXPECT_EQ(r.error().rule, rule) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
}

json element(std::string_view summary, std::string_view finding) {
  return {{"summary", summary}, {"finding", finding}, {"reasons", "The records show it"}};
}

// A stage 1 response on Tue 1 Apr 2025 that upholds the complaint, promises the boiler repair
// by Tue 15 Apr and pays £150 by Fri 11 Apr.
json upheldWithPromises(std::string_view at = "2025-04-01T10:00:00+01:00") {
  return {{"action", "respond"},
          {"at", at},
          {"decision", "upheld"},
          {"elements", {element("Boiler repair", "upheld"), element("Missed visits", "upheld")}},
          {"remedies",
           {{{"type", "apology"}, {"description", "We are sorry"}},
            {{"type", "financial"}, {"description", "For the missed visits"}, {"amount", 150},
             {"due", "2025-04-11"}, {"element", 2}}}},
          {"outstanding_actions",
           {{{"description", "Replace the boiler"}, {"due", "2025-04-15"}, {"owner", "Repairs"}}}}};
}

void answered(CaseHarness& h) {
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z", "Officer One"));
  h.must(upheldWithPromises());
}

json completeAction(std::string_view at, int n, std::string_view on) {
  return {{"action", "complete_outstanding_action"}, {"at", at}, {"number", n},
          {"completed_on", on}, {"evidence", "Engineer's job sheet 4471"}};
}

json completeRemedy(std::string_view at, int n, std::string_view on) {
  return {{"action", "complete_remedy"}, {"at", at}, {"number", n}, {"completed_on", on},
          {"evidence", "BACS reference 99812"}};
}

TEST(FollowThrough, EachPromiseIsAClockFromTheResponse) {
  CaseHarness h;
  answered(h);
  const auto& s = h.state();
  ASSERT_EQ(s.stage1.remedies.size(), 2u);
  EXPECT_EQ(s.stage1.remedies[1].number, 2);
  EXPECT_EQ(s.stage1.remedies[1].element, "Missed visits");
  EXPECT_EQ(s.stage1.outstanding_actions[0].number, 1);

  auto action = h.clock("action.1", D("2025-04-10"));
  EXPECT_EQ(action.status, ClockStatus::kRunning);
  EXPECT_EQ(action.start, D("2025-04-01"));
  EXPECT_EQ(action.due, D("2025-04-15"));
  EXPECT_EQ(action.provision, "Code 6.6");
  EXPECT_NE(action.explanation.find("for Repairs to complete by Tue 15 Apr 2025"), std::string::npos)
      << action.explanation;
  EXPECT_EQ(h.clock("remedy.2", D("2025-04-10")).due, D("2025-04-11"));
  // The apology has no due date, so no clock.
  for (const auto& c : h.clocks(D("2025-04-10"))) EXPECT_NE(c.name, "remedy.1");
  // Unmet promises set the case's next deadline, so My work shows them.
  EXPECT_EQ(nextDue(h.clocks(D("2025-04-10"))), D("2025-04-11"));
  EXPECT_EQ(h.clock("action.1", D("2025-04-16")).status, ClockStatus::kMissed);
}

TEST(FollowThrough, MetWhenCompletedOnOrBeforeTheDueDateEvenAfterClosure) {
  CaseHarness h;
  answered(h);
  // The response is sent when the answer is known (Code 6.6); the complaint is closed, the
  // promises run on.
  h.must({{"action", "close"}, {"at", "2025-04-02T10:00:00+01:00"}});
  EXPECT_EQ(h.clock("action.1", D("2025-04-20")).status, ClockStatus::kMissed);
  h.must(completeAction("2025-04-16T09:00:00+01:00", 1, "2025-04-15"));
  auto c = h.clock("action.1", D("2025-04-20"));
  EXPECT_EQ(c.status, ClockStatus::kMet);
  EXPECT_EQ(c.met_on, D("2025-04-15"));
  EXPECT_EQ(h.state().stage1.outstanding_actions[0].evidence, "Engineer's job sheet 4471");

  // Paid a day late: recorded as paid on that day, and the clock is missed.
  h.must(completeRemedy("2025-04-14T09:00:00+01:00", 2, "2025-04-12"));
  const Remedy& paid = h.state().stage1.remedies[1];
  EXPECT_EQ(paid.paid_on, D("2025-04-12"));
  EXPECT_EQ(h.clock("remedy.2", D("2025-04-20")).status, ClockStatus::kMissed);
  EXPECT_FALSE(nextDue(h.clocks(D("2025-04-20"))));
}

TEST(FollowThrough, RefusedWhenUnknownAlreadyDoneOrMalformed) {
  CaseHarness h;
  answered(h);
  expectError(h.act(completeAction("2025-04-10T09:00:00+01:00", 2, "2025-04-09")),
              ErrorKind::kConflict, "unknown-outstanding-action", "number");
  expectError(h.act(completeRemedy("2025-04-10T09:00:00+01:00", 3, "2025-04-09")),
              ErrorKind::kConflict, "unknown-remedy", "number");
  // A date not yet come, or before the response that promised it.
  expectError(h.act(completeAction("2025-04-10T09:00:00+01:00", 1, "2025-04-11")),
              ErrorKind::kInvalid, "future", "completed_on");
  expectError(h.act(completeAction("2025-04-10T09:00:00+01:00", 1, "2025-03-31")),
              ErrorKind::kInvalid, "before-previous-event", "completed_on");
  json no_evidence = completeAction("2025-04-10T09:00:00+01:00", 1, "2025-04-09");
  no_evidence.erase("evidence");
  expectError(h.act(no_evidence), ErrorKind::kInvalid, "required", "evidence");
  json bad_number = completeAction("2025-04-10T09:00:00+01:00", 1, "2025-04-09");
  bad_number["number"] = "one";
  expectError(h.act(bad_number), ErrorKind::kInvalid, "type", "number");
  // Only money is paid.
  json apology_paid = completeRemedy("2025-04-10T09:00:00+01:00", 1, "2025-04-09");
  apology_paid["paid_on"] = "2025-04-09";
  expectError(h.act(apology_paid), ErrorKind::kInvalid, "financial-only", "paid_on");

  h.must(completeAction("2025-04-10T09:00:00+01:00", 1, "2025-04-09"));
  expectError(h.act(completeAction("2025-04-11T09:00:00+01:00", 1, "2025-04-10")),
              ErrorKind::kConflict, "already-completed", "number");
}

TEST(FollowThrough, UpheldNeedsARemedyAndAnApologyCounts) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  json r = upheldWithPromises();
  r.erase("remedies");
  expectError(h.act(r), ErrorKind::kInvalid, "required", "remedies");
  r["decision"] = "partly_upheld";
  expectError(h.act(r), ErrorKind::kInvalid, "required", "remedies");
  r["apology"] = "We are sorry the boiler was left broken";
  h.must(r);

  CaseHarness not_upheld;
  not_upheld.mustCreate(complaint("2025-03-24T10:00:00Z"));
  not_upheld.must(ack("2025-03-25T10:00:00Z"));
  json n = upheldWithPromises();
  n.erase("remedies");
  n["decision"] = "not_upheld";
  not_upheld.must(n);
}

TEST(FollowThrough, StageTwoAwardReplacesStageOneForTheSameElementUnlessAdditional) {
  CaseHarness h;
  answered(h);  // stage 1: £150 for "Missed visits"
  h.must(escalate("2025-04-03T10:00:00+01:00"));
  h.must(ack("2025-04-04T10:00:00+01:00", "Reviewer Two"));
  json r2 = {{"action", "respond"},
             {"at", "2025-04-25T10:00:00+01:00"},
             {"decision", "upheld"},
             {"elements", {element("missed  visits", "upheld")}},
             {"remedies",
              {{{"type", "financial"}, {"description", "Revised award"}, {"amount", 250},
                {"element", 1}},
               {{"type", "financial"}, {"description", "For the time spent complaining"},
                {"amount", 50}, {"additional", true}}}}};
  h.must(r2);
  const auto& s = h.state();
  EXPECT_TRUE(s.stage1.remedies[1].superseded);
  EXPECT_EQ(s.stage2.remedies[0].number, 3);
  auto offered = remediesOffered(s);
  EXPECT_DOUBLE_EQ(offered.compensation, 300);  // 250 replaces 150; the additional 50 adds
  EXPECT_EQ(offered.count, 3);                  // apology, 250, 50
  // The replaced award is no longer owed, so its clock goes.
  for (const auto& c : h.clocks(D("2025-04-28"))) EXPECT_NE(c.name, "remedy.2");
}

TEST(FollowThrough, AdditionalOnlyAtStageTwoAndElementMustExist) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  json r = upheldWithPromises();
  r["remedies"][1]["additional"] = true;
  expectError(h.act(r), ErrorKind::kInvalid, "stage-2-only", "remedies[1].additional");
  r["remedies"][1].erase("additional");
  r["remedies"][1]["element"] = 3;
  expectError(h.act(r), ErrorKind::kInvalid, "range", "remedies[1].element");
}

}  // namespace
}  // namespace charter
