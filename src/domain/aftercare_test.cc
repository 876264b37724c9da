// Learning actions and the Ombudsman: the decisions, the fold and the clocks.
#include "domain/aftercare.h"

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
using testing::respond;

void expectError(const Result<std::vector<Event>>& r, ErrorKind kind, const std::string& rule,
                 const std::string& field = "") {
  ASSERT_FALSE(r) << "expected " << rule;
  EXPECT_EQ(r.error().kind, kind) << r.error().message;
  EXPECT_EQ(r.error().rule, rule) << r.error().message;
  if (!field.empty()) {
    EXPECT_EQ(r.error().field, field) << r.error().message;
  }
}

json learning(std::string_view at, std::string_view due = "2025-06-30") {
  return {{"action", "learning_action"},
          {"at", at},
          {"lesson", "Repairs booked without checking the resident's availability"},
          {"owner", "Head of Repairs"},
          {"service_area", "repairs"},
          {"due", due}};
}

// A complaint through both stages, answered finally on 2025-05-20.
void finalResponse(CaseHarness& h) {
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z", "Officer One"));
  h.must(respond("2025-04-01T10:00:00Z", "not_upheld"));
  h.must(escalate("2025-04-03T10:00:00Z"));
  h.must(ack("2025-04-04T10:00:00Z", "Reviewer Two"));
  json r2 = respond("2025-05-20T10:00:00Z", "upheld");
  h.must(r2);
}

TEST(LearningActions, RecordedWhetherOrNotUpheldAndCompletedWithTheImprovement) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  h.must(respond("2025-04-01T10:00:00Z", "not_upheld"));
  h.must(learning("2025-04-02T10:00:00Z"));
  ASSERT_EQ(h.state().learning_actions.size(), 1u);
  const auto& l = h.state().learning_actions[0];
  EXPECT_EQ(l.number, 1);
  EXPECT_EQ(l.raised_on, D("2025-04-02"));
  EXPECT_EQ(l.due, D("2025-06-30"));
  EXPECT_EQ(h.clock("learning.1", D("2025-05-01")).status, ClockStatus::kRunning);
  EXPECT_EQ(h.clock("learning.1", D("2025-07-01")).status, ClockStatus::kMissed);

  // Publishing needs the public wording of what residents said.
  json done = {{"action", "complete_learning_action"}, {"at", "2025-06-10T10:00:00Z"},
               {"learning_action", 1}, {"improvement", "Text message to agree a slot"},
               {"publish", true}};
  expectError(h.act(done), ErrorKind::kInvalid, "required", "you_said");
  done["you_said"] = "Repair appointments did not suit you";
  h.must(done);
  const auto& c = h.state().learning_actions[0];
  EXPECT_EQ(c.completed_on, D("2025-06-10"));
  EXPECT_TRUE(c.published);
  EXPECT_EQ(c.you_said, "Repair appointments did not suit you");
  auto clock = h.clock("learning.1", D("2025-08-01"));
  EXPECT_EQ(clock.status, ClockStatus::kMet);
  EXPECT_NE(clock.explanation.find("Met: completed on"), std::string::npos) << clock.explanation;

  expectError(h.act(done), ErrorKind::kConflict, "already-completed", "learning_action");
  done["learning_action"] = 7;
  expectError(h.act(done), ErrorKind::kConflict, "unknown-learning-action", "learning_action");
  done["learning_action"] = "one";
  expectError(h.act(done), ErrorKind::kInvalid, "type", "learning_action");
}

TEST(LearningActions, LateCompletionIsMissedAndTheClockSurvivesClosure) {
  CaseHarness h;
  finalResponse(h);  // the stage 2 response closes the complaint
  ASSERT_TRUE(h.state().finished());
  h.must(learning("2025-05-21T10:00:00Z", "2025-05-30"));
  h.must({{"action", "complete_learning_action"}, {"at", "2025-06-05T10:00:00Z"},
          {"learning_action", 1}, {"improvement", "New checklist"}});
  EXPECT_EQ(h.clock("learning.1", D("2025-06-05")).status, ClockStatus::kMissed);
  EXPECT_FALSE(h.state().learning_actions[0].published);
}

TEST(LearningActions, BadInputNamesTheField) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  json b = learning("2025-04-02T10:00:00Z");
  b.erase("owner");
  expectError(h.act(b), ErrorKind::kInvalid, "required", "owner");
  b = learning("2025-04-02T10:00:00Z", "2025-04-01");
  expectError(h.act(b), ErrorKind::kInvalid, "not-later", "due");
  b = learning("2025-04-02T10:00:00Z", "31/06/2025");
  expectError(h.act(b), ErrorKind::kInvalid, "format", "due");
  b = learning("2025-04-02T10:00:00Z");
  b.erase("service_area");  // the case has none to take
  expectError(h.act(b), ErrorKind::kInvalid, "required", "service_area");
  b = learning("2025-04-02T10:00:00Z");
  b["ownr"] = "x";
  expectError(h.act(b), ErrorKind::kInvalid, "unknown", "ownr");
  b = learning("2025-04-02T10:00:00Z");
  b["completed_on"] = "2025-04-02";  // a field of the completion, not the action
  expectError(h.act(b), ErrorKind::kInvalid, "unknown", "completed_on");
  json done = {{"action", "complete_learning_action"}, {"at", "2025-04-03T10:00:00Z"},
               {"improvement", "x"}};
  expectError(h.act(done), ErrorKind::kInvalid, "required", "learning_action");
}

