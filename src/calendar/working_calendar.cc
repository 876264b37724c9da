#include "calendar/working_calendar.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <utility>

#include <date/tz.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace charter {
namespace {

using namespace std::chrono;

constexpr std::array<const char*, 7> kWeekdayNames = {"Sunday",   "Monday", "Tuesday",
                                                      "Wednesday", "Thursday", "Friday",
                                                      "Saturday"};

// Why a day is not worked. The order is the precedence when several apply: a Saturday in a
// Christmas shutdown is explained as a Saturday.
enum class Kind : std::uint8_t { kWorking, kOffWeekday, kBankHoliday, kClosure };

struct DayInfo {
  Kind kind = Kind::kWorking;
  std::uint32_t label = 0;  // index into Impl::labels (a holiday name or closure reason)
};

Date firstDate() { return sys_days{year{kFirstCalendarYear} / January / 1}; }
Date lastDate() { return sys_days{year{kLastCalendarYear} / December / 31}; }

bool weekdayWorked(const WorkingHours& h, Date d) {
  // iso_encoding: Monday 1 .. Sunday 7; working_weekdays is Monday first.
  return h.working_weekdays[weekday{d}.iso_encoding() - 1];
}

std::string hhmm(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

// "Sat 30 Mar" when `d` is in the same year as `other`, else the full "Sat 30 Mar 2024".
std::string dateShort(Date d, Date other) {
  std::string s = formatDateLong(d);
  if (year_month_day{d}.year() == year_month_day{other}.year()) s.resize(s.size() - 5);
  return s;
}

}  // namespace

struct WorkingCalendar::Impl {
  CalendarSpec spec;
  const date::time_zone* zone = nullptr;
  int first = 0;                     // day number of 1995-01-01
  std::vector<DayInfo> info;         // one per day from `first`
  std::vector<std::int32_t> prefix;  // prefix[i]: working days among the first i days
  std::vector<std::int32_t> nth;     // nth[k]: day index of the (k+1)-th working day
  std::vector<std::string> labels;

  int size() const { return static_cast<int>(info.size()); }
  int clampIndex(Date d) const { return std::clamp(dayNumber(d) - first, 0, size() - 1); }
  bool inRange(Date d) const {
    int i = dayNumber(d) - first;
    return i >= 0 && i < size();
  }
  Date dateAt(int i) const { return fromDayNumber(first + i); }
  // Working days on or before `d`.
  int upTo(Date d) const {
    if (dayNumber(d) < first) return 0;
    return prefix[clampIndex(d) + 1];
  }

