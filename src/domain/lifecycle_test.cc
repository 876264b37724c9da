#include "domain/lifecycle.h"

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
using testing::extendTo;
using testing::respond;
using testing::T;

void expectConflict(const Result<std::vector<Event>>& r, std::string_view rule) {
  ASSERT_FALSE(r) << "expected a 409 " << rule;
  EXPECT_EQ(r.error().kind, ErrorKind::kConflict) << r.error().message;
  EXPECT_EQ(r.error().rule, rule) << r.error().message;
  EXPECT_FALSE(r.error().message.empty());
}

template <class R>
void expectInvalid(const R& r, std::string_view field, std::string_view rule) {
  ASSERT_FALSE(r) << "expected a 422 on " << field;
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalid) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
  EXPECT_EQ(r.error().rule, rule) << r.error().message;
  EXPECT_FALSE(r.error().message.empty());
}

// ---- The whole journey of the issue ---------------------------------------------------------

TEST(Journey, ComplaintThroughBothStages) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-21T17:30:00+00:00"));
  EXPECT_EQ(h.state().kind, CaseKind::kComplaint);
  EXPECT_EQ(h.state().stage, 1);
  EXPECT_EQ(h.state().reference, "CH-000001");
  EXPECT_EQ(h.state().person.name, "A Resident");
  EXPECT_EQ(h.state().received_by, "tester");
  EXPECT_EQ(h.state().events[0].data["policy"], "hos-code-2024");

  auto ack1 = h.clock("stage1.acknowledge", D("2025-03-24"));
  EXPECT_EQ(ack1.start, D("2025-03-24"));  // after 17:00 on a Friday: Monday
  EXPECT_EQ(ack1.due, D("2025-03-31"));
  EXPECT_EQ(ack1.status, ClockStatus::kRunning);
  auto resp1 = h.clock("stage1.respond", D("2025-03-24"));
  EXPECT_TRUE(resp1.provisional);
  EXPECT_EQ(resp1.due, D("2025-04-14"));  // 10 working days from the acknowledgement's due date

  h.must(ack("2025-03-26T10:00:00+00:00"));
  EXPECT_EQ(h.state().stage1.handler, "Investigating Officer");
  resp1 = h.clock("stage1.respond", D("2025-03-26"));
  EXPECT_FALSE(resp1.provisional);
  EXPECT_EQ(resp1.due, D("2025-04-09"));

  h.must(extendTo("2025-04-08T11:00:00+01:00", "2025-04-23"));
  resp1 = h.clock("stage1.respond", D("2025-04-10"));
  EXPECT_EQ(resp1.original_due, D("2025-04-09"));
  EXPECT_EQ(resp1.due, D("2025-04-23"));
  ASSERT_EQ(resp1.extensions.size(), 1u);
  EXPECT_FALSE(resp1.extensions[0].late);
  EXPECT_TRUE(resp1.extensions[0].ombudsman_details_given);
  EXPECT_EQ(resp1.status, ClockStatus::kRunning);

  h.must(respond("2025-04-22T15:00:00+01:00"));
  EXPECT_EQ(h.state().status, CaseStatus::kResponded);
  EXPECT_EQ(h.state().stage1.decision, "upheld");
  EXPECT_EQ(h.clock("stage1.respond", D("2025-04-30")).status, ClockStatus::kMet);
  EXPECT_EQ(h.clock("stage2.acknowledge", D("2025-04-30")).status, ClockStatus::kPending);

  h.must(escalate("2025-05-01T10:00:00+01:00"));
  EXPECT_EQ(h.state().stage, 2);
  EXPECT_EQ(h.state().status, CaseStatus::kOpen);
  auto ack2 = h.clock("stage2.acknowledge", D("2025-05-01"));
  EXPECT_EQ(ack2.due, D("2025-05-09"));  // 5 May is a bank holiday

  h.must(ack("2025-05-06T09:30:00+01:00", "Service Director"));
  EXPECT_EQ(h.clock("stage2.respond", D("2025-05-06")).due, D("2025-06-04"));

  json final_response = {
      {"action", "respond"},
      {"at", "2025-05-30T12:00:00+01:00"},
      {"decision", "partly_upheld"},
      {"elements", {{{"summary", "Boiler repair"}, {"finding", "upheld"}, {"reasons", "Agreed"}}}},
      {"remedies",
       {{{"type", "apology"}, {"description", "Written apology"}},
        {{"type", "financial"}, {"description", "Compensation for the delay"}, {"amount", 150}}}},
      {"outstanding_actions",
       {{{"description", "Replace boiler"}, {"due", "2025-06-20"}, {"owner", "Repairs manager"}}}},
      {"apology", true}};
  h.must(final_response);
  EXPECT_EQ(h.state().stage2.decision, "partly_upheld");
  ASSERT_EQ(h.state().stage2.remedies.size(), 2u);
  EXPECT_DOUBLE_EQ(h.state().stage2.remedies[1].amount, 150);
  ASSERT_EQ(h.state().stage2.outstanding_actions.size(), 1u);
  EXPECT_EQ(h.state().stage2.outstanding_actions[0].due, D("2025-06-20"));

  // The final response closes the complaint; there is nothing left to close.
  EXPECT_EQ(h.state().status, CaseStatus::kClosed);
  auto closing = h.act({{"action", "close"}, {"at", "2025-05-30T12:05:00+01:00"}});
  ASSERT_FALSE(closing);
  EXPECT_EQ(closing.error().kind, ErrorKind::kConflict);
  for (const char* m : {"received", "stage1.acknowledged", "stage1.responded",
                        "escalation_requested", "stage2.acknowledged", "stage2.responded",
                        "closed"}) {
    EXPECT_EQ(h.state().milestones.count(m), 1u) << m;
  }
  // The outstanding action runs on after closure (Code 6.6) until it is done.
  EXPECT_EQ(h.clock("action.1", D("2025-06-23")).status, ClockStatus::kMissed);
  h.must({{"action", "complete_outstanding_action"}, {"at", "2025-06-18T16:00:00+01:00"},
          {"number", 1}, {"evidence", "New boiler fitted, certificate GS-1182"}});
  for (const auto& c : h.clocks(D("2025-07-01"))) {
    EXPECT_EQ(c.status, ClockStatus::kMet) << c.name << ": " << c.explanation;
  }
  // The fold of the stored history gives the same state.
  auto again = CaseState::fold(1, "CH-000001", h.state().events);
  EXPECT_EQ(again.version(), h.state().version());
  EXPECT_EQ(again.stage2.handler, "Service Director");
  EXPECT_EQ(again.milestones, h.state().milestones);
  for (int i = 0; i < again.version(); ++i) EXPECT_EQ(again.events[i].seq, i + 1);
}

