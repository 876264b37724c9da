// Subject access requests and data breaches, as the ICO's guidance works them: one calendar
// month from receipt (the same date next month, the month's last day when there is none, the
// next working day when it falls on a weekend or bank holiday), up to two further months with a
// reason, the clock stopped while identity or clarification is awaited; a breach reported to
// the ICO within 72 hours or recorded as not reportable with the reason. Driven through
// decideNew/decideAction with policies/example-003.toml.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "domain/next_step.h"
#include "domain/pauses.h"
#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::CaseHarness;
using testing::seed003;
using testing::D;

json sar(std::string_view at, std::string_view account = "T-1001") {
  json person = {{"name", "A Resident"}};
  if (!account.empty()) person["account"] = account;
  return {{"kind", "subject_access_request"}, {"received_at", at}, {"channel", "email"},
          {"summary", "Copy of everything you hold about me"}, {"person", person}};
}

json breach(std::string_view at) {
  return {{"kind", "data_breach"}, {"received_at", at}, {"channel", "email"},
          {"summary", "Letter sent to the wrong address"}, {"person", {{"name", "A Resident"}}}};
}

json pause(std::string_view at, std::string_view reason) {
  return {{"action", "pause_clock"}, {"at", at}, {"reason", reason}};
}
json resume(std::string_view at) { return {{"action", "resume_clock"}, {"at", at}}; }

Error failure(CaseHarness& h, const json& body) {
  auto r = h.act(body);
  EXPECT_FALSE(r) << body.dump();
  return r ? Error{} : r.error();
}

// ICO: "if you receive a request on 3 September, you should respond by 3 October".
TEST(SubjectAccess, ReceivedThirdSeptemberIsDueThirdOctober) {
  CaseHarness h(seed003());
  h.mustCreate(sar("2025-09-03T10:00:00+01:00"));
  Clock c = h.clock("sar.respond", D("2025-09-10"));
  EXPECT_EQ(c.status, ClockStatus::kRunning);
  EXPECT_EQ(c.due, D("2025-10-03"));
  EXPECT_EQ(c.latest_due, D("2025-12-03"));
  EXPECT_EQ(h.clock("sar.respond", D("2025-10-06")).status, ClockStatus::kMissed);
}

// No 31 February: the last day of the month, a Saturday, so the next working day.
TEST(SubjectAccess, ThirtyFirstJanuaryIsDueAfterTheLastDayOfFebruary) {
  CaseHarness h(seed003());
  h.mustCreate(sar("2026-01-31T11:00:00Z"));
  Clock c = h.clock("sar.respond", D("2026-02-02"));
  EXPECT_EQ(c.due, D("2026-03-02"));
  EXPECT_NE(c.explanation.find("February has no 31st"), std::string::npos) << c.explanation;
}

// Waiting for proof of identity: paused, never overdue; the month starts again from the day
// the identity arrives.
TEST(SubjectAccess, IdentityRestartsTheMonthFromTheDayItArrives) {
  CaseHarness h(seed003());
  h.mustCreate(sar("2025-09-03T10:00:00+01:00"));
  h.must(pause("2025-09-05T10:00:00+01:00", "identity"));
  Clock paused = h.clock("sar.respond", D("2025-10-10"));
  EXPECT_EQ(paused.status, ClockStatus::kPaused);
  EXPECT_FALSE(nextDue({paused}).has_value());
  h.must(resume("2025-09-15T10:00:00+01:00"));
  Clock c = h.clock("sar.respond", D("2025-09-16"));
  EXPECT_EQ(c.status, ClockStatus::kRunning);
  EXPECT_EQ(c.start, D("2025-09-15"));
  EXPECT_EQ(c.due, D("2025-10-15"));
  EXPECT_EQ(c.latest_due, D("2025-12-15"));
}

// While paused, "What happens next" says what the landlord is waiting for, to staff and to the
// requester, and promises no date.
TEST(SubjectAccess, WhilePausedTheNextStepSaysWhatIsAwaited) {
  CaseHarness h(seed003());
  h.mustCreate(sar("2025-09-03T10:00:00+01:00"));
  h.must(pause("2025-09-05T10:00:00+01:00", "identity"));
  NextStep n = nextStep(h.state(), h.clocks(D("2025-09-08")));
  EXPECT_EQ(n.what.rfind("Waiting for proof of identity", 0), 0u) << n.what;
  EXPECT_NE(n.for_resident.find("proof of who you are"), std::string::npos) << n.for_resident;
  EXPECT_FALSE(n.by.has_value());
  h.must(resume("2025-09-15T10:00:00+01:00"));
  h.must(pause("2025-09-16T10:00:00+01:00", "clarification"));
  n = nextStep(h.state(), h.clocks(D("2025-09-17")));
  EXPECT_NE(n.for_resident.find("tell us more about what you need"), std::string::npos)
      << n.for_resident;
}