  std::uint32_t label(std::string s);
  void mark(Date d, Kind kind, const std::string& text);
  void fillTables();
  std::optional<std::string> why(Date d) const;
  std::string shortReason(Date d) const;
  std::string explainLabel(Date d) const;
};

std::uint32_t WorkingCalendar::Impl::label(std::string s) {
  auto it = std::find(labels.begin(), labels.end(), s);
  if (it != labels.end()) return static_cast<std::uint32_t>(it - labels.begin());
  labels.push_back(std::move(s));
  return static_cast<std::uint32_t>(labels.size() - 1);
}

// Records the stronger reason only (see Kind): a bank holiday is not relabelled as a closure.
void WorkingCalendar::Impl::mark(Date d, Kind kind, const std::string& text) {
  if (!inRange(d)) return;
  DayInfo& di = info[dayNumber(d) - first];
  if (di.kind != Kind::kWorking && di.kind <= kind) return;
  di = {kind, label(text)};
}

void WorkingCalendar::Impl::fillTables() {
  const int n = dayNumber(lastDate()) - first + 1;
  info.assign(n, DayInfo{});
  for (const auto& c : spec.closures) mark(c.date, Kind::kClosure, c.reason);
  for (const auto& h : spec.extra_holidays) mark(h.date, Kind::kBankHoliday, h.name);
  for (int y = kFirstCalendarYear; y <= kLastCalendarYear; ++y) {
    for (const auto& h : bankHolidays(spec.nation, y)) mark(h.date, Kind::kBankHoliday, h.name);
  }
  for (int i = 0; i < n; ++i) {
    if (!weekdayWorked(spec.hours, dateAt(i))) info[i] = {Kind::kOffWeekday, 0};
  }
  prefix.assign(n + 1, 0);
  nth.clear();
  for (int i = 0; i < n; ++i) {
    bool working = info[i].kind == Kind::kWorking;
    prefix[i + 1] = prefix[i] + (working ? 1 : 0);
    if (working) nth.push_back(i);
  }
}

std::optional<std::string> WorkingCalendar::Impl::why(Date d) const {
  if (!inRange(d)) {
    // Outside the tables only the working week is known.
    if (weekdayWorked(spec.hours, d)) return std::nullopt;
    return kWeekdayNames[weekday{d}.c_encoding()];
  }
  const DayInfo& di = info[dayNumber(d) - first];
  switch (di.kind) {
    case Kind::kWorking: return std::nullopt;
    case Kind::kOffWeekday: return kWeekdayNames[weekday{d}.c_encoding()];
    case Kind::kBankHoliday: return labels[di.label] + " (bank holiday)";
    case Kind::kClosure: return labels[di.label];
  }
  return std::nullopt;
}

// A reason to put in brackets: "Saturday", "Good Friday, bank holiday", "Christmas closure".
std::string WorkingCalendar::Impl::shortReason(Date d) const {
  if (!inRange(d)) return why(d).value_or("");
  const DayInfo& di = info[dayNumber(d) - first];
  switch (di.kind) {
    case Kind::kWorking: return "";
    case Kind::kOffWeekday: return kWeekdayNames[weekday{d}.c_encoding()];
    case Kind::kBankHoliday: return labels[di.label] + ", bank holiday";
    case Kind::kClosure: return labels[di.label];
  }
  return "";
}

// As shortReason, but an unworked Saturday or Sunday reads "weekend" (so explainDue can pair
// them) and another unworked weekday "not a working day" (its name is already in the date).
std::string WorkingCalendar::Impl::explainLabel(Date d) const {
  if (!inRange(d) || info[dayNumber(d) - first].kind != Kind::kOffWeekday) return shortReason(d);
  weekday w{d};
  return w == Saturday || w == Sunday ? "weekend" : "not a working day";
}

namespace {

Status validateSpec(const CalendarSpec& spec) {
  const WorkingHours& h = spec.hours;
  if (h.open_minute < 0 || h.close_minute > 24 * 60 || h.open_minute >= h.close_minute) {
    return invalid("hours", "range", "the office must open before it closes, within one day");
  }
  if (std::none_of(h.working_weekdays.begin(), h.working_weekdays.end(),
                   [](bool b) { return b; })) {
    return invalid("hours.working_weekdays", "required", "at least one weekday must be worked");
  }
  for (size_t i = 0; i < spec.closures.size(); ++i) {
    Date d = spec.closures[i].date;
    if (d < firstDate() || d > lastDate()) {
      return invalid(fmt::format("closures[{}].date", i), "range",
                     fmt::format("{} is outside the supported years {}-{}", formatDate(d),
                                 kFirstCalendarYear, kLastCalendarYear));
    }
  }
  return {};
}

// Never lets the tz library's exceptions escape: an unknown zone is the user's mistake.
Result<const date::time_zone*> locateZone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return invalid("time_zone", "time-zone",
                   fmt::format("\"{}\" is not a known time zone (use an IANA name such as "
                               "Europe/London)",
                               name.substr(0, 60)));
  }
}

}  // namespace

Result<CalendarPtr> WorkingCalendar::build(CalendarSpec spec) {
  auto zone = locateZone(spec.time_zone);
  if (!zone) return tl::unexpected(zone.error());
  if (auto ok = validateSpec(spec); !ok) return tl::unexpected(ok.error());
  auto impl = std::make_unique<Impl>();
  impl->spec = std::move(spec);
  impl->zone = *zone;
  impl->first = dayNumber(firstDate());
  impl->fillTables();
  return CalendarPtr(new WorkingCalendar(std::move(impl)));
}