TEST(Journey, StageIsTheCasesNotTheBodys) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-21T10:00:00+00:00"));
  auto r = h.act({{"action", "acknowledge"}, {"at", "2025-03-21T11:00:00+00:00"},
                  {"definition", "x"}, {"handler", "A"}, {"stage", 1}});
  expectInvalid(r, "stage", "read-only");
}

// ---- Forbidden transitions ------------------------------------------------------------------

class Forbidden : public ::testing::Test {
 protected:
  void SetUp() override { h.mustCreate(complaint("2025-03-21T10:00:00+00:00")); }
  void toStage1Response() {
    h.must(ack("2025-03-24T10:00:00+00:00"));
    h.must(respond("2025-03-28T10:00:00+00:00"));
  }
  void toStage2() {
    toStage1Response();
    h.must(escalate("2025-04-01T10:00:00+01:00"));
    h.must(ack("2025-04-02T10:00:00+01:00", "Service Director"));
  }
  CaseHarness h;
};

TEST_F(Forbidden, AcknowledgeTwice) {
  h.must(ack("2025-03-24T10:00:00+00:00"));
  expectConflict(h.act(ack("2025-03-24T11:00:00+00:00")), "already-acknowledged");
}

TEST_F(Forbidden, RespondBeforeAcknowledge) {
  expectConflict(h.act(respond("2025-03-24T10:00:00+00:00")), "code-6.2");
}

TEST_F(Forbidden, RespondTwice) {
  toStage1Response();
  expectConflict(h.act(respond("2025-03-28T11:00:00+00:00")), "already-responded");
}

TEST_F(Forbidden, EscalateBeforeStage1Response) {
  h.must(ack("2025-03-24T10:00:00+00:00"));
  expectConflict(h.act(escalate("2025-03-25T10:00:00+00:00")), "code-6.10");
}

TEST_F(Forbidden, ThirdStage) {
  toStage2();
  expectConflict(h.act(escalate("2025-04-03T10:00:00+01:00")), "code-5.2");
  h.must(respond("2025-04-10T10:00:00+01:00"));
  expectConflict(h.act(escalate("2025-04-11T10:00:00+01:00")), "code-5.2");
  auto r = h.act({{"action", "request_escalation"}, {"at", "2025-04-11T10:00:00+01:00"},
                  {"stage", 3}});
  expectConflict(r, "code-5.2");
  EXPECT_EQ(r.error().field, "stage");
}

