// Complaint Handling Failure Orders as the Ombudsman issues them: a landlord that leaves a
// stage 1 complaint unanswered past the Code's 10 working days (Code 6.2) is ordered to respond
// by a date, and the order is a clock until it complies.
#include "domain/chfo.h"

#include <gtest/gtest.h>

#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::ack;
using testing::CaseHarness;
using testing::complaint;
using testing::D;

void expectError(const Result<std::vector<Event>>& r, ErrorKind kind, const std::string& rule,
                 const std::string& field = "") {
  ASSERT_FALSE(r) << "expected " << rule;
  EXPECT_EQ(r.error().kind, kind) << r.error().message;
  EXPECT_EQ(r.error().rule, rule) << r.error().message;
  if (!field.empty()) {
    EXPECT_EQ(r.error().field, field) << r.error().message;
  }
}

json chfo(std::string_view at, std::string_view comply_by = "2025-04-29") {
  return {{"action", "ombudsman_chfo"},
          {"at", at},
          {"issued_on", "2025-04-22"},
          {"provision", "Code 6.2"},
          {"order", "Issue the stage 1 response"},
          {"comply_by", comply_by}};
}

// Received Monday 24 March 2025, acknowledged the next day: the stage 1 response was due by
// 8 April (10 working days). On 15 April it is overdue and the resident goes to the Ombudsman.
void overdueAndReferred(CaseHarness& h) {
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z", "Officer One"));
  h.must({{"action", "ombudsman_referral"}, {"at", "2025-04-15T10:00:00Z"},
          {"reference", "HOS-202509876"}});
}

TEST(ComplaintHandlingFailureOrders, TheOmbudsmanOrdersAnOverdueResponse) {
  CaseHarness h;
  overdueAndReferred(h);
  h.must(chfo("2025-04-22T15:00:00Z"));
  ASSERT_EQ(h.state().ombudsman->chfos.size(), 1u);
  const OmbudsmanChfo& c = h.state().ombudsman->chfos[0];
  EXPECT_EQ(c.number, 1);
  EXPECT_EQ(c.issued_on, D("2025-04-22"));
  EXPECT_EQ(c.provision, "Code 6.2");
  EXPECT_EQ(c.comply_by, D("2025-04-29"));
  Clock k = h.clock("chfo.1", D("2025-04-23"));
  EXPECT_EQ(k.status, ClockStatus::kRunning);
  EXPECT_TRUE(k.statutory);
  EXPECT_NE(k.explanation.find("HOS-202509876"), std::string::npos) << k.explanation;
  // The overdue response stays the case's next deadline; the order is due after it.
  EXPECT_EQ(nextDue(h.clocks(D("2025-04-23"))), D("2025-04-08"));
}

TEST(ComplaintHandlingFailureOrders, MetWhenTheLandlordCompliesInTime) {
  CaseHarness h;
  overdueAndReferred(h);
  h.must(chfo("2025-04-22T15:00:00Z"));
  json done = {{"action", "complete_ombudsman_chfo"}, {"at", "2025-04-28T10:00:00Z"},
               {"chfo", 1}, {"evidence", "Stage 1 response sent 28 April"}};
  h.must(done);
  EXPECT_EQ(h.state().ombudsman->chfos[0].completed_on, D("2025-04-28"));
  EXPECT_EQ(h.clock("chfo.1", D("2025-06-01")).status, ClockStatus::kMet);
  expectError(h.act(done), ErrorKind::kConflict, "already-completed", "chfo");
  done["chfo"] = 2;
  expectError(h.act(done), ErrorKind::kConflict, "unknown-chfo", "chfo");
  done.erase("chfo");
  expectError(h.act(done), ErrorKind::kInvalid, "required", "chfo");
}

TEST(ComplaintHandlingFailureOrders, MissedWhenLateOrStillOpen) {
  CaseHarness h;
  overdueAndReferred(h);
  h.must(chfo("2025-04-22T15:00:00Z"));
  h.must(chfo("2025-04-22T15:05:00Z", "2025-05-06"));
  EXPECT_EQ(h.clock("chfo.2", D("2025-05-07")).status, ClockStatus::kMissed);
  h.must({{"action", "complete_ombudsman_chfo"}, {"at", "2025-05-02T10:00:00Z"}, {"chfo", 1}});
  EXPECT_EQ(h.clock("chfo.1", D("2025-05-02")).status, ClockStatus::kMissed);
}

TEST(ComplaintHandlingFailureOrders, OnlyOnAComplaintTheOmbudsmanHolds) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z", "Officer One"));
  expectError(h.act(chfo("2025-04-22T15:00:00Z")), ErrorKind::kConflict, "no-referral");
}

TEST(ComplaintHandlingFailureOrders, DatesThatCannotBe) {
  CaseHarness h;
  overdueAndReferred(h);
  json c = chfo("2025-04-22T15:00:00Z", "2025-04-21");
  expectError(h.act(c), ErrorKind::kInvalid, "not-later", "comply_by");
  c = chfo("2025-04-22T15:00:00Z");
  c["issued_on"] = "2025-04-23";
  expectError(h.act(c), ErrorKind::kInvalid, "future", "issued_on");
  c["issued_on"] = "2025-04-01";
  expectError(h.act(c), ErrorKind::kInvalid, "before-previous-event", "issued_on");
  c = chfo("2025-04-22T15:00:00Z");
  c.erase("provision");
  expectError(h.act(c), ErrorKind::kInvalid, "required", "provision");
  c = chfo("2025-04-22T15:00:00Z");
  c.erase("comply_by");
  expectError(h.act(c), ErrorKind::kInvalid, "required", "comply_by");
}

}  // namespace
}  // namespace charter
