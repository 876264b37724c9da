// Triage (assign) and Code 6.13 by account, as the Code's worked examples.
#include <gtest/gtest.h>

#include "domain/lifecycle.h"
#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::ack;
using testing::CaseHarness;
using testing::complaint;
using testing::escalate;
using testing::respond;

json assignTo(std::string_view owner, std::string_view reason = "") {
  json body = {{"action", "assign"}, {"at", "2025-03-24T09:00:00Z"}, {"owner", owner}};
  if (!reason.empty()) body["reason"] = reason;
  return body;
}

template <class R>
void expectError(const R& r, ErrorKind kind, std::string_view field, std::string_view rule) {
  ASSERT_FALSE(r) << "expected " << rule << " on " << field;
  EXPECT_EQ(r.error().kind, kind) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
  EXPECT_EQ(r.error().rule, rule) << r.error().message;
  EXPECT_FALSE(r.error().message.empty());
}

// Any new contact starts without an owner; assigning gives it one and reassigning records who
// had it and why.
TEST(Triage, AnEnquiryIsAssignedThenReassignedWithAReason) {
  CaseHarness h;
  h.mustCreate({{"kind", "enquiry"}, {"received_at", "2025-03-21T10:00:00Z"},
                {"channel", "email"}, {"summary", "When is the estate clean-up?"}});
  EXPECT_EQ(h.state().owner, "");
  h.must(assignTo("front.line"));
  EXPECT_EQ(h.state().owner, "front.line");
  const Event& first = h.state().events.back();
  EXPECT_EQ(first.type, event_type::kAssigned);
  EXPECT_TRUE(first.data["previous_owner"].is_null());
  EXPECT_EQ(first.actor, "tester");

  // Reassigning needs the reason: someone else's work is being moved.
  expectError(h.act(assignTo("estates.team")), ErrorKind::kInvalid, "reason", "required");
  h.must(assignTo("estates.team", "Estate services answer clean-up dates"));
  EXPECT_EQ(h.state().owner, "estates.team");
  EXPECT_EQ(h.state().events.back().data["previous_owner"], "front.line");
  EXPECT_EQ(h.state().events.back().data["reason"], "Estate services answer clean-up dates");
}

TEST(Triage, AnOwnerIsRequiredAndMustChange) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-21T10:00:00Z"));
  expectError(h.act(assignTo("")), ErrorKind::kInvalid, "owner", "required");
  json no_owner = {{"action", "assign"}};
  expectError(h.act(no_owner), ErrorKind::kInvalid, "owner", "required");
  h.must(assignTo("investigator"));
  expectError(h.act(assignTo("investigator", "again")), ErrorKind::kConflict, "owner",
              "already-assigned");
}

// Assigning is not a lifecycle step: an acknowledgement sent before it was recorded still fits.
TEST(Triage, AssigningDoesNotOrderTheLifecycle) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-21T10:00:00Z"));
  h.must(assignTo("investigator"));
  h.must(ack("2025-03-21T15:00:00Z"));
}

TEST(Triage, AFinishedCaseIsNotAssigned) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-21T10:00:00Z"));
  h.must({{"action", "withdraw"}, {"at", "2025-03-21T11:00:00Z"}});
  expectError(h.act(assignTo("investigator")), ErrorKind::kConflict, "", "case-finished");
}

// Code 6.13: "The person considering the complaint at stage 2 must not be the same person that
// considered the complaint at stage 1." The account is what counts, whatever name is typed.
class Independence : public ::testing::Test {
 protected:
  void SetUp() override {
    h.mustCreate(complaint("2025-03-21T10:00:00+00:00"));
    ASSERT_TRUE(h.actAs("j.smith", ack("2025-03-21T11:00:00+00:00", "Jo Smith")));
    ASSERT_TRUE(h.actAs("a.khan", respond("2025-03-28T10:00:00+00:00")));
    h.must(escalate("2025-04-01T10:00:00+01:00"));
  }
  CaseHarness h;
};

TEST_F(Independence, TheAccountThatAcknowledgedAtStage1CannotAcknowledgeAtStage2) {
  EXPECT_EQ(h.state().stage1.acknowledged_by, "j.smith");
  EXPECT_EQ(h.state().stage1.responded_by, "a.khan");
  // A different name typed as handler does not make it a different person.
  auto r = h.actAs("j.smith", ack("2025-04-02T10:00:00+01:00", "Service Director"));
  expectError(r, ErrorKind::kConflict, "", "code-6.13");
  EXPECT_NE(r.error().message.find("j.smith"), std::string::npos);
}

TEST_F(Independence, TheAccountThatAnsweredAtStage1CannotAcknowledgeOrAnswerAtStage2) {
  expectError(h.actAs("a.khan", ack("2025-04-02T10:00:00+01:00", "Service Director")),
              ErrorKind::kConflict, "", "code-6.13");
  ASSERT_TRUE(h.actAs("director", ack("2025-04-02T10:00:00+01:00", "Service Director")));
  EXPECT_EQ(h.state().stage2.acknowledged_by, "director");
  expectError(h.actAs("a.khan", respond("2025-04-20T10:00:00+01:00")), ErrorKind::kConflict, "",
              "code-6.13");
  expectError(h.actAs("j.smith", respond("2025-04-20T10:00:00+01:00")), ErrorKind::kConflict, "",
              "code-6.13");
  ASSERT_TRUE(h.actAs("director", respond("2025-04-20T10:00:00+01:00")));
  EXPECT_EQ(h.state().stage2.responded_by, "director");
}

TEST_F(Independence, TheTypedNameIsStillCheckedToo) {
  auto r = h.actAs("director", ack("2025-04-02T10:00:00+01:00", "jo  SMITH"));
  expectError(r, ErrorKind::kConflict, "handler", "code-6.13");
}

// A complaint raised from a service request keeps the household's tenure, so it counts in the
// right Regulator split (CH01, CH02).
TEST(Conversion, TheComplaintKeepsTheHouseholdsTenure) {
  CaseHarness sr;
  sr.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-03T09:30:00Z"},
                 {"channel", "phone"}, {"summary", "Roof leak"}, {"tenure", "shared_ownership"}},
                41);
  auto linked = sr.act({{"action", "convert_to_complaint"}, {"at", "2025-03-21T10:30:00Z"}});
  ASSERT_TRUE(linked);
  json body = complaintBodyFromLink(sr.state(), (*linked)[0]);
  EXPECT_EQ(body["tenure"], "shared_ownership");
  CaseHarness c;
  c.mustCreate(body, 42);
  EXPECT_EQ(c.state().tenure, "shared_ownership");
  // The conversion may also state it (the app layer passes it to the new complaint).
  CaseHarness sr2;
  sr2.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-03T09:30:00Z"},
                  {"channel", "phone"}, {"summary", "Roof leak"}});
  EXPECT_TRUE(sr2.act({{"action", "convert_to_complaint"}, {"at", "2025-03-21T10:30:00Z"},
                       {"tenure", "leasehold"}}));
}

}  // namespace
}  // namespace charter