TEST_F(Forbidden, StageZeroOnANewCase) {
  CaseHarness fresh;
  auto body = complaint("2025-03-21T10:00:00+00:00");
  body["stage"] = 0;
  auto r = fresh.create(body);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(r.error().rule, "code-5.2");
  body["stage"] = "informal";
  EXPECT_EQ(fresh.create(body).error().rule, "code-5.2");
}

TEST_F(Forbidden, SameReviewerAtStage2) {
  toStage1Response();
  h.must(escalate("2025-04-01T10:00:00+01:00"));
  auto r = h.act(ack("2025-04-02T10:00:00+01:00", "  investigating   OFFICER "));
  expectConflict(r, "code-6.13");
  EXPECT_EQ(r.error().field, "handler");
  h.must(ack("2025-04-02T10:00:00+01:00", "Service Director"));
}

TEST_F(Forbidden, ExtensionBeyondCapNeedsGoodReason) {
  h.must(ack("2025-03-24T10:00:00+00:00"));
  // Due Mon 7 Apr 2025; the cap is 10 working days later, skipping Good Friday (18 Apr) and
  // Easter Monday (21 Apr): Wed 23 Apr 2025.
  auto r = h.act(extendTo("2025-04-01T10:00:00+01:00", "2025-04-24"));
  expectConflict(r, "code-6.4");
  EXPECT_EQ(r.error().field, "good_reason");
  EXPECT_NE(r.error().message.find("Wed 23 Apr 2025"), std::string::npos) << r.error().message;
  // People read the message on the extend page: the field is named in JSON, not in it.
  EXPECT_EQ(r.error().message.find("good_reason"), std::string::npos) << r.error().message;
  h.must(extendTo("2025-04-01T10:00:00+01:00", "2025-04-23"));  // exactly the cap: fine
  // A second extension is measured from the original due date too.
  expectConflict(h.act(extendTo("2025-04-02T10:00:00+01:00", "2025-04-24")), "code-6.4");
  auto with_reason = extendTo("2025-04-02T10:00:00+01:00", "2025-04-30");
  with_reason["good_reason"] = "High Work-load in the team";  // never a good reason (001 §4.11)
  expectConflict(h.act(with_reason), "workload-not-good-reason");
  with_reason["good_reason"] = "Independent surveyor's report commissioned";
  with_reason["ombudsman_details_given"] = true;
  h.must(with_reason);
  const auto& last = h.state().events.back();
  EXPECT_TRUE(last.data["beyond_cap"].get<bool>());
  EXPECT_EQ(last.data["original_due"], "2025-04-23");
  auto c = h.clock("stage1.respond", D("2025-04-03"));
  EXPECT_EQ(c.due, D("2025-04-30"));
  EXPECT_EQ(c.original_due, D("2025-04-07"));
  ASSERT_EQ(c.extensions.size(), 2u);
  EXPECT_NE(c.explanation.find("Independent surveyor"), std::string::npos);
}

TEST_F(Forbidden, Stage2ExtensionCapIsTwentyWorkingDays) {
  toStage2();
  // Stage 2 response due 20 working days after Wed 2 Apr 2025: Fri 2 May 2025 (18 and 21 Apr
  // bank holidays). Cap: + 20 working days = Tue 3 Jun 2025 (5 and 26 May bank holidays).
  EXPECT_EQ(h.clock("stage2.respond", D("2025-04-03")).due, D("2025-05-02"));
  expectConflict(h.act(extendTo("2025-04-10T10:00:00+01:00", "2025-06-04")), "code-6.15");
  h.must(extendTo("2025-04-10T10:00:00+01:00", "2025-06-03"));
}

TEST_F(Forbidden, LateExtensionIsKeptAndTheClockMissed) {
  h.must(ack("2025-03-24T10:00:00+00:00"));  // response due Mon 7 Apr 2025
  h.must(extendTo("2025-04-08T09:00:00+01:00", "2025-04-14"));
  const auto& e = h.state().events.back();
  EXPECT_EQ(e.type, event_type::kExtended);
  EXPECT_TRUE(e.data["late"].get<bool>());
  ASSERT_EQ(h.state().stage1.extensions.size(), 1u);
  EXPECT_TRUE(h.state().stage1.extensions[0].late);
  auto c = h.clock("stage1.respond", D("2025-04-09"));
  EXPECT_EQ(c.status, ClockStatus::kMissed);
  EXPECT_EQ(c.due, D("2025-04-14"));
  EXPECT_NE(c.explanation.find("counts as missed"), std::string::npos) << c.explanation;
  h.must(respond("2025-04-10T10:00:00+01:00"));  // before the new date: still missed
  EXPECT_EQ(h.clock("stage1.respond", D("2025-04-10")).status, ClockStatus::kMissed);
}

