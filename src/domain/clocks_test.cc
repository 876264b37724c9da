#include "domain/clocks.h"

#include <gtest/gtest.h>

#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::ack;
using testing::CaseHarness;
using testing::code2024;
using testing::code2024Always;
using testing::complaint;
using testing::D;
using testing::escalate;
using testing::extendTo;
using testing::respond;
using testing::T;

// "YYYY-MM-DD" of the clock's due date, or "-".
std::string due(const Clock& c) { return c.due ? formatDate(*c.due) : "-"; }

// The latest date the response clock may be extended to without a good reason: the extension
// is accepted at the cap and refused one working day later.
void expectMaxExtension(CaseHarness& h, std::string_view at, std::string_view max,
                        std::string_view one_more) {
  auto over = h.act(extendTo(at, one_more));
  ASSERT_FALSE(over) << "extension to " << one_more << " should need a good reason";
  EXPECT_EQ(over.error().kind, ErrorKind::kConflict);
  h.must(extendTo(at, max));
}

// ---- hos-code-2024.md section 6.1, the worked examples -------------------------------------

TEST(WorkedExamples, R1_OutOfHoursBeforeEaster) {
  CaseHarness h(code2024Always());
  h.mustCreate(complaint("2024-03-22T17:30:00+00:00"));
  auto c = h.clock("stage1.acknowledge", D("2024-03-25"));
  EXPECT_EQ(formatDate(*c.start), "2024-03-25");
  EXPECT_EQ(due(c), "2024-04-03");
  EXPECT_NE(c.explanation.find("Good Friday"), std::string::npos) << c.explanation;
  EXPECT_NE(c.explanation.find("Easter Monday"), std::string::npos) << c.explanation;
  EXPECT_NE(c.explanation.find("Mon 25 Mar 2024"), std::string::npos) << c.explanation;
}

TEST(WorkedExamples, R2_ResponseCountsFromTheActualAcknowledgement) {
  CaseHarness on_due(code2024Always());
  on_due.mustCreate(complaint("2024-03-22T17:30:00+00:00"));
  on_due.must(ack("2024-04-03T16:00:00+01:00"));
  EXPECT_EQ(due(on_due.clock("stage1.respond", D("2024-04-03"))), "2024-04-17");

  CaseHarness early(code2024Always());
  early.mustCreate(complaint("2024-03-22T17:30:00+00:00"));
  early.must(ack("2024-03-26T10:00:00+00:00"));
  EXPECT_EQ(due(early.clock("stage1.respond", D("2024-03-26"))), "2024-04-11");
}

TEST(WorkedExamples, R3_Stage1ExtensionCap) {
  CaseHarness h(code2024Always());
  h.mustCreate(complaint("2024-03-22T17:30:00+00:00"));
  h.must(ack("2024-04-03T16:00:00+01:00"));
  expectMaxExtension(h, "2024-04-10T10:00:00+01:00", "2024-05-01", "2024-05-02");
  EXPECT_EQ(due(h.clock("stage1.respond", D("2024-04-10"))), "2024-05-01");
}

TEST(WorkedExamples, R4_ExtensionRecordsTheLetterContents) {
  CaseHarness h(code2024Always());
  h.mustCreate(complaint("2024-03-22T17:30:00+00:00"));
  h.must(ack("2024-04-03T16:00:00+01:00"));
  h.must(extendTo("2024-04-17T12:00:00+01:00", "2024-04-24"));  // on the original due date
  const Extension& x = h.state().stage1.extensions.at(0);
  EXPECT_EQ(x.reason, "Awaiting contractor report");
  EXPECT_EQ(x.new_due, D("2024-04-24"));
  EXPECT_EQ(x.original_due, D("2024-04-17"));
  EXPECT_TRUE(x.ombudsman_details_given);
  EXPECT_FALSE(x.late);
  auto c = h.clock("stage1.respond", D("2024-04-18"));
  EXPECT_EQ(c.status, ClockStatus::kRunning);
  EXPECT_NE(c.explanation.find("Extended on Wed 17 Apr 2024 from Wed 17 Apr 2024 to Wed 24 Apr "
                               "2024: Awaiting contractor report."),
            std::string::npos)
      << c.explanation;
}