WorkingCalendar::WorkingCalendar(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WorkingCalendar::~WorkingCalendar() = default;

const CalendarSpec& WorkingCalendar::spec() const { return impl_->spec; }

bool WorkingCalendar::isWorkingDay(Date d) const {
  if (!impl_->inRange(d)) return weekdayWorked(impl_->spec.hours, d);
  return impl_->info[dayNumber(d) - impl_->first].kind == Kind::kWorking;
}

std::optional<std::string> WorkingCalendar::whyNotWorking(Date d) const { return impl_->why(d); }

Date WorkingCalendar::nextWorkingDay(Date d) const { return addWorkingDays(d, 1); }

// Out of range (a REQUIRES breach) the answer is clamped to the first or last working day of
// the tables rather than read out of bounds.
Date WorkingCalendar::addWorkingDays(Date from, int n) const {
  if (n <= 0) return from;
  const auto& nth = impl_->nth;
  long long target = static_cast<long long>(impl_->upTo(from)) + n;  // 1-based ordinal
  target = std::clamp<long long>(target, 1, static_cast<long long>(nth.size()));
  return impl_->dateAt(nth[static_cast<size_t>(target - 1)]);
}

int WorkingCalendar::countWorkingDays(Date from, Date to) const {
  return impl_->upTo(to) - impl_->upTo(from);
}

std::vector<SkippedDay> WorkingCalendar::skippedDays(Date from, Date to) const {
  std::vector<SkippedDay> out;
  if (to <= from) return out;
  Date lo = std::max(from + days{1}, firstDate());
  Date hi = std::min(to, lastDate());
  for (Date d = lo; d <= hi; d += days{1}) {
    if (auto why = impl_->why(d)) out.push_back({d, std::move(*why)});
  }
  return out;
}

Date WorkingCalendar::localDate(Instant t) const { return dayZero(t).local_date; }

std::string WorkingCalendar::formatLocal(Instant t) const { return dayZero(t).local_time; }

namespace {

// A REQUIRES breach (an instant outside 1995..2100) is read as the nearest supported instant,
// a day inside the range so the local date stays in the tables in any zone.
Instant clampInstant(Instant t) {
  static const Instant lo{firstDate() + days{1}};
  static const Instant hi{lastDate() - days{1}};
  return std::clamp(t, lo, hi);
}

struct LocalReading {
  Date date;
  int minute = 0;
  std::string abbrev;
};

LocalReading readLocal(const date::time_zone* zone, Instant t) {
  t = clampInstant(t);
  try {
    auto info = zone->get_info(time_point_cast<seconds>(t));
    auto local = t + duration_cast<milliseconds>(info.offset);
    Date day = floor<days>(local);
    int minute = static_cast<int>(duration_cast<minutes>(local - day).count());
    return {day, minute, info.abbrev};
  } catch (const std::exception&) {
    Date day = floor<days>(t);  // a damaged zone file: read the instant as UTC
    return {day, static_cast<int>(duration_cast<minutes>(t - day).count()), "UTC"};
  }
}

}  // namespace

DayZero WorkingCalendar::dayZero(Instant received) const {
  LocalReading r = readLocal(impl_->zone, received);
  const WorkingHours& h = impl_->spec.hours;
  DayZero z;
  z.local_date = r.date;
  z.local_minute = r.minute;
  z.local_time = fmt::format("{} {} {}", formatDateLong(r.date), hhmm(r.minute), r.abbrev);
  std::string why;
  if (impl_->spec.day_zero_rule == DayZeroRule::kCalendarDateOfReceipt) {
    z.date = r.date;
    why = "and day zero is the calendar date of receipt";
  } else if (!isWorkingDay(r.date)) {
    z.date = nextWorkingDay(r.date);
    why = fmt::format("on a non-working day ({}), so day zero is the next working day",
                      impl_->shortReason(r.date));
  } else if (r.minute >= h.close_minute) {
    z.date = nextWorkingDay(r.date);
    why = fmt::format("{} the office closed at {}, so day zero is the next working day",
                      r.minute == h.close_minute ? "as" : "after", hhmm(h.close_minute));
  } else if (r.minute < h.open_minute) {
    z.date = r.date;
    why = fmt::format("before the office opened at {}, so it counts as received at opening and "
                      "day zero is that day",
                      hhmm(h.open_minute));
  } else {
    z.date = r.date;
    why = "during office hours, so day zero is that day";
  }
  z.explanation =
      fmt::format("Received {}, {}, {}.", z.local_time, why, formatDateLong(z.date));
  return z;
}

namespace {

// "Fri 29 Mar 2024 (Good Friday, bank holiday)" or, for a run of days with the same reason,
// "Sat 30 Mar and Sun 31 Mar 2024 (weekend)" / "Mon 23 Dec to Tue 31 Dec 2024 (closure)".
std::string describeRun(Date a, Date b, const std::string& label) {
  if (a == b) return fmt::format("{} ({})", formatDateLong(a), label);
  const char* joiner = b - a == days{1} ? "and" : "to";
  return fmt::format("{} {} {} ({})", dateShort(a, b), joiner, formatDateLong(b), label);
}

}  // namespace

std::string WorkingCalendar::explainDue(Date start, int n) const {
  Date due = addWorkingDays(start, n);
  std::string text = fmt::format("{} working day{} after {} is {}.", n, n == 1 ? "" : "s",
                                 formatDateLong(start), formatDateLong(due));
  auto skipped = skippedDays(start, due);
  if (skipped.empty()) return text;
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < skipped.size()) {
    std::string label = impl_->explainLabel(skipped[i].date);
    size_t j = i;
    while (j + 1 < skipped.size() && skipped[j + 1].date == skipped[j].date + days{1} &&
           impl_->explainLabel(skipped[j + 1].date) == label) {
      ++j;
    }
    parts.push_back(describeRun(skipped[i].date, skipped[j].date, label));
    i = j + 1;
  }
  return fmt::format("{} Not counted: {}.", text, fmt::join(parts, ", "));
}

}  // namespace charter
