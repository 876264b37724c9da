// Instants, dates and the injected TimeSource.
//
// An Instant is a UTC point in time to the millisecond; a Date is a calendar day with no zone.
// Nothing in the core reads the wall clock: the time of day reaches it only through a
// TimeSource, so every deadline test is deterministic.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "util/result.h"

namespace charter {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Date = std::chrono::sys_days;

// Parses an RFC 3339 timestamp with a zone designator: "2025-03-21T17:30:00Z",
// "2025-03-21T17:30:00+01:00", "2025-03-21T17:30:00.250+00:00". A missing offset is refused
// (a receipt time without a zone is ambiguous across BST). Errors name `field`.
Result<Instant> parseInstant(std::string_view text, std::string_view field = "at");

// Parses "YYYY-MM-DD" (a real calendar date). Errors name `field`.
Result<Date> parseDate(std::string_view text, std::string_view field = "date");

// "2025-03-21T17:30:00Z" (milliseconds shown only when non-zero).
std::string formatInstant(Instant t);
// "2025-03-21".
std::string formatDate(Date d);
// "Mon 25 Mar 2024": how dates are written in explanations and letters.
std::string formatDateLong(Date d);

// Day numbers: days since 1970-01-01, as stored in the database.
inline int dayNumber(Date d) { return static_cast<int>(d.time_since_epoch().count()); }
inline Date fromDayNumber(int n) { return Date{std::chrono::days{n}}; }
inline long long epochMillis(Instant t) { return t.time_since_epoch().count(); }
inline Instant fromEpochMillis(long long ms) { return Instant{std::chrono::milliseconds{ms}}; }

// Where the core gets "now" from.
class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual Instant now() const = 0;
};

// The wall clock; used only by src/main.
class SystemTimeSource final : public TimeSource {
 public:
  Instant now() const override;
};

// A settable clock for tests and for replaying demo data.
class FixedTimeSource final : public TimeSource {
 public:
  explicit FixedTimeSource(Instant t) : t_(t) {}
  Instant now() const override { return t_; }
  void set(Instant t) { t_ = t; }

 private:
  Instant t_;
};

}  // namespace charter
