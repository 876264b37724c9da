// Refusals and closures that hold: the 12-month rule on the dates a case holds (Code 2.3),
// the grounds for closing a complaint before its response (001 §4.12), and what a complaint
// closed early keeps: its acknowledgement clock and the resident's stage 2 (Code 5.11).
#include <gtest/gtest.h>

#include "domain/next_step.h"
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

// R13: issue 10 Apr 2024, received 9 Apr 2025 => must accept, whether the date came with the
// refusal or was recorded when the complaint arrived.
TEST(TwelveMonths, RecordedDatesWithinTwelveMonthsForbidTheRefusal) {
  json refusal = {{"action", "refuse"},
                  {"at", "2025-04-10T10:00:00+01:00"},
                  {"reason", "over-12-months"},
                  {"evidence", "The resident says the leak began long ago"},
                  {"discretion_considered", "No good reason for the delay"}};
  CaseHarness recorded;
  json c = complaint("2025-04-09T10:00:00+01:00");
  c["issue_date"] = "2024-04-10";
  recorded.mustCreate(c);
  expectError(recorded.act(refusal), ErrorKind::kConflict, "code-2.3", "reason");

  // Issue 10 Apr 2023 but awareness 1 Mar 2025: must accept, even when the refusal gives only
  // the old issue date.
  CaseHarness aware;
  json c2 = complaint("2025-04-09T10:00:00+01:00");
  c2["awareness_date"] = "2025-03-01";
  aware.mustCreate(c2);
  EXPECT_EQ(aware.state().awareness_date, D("2025-03-01"));
  json old = refusal;
  old["issue_date"] = "2023-04-10";
  expectError(aware.act(old), ErrorKind::kConflict, "code-2.3", "reason");

  // Received 11 Apr 2025, issue 10 Apr 2024: the exclusion is available.
  CaseHarness late;
  json c3 = complaint("2025-04-11T10:00:00+01:00");
  c3["issue_date"] = "2024-04-10";
  late.mustCreate(c3);
  json later = refusal;
  later["at"] = "2025-04-14T10:00:00+01:00";
  late.must(later);
}

// Acknowledged Tue 25 Mar 2025; two calls unanswered; 10 working days later is Tue 8 Apr.
TEST(EarlyClosure, NoContactNeedsTwoAttemptsAndTenWorkingDays) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  json close = {{"action", "close"}, {"at", "2025-04-08T10:00:00+01:00"},
                {"reason", "The resident has not answered"}, {"ground", "no_contact"},
                {"evidence", "Calls on 26 Mar and 1 Apr, voicemail left; letter sent 1 Apr"},
                {"contact_attempts", {"2025-03-26", "2025-04-01"}}};
  expectError(h.act(close), ErrorKind::kConflict, "policy-4.12", "ground");  // not acknowledged
  h.must(ack("2025-03-25T10:00:00Z"));
  json one = close;
  one["contact_attempts"] = {"2025-03-26"};
  expectError(h.act(one), ErrorKind::kConflict, "policy-4.12", "contact_attempts");
  json early = close;
  early["at"] = "2025-04-07T10:00:00+01:00";
  expectError(h.act(early), ErrorKind::kConflict, "policy-4.12", "at");
  json no_evidence = close;
  no_evidence.erase("evidence");
  expectError(h.act(no_evidence), ErrorKind::kInvalid, "required", "evidence");
  json bad_date = close;
  bad_date["contact_attempts"] = {"2025-03-26", "1 April"};
  expectError(h.act(bad_date), ErrorKind::kInvalid, "format", "contact_attempts[1]");
  json other = close;
  other["ground"] = "resident_busy";
  expectError(h.act(other), ErrorKind::kInvalid, "enum", "ground");
  h.must(close);
  EXPECT_EQ(h.state().events.back().data["ground"], "no_contact");
  EXPECT_EQ(h.state().events.back().data["contact_attempts"].size(), 2u);
}

TEST(EarlyClosure, AClosedComplaintKeepsItsAcknowledgementClockAndItsStageTwo) {
  // Closed on day 2 with a resolution agreed, never acknowledged: the acknowledgement was
  // still owed, so the clock stays in the figures and is missed once its date passes.
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must({{"action", "close"}, {"at", "2025-03-25T10:00:00Z"}, {"reason", "Sorted on the phone"},
          {"ground", "resolution_agreed"},
          {"evidence", "The resident agreed the repair booked for 27 Mar settles it"}});
  auto a = h.clock("stage1.acknowledge", D("2025-03-26"));
  EXPECT_EQ(a.status, ClockStatus::kRunning);
  EXPECT_EQ(h.clock("stage1.acknowledge", D("2025-04-01")).status, ClockStatus::kMissed);
  for (const auto& c : h.clocks(D("2025-04-01"))) EXPECT_NE(c.name, "stage1.respond");
  // The resident may still take it to stage 2.
  EXPECT_TRUE(mayAskForStageTwo(h.state()));
  h.must(escalate("2025-04-02T10:00:00+01:00"));
  EXPECT_EQ(h.state().stage, 2);
  EXPECT_EQ(h.state().status, CaseStatus::kOpen);
}

TEST(EarlyClosure, AnsweredComplaintsAndOtherKindsCloseWithoutAGround) {
  CaseHarness sr;
  sr.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-24T10:00:00Z"},
                 {"channel", "phone"}, {"summary", "Tap dripping"}});
  sr.must({{"action", "close"}, {"at", "2025-03-25T10:00:00Z"}});
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  h.must(testing::respond("2025-03-28T10:00:00Z"));
  expectError(h.act({{"action", "close"}, {"at", "2025-03-29T10:00:00Z"}, {"ground", "no_contact"}}),
              ErrorKind::kInvalid, "unknown", "ground");
  h.must({{"action", "close"}, {"at", "2025-03-29T10:00:00Z"}});
}

}  // namespace
}  // namespace charter
