#include "app/deadline.h"

#include <gtest/gtest.h>

#include "domain/test_support.h"

namespace charter {
namespace {

using testing::code2024;
using testing::D;
using testing::T;

const Clock& clock(const Deadlines& d, std::string_view name) {
  for (const auto& c : d.clocks) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no clock " << name;
  static const Clock none;
  return none;
}

DeadlineQuestion receivedAt(std::string_view at) {
  DeadlineQuestion q;
  q.received = T(at);
  return q;
}

Deadlines mustWorkOut(const DeadlineQuestion& q) {
  auto d = workOutDeadlines(*code2024(), q);
  EXPECT_TRUE(d) << d.error().message;
  return d ? *d : Deadlines{};
}

// Friday after hours: day zero is the next working day, and the explanation says so.
TEST(Deadline, AfterHoursOnFriday) {
  const auto d = mustWorkOut(receivedAt("2025-03-21T17:30:00Z"));
  EXPECT_EQ(d.day_zero.date, D("2025-03-24"));
  EXPECT_NE(d.day_zero.explanation.find("Mon 24 Mar 2025"), std::string::npos)
      << d.day_zero.explanation;
  EXPECT_EQ(d.policy->id, "hos-code-2024");
  EXPECT_EQ(d.policy->calendar.nation, Nation::kEnglandAndWales);
  const Clock& ack = clock(d, "stage1.acknowledge");
  EXPECT_EQ(ack.status, ClockStatus::kRunning);
  EXPECT_EQ(ack.due, D("2025-03-31"));
  EXPECT_FALSE(ack.explanation.empty());
}

// hos-code-2024.md R7: Thu 17 Apr 2025 18:00 -> day 0 Tue 22 Apr, acknowledgement due Tue
// 29 Apr; acknowledged that day, the stage 1 response is due Wed 14 May.
TEST(Deadline, WorkedExampleR7WithAcknowledgement) {
  DeadlineQuestion q = receivedAt("2025-04-17T18:00:00+01:00");
  q.acknowledged = T("2025-04-29T12:00:00+01:00");
  const auto d = mustWorkOut(q);
  EXPECT_EQ(d.day_zero.date, D("2025-04-22"));
  EXPECT_EQ(clock(d, "stage1.acknowledge").status, ClockStatus::kMet);
  EXPECT_EQ(clock(d, "stage1.acknowledge").due, D("2025-04-29"));
  EXPECT_EQ(clock(d, "stage1.respond").due, D("2025-05-14"));
}

// Easter Monday is a bank holiday in England and Wales but not in Scotland.
TEST(Deadline, AnotherNationsBankHolidays) {
  DeadlineQuestion q = receivedAt("2025-04-16T10:00:00Z");
  q.nation = Nation::kScotland;
  const auto scotland = mustWorkOut(q);
  EXPECT_EQ(scotland.policy->calendar.nation, Nation::kScotland);
  EXPECT_EQ(clock(scotland, "stage1.acknowledge").due, D("2025-04-24"));
  q.nation = Nation::kEnglandAndWales;
  const auto england = mustWorkOut(q);
  EXPECT_EQ(clock(england, "stage1.acknowledge").due, D("2025-04-25"));
}

// Before 1 April 2024 the 2022 Code's clocks apply, as they would to a recorded complaint.
TEST(Deadline, OlderComplaintsKeepTheOlderCode) {
  const auto d = mustWorkOut(receivedAt("2023-06-01T10:00:00Z"));
  EXPECT_EQ(d.policy->id, "hos-code-2022");
}

// The whole two-stage history: stage 2 is timed from the escalation.
TEST(Deadline, StageTwoFromTheEscalation) {
  DeadlineQuestion q = receivedAt("2025-03-03T10:00:00Z");
  q.acknowledged = T("2025-03-05T10:00:00Z");
  q.responded = T("2025-03-18T10:00:00Z");
  q.escalated = T("2025-03-24T10:00:00Z");
  q.acknowledged2 = T("2025-03-26T10:00:00Z");
  const auto d = mustWorkOut(q);
  EXPECT_EQ(clock(d, "stage1.respond").status, ClockStatus::kMet)
      << clock(d, "stage1.respond").explanation;
  EXPECT_EQ(clock(d, "stage2.acknowledge").status, ClockStatus::kMet);
  EXPECT_EQ(clock(d, "stage2.respond").status, ClockStatus::kRunning);
}

// A milestone the Code forbids is refused with the action's own error.
TEST(Deadline, AcknowledgedBeforeReceivedIsRefused) {
  DeadlineQuestion q = receivedAt("2025-03-21T17:30:00Z");
  q.acknowledged = T("2025-03-20T09:00:00Z");
  auto d = workOutDeadlines(*code2024(), q);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().kind, ErrorKind::kInternal);
}

}  // namespace
}  // namespace charter
