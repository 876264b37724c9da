#include "calendar/working_calendar.h"

#include <limits>
#include <set>

#include <gtest/gtest.h>

namespace charter {
namespace {

using namespace std::chrono;

Date D(std::string_view s) { return parseDate(s).value(); }
Instant T(std::string_view s) { return parseInstant(s).value(); }

CalendarPtr calendar(CalendarSpec spec = {}) {
  auto c = WorkingCalendar::build(std::move(spec));
  EXPECT_TRUE(c) << (c ? "" : c.error().message);
  return *c;
}

CalendarPtr strict() {
  CalendarSpec spec;
  spec.day_zero_rule = DayZeroRule::kCalendarDateOfReceipt;
  return calendar(spec);
}

// One worked example of hos-code-2024.md section 6: a receipt, its day zero, the 5-working-day
// acknowledgement, the response (10 or 20 working days from the acknowledgement sent on its due
// date) and the latest date with a no-reason extension (+10 or +20).
struct Worked {
  const char* name;
  const char* received;
  const char* day_zero;
  const char* ack_due;
  int response_days;
  const char* response_due;
  const char* max_extension;
};

const Worked kWorked[] = {
    {"R1-R3", "2024-03-22T17:30:00Z", "2024-03-25", "2024-04-03", 10, "2024-04-17", "2024-05-01"},
    {"R5", "2024-04-01T10:00:00+01:00", "2024-04-02", "2024-04-09", 10, "2024-04-23", "2024-05-08"},
    {"R6", "2024-12-20T16:00:00Z", "2024-12-20", "2024-12-31", 10, "2025-01-15", "2025-01-29"},
    {"R7", "2025-04-17T18:00:00+01:00", "2025-04-22", "2025-04-29", 10, "2025-05-14",
     "2025-05-29"},
    {"R10", "2024-05-03T15:00:00+01:00", "2024-05-03", "2024-05-13", 20, "2024-06-11",
     "2024-07-09"},
    {"R11", "2025-12-19T10:00:00Z", "2025-12-19", "2025-12-30", 20, "2026-01-28", "2026-02-25"},
};

TEST(WorkedExamples, DayZeroAcknowledgementResponseAndExtension) {
  auto cal = calendar();
  for (const auto& w : kWorked) {
    SCOPED_TRACE(w.name);
    Date zero = cal->dayZero(T(w.received)).date;
    EXPECT_EQ(zero, D(w.day_zero));
    Date ack = cal->addWorkingDays(zero, 5);
    EXPECT_EQ(ack, D(w.ack_due));
    Date response = cal->addWorkingDays(ack, w.response_days);
    EXPECT_EQ(response, D(w.response_due));
    EXPECT_EQ(cal->addWorkingDays(response, w.response_days), D(w.max_extension));
    // R12: the totals from receipt, every step on its due date.
    EXPECT_EQ(cal->countWorkingDays(zero, response), 5 + w.response_days);
    EXPECT_EQ(cal->countWorkingDays(zero, cal->addWorkingDays(response, w.response_days)),
              5 + 2 * w.response_days);
  }
}

TEST(WorkedExamples, R2ClockRunsFromTheActualAcknowledgement) {
  EXPECT_EQ(calendar()->addWorkingDays(D("2024-03-26"), 10), D("2024-04-11"));
}

TEST(WorkedExamples, R8SaturdayReceiptUnderBothReadings) {
  Instant sat = T("2025-08-23T10:00:00+01:00");
  auto lenient = calendar();
  EXPECT_EQ(lenient->dayZero(sat).date, D("2025-08-26"));
  EXPECT_EQ(lenient->addWorkingDays(lenient->dayZero(sat).date, 5), D("2025-09-02"));
  auto strictCal = strict();
  EXPECT_EQ(strictCal->dayZero(sat).date, D("2025-08-23"));
  EXPECT_EQ(strictCal->addWorkingDays(strictCal->dayZero(sat).date, 5), D("2025-09-01"));
}

TEST(WorkedExamples, R9ChristmasAndNewYear2026) {
  auto cal = calendar();
  Date zero = cal->dayZero(T("2026-12-24T09:00:00Z")).date;
  EXPECT_EQ(zero, D("2026-12-24"));
  EXPECT_EQ(cal->addWorkingDays(zero, 5), D("2027-01-05"));
  auto skipped = cal->skippedDays(zero, D("2027-01-05"));
  std::vector<std::string> reasons;
  for (const auto& s : skipped) reasons.push_back(formatDate(s.date) + " " + s.reason);
  EXPECT_EQ(reasons, (std::vector<std::string>{"2026-12-25 Christmas Day (bank holiday)",
                                               "2026-12-26 Saturday", "2026-12-27 Sunday",
                                               "2026-12-28 Boxing Day (substitute day) (bank holiday)",
                                               "2027-01-01 New Year's Day (bank holiday)",
                                               "2027-01-02 Saturday", "2027-01-03 Sunday"}));
}

TEST(DayZero, OutOfHoursInGmtWithExplanation) {
  auto z = calendar()->dayZero(T("2025-03-21T17:30:00Z"));
  EXPECT_EQ(z.date, D("2025-03-24"));
  EXPECT_EQ(z.local_date, D("2025-03-21"));
  EXPECT_EQ(z.local_minute, 17 * 60 + 30);
  EXPECT_EQ(z.local_time, "Fri 21 Mar 2025 17:30 GMT");
  EXPECT_EQ(z.explanation,
            "Received Fri 21 Mar 2025 17:30 GMT, after the office closed at 17:00, so day zero "
            "is the next working day, Mon 24 Mar 2025.");
}

TEST(DayZero, BritishSummerTime) {
  auto cal = calendar();
  auto late = cal->dayZero(T("2025-06-13T16:30:00Z"));  // 17:30 BST, a Friday
  EXPECT_EQ(late.local_time, "Fri 13 Jun 2025 17:30 BST");
  EXPECT_EQ(late.date, D("2025-06-16"));
  auto inHours = cal->dayZero(T("2025-06-13T15:59:00Z"));  // 16:59 BST
  EXPECT_EQ(inHours.date, D("2025-06-13"));
  EXPECT_EQ(inHours.explanation,
            "Received Fri 13 Jun 2025 16:59 BST, during office hours, so day zero is that day, "
            "Fri 13 Jun 2025.");
  // 23:30 UTC on Thursday is 00:30 BST on Friday: Friday is the local date of receipt.
  auto night = cal->dayZero(T("2025-06-12T23:30:00Z"));
  EXPECT_EQ(night.local_date, D("2025-06-13"));
  EXPECT_EQ(night.date, D("2025-06-13"));
  EXPECT_EQ(cal->localDate(T("2025-06-12T23:30:00Z")), D("2025-06-13"));
  EXPECT_EQ(cal->formatLocal(T("2025-01-10T12:05:00Z")), "Fri 10 Jan 2025 12:05 GMT");
}

TEST(DayZero, AroundTheClockChanges) {
  auto cal = calendar();
  // Fri 24 Oct 2025 is still BST: 16:30 UTC is 17:30 local, out of hours.
  EXPECT_EQ(cal->dayZero(T("2025-10-24T16:30:00Z")).date, D("2025-10-27"));
  // Mon 27 Oct 2025 is GMT again: 16:30 UTC is 16:30 local, in hours.
  EXPECT_EQ(cal->dayZero(T("2025-10-27T16:30:00Z")).date, D("2025-10-27"));
  // Fri 28 Mar 2025 is GMT: 16:30 UTC is in hours; Mon 31 Mar is BST: 16:30 UTC is 17:30.
  EXPECT_EQ(cal->dayZero(T("2025-03-28T16:30:00Z")).date, D("2025-03-28"));
  EXPECT_EQ(cal->dayZero(T("2025-03-31T16:30:00Z")).date, D("2025-04-01"));
}

TEST(DayZero, BeforeOpeningIsThatDay) {
  auto z = calendar()->dayZero(T("2025-03-21T07:15:00Z"));
  EXPECT_EQ(z.date, D("2025-03-21"));
  EXPECT_EQ(z.explanation,
            "Received Fri 21 Mar 2025 07:15 GMT, before the office opened at 09:00, so it counts "
            "as received at opening and day zero is that day, Fri 21 Mar 2025.");
}

TEST(DayZero, AtClosingTimeIsOutOfHours) {
  auto z = calendar()->dayZero(T("2025-03-21T17:00:00Z"));
  EXPECT_EQ(z.date, D("2025-03-24"));
  EXPECT_EQ(calendar()->dayZero(T("2025-03-21T16:59:59.999Z")).date, D("2025-03-21"));
}

TEST(DayZero, NonWorkingDayNamesTheReason) {
  auto z = calendar()->dayZero(T("2024-04-01T10:00:00+01:00"));
  EXPECT_EQ(z.explanation,
            "Received Mon 1 Apr 2024 10:00 BST, on a non-working day (Easter Monday, bank "
            "holiday), so day zero is the next working day, Tue 2 Apr 2024.");
  auto sat = calendar()->dayZero(T("2025-08-23T10:00:00+01:00"));
  EXPECT_EQ(sat.explanation,
            "Received Sat 23 Aug 2025 10:00 BST, on a non-working day (Saturday), so day zero "
            "is the next working day, Tue 26 Aug 2025.");
}

TEST(DayZero, StricterReadingIgnoresTheHour) {
  auto z = strict()->dayZero(T("2025-03-21T22:00:00Z"));
  EXPECT_EQ(z.date, D("2025-03-21"));
  EXPECT_EQ(z.explanation,
            "Received Fri 21 Mar 2025 22:00 GMT, and day zero is the calendar date of receipt, "
            "Fri 21 Mar 2025.");
}

TEST(DayZero, OtherZonesAndHours) {
  CalendarSpec spec;
  spec.time_zone = "America/New_York";
  spec.hours.close_minute = 16 * 60;
  auto cal = calendar(spec);
  // 20:30 UTC on Wed 15 Jan 2025 is 15:30 in New York: before the 16:00 close.
  EXPECT_EQ(cal->dayZero(T("2025-01-15T20:30:00Z")).date, D("2025-01-15"));
  EXPECT_EQ(cal->dayZero(T("2025-01-15T21:30:00Z")).date, D("2025-01-16"));
  EXPECT_EQ(cal->formatLocal(T("2025-01-15T21:30:00Z")), "Wed 15 Jan 2025 16:30 EST");
}

TEST(Build, UnknownZoneIsAnInvalidTimeZone) {
  for (const char* zone : {"Mars/Olympus_Mons", "", "Europe/../etc/passwd", "europe/london"}) {
    CalendarSpec spec;
    spec.time_zone = zone;
    auto c = WorkingCalendar::build(spec);
    ASSERT_FALSE(c) << zone;
    EXPECT_EQ(c.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(c.error().field, "time_zone");
  }
}

TEST(Build, RefusesClosuresOutsideTheYearsAndNonsenseHours) {
  CalendarSpec spec;
  spec.closures = {{D("2025-12-29"), "Christmas closure"}, {D("2101-01-02"), "Far future"}};
  auto c = WorkingCalendar::build(spec);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "closures[1].date");

  CalendarSpec hours;
  hours.hours.open_minute = 17 * 60;
  hours.hours.close_minute = 9 * 60;
  EXPECT_EQ(WorkingCalendar::build(hours).error().field, "hours");

  CalendarSpec none;
  none.hours.working_weekdays = {};
  EXPECT_EQ(WorkingCalendar::build(none).error().field, "hours.working_weekdays");
}

TEST(WorkingDays, ReasonsForNonWorkingDays) {
  auto cal = calendar();
  EXPECT_EQ(cal->whyNotWorking(D("2025-03-22")), "Saturday");
  EXPECT_EQ(cal->whyNotWorking(D("2025-03-23")), "Sunday");
  EXPECT_EQ(cal->whyNotWorking(D("2024-03-29")), "Good Friday (bank holiday)");
  EXPECT_EQ(cal->whyNotWorking(D("2025-03-24")), std::nullopt);
  EXPECT_TRUE(cal->isWorkingDay(D("2025-03-24")));
  EXPECT_FALSE(cal->isWorkingDay(D("2024-03-29")));
}

TEST(WorkingDays, ClosuresAndExtraHolidays) {
  CalendarSpec spec;
  spec.closures = {{D("2025-12-29"), "Christmas closure"},
                   {D("2025-12-30"), "Christmas closure"},
                   {D("2025-12-25"), "Christmas closure"},  // already a bank holiday
                   {D("2025-12-27"), "Christmas closure"}};  // already a Saturday
  spec.extra_holidays = {{D("2026-06-15"), "Announced bank holiday"}};
  auto cal = calendar(spec);
  EXPECT_EQ(cal->whyNotWorking(D("2025-12-29")), "Christmas closure");
  EXPECT_EQ(cal->whyNotWorking(D("2025-12-25")), "Christmas Day (bank holiday)");
  EXPECT_EQ(cal->whyNotWorking(D("2025-12-27")), "Saturday");
  EXPECT_EQ(cal->whyNotWorking(D("2026-06-15")), "Announced bank holiday (bank holiday)");
  // Fri 19 Dec 2025 + 5: 22, 23, 24, 31 Dec, 2 Jan (25, 26, 29, 30 Dec and 1 Jan skipped).
  EXPECT_EQ(cal->addWorkingDays(D("2025-12-19"), 5), D("2026-01-02"));
  EXPECT_EQ(cal->addWorkingDays(D("2026-06-12"), 1), D("2026-06-16"));
  EXPECT_EQ(cal->explainDue(D("2025-12-24"), 2),
            "2 working days after Wed 24 Dec 2025 is Fri 2 Jan 2026. Not counted: Thu 25 Dec "
            "2025 (Christmas Day, bank holiday), Fri 26 Dec 2025 (Boxing Day, bank holiday), "
            "Sat 27 Dec and Sun 28 Dec 2025 (weekend), Mon 29 Dec and Tue 30 Dec 2025 (Christmas "
            "closure), Thu 1 Jan 2026 (New Year's Day, bank holiday).");
}

TEST(WorkingDays, NationsDiffer) {
  CalendarSpec scot;
  scot.nation = Nation::kScotland;
  CalendarSpec ni;
  ni.nation = Nation::kNorthernIreland;
  EXPECT_FALSE(calendar(scot)->isWorkingDay(D("2024-01-02")));
  EXPECT_TRUE(calendar(scot)->isWorkingDay(D("2024-04-01")));  // no Easter Monday
  EXPECT_FALSE(calendar(scot)->isWorkingDay(D("2024-08-05")));
  EXPECT_FALSE(calendar(ni)->isWorkingDay(D("2025-07-14")));
  EXPECT_TRUE(calendar()->isWorkingDay(D("2025-07-14")));
}

TEST(WorkingDays, CustomWorkingWeek) {
  CalendarSpec spec;
  spec.hours.working_weekdays = {true, true, true, true, false, false, false};
  auto cal = calendar(spec);
  EXPECT_EQ(cal->whyNotWorking(D("2025-03-21")), "Friday");
  EXPECT_EQ(cal->addWorkingDays(D("2025-03-20"), 1), D("2025-03-24"));
  EXPECT_EQ(cal->explainDue(D("2025-03-20"), 1),
            "1 working day after Thu 20 Mar 2025 is Mon 24 Mar 2025. Not counted: Fri 21 Mar "
            "2025 (not a working day), Sat 22 Mar and Sun 23 Mar 2025 (weekend).");
}

TEST(ExplainDue, NamesSkippedDays) {
  auto cal = calendar();
  EXPECT_EQ(cal->explainDue(D("2024-03-25"), 5),
            "5 working days after Mon 25 Mar 2024 is Wed 3 Apr 2024. Not counted: Fri 29 Mar "
            "2024 (Good Friday, bank holiday), Sat 30 Mar and Sun 31 Mar 2024 (weekend), Mon 1 "
            "Apr 2024 (Easter Monday, bank holiday).");
  EXPECT_EQ(cal->explainDue(D("2025-03-24"), 1),
            "1 working day after Mon 24 Mar 2025 is Tue 25 Mar 2025.");
  EXPECT_EQ(cal->explainDue(D("2025-03-24"), 0),
            "0 working days after Mon 24 Mar 2025 is Mon 24 Mar 2025.");
  EXPECT_EQ(cal->explainDue(D("2025-12-31"), 1),
            "1 working day after Wed 31 Dec 2025 is Fri 2 Jan 2026. Not counted: Thu 1 Jan 2026 "
            "(New Year's Day, bank holiday).");
}

// Every day of the supported range, checked against a day-by-day count.
TEST(Properties, AddAndCountAreInversesAcrossTheWholeRange) {
  auto cal = calendar();
  const Date first = D("1995-01-01"), last = D("2100-10-31");
  for (Date x = first; x <= last; x += days{1}) {
    Date naive = x;
    for (int n = 1; n <= 25; ++n) {
      do naive += days{1};
      while (!cal->isWorkingDay(naive));
      if (n != 1 && n != 5 && n != 10 && n != 20 && n != 25) continue;
      Date due = cal->addWorkingDays(x, n);
      ASSERT_EQ(due, naive) << formatDate(x) << " + " << n;
      ASSERT_EQ(cal->countWorkingDays(x, due), n) << formatDate(x);
      ASSERT_EQ(cal->countWorkingDays(due, x), -n) << formatDate(x);
    }
    ASSERT_EQ(cal->addWorkingDays(x, 0), x);
    ASSERT_EQ(cal->nextWorkingDay(x), cal->addWorkingDays(x, 1));
  }
}

TEST(Properties, WorkingDaysAreExactlyWeekdaysThatAreNotBankHolidays) {
  for (Nation nation : {Nation::kEnglandAndWales, Nation::kScotland, Nation::kNorthernIreland}) {
    CalendarSpec spec;
    spec.nation = nation;
    auto cal = calendar(spec);
    std::set<Date> holidays;
    for (int y = kFirstCalendarYear; y <= kLastCalendarYear; ++y) {
      for (const auto& h : bankHolidays(nation, y)) holidays.insert(h.date);
    }
    int count = 0;
    for (Date d = D("1995-01-01"); d <= D("2100-12-31"); d += days{1}) {
      weekday w{d};
      bool expected = w != Saturday && w != Sunday && !holidays.contains(d);
      ASSERT_EQ(cal->isWorkingDay(d), expected) << formatDate(d);
      ASSERT_EQ(cal->whyNotWorking(d).has_value(), !expected) << formatDate(d);
      count += expected;
    }
    EXPECT_EQ(cal->countWorkingDays(D("1994-12-31"), D("2100-12-31")), count);
  }
}

TEST(Properties, SkippedDaysFillTheGapBetweenWorkingDays) {
  auto cal = calendar();
  for (Date x = D("2018-01-01"); x <= D("2027-12-01"); x += days{1}) {
    Date due = cal->addWorkingDays(x, 10);
    int calendar_days = static_cast<int>((due - x).count());
    ASSERT_EQ(static_cast<int>(cal->skippedDays(x, due).size()) + 10, calendar_days);
  }
}

TEST(OutOfRange, NeverCrashes) {
  auto cal = calendar();
  EXPECT_EQ(cal->addWorkingDays(D("2100-12-29"), 1000), D("2100-12-31"));  // clamped: a Friday
  EXPECT_LE(cal->addWorkingDays(D("2300-01-01"), 5), D("2100-12-31"));
  EXPECT_GE(cal->addWorkingDays(D("1900-01-01"), 1), D("1995-01-02"));
  EXPECT_EQ(cal->addWorkingDays(D("2025-01-06"), -3), D("2025-01-06"));
  EXPECT_TRUE(cal->isWorkingDay(D("1990-06-01")));  // a Friday: only the week is known
  EXPECT_EQ(cal->whyNotWorking(D("2200-01-04")), "Saturday");
  EXPECT_EQ(cal->countWorkingDays(D("1900-01-01"), D("1994-01-01")), 0);
  EXPECT_TRUE(cal->skippedDays(D("2025-01-10"), D("2025-01-01")).empty());
  EXPECT_FALSE(cal->skippedDays(D("2100-12-01"), D("2200-12-31")).empty());
  Instant far = fromEpochMillis(std::numeric_limits<long long>::max());
  EXPECT_LE(cal->dayZero(far).date, D("2100-12-31"));
  Instant before = fromEpochMillis(std::numeric_limits<long long>::min());
  EXPECT_FALSE(cal->dayZero(before).explanation.empty());
}

}  // namespace
}  // namespace charter
