// Phones and reception: the call records a telephony system exports and the reception visit
// log, which the contact measures read (measures/contact.h; calls_percent, visits_percent).
//
// Times are the landlord's wall clock to the second (LocalTime: no zone), as a telephony export
// and a reception desk record them; a wait is the difference of two of them, and a record
// belongs to the period its local date falls in. A record is keyed by its id within the
// landlord: recording the same id again replaces it, so nothing is counted twice.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"
#include "util/time.h"

namespace charter {

using LocalTime = std::chrono::local_seconds;

struct CallRecord {
  std::string call_id;
  LocalTime started{};
  long wait_seconds = 0;     // until answered, or until the caller gave up
  bool answered = false;     // false: abandoned
  bool transferred = false;  // passed on to a second response
  // The second response's wait (in person or to voicemail), when the export records it.
  std::optional<long> transfer_wait_seconds;
};

struct ReceptionVisit {
  std::string visit_id;
  LocalTime arrived{};
  std::string came_to_see;  // the officer asked for; "" = anyone
  std::optional<LocalTime> seen;
  std::string seen_by;      // "" until seen

  // Seen by someone other than the officer asked for.
  bool anotherOfficer() const {
    return seen && !came_to_see.empty() && !seen_by.empty() && seen_by != came_to_see;
  }
};

// "2026-03-02 09:14", "2026-03-02T09:14:05" (a local time: no zone). Errors name `field`.
Result<LocalTime> parseLocalTime(std::string_view text, std::string_view field);
// "2026-03-02 09:14:05".
std::string formatLocalTime(LocalTime t);
// "9:14am" (for pages).
std::string formatClockTime(LocalTime t);

inline long long localSeconds(LocalTime t) { return t.time_since_epoch().count(); }
inline LocalTime fromLocalSeconds(long long s) { return LocalTime{std::chrono::seconds{s}}; }
inline Date localDay(LocalTime t) {
  return Date{std::chrono::floor<std::chrono::days>(t).time_since_epoch()};
}

}  // namespace charter