TEST(WorkedExamples, R5_ReceivedOnEasterMonday) {
  CaseHarness h;
  h.mustCreate(complaint("2024-04-01T10:00:00+01:00"));
  auto a = h.clock("stage1.acknowledge", D("2024-04-02"));
  EXPECT_EQ(formatDate(*a.start), "2024-04-02");
  EXPECT_EQ(due(a), "2024-04-09");
  h.must(ack("2024-04-09T12:00:00+01:00"));
  EXPECT_EQ(due(h.clock("stage1.respond", D("2024-04-09"))), "2024-04-23");
  expectMaxExtension(h, "2024-04-15T10:00:00+01:00", "2024-05-08", "2024-05-09");
}

TEST(WorkedExamples, R6_Christmas2024) {
  CaseHarness h;
  h.mustCreate(complaint("2024-12-20T16:00:00+00:00"));
  auto a = h.clock("stage1.acknowledge", D("2024-12-20"));
  EXPECT_EQ(formatDate(*a.start), "2024-12-20");
  EXPECT_EQ(due(a), "2024-12-31");
  h.must(ack("2024-12-31T10:00:00+00:00"));
  EXPECT_EQ(due(h.clock("stage1.respond", D("2024-12-31"))), "2025-01-15");
  expectMaxExtension(h, "2025-01-06T10:00:00+00:00", "2025-01-29", "2025-01-30");
}

TEST(WorkedExamples, R7_Easter2025) {
  CaseHarness h;
  h.mustCreate(complaint("2025-04-17T18:00:00+01:00"));
  auto a = h.clock("stage1.acknowledge", D("2025-04-22"));
  EXPECT_EQ(formatDate(*a.start), "2025-04-22");
  EXPECT_EQ(due(a), "2025-04-29");
  h.must(ack("2025-04-29T10:00:00+01:00"));
  EXPECT_EQ(due(h.clock("stage1.respond", D("2025-04-29"))), "2025-05-14");
  expectMaxExtension(h, "2025-05-01T10:00:00+01:00", "2025-05-29", "2025-05-30");
}

TEST(WorkedExamples, R8_SaturdayReceiptBothReadings) {
  CaseHarness h;
  h.mustCreate(complaint("2025-08-23T11:00:00+01:00"));
  auto a = h.clock("stage1.acknowledge", D("2025-08-26"));
  EXPECT_EQ(formatDate(*a.start), "2025-08-26");
  EXPECT_EQ(due(a), "2025-09-02");

  auto strict = std::make_shared<Policy>(*code2024());
  CalendarSpec spec = strict->calendar;
  spec.day_zero_rule = DayZeroRule::kCalendarDateOfReceipt;
  strict->calendar = spec;
  ASSERT_TRUE(buildCalendars(*strict));
  CaseHarness s(strict);
  s.mustCreate(complaint("2025-08-23T11:00:00+01:00"));
  EXPECT_EQ(due(s.clock("stage1.acknowledge", D("2025-08-26"))), "2025-09-01");
}

TEST(WorkedExamples, R9_Christmas2026) {
  CaseHarness h;
  h.mustCreate(complaint("2026-12-24T09:00:00+00:00"));
  EXPECT_EQ(due(h.clock("stage1.acknowledge", D("2026-12-24"))), "2027-01-05");
}

// A complaint answered at stage 1 whose resident asks for stage 2 at `escalation`.
CaseHarness escalatedAt(std::string_view received, std::string_view ack_at,
                        std::string_view response, std::string_view escalation) {
  CaseHarness h;
  h.mustCreate(complaint(received));
  h.must(ack(ack_at));
  h.must(respond(response));
  h.must(escalate(escalation));
  return h;
}

TEST(WorkedExamples, R10_Stage2May2024) {
  auto h = escalatedAt("2024-04-02T10:00:00+01:00", "2024-04-03T10:00:00+01:00",
                       "2024-04-16T10:00:00+01:00", "2024-05-03T15:00:00+01:00");
  auto a = h.clock("stage2.acknowledge", D("2024-05-03"));
  EXPECT_EQ(formatDate(*a.start), "2024-05-03");
  EXPECT_EQ(due(a), "2024-05-13");
  h.must(ack("2024-05-13T10:00:00+01:00", "Service Director"));
  EXPECT_EQ(due(h.clock("stage2.respond", D("2024-05-13"))), "2024-06-11");
  expectMaxExtension(h, "2024-05-20T10:00:00+01:00", "2024-07-09", "2024-07-10");
}