// Waiting for clarification: the due date moves by the days paused.
TEST(SubjectAccess, ClarificationMovesTheDueDateByTheDaysPaused) {
  CaseHarness h(seed003());
  h.mustCreate(sar("2025-09-03T10:00:00+01:00"));
  h.must(pause("2025-09-10T10:00:00+01:00", "clarification"));
  h.must(resume("2025-09-17T10:00:00+01:00"));
  Clock c = h.clock("sar.respond", D("2025-09-18"));
  EXPECT_EQ(c.due, D("2025-10-10"));
  EXPECT_NE(c.explanation.find("7 days paused"), std::string::npos) << c.explanation;
}

TEST(SubjectAccess, PauseAndResumeAreCheckedAgainstTheClock) {
  CaseHarness h(seed003());
  h.mustCreate(sar("2025-09-03T10:00:00+01:00"));
  EXPECT_EQ(failure(h, resume("2025-09-04T10:00:00+01:00")).rule, "not-paused");
  Error bad = failure(h, pause("2025-09-04T10:00:00+01:00", "holiday"));
  EXPECT_EQ(bad.kind, ErrorKind::kInvalid);
  EXPECT_EQ(bad.field, "reason");
  h.must(pause("2025-09-04T10:00:00+01:00", "identity"));
  EXPECT_EQ(failure(h, pause("2025-09-05T10:00:00+01:00", "identity")).rule, "already-paused");
}

// Up to two further months with a reason; never beyond, whatever the reason.
TEST(SubjectAccess, ExtendedByUpToTwoFurtherMonthsAndNoMore) {
  CaseHarness h(seed003());
  h.mustCreate(sar("2025-09-03T10:00:00+01:00"));
  json beyond = {{"action", "extend"}, {"at", "2025-10-01T10:00:00+01:00"},
                 {"new_due", "2025-12-04"}, {"reason", "Complex: 40 years of records"}};
  Error e = failure(h, beyond);
  EXPECT_EQ(e.kind, ErrorKind::kConflict);
  EXPECT_EQ(e.rule, "extension-beyond-law");
  json within = beyond;
  within["new_due"] = "2025-12-03";
  h.must(within);
  Clock c = h.clock("sar.respond", D("2025-11-01"));
  EXPECT_EQ(c.status, ClockStatus::kRunning);
  EXPECT_EQ(c.due, D("2025-12-03"));
  json no_reason = {{"action", "extend"}, {"at", "2025-10-02T10:00:00+01:00"},
                    {"new_due", "2025-12-03"}};
  EXPECT_EQ(failure(h, no_reason).field, "reason");
}

// Completing one links the subject-access export given to the requester.
TEST(SubjectAccess, RespondingLinksTheExport) {
  CaseHarness h(seed003());
  h.mustCreate(sar("2025-09-03T10:00:00+01:00"));
  h.must({{"action", "respond"}, {"at", "2025-09-30T10:00:00+01:00"}});
  const Event& e = h.state().events.back();
  EXPECT_EQ(e.data["export_person_ref"], "T-1001");
  EXPECT_EQ(e.data["export"], "/api/v1/people/T-1001/subject-access");
  EXPECT_EQ(h.clock("sar.respond", D("2025-10-06")).status, ClockStatus::kMet);
}

TEST(SubjectAccess, WithoutAnAccountTheExportMustBeNamed) {
  CaseHarness h(seed003());
  h.mustCreate(sar("2025-09-03T10:00:00+01:00", ""));
  Error e = failure(h, {{"action", "respond"}, {"at", "2025-09-30T10:00:00+01:00"}});
  EXPECT_EQ(e.field, "export_person_ref");
  EXPECT_EQ(e.rule, "required");
  h.must({{"action", "respond"}, {"at", "2025-09-30T10:00:00+01:00"},
          {"export_person_ref", "T-2002"}});
}

// A breach found on Monday 3 March 2025 at 09:00 is reported by 09:00 on Thursday 6 March.
TEST(DataBreach, ReportToTheIcoWithinSeventyTwoHours) {
  CaseHarness h(seed003());
  h.mustCreate(breach("2025-03-03T09:00:00Z"));
  Clock c = h.clock("breach.report_ico", D("2025-03-04"));
  EXPECT_EQ(c.due_at, testing::T("2025-03-06T09:00:00Z"));
  Error none = failure(h, {{"action", "respond"}, {"at", "2025-03-05T09:00:00Z"}});
  EXPECT_EQ(none.field, "ico_decision");
  h.must({{"action", "respond"}, {"at", "2025-03-05T09:00:00Z"}, {"ico_decision", "reported"}});
  EXPECT_EQ(h.clock("breach.report_ico", D("2025-03-10")).status, ClockStatus::kMet);
}

TEST(DataBreach, NotReportableNeedsTheReasonAndCannotBePaused) {
  CaseHarness h(seed003());
  h.mustCreate(breach("2025-03-03T09:00:00Z"));
  EXPECT_EQ(failure(h, pause("2025-03-03T10:00:00Z", "clarification")).rule, "not-pausable");
  json not_reportable = {{"action", "respond"}, {"at", "2025-03-04T09:00:00Z"},
                         {"ico_decision", "not_reportable"}};
  EXPECT_EQ(failure(h, not_reportable).field, "reason");
  not_reportable["reason"] = "Encrypted laptop, key not lost: no risk to people";
  h.must(not_reportable);
}

}  // namespace
}  // namespace charter
