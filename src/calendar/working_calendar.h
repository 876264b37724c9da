// WorkingCalendar answers the working-day questions every clock in Charter asks.
//
// A working day is a day of the landlord's working week (Monday to Friday by default) that is
// neither a bank holiday of its nation nor a closure day it declared. "Within N working days of
// X" means by the end of the Nth working day after X (X itself is day zero).
//
// The calendar is built once for 1995-01-01 .. 2100-12-31 as a prefix count of working days,
// after which isWorkingDay, addWorkingDays and countWorkingDays are O(1). It is immutable and
// safe to share between threads.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calendar/bank_holidays.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

// A day the landlord's offices are shut (a Christmas shutdown, a staff training day).
struct ClosureDay {
  Date date;
  std::string reason;  // "Christmas closure"
};

// The office day, in the landlord's local time.
struct WorkingHours {
  int open_minute = 9 * 60;    // 09:00
  int close_minute = 17 * 60;  // 17:00: a contact at or after this is out of hours
  // Monday first: {Mon, Tue, Wed, Thu, Fri, Sat, Sun}.
  std::array<bool, 7> working_weekdays = {true, true, true, true, true, false, false};
};

// How the day zero of a receipt is read (a policy setting).
enum class DayZeroRule {
  // The default (001 §4.7.2): received on a working day before close, that day; at or after
  // close, or on a non-working day, the next working day.
  kNextWorkingDayIfOutOfHours,
  // The stricter reading: day zero is the calendar date of receipt in local time, whatever the
  // hour or day (a Saturday receipt counts from Saturday).
  kCalendarDateOfReceipt,
};

struct CalendarSpec {
  Nation nation = Nation::kEnglandAndWales;
  std::string time_zone = "Europe/London";  // an IANA zone name
  WorkingHours hours;
  DayZeroRule day_zero_rule = DayZeroRule::kNextWorkingDayIfOutOfHours;
  std::vector<ClosureDay> closures;
  // Bank holidays announced after this build (added by policy until the code catches up).
  std::vector<Holiday> extra_holidays;
};

// A receipt instant read in the landlord's zone and working hours.
struct DayZero {
  Date date;                // day zero
  Date local_date;          // the calendar date of receipt, local time
  int local_minute = 0;     // minutes after local midnight of the receipt
  std::string local_time;   // "Fri 21 Mar 2025 17:30 GMT"
  std::string explanation;  // "Received Fri 21 Mar 2025 17:30 GMT, after 17:00, so day zero is
                            //  the next working day, Mon 24 Mar 2025."
};

// One day passed over while counting working days, and why.
struct SkippedDay {
  Date date;
  std::string reason;  // "Saturday", "Good Friday (bank holiday)", "Christmas closure"
};

class WorkingCalendar {
 public:
  // Builds the tables. Fails (kInvalid, field "time_zone") for an unknown zone, or for closure
  // days outside the supported years.
  static Result<std::shared_ptr<const WorkingCalendar>> build(CalendarSpec spec);

  const CalendarSpec& spec() const;

  // REQUIRES for every Date argument below: 1995-01-01 <= d <= 2100-12-31, and results stay
  // in that range (callers validate input dates to 1995..2099).
  bool isWorkingDay(Date d) const;
  // Why `d` is not a working day ("Saturday", "Christmas Day (bank holiday)", a closure
  // reason), or nullopt when it is one.
  std::optional<std::string> whyNotWorking(Date d) const;
  // The first working day strictly after `d`.
  Date nextWorkingDay(Date d) const;
  // The n-th working day after `from` (n >= 0; n == 0 returns `from`).
  Date addWorkingDays(Date from, int n) const;
  // The number of working days in (from, to]; negative when to < from. So
  // countWorkingDays(x, addWorkingDays(x, n)) == n.
  int countWorkingDays(Date from, Date to) const;
  // The non-working days in (from, to], each with its reason.
  std::vector<SkippedDay> skippedDays(Date from, Date to) const;

  // A calendar month as the ICO counts it (UK GDPR Art. 12(3)): the same date `months` months
  // after `from`, or the last day of that month when it has no such date (31 Jan -> 28 or
  // 29 Feb), then the next working day when that falls on a weekend, bank holiday or closure.
  // months >= 0; months == 0 returns `from` moved to a working day in the same way. O(1).
  Date addMonths(Date from, int months) const;
  // Plain English: how addMonths(from, months) was worked out. E.g. "1 calendar month after
  // Sat 31 Jan 2026 is Sat 28 Feb 2026 (February has no 31st), which is not a working day
  // (Saturday), so the due date is the next working day, Mon 2 Mar 2026."
  std::string explainMonths(Date from, int months) const;

  // Reads `received` in the landlord's zone and applies the day-zero rule.
  DayZero dayZero(Instant received) const;

  // Plain English: how `due` = addWorkingDays(start, n) was worked out, naming the days skipped
  // and why. E.g. "5 working days after Mon 25 Mar 2024 is Wed 3 Apr 2024. Not counted:
  // Sat 30 Mar and Sun 31 Mar (weekend), Fri 29 Mar 2024 (Good Friday, bank holiday), Mon 1 Apr
  // 2024 (Easter Monday, bank holiday)."
  std::string explainDue(Date start, int n) const;

  // The local calendar date of an instant, in the landlord's zone.
  Date localDate(Instant t) const;
  // "Fri 21 Mar 2025 17:30 GMT" / "... BST".
  std::string formatLocal(Instant t) const;

  WorkingCalendar(const WorkingCalendar&) = delete;
  WorkingCalendar& operator=(const WorkingCalendar&) = delete;
  ~WorkingCalendar();

 private:
  struct Impl;
  explicit WorkingCalendar(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

using CalendarPtr = std::shared_ptr<const WorkingCalendar>;

}  // namespace charter