TEST(WorkedExamples, R11_Stage2Christmas2025) {
  auto h = escalatedAt("2025-11-03T10:00:00+00:00", "2025-11-04T10:00:00+00:00",
                       "2025-11-14T10:00:00+00:00", "2025-12-19T10:00:00+00:00");
  EXPECT_EQ(due(h.clock("stage2.acknowledge", D("2025-12-19"))), "2025-12-30");
  h.must(ack("2025-12-30T10:00:00+00:00", "Service Director"));
  EXPECT_EQ(due(h.clock("stage2.respond", D("2025-12-30"))), "2026-01-28");
  expectMaxExtension(h, "2026-01-05T10:00:00+00:00", "2026-02-25", "2026-02-26");
}

TEST(WorkedExamples, R12_TotalsFromReceipt) {
  const auto& cal = *code2024()->working_calendar;
  // Every step on its due date, from R6 (stage 1) and R10 (stage 2).
  CaseHarness s1;
  s1.mustCreate(complaint("2024-12-20T16:00:00+00:00"));
  auto a = s1.clock("stage1.acknowledge", D("2024-12-20"));
  s1.must(ack("2024-12-31T10:00:00+00:00"));
  auto r = s1.clock("stage1.respond", D("2024-12-31"));
  EXPECT_EQ(cal.countWorkingDays(*a.start, *r.due), 15);
  EXPECT_EQ(cal.countWorkingDays(*a.start, cal.addWorkingDays(*r.due, 10)), 25);

  auto s2 = escalatedAt("2024-04-02T10:00:00+01:00", "2024-04-03T10:00:00+01:00",
                        "2024-04-16T10:00:00+01:00", "2024-05-03T15:00:00+01:00");
  auto a2 = s2.clock("stage2.acknowledge", D("2024-05-03"));
  s2.must(ack("2024-05-13T10:00:00+01:00", "Service Director"));
  auto r2 = s2.clock("stage2.respond", D("2024-05-13"));
  EXPECT_EQ(cal.countWorkingDays(*a2.start, *r2.due), 25);
  EXPECT_EQ(cal.countWorkingDays(*a2.start, cal.addWorkingDays(*r2.due, 20)), 45);
}

// ---- Time zones and Code versions -------------------------------------------------------------

TEST(Clocks, BritishSummerTimeReceipt) {
  // 16:30 UTC on Fri 13 Jun 2025 is 17:30 BST: after the office closed.
  CaseHarness h;
  h.mustCreate(complaint("2025-06-13T16:30:00Z"));
  auto c = h.clock("stage1.acknowledge", D("2025-06-13"));
  EXPECT_EQ(formatDate(*c.start), "2025-06-16");
  EXPECT_EQ(due(c), "2025-06-23");
  EXPECT_NE(c.explanation.find("17:30 BST"), std::string::npos) << c.explanation;
  // 23:30 UTC on Thu 12 Jun is 00:30 BST on Friday: day zero is Friday.
  CaseHarness night;
  night.mustCreate(complaint("2025-06-12T23:30:00Z"));
  EXPECT_EQ(formatDate(*night.clock("stage1.acknowledge", D("2025-06-13")).start), "2025-06-13");
}

TEST(Clocks, ComplaintBefore1April2024KeepsThe2022Code) {
  CaseHarness h;  // the real 2024 policy, with its 2022 predecessor
  h.mustCreate(complaint("2024-03-22T17:30:00+00:00"));
  EXPECT_EQ(effectivePolicy(h.state(), h.policy()).id, "hos-code-2022");
  EXPECT_EQ(h.state().events[0].data["policy"], "hos-code-2022");
  h.must(ack("2024-03-26T10:00:00+00:00"));
  // 2022: the response runs from receipt (day zero Mon 25 Mar), not from the acknowledgement.
  auto r = h.clock("stage1.respond", D("2024-03-26"));
  EXPECT_FALSE(r.provisional);
  EXPECT_EQ(due(r), "2024-04-10");
  h.must(respond("2024-04-10T16:00:00+01:00"));
  EXPECT_EQ(h.clock("stage1.respond", D("2024-04-11")).status, ClockStatus::kMet);
  // Escalated after 1 April 2024, still timed by the 2022 Code: the stage 2 extension cap is
  // 10 working days, not 20.
  h.must(escalate("2024-04-15T10:00:00+01:00"));
  auto s2 = h.clock("stage2.respond", D("2024-04-15"));
  EXPECT_EQ(due(s2), "2024-05-14");  // 20 working days from Mon 15 Apr (6 May bank holiday)
  h.must(ack("2024-04-16T10:00:00+01:00", "Service Director"));
  auto over = h.act(extendTo("2024-04-20T10:00:00+01:00", "2024-05-30"));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(over.error().rule, "code-2022-section-5");
  h.must(extendTo("2024-04-20T10:00:00+01:00", "2024-05-29"));  // +10 (27 May bank holiday)

  CaseHarness later;
  later.mustCreate(complaint("2024-04-01T10:00:00+01:00"));
  EXPECT_EQ(effectivePolicy(later.state(), later.policy()).id, "hos-code-2024");
}

