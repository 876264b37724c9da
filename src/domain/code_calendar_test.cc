// The Code's calendar only for the Code's clocks: a landlord's closures, office hours and
// working week may shorten its own standards, never lengthen a statutory clock.
#include <gtest/gtest.h>

#include "domain/clocks.h"
#include "domain/test_support.h"

namespace charter {
namespace {

using testing::ack;
using testing::CaseHarness;
using testing::code2024;
using testing::complaint;
using testing::D;
using testing::extendTo;
using testing::T;

std::string due(const Clock& c) { return c.due ? formatDate(*c.due) : "-"; }

// A landlord that shuts for Christmas (23 Dec 2024 to 3 Jan 2025), works Monday to Thursday,
// closes at noon, and promises to return a phone message within a working day.
PolicyPtr hostileCalendar(std::string_view zone = "Europe/London") {
  std::string text = R"(id = "shut-often"
name = "Shut often"
extends = "hos-code-2024"
[calendar]
time_zone = ")" + std::string(zone) + R"("
office_closes = "12:00"
working_days = ["mon", "tue", "wed", "thu"]
closures = [
  { date = 2024-12-23, reason = "Christmas closure" },
  { date = 2024-12-24, reason = "Christmas closure" },
  { date = 2024-12-27, reason = "Christmas closure" },
  { date = 2024-12-30, reason = "Christmas closure" },
  { date = 2024-12-31, reason = "Christmas closure" },
  { date = 2025-01-02, reason = "Christmas closure" },
  { date = 2025-01-03, reason = "Christmas closure" },
]
[standards."phone.message_returned"]
title = "Return a phone message"
starts = "received"
stops = "stage1.acknowledged"
working_days = 1
)";
  auto p = parsePolicy(text, "shut-often.toml");
  EXPECT_TRUE(p) << (p ? "" : p.error().message);
  return p ? *p : code2024();
}

// hos-code-2024.md R6 (Christmas 2024): received Fri 20 Dec 2024 16:00, the acknowledgement is
// due Tue 31 Dec. The landlord's noon closing, four-day week and Christmas closure do not move
// it; its own one-day promise does run on its own calendar (day zero Mon 6 Jan, due Tue 7 Jan).
TEST(CodeCalendar, ALandlordsClosuresDoNotLengthenTheCodesClocks) {
  CaseHarness h(hostileCalendar());
  h.mustCreate(complaint("2024-12-20T16:00:00+00:00"));
  auto a = h.clock("stage1.acknowledge", D("2024-12-20"));
  EXPECT_EQ(formatDate(*a.start), "2024-12-20");
  EXPECT_EQ(due(a), "2024-12-31");
  auto own = h.clock("phone.message_returned", D("2024-12-20"));
  EXPECT_EQ(formatDate(*own.start), "2025-01-06");
  EXPECT_EQ(due(own), "2025-01-07");

  // The response clock and its extension cap count the Code's working days too: 10 from
  // Tue 31 Dec is Wed 15 Jan; 10 more is Wed 29 Jan (as R6), although the landlord is shut on
  // Fridays.
  h.must(ack("2024-12-31T10:00:00+00:00"));
  EXPECT_EQ(due(h.clock("stage1.respond", D("2024-12-31"))), "2025-01-15");
  auto over = h.act(extendTo("2025-01-06T10:00:00+00:00", "2025-01-30"));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().field, "good_reason");
  h.must(extendTo("2025-01-06T10:00:00+00:00", "2025-01-29"));
}

// Every hour of a year of receipts: each Code clock under the hostile calendar falls due no
// later than under the Code's own, and the landlord's calendar alone would have moved some.
TEST(CodeCalendar, NoReceiptInAYearGetsALaterCodeDueDate) {
  PolicyPtr landlord = hostileCalendar();
  PolicyPtr code = code2024();
  int lengthened_by_own_calendar = 0;
  for (Instant t = T("2024-04-01T00:00:00Z"); t < T("2025-04-01T00:00:00Z");
       t += std::chrono::hours{1}) {
    for (const Standard* s : code->standardsFor("complaint", "phone")) {
      const Standard* mine = landlord->standard(s->id);
      ASSERT_TRUE(mine && mine->statutory) << s->id;
      const WorkingCalendar& cal = landlord->calendarFor(*mine);
      const WorkingCalendar& base = code->calendarFor(*s);
      const Date due_code = base.addWorkingDays(base.dayZero(t).date, s->amount);
      EXPECT_LE(cal.addWorkingDays(cal.dayZero(t).date, mine->amount), due_code)
          << s->id << " received " << formatInstant(t);
      const WorkingCalendar& own = *landlord->working_calendar;
      if (own.addWorkingDays(own.dayZero(t).date, mine->amount) > due_code)
        ++lengthened_by_own_calendar;
    }
  }
  EXPECT_GT(lengthened_by_own_calendar, 1000);
}

// A landlord may tighten through its calendar: a later closing time, a Saturday worked, or
// day zero on the date of receipt make a Code clock shorter, and the Code's clocks take them.
TEST(CodeCalendar, ATighterCalendarTightensTheCodesClocks) {
  auto p = parsePolicy(R"(id = "open-late"
name = "Open late"
extends = "hos-code-2024"
[calendar]
office_closes = "19:00"
working_days = ["mon", "tue", "wed", "thu", "fri", "sat"]
)",
                       "open-late.toml");
  ASSERT_TRUE(p) << p.error().message;
  const CalendarSpec code = codeCalendarSpec((*p)->calendar);
  EXPECT_EQ(code.hours.close_minute, 19 * 60);
  EXPECT_TRUE(code.hours.working_weekdays[5]);
  CaseHarness h(*p);
  // Fri 21 Mar 2025 18:00 is in hours; five working days counting Saturdays is Thu 27 Mar.
  h.mustCreate(complaint("2025-03-21T18:00:00+00:00"));
  EXPECT_EQ(due(h.clock("stage1.acknowledge", D("2025-03-21"))), "2025-03-27");
}

// A time zone other than the UK's would read some receipts a day later: refused, naming it.
TEST(CodeCalendar, AnotherTimeZoneIsRefused) {
  auto p = parsePolicy(R"(id = "far-away"
name = "Far away"
extends = "hos-code-2024"
[calendar]
time_zone = "Asia/Tokyo"
)",
                       "far-away.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(p.error().field, "calendar.time_zone");
  EXPECT_EQ(p.error().rule, "code-calendar");
}

}  // namespace
}  // namespace charter