TEST_F(Forbidden, ExtensionOnTheDueDateIsInTime) {
  h.must(ack("2025-03-24T10:00:00+00:00"));
  h.must(extendTo("2025-04-07T16:59:00+01:00", "2025-04-14"));
  EXPECT_FALSE(h.state().events.back().data["late"].get<bool>());
  h.must(respond("2025-04-14T10:00:00+01:00"));
  EXPECT_EQ(h.clock("stage1.respond", D("2025-04-20")).status, ClockStatus::kMet);
}

TEST_F(Forbidden, ExtensionFieldsChecked) {
  expectConflict(h.act(extendTo("2025-03-21T11:00:00+00:00", "2025-04-14")),
                 "clock-not-started");
  h.must(ack("2025-03-24T10:00:00+00:00"));
  expectInvalid(h.act(extendTo("2025-03-25T10:00:00+00:00", "2025-04-07")), "new_due",
                "not-later");
  expectInvalid(h.act(extendTo("2025-03-25T10:00:00+00:00", "2025-04-12")), "new_due",
                "not-working-day");
  auto no_reason = extendTo("2025-03-25T10:00:00+00:00", "2025-04-14");
  no_reason.erase("reason");
  expectInvalid(h.act(no_reason), "reason", "required");
  auto ack_clock = extendTo("2025-03-25T10:00:00+00:00", "2025-04-14");
  ack_clock["clock"] = "stage1.acknowledge";
  expectConflict(h.act(ack_clock), "not-extendable");
  auto no_details = extendTo("2025-03-25T10:00:00+00:00", "2025-04-14");
  no_details["ombudsman_details_given"] = false;
  h.must(no_details);
  EXPECT_FALSE(h.state().stage1.extensions[0].ombudsman_details_given);
  h.must(respond("2025-04-01T10:00:00+01:00"));
  expectConflict(h.act(extendTo("2025-04-02T10:00:00+01:00", "2025-04-22")), "clock-stopped");
}

TEST_F(Forbidden, RefuseWithoutEvidence) {
  auto r = h.act({{"action", "refuse"}, {"at", "2025-03-24T10:00:00+00:00"},
                  {"reason", "previously-considered"}});
  expectConflict(r, "code-2.1");
  EXPECT_EQ(r.error().field, "evidence");
  h.must({{"action", "refuse"}, {"at", "2025-03-24T10:00:00+00:00"},
          {"reason", "previously-considered"}, {"evidence", "Complaint CH-000040 answered 2024"}});
  EXPECT_EQ(h.state().status, CaseStatus::kRefused);
  EXPECT_EQ(h.state().refusal_reason, "previously-considered");
  EXPECT_TRUE(h.state().events.back().data["ombudsman_rights_given"].get<bool>());
}

TEST_F(Forbidden, RefuseLegalProceedingsNeedsCourtFilingDate) {
  json body = {{"action", "refuse"}, {"at", "2025-03-24T10:00:00+00:00"},
               {"reason", "legal-proceedings"}, {"evidence", "Pre-action protocol letter"}};
  auto r = h.act(body);
  expectConflict(r, "code-2.2");
  EXPECT_EQ(r.error().field, "court_filing_date");
  body["court_filing_date"] = "2025-04-01";
  expectInvalid(h.act(body), "court_filing_date", "future");
  body["court_filing_date"] = "2025-03-10";
  body["evidence"] = "Claim form filed at County Court";
  h.must(body);
  EXPECT_EQ(h.state().events.back().data["court_filing_date"], "2025-03-10");
}

TEST_F(Forbidden, RefuseOverTwelveMonths) {
  json body = {{"action", "refuse"}, {"at", "2025-03-24T10:00:00+00:00"},
               {"reason", "over-12-months"}, {"evidence", "Issue dates from 2023"}};
  auto r = h.act(body);
  expectConflict(r, "code-2.3");
  EXPECT_EQ(r.error().field, "discretion_considered");
  body["discretion_considered"] = false;
  expectConflict(h.act(body), "code-2.3");
  body["discretion_considered"] = "No good reason for the delay was given";
  body["issue_date"] = "2024-03-21";  // received on the anniversary: still in time
  expectConflict(h.act(body), "code-2.3");
  body["issue_date"] = "2024-03-20";
  h.must(body);
  EXPECT_EQ(h.state().status, CaseStatus::kRefused);
}