// ---- Status rules ---------------------------------------------------------------------------

TEST(Clocks, StatusPendingRunningMetMissed) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-21T10:00:00+00:00"));  // ack due Fri 28 Mar
  EXPECT_EQ(h.clock("stage1.acknowledge", D("2025-03-28")).status, ClockStatus::kRunning);
  auto late = h.clock("stage1.acknowledge", D("2025-03-31"));
  EXPECT_EQ(late.status, ClockStatus::kMissed);
  EXPECT_FALSE(late.met_on);
  EXPECT_EQ(h.clock("stage2.acknowledge", D("2025-03-31")).status, ClockStatus::kPending);
  EXPECT_EQ(nextDue(h.clocks(D("2025-03-31"))), D("2025-03-28"));
  h.must(ack("2025-03-31T09:00:00+01:00"));
  auto missed = h.clock("stage1.acknowledge", D("2025-03-31"));
  EXPECT_EQ(missed.status, ClockStatus::kMissed);
  EXPECT_EQ(missed.met_on, D("2025-03-31"));
  EXPECT_NE(missed.explanation.find("1 working day late"), std::string::npos)
      << missed.explanation;
  // The response clock now runs from the actual (late) acknowledgement.
  EXPECT_EQ(nextDue(h.clocks(D("2025-03-31"))), D("2025-04-14"));
}

TEST(Clocks, ExplanationsReadAsPlainEnglish) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-21T17:30:00+00:00"));
  auto c = h.clock("stage1.acknowledge", D("2025-03-24"));
  EXPECT_NE(c.explanation.find("Received Fri 21 Mar 2025 17:30 GMT"), std::string::npos)
      << c.explanation;
  EXPECT_NE(c.explanation.find("Mon 24 Mar 2025"), std::string::npos) << c.explanation;
  EXPECT_NE(c.explanation.find("Mon 31 Mar 2025"), std::string::npos) << c.explanation;
  EXPECT_NE(c.explanation.find("weekend"), std::string::npos) << c.explanation;
  auto p = h.clock("stage1.respond", D("2025-03-24"));
  EXPECT_NE(p.explanation.find("Provisional"), std::string::npos) << p.explanation;
  auto s2 = h.clock("stage2.acknowledge", D("2025-03-24"));
  EXPECT_NE(s2.explanation.find("asks for stage 2"), std::string::npos) << s2.explanation;
  EXPECT_EQ(slug(ClockStatus::kMissed), "missed");
  EXPECT_TRUE(c.statutory);
  EXPECT_EQ(c.provision, "Code 6.2");
}

// ---- The same engine for any promise (003: phone messages, repairs, letters) ---------------

PolicyPtr withStandards(std::vector<Standard> extra) {
  auto p = std::make_shared<Policy>(*code2024());
  for (auto& s : extra) p->standards.push_back(std::move(s));
  return p;
}

Standard standard(std::string id, std::string kind, std::string channel, int amount,
                  DurationUnit unit) {
  Standard s;
  s.id = std::move(id);
  s.title = s.id;
  s.kinds = {std::move(kind)};
  if (!channel.empty()) s.channels = {std::move(channel)};
  s.starts = "received";
  s.start_reading = StartReading::kDayZero;
  s.stops = "responded";
  s.amount = amount;
  s.unit = unit;
  s.provision = "Charter 003";
  return s;
}