TEST(LearningActions, OnlyOnComplaints) {
  CaseHarness h;
  json sr = complaint("2025-03-24T10:00:00Z");
  sr["kind"] = "service_request";
  h.mustCreate(sr);
  expectError(h.act(learning("2025-04-02T10:00:00Z")), ErrorKind::kConflict, "not-a-complaint");
}

TEST(Ombudsman, ReferralOnlyOnceTheLandlordsProcessHasFinished) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z", "Officer One"));
  json refer = {{"action", "ombudsman_referral"}, {"at", "2025-03-26T10:00:00Z"},
                {"reference", "HOS-202501234"}};
  expectError(h.act(refer), ErrorKind::kConflict, "internal-process-not-complete");
  // A determination without a referral, an order without a determination.
  json det = {{"action", "ombudsman_determination"}, {"at", "2025-03-26T10:00:00Z"},
              {"outcome", "maladministration"}};
  expectError(h.act(det), ErrorKind::kConflict, "no-referral");
  json ord = {{"action", "ombudsman_order"}, {"at", "2025-03-26T10:00:00Z"},
              {"order", "Apologise"}, {"due", "2025-04-30"}};
  expectError(h.act(ord), ErrorKind::kConflict, "no-determination");
}

TEST(Ombudsman, AnOverdueResponseLetsTheOmbudsmanStepIn) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z", "Officer One"));
  // The stage 1 response was due 10 working days after 25 March: 8 April.
  h.must({{"action", "ombudsman_referral"}, {"at", "2025-04-15T10:00:00Z"},
          {"reference", "HOS-1"}});
  EXPECT_EQ(h.state().ombudsman->basis, "response_overdue");
}

TEST(Ombudsman, DeterminationOrdersAndCompliance) {
  CaseHarness h;
  finalResponse(h);
  h.must({{"action", "ombudsman_referral"}, {"at", "2025-06-02T10:00:00Z"},
          {"reference", "HOS-202501234"}, {"referred_on", "2025-05-30"}});
  EXPECT_EQ(h.state().ombudsman->basis, "final_response");
  EXPECT_EQ(h.state().ombudsman->referred_on, D("2025-05-30"));
  json again = {{"action", "ombudsman_referral"}, {"at", "2025-06-03T10:00:00Z"},
                {"reference", "HOS-2"}};
  expectError(h.act(again), ErrorKind::kConflict, "already-referred");

  json det = {{"action", "ombudsman_determination"}, {"at", "2025-09-01T10:00:00Z"},
              {"outcome", "bad"}};
  expectError(h.act(det), ErrorKind::kInvalid, "enum", "outcome");
  det["outcome"] = "maladministration";
  det["compensation"] = -5;
  expectError(h.act(det), ErrorKind::kInvalid, "range", "compensation");
  det["compensation"] = 350;
  det["findings"] = {{{"summary", "Repairs"}, {"outcome", "maladministration"}},
                     {{"summary", "Complaint handling"}, {"outcome", "servce_failure"}}};
  expectError(h.act(det), ErrorKind::kInvalid, "enum", "findings[1].outcome");
  det["findings"][1]["outcome"] = "service_failure";
  det["determined_on"] = "2025-05-01";
  expectError(h.act(det), ErrorKind::kInvalid, "before-previous-event", "determined_on");
  det.erase("determined_on");
  h.must(det);
  EXPECT_EQ(h.state().ombudsman->outcome, "maladministration");
  EXPECT_DOUBLE_EQ(h.state().ombudsman->compensation, 350);
  EXPECT_EQ(h.state().ombudsman->findings.size(), 2u);
  expectError(h.act(det), ErrorKind::kConflict, "already-determined");

  json ord = {{"action", "ombudsman_order"}, {"at", "2025-09-01T11:00:00Z"},
              {"order", "Pay the compensation"}, {"due", "2025-09-29"}};
  h.must(ord);
  ord["order"] = "Review the repairs policy";
  ord["due"] = "2025-11-28";
  h.must(ord);
  EXPECT_EQ(h.clock("ombudsman.order.1", D("2025-09-10")).status, ClockStatus::kRunning);
  json comply = {{"action", "complete_ombudsman_order"}, {"at", "2025-09-20T10:00:00Z"},
                 {"order", 1}, {"evidence", "Payment reference 123"}};
  h.must(comply);
  expectError(h.act(comply), ErrorKind::kConflict, "already-completed", "order");
  comply["order"] = 3;
  expectError(h.act(comply), ErrorKind::kConflict, "unknown-order", "order");
  EXPECT_EQ(h.clock("ombudsman.order.1", D("2025-12-01")).status, ClockStatus::kMet);
  EXPECT_EQ(h.clock("ombudsman.order.2", D("2025-12-01")).status, ClockStatus::kMissed);
  // The clocks are in nextDue: the unmet order is the case's next deadline.
  EXPECT_EQ(nextDue(h.clocks(D("2025-10-01"))), D("2025-11-28"));
}

TEST(Ombudsman, NoOrdersWithoutAFindingOfFault) {
  CaseHarness h;
  finalResponse(h);
  h.must({{"action", "ombudsman_referral"}, {"at", "2025-06-02T10:00:00Z"}, {"reference", "R"}});
  h.must({{"action", "ombudsman_determination"}, {"at", "2025-08-01T10:00:00Z"},
          {"outcome", "reasonable_redress"}});
  json ord = {{"action", "ombudsman_order"}, {"at", "2025-08-01T11:00:00Z"},
              {"order", "Apologise"}, {"due", "2025-08-29"}};
  expectError(h.act(ord), ErrorKind::kConflict, "no-fault-found");
}

}  // namespace
}  // namespace charter