TEST_F(Forbidden, RefuseUnknownReasonAndAfterResponse) {
  expectInvalid(h.act({{"action", "refuse"}, {"at", "2025-03-24T10:00:00+00:00"},
                       {"reason", "workload"}, {"evidence", "x"}}),
                "reason", "enum");
  toStage1Response();
  expectConflict(h.act({{"action", "refuse"}, {"at", "2025-03-29T10:00:00+00:00"},
                        {"reason", "previously-considered"}, {"evidence", "x"}}),
                 "already-responded");
}

TEST_F(Forbidden, RefuseEscalation) {
  toStage1Response();
  h.must(escalate("2025-04-01T10:00:00+01:00"));
  h.must({{"action", "refuse"}, {"at", "2025-04-02T10:00:00+01:00"},
          {"reason", "previously-considered"}, {"evidence", "Same issue as CH-000040"}});
  EXPECT_EQ(h.state().status, CaseStatus::kRefused);
  // The refused stage 2 clocks no longer apply; stage 1's stay.
  auto clocks = h.clocks(D("2025-06-01"));
  ASSERT_EQ(clocks.size(), 2u);
  EXPECT_EQ(clocks[0].name, "stage1.acknowledge");
  EXPECT_EQ(clocks[1].name, "stage1.respond");
}

TEST_F(Forbidden, ActionsOnClosedCases) {
  toStage1Response();
  h.must({{"action", "close"}, {"at", "2025-03-28T11:00:00+00:00"}});
  expectConflict(h.act(ack("2025-03-29T10:00:00+00:00")), "case-finished");
  expectConflict(h.act({{"action", "withdraw"}, {"at", "2025-03-29T10:00:00+00:00"}}),
                 "case-finished");
  expectConflict(h.act({{"action", "close"}, {"at", "2025-03-29T10:00:00+00:00"}}),
                 "case-finished");
  h.must({{"action", "note"}, {"at", "2025-03-29T10:00:00+00:00"}, {"text", "Phoned resident"}});
  // A closed stage 1 complaint can still be escalated (Code 6.10).
  h.must(escalate("2025-04-01T10:00:00+01:00"));
  EXPECT_EQ(h.state().status, CaseStatus::kOpen);
  EXPECT_EQ(h.state().stage, 2);
}

TEST_F(Forbidden, ActionsOnWithdrawnCases) {
  h.must({{"action", "withdraw"}, {"at", "2025-03-24T10:00:00+00:00"}, {"reason", "Resolved"}});
  expectConflict(h.act(ack("2025-03-24T11:00:00+00:00")), "case-finished");
  expectConflict(h.act(escalate("2025-03-24T11:00:00+00:00")), "case-finished");
  EXPECT_TRUE(h.clocks(D("2025-06-01")).empty());  // nothing was due by the withdrawal
}

TEST_F(Forbidden, CloseBeforeResponseNeedsReason) {
  h.must(ack("2025-03-24T10:00:00+00:00"));
  expectInvalid(h.act({{"action", "close"}, {"at", "2025-03-25T10:00:00+00:00"}}), "reason",
                "required");
  h.must({{"action", "close"}, {"at", "2025-03-25T10:00:00+00:00"},
          {"reason", "Resolution agreed with the resident; repair booked"},
          {"ground", "resolution_agreed"},
          {"evidence", "Phoned 25 Mar: the resident agreed the repair on 2 Apr settles it"}});
}

TEST_F(Forbidden, ComplaintActionsOnOtherKinds) {
  CaseHarness e;
  e.mustCreate({{"kind", "enquiry"}, {"received_at", "2025-03-21T10:00:00+00:00"},
                {"channel", "email"}, {"summary", "When is bin day?"}});
  EXPECT_EQ(e.state().stage, 0);
  expectConflict(e.act(ack("2025-03-21T11:00:00+00:00")), "not-a-complaint");
  expectConflict(e.act(escalate("2025-03-21T11:00:00+00:00")), "not-a-complaint");
  expectConflict(e.act({{"action", "refuse"}, {"at", "2025-03-21T11:00:00+00:00"},
                        {"reason", "previously-considered"}, {"evidence", "x"}}),
                 "not-a-complaint");
  e.must({{"action", "respond"}, {"at", "2025-03-21T12:00:00+00:00"}, {"response", "Tuesdays"}});
  EXPECT_EQ(e.state().milestones.count("responded"), 1u);
  EXPECT_EQ(e.state().status, CaseStatus::kResponded);
  expectConflict(e.act({{"action", "respond"}, {"at", "2025-03-21T13:00:00+00:00"}}),
                 "already-responded");
  expectInvalid(e.act({{"action", "respond"}, {"at", "2025-03-21T13:00:00+00:00"},
                       {"decision", "upheld"}}),
                "decision", "unknown");
  e.must({{"action", "close"}, {"at", "2025-03-21T13:00:00+00:00"}});
  EXPECT_EQ(e.state().milestones.count("closed"), 1u);
}