TEST(GenericStandards, PhoneMessageReturnedWithinOneWorkingDay) {
  auto policy = withStandards(
      {standard("phone.message_returned", "enquiry", "phone", 1, DurationUnit::kWorkingDays)});
  CaseHarness h(policy);
  h.mustCreate({{"kind", "enquiry"}, {"received_at", "2025-03-21T17:30:00Z"},
                {"channel", "phone"}, {"summary", "Please call me back about my rent"}});
  auto clocks = h.clocks(D("2025-03-24"));
  ASSERT_EQ(clocks.size(), 1u);  // the complaint clocks do not apply to an enquiry
  EXPECT_EQ(clocks[0].name, "phone.message_returned");
  EXPECT_EQ(due(clocks[0]), "2025-03-25");
  EXPECT_EQ(clocks[0].status, ClockStatus::kRunning);
  h.must({{"action", "respond"}, {"at", "2025-03-25T16:00:00Z"}, {"response", "Called back"}});
  EXPECT_EQ(h.clock("phone.message_returned", D("2025-03-26")).status, ClockStatus::kMet);

  CaseHarness email(policy);  // other channels are not covered by this standard
  email.mustCreate({{"kind", "enquiry"}, {"received_at", "2025-03-21T10:00:00Z"},
                    {"channel", "email"}, {"summary", "Rent query"}});
  EXPECT_TRUE(email.clocks(D("2025-03-24")).empty());
}

TEST(GenericStandards, HoursAndCalendarDays) {
  auto policy = withStandards(
      {standard("repair.emergency", "service_request", "", 24, DurationUnit::kHours),
       standard("letter.reply", "service_request", "letter", 10, DurationUnit::kCalendarDays)});
  CaseHarness fast(policy);
  fast.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-21T10:00:00Z"},
                   {"channel", "phone"}, {"summary", "Gas leak"}});
  auto c = fast.clock("repair.emergency", D("2025-03-21"));
  EXPECT_EQ(c.due_at, T("2025-03-22T10:00:00Z"));
  EXPECT_EQ(due(c), "2025-03-22");
  fast.must({{"action", "respond"}, {"at", "2025-03-22T09:00:00Z"}, {"response", "Made safe"}});
  EXPECT_EQ(fast.clock("repair.emergency", D("2025-03-22")).status, ClockStatus::kMet);

  CaseHarness slow(policy);
  slow.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-21T10:00:00Z"},
                   {"channel", "letter"}, {"summary", "Gas leak"}});
  EXPECT_EQ(due(slow.clock("letter.reply", D("2025-03-21"))), "2025-03-31");
  slow.must({{"action", "respond"}, {"at", "2025-03-22T11:00:00Z"}, {"response", "Made safe"}});
  EXPECT_EQ(slow.clock("repair.emergency", D("2025-03-22")).status, ClockStatus::kMissed);
  EXPECT_EQ(slow.clock("letter.reply", D("2025-03-22")).status, ClockStatus::kMet);
}

TEST(GenericStandards, ExtendableGenericClock) {
  auto s = standard("repair.routine", "service_request", "", 20, DurationUnit::kWorkingDays);
  s.extension_cap = 5;
  CaseHarness h(withStandards({s}));
  h.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-03T10:00:00Z"},
                {"channel", "phone"}, {"summary", "Dripping tap"}});
  EXPECT_EQ(due(h.clock("repair.routine", D("2025-03-03"))), "2025-03-31");
  auto no_clock = extendTo("2025-03-10T10:00:00Z", "2025-04-04");
  auto r = h.act(no_clock);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "clock");
  no_clock["clock"] = "repair.routine";
  auto over = no_clock;
  over["new_due"] = "2025-04-08";
  ASSERT_FALSE(h.act(over));
  EXPECT_EQ(h.act(over).error().rule, "extension-cap");
  h.must(no_clock);
  EXPECT_EQ(due(h.clock("repair.routine", D("2025-03-10"))), "2025-04-04");
}

TEST(Clocks, NextDueIgnoresMetAndPending) {
  std::vector<Clock> clocks(4);
  clocks[0].status = ClockStatus::kMet;
  clocks[0].due = D("2025-01-01");
  clocks[1].status = ClockStatus::kPending;
  clocks[2].status = ClockStatus::kRunning;
  clocks[2].due = D("2025-02-01");
  clocks[3].status = ClockStatus::kMissed;
  clocks[3].due = D("2025-01-15");
  clocks[3].met_on = D("2025-01-20");
  EXPECT_EQ(nextDue(clocks), D("2025-02-01"));
  EXPECT_EQ(nextDue({}), std::nullopt);
}

}  // namespace
}  // namespace charter