TEST_F(Forbidden, TimesOutOfOrderOrInTheFuture) {
  h.must(ack("2025-03-24T10:00:00+00:00"));
  expectInvalid(h.act(respond("2025-03-24T09:59:00+00:00")), "at", "before-previous-event");
  // Notes do not hold back later steps recorded after the fact.
  h.must({{"action", "note"}, {"at", "2025-03-27T10:00:00+00:00"}, {"text", "Chased"}});
  h.must(respond("2025-03-26T10:00:00+00:00"));
  DecisionContext ctx{h.policy(), T("2025-03-26T12:00:00Z"), "tester"};
  auto r = decideAction(h.state(),
                        {{"action", "note"}, {"at", "2025-03-26T12:06:00Z"}, {"text", "x"}}, ctx);
  expectInvalid(r, "at", "future");
  EXPECT_TRUE(decideAction(h.state(),
                           {{"action", "note"}, {"at", "2025-03-26T12:04:00Z"}, {"text", "x"}},
                           ctx));
  // Without "at", the step happens now.
  auto now = decideAction(h.state(), {{"action", "note"}, {"text", "x"}}, ctx);
  ASSERT_TRUE(now);
  EXPECT_EQ((*now)[0].at, T("2025-03-26T12:00:00Z"));
  EXPECT_EQ((*now)[0].seq, h.state().version() + 1);
  EXPECT_EQ((*now)[0].actor, "tester");
}

// ---- Validation: every error names its field -------------------------------------------------

TEST(Validation, NewCaseFields) {
  CaseHarness h;
  auto body = complaint("2025-03-21T17:30:00+00:00");
  auto without = [&](const char* key) {
    auto b = body;
    b.erase(key);
    return h.create(b);
  };
  expectInvalid(without("kind"), "kind", "required");
  expectInvalid(without("received_at"), "received_at", "required");
  expectInvalid(without("channel"), "channel", "required");
  expectInvalid(without("summary"), "summary", "required");
  EXPECT_TRUE(without("person"));  // anonymous contacts are logged too

  auto with = [&](const char* key, json v) {
    auto b = body;
    b[key] = std::move(v);
    return h.create(b);
  };
  expectInvalid(with("kind", "grumble"), "kind", "enum");
  expectInvalid(with("channel", "pigeon"), "channel", "enum");
  expectInvalid(with("summary", std::string(10001, 'x')), "summary", "too-long");
  expectInvalid(with("summary", "   "), "summary", "required");
  expectInvalid(with("summary", 42), "summary", "type");
  expectInvalid(with("received_at", "2025-03-21 17:30"), "received_at", "format");
  expectInvalid(with("received_at", "2025-03-21T17:30:00"), "received_at", "format");
  expectInvalid(with("received_at", "1990-03-21T17:30:00Z"), "received_at", "range");
  expectInvalid(with("recieved_at", "2025-03-21T17:30:00Z"), "recieved_at", "unknown");
  expectInvalid(with("person", {{"name", std::string(201, 'n')}}), "person.name", "too-long");
  expectInvalid(with("person", {{"nmae", "A"}}), "person.nmae", "unknown");
  expectInvalid(with("person", {{"vulnerabilities", {"Hearing loss", 3}}}),
                "person.vulnerabilities[1]", "type");
  expectInvalid(with("person", "A Resident"), "person", "type");
  expectInvalid(with("raised_from", "CH-1"), "raised_from", "type");
  expectInvalid(h.create(json::array()), "", "type");

  DecisionContext ctx{h.policy(), T("2025-03-21T17:00:00Z"), "tester"};
  expectInvalid(decideNew(body, ctx), "received_at", "future");
}

TEST(Validation, EveryKindAndChannel) {
  for (const char* kind : {"service_request", "complaint", "compliment", "comment", "enquiry",
                           "mp_enquiry"}) {
    for (const char* channel : {"phone", "email", "web_form", "online_account", "letter",
                                "in_person", "representative", "social_media"}) {
      CaseHarness h;
      h.mustCreate({{"kind", kind}, {"received_at", "2025-03-21T10:00:00Z"}, {"channel", channel},
                    {"summary", "A contact"}});
      EXPECT_EQ(slug(h.state().kind), kind);
      EXPECT_EQ(slug(h.state().channel), channel);
    }
  }
  EXPECT_EQ(displayName(CaseKind::kMpEnquiry), "MP or councillor enquiry");
  EXPECT_EQ(displayName(CaseKind::kServiceRequest), "service request");
  EXPECT_EQ(caseReference(123), "CH-000123");
  EXPECT_EQ(parseFinding("partly_upheld").value(), Finding::kPartlyUpheld);
  EXPECT_EQ(parseCaseStatus("withdrawn").value(), CaseStatus::kWithdrawn);
  EXPECT_EQ(parseCaseKind("x").error().field, "kind");
}

class ResponseValidation : public ::testing::Test {
 protected:
  void SetUp() override {
    h.mustCreate(complaint("2025-03-21T10:00:00+00:00"));
    h.must(ack("2025-03-24T10:00:00+00:00"));
  }
  Result<std::vector<Event>> respondWith(const char* key, json v) {
    auto b = respond("2025-03-25T10:00:00+00:00");
    b[key] = std::move(v);
    return h.act(b);
  }
  CaseHarness h;
};

TEST_F(ResponseValidation, ElementsNameTheirPaths) {
  expectInvalid(respondWith("decision", "mostly"), "decision", "enum");
  expectInvalid(respondWith("elements", json::array()), "elements", "required");
  expectInvalid(respondWith("elements", {{{"summary", "A"}, {"finding", "yes"}, {"reasons", "r"}}}),
                "elements[0].finding", "enum");
  expectInvalid(respondWith("elements", {{{"summary", "A"}, {"finding", "upheld"}, {"reasons", "r"}},
                                         {{"summary", "B"}, {"finding", "upheld"}}}),
                "elements[1].reasons", "required");
  expectInvalid(respondWith("elements", {{{"summary", "A"}, {"finding", "overturned"},
                                          {"reasons", "r"}}}),
                "elements[0].finding", "enum");
  expectInvalid(respondWith("elements", {"A"}), "elements[0]", "type");
  expectInvalid(respondWith("remedies", {{{"type", "cake"}, {"description", "d"}}}),
                "remedies[0].type", "enum");
  expectInvalid(respondWith("remedies", {{{"type", "financial"}, {"description", "d"}}}),
                "remedies[0].amount", "required");
  expectInvalid(respondWith("remedies", {{{"type", "works"}, {"description", "d"},
                                          {"due", "2025-13-01"}}}),
                "remedies[0].due", "format");
  expectInvalid(respondWith("outstanding_actions", {{{"description", "Fix"}, {"owner", "Me"}}}),
                "outstanding_actions[0].due", "required");
  expectInvalid(respondWith("outstanding_actions",
                            {{{"description", "Fix"}, {"owner", "Me"}, {"due", "2100-01-01"}}}),
                "outstanding_actions[0].due", "range");
  expectInvalid(respondWith("apology", 3), "apology", "type");
  EXPECT_TRUE(respondWith("apology", "We are sorry the boiler was not fixed"));
}

TEST_F(ResponseValidation, Stage2FindingsAreUpheldOrOverturned) {
  h.must(respond("2025-03-25T10:00:00+00:00"));
  h.must(escalate("2025-03-26T10:00:00+00:00"));
  h.must(ack("2025-03-27T10:00:00+00:00", "Service Director"));
  auto b = respond("2025-03-28T10:00:00+00:00", "not_upheld");
  auto r = h.act(b);
  expectInvalid(r, "elements[0].finding", "enum");
  EXPECT_NE(r.error().message.find("outcome"), std::string::npos);
  b["elements"][0]["finding"] = "overturned";
  b["elements"][0]["outcome"] = "partly_upheld";
  b["decision"] = "partly_upheld";
  h.must(b);
  EXPECT_EQ(h.state().stage2.elements[0].finding, "overturned");
  EXPECT_EQ(h.state().events.back().data["elements"][0]["outcome"], "partly_upheld");
}

TEST(Validation, ActionNamesAndAcknowledgementFields) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-21T10:00:00+00:00"));
  expectInvalid(h.act({{"at", "2025-03-21T11:00:00Z"}}), "action", "required");
  expectInvalid(h.act({{"action", "escalate"}}), "action", "enum");
  auto no_def = ack("2025-03-21T11:00:00Z");
  no_def.erase("definition");
  expectInvalid(h.act(no_def), "definition", "required");
  auto no_handler = ack("2025-03-21T11:00:00Z");
  no_handler["handler"] = "";
  expectInvalid(h.act(no_handler), "handler", "required");
  auto typo = ack("2025-03-21T11:00:00Z");
  typo["defintion"] = "x";
  expectInvalid(h.act(typo), "defintion", "unknown");
  expectInvalid(h.act({{"action", "note"}, {"at", "2025-03-21T11:00:00Z"}}), "text", "required");
  expectInvalid(h.act({{"action", "note"}, {"at", "1994-12-31T11:00:00Z"}, {"text", "x"}}), "at",
                "range");
  EXPECT_EQ(h.state().version(), 1);  // nothing was recorded by the failures
}

// ---- Service requests converted to complaints (Code 1.5) -------------------------------------

TEST(Convert, ServiceRequestStaysOpenAndLinked) {
  CaseHarness sr;
  sr.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-03T09:30:00Z"},
                 {"channel", "phone"}, {"summary", "Boiler not working"},
                 {"person", {{"name", "A Resident"}, {"vulnerabilities", {"Elderly"}}}}},
                41);
  auto linked = sr.act({{"action", "convert_to_complaint"}, {"at", "2025-03-21T17:30:00Z"},
                        {"summary", "Boiler still broken after three visits"}});
  ASSERT_TRUE(linked) << linked.error().message;
  ASSERT_EQ(linked->size(), 1u);
  EXPECT_EQ((*linked)[0].type, event_type::kLinked);
  EXPECT_EQ(sr.state().status, CaseStatus::kOpen);  // the service request goes on

  auto body = complaintBodyFromLink(sr.state(), (*linked)[0]);
  CaseHarness c;
  c.mustCreate(body, 42);
  EXPECT_EQ(c.state().kind, CaseKind::kComplaint);
  EXPECT_EQ(c.state().raised_from, 41);
  EXPECT_EQ(c.state().person.vulnerabilities, std::vector<std::string>{"Elderly"});
  EXPECT_EQ(c.state().received_at, T("2025-03-21T17:30:00Z"));
  EXPECT_EQ(c.clock("stage1.acknowledge", D("2025-03-24")).due, D("2025-03-31"));

  // The app layer names the new complaint in the link; the fold records it.
  Event link = (*linked)[0];
  link.data["complaint_id"] = 42;
  auto events = sr.state().events;
  events.back() = link;
  auto folded = CaseState::fold(41, "", events);
  EXPECT_EQ(folded.complaints_raised, std::vector<CaseId>{42});
  EXPECT_EQ(folded.status, CaseStatus::kOpen);
  EXPECT_EQ(folded.reference, "CH-000041");

  // The service request carries on to its own response.
  sr.must({{"action", "respond"}, {"at", "2025-03-25T10:00:00Z"}, {"response", "Boiler replaced"}});
  EXPECT_EQ(sr.state().milestones.count("responded"), 1u);
}

TEST(Convert, AppLayerBodyIsAccepted) {
  // case_service passes the action body through with the id it reserved.
  CaseHarness sr;
  sr.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-03T09:30:00Z"},
                 {"channel", "phone"}, {"summary", "Boiler not working"}});
  sr.must({{"action", "convert_to_complaint"}, {"at", "2025-03-21T10:00:00Z"},
           {"complaint_id", 7}, {"channel", "email"}});
  EXPECT_EQ(sr.state().complaints_raised, std::vector<CaseId>{7});
  EXPECT_EQ(sr.state().events.back().data["channel"], "email");
}

TEST(Convert, OnlyContactsThatCanBecomeComplaints) {
  CaseHarness c;
  c.mustCreate(complaint("2025-03-21T10:00:00Z"));
  expectConflict(c.act({{"action", "convert_to_complaint"}, {"at", "2025-03-21T11:00:00Z"}}),
                 "already-a-complaint");
  CaseHarness praise;
  praise.mustCreate({{"kind", "compliment"}, {"received_at", "2025-03-21T10:00:00Z"},
                     {"channel", "letter"}, {"summary", "Thanks to the caretaker"}});
  expectConflict(praise.act({{"action", "convert_to_complaint"}, {"at", "2025-03-21T11:00:00Z"}}),
                 "not-convertible");
  CaseHarness closed_sr;
  closed_sr.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-03T09:30:00Z"},
                        {"channel", "phone"}, {"summary", "Leak"}});
  closed_sr.must({{"action", "close"}, {"at", "2025-03-04T09:30:00Z"}});
  // Dissatisfaction with a finished service request is still a complaint (Code 1.5).
  closed_sr.must({{"action", "convert_to_complaint"}, {"at", "2025-03-10T09:30:00Z"}});
}

}  // namespace
}  // namespace charter
