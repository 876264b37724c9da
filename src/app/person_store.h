// The person-stream port: events about a person rather than a case (contact warnings and
// restrictions, domain/restrictions.h), kept in migrations/0015_person_events.sql. Implemented
// once for both databases by store/core/person_store.* (SQLite through the case store's writer,
// PostgreSQL on its own connections).
//
// Events are append-only and are the record: nothing derived from them is stored, so
// `charter rebuild` has nothing to redo and they survive it. The one change allowed is
// retention's (app/subject_access.h): once the person's stream carries an "anonymised" event,
// the data of their events may be replaced; the databases refuse anything else (migration 0018).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/case_store.h"

namespace charter {

class PersonStore {
 public:
  virtual ~PersonStore() = default;
  // The person's events in order (empty when there are none).
  virtual Result<std::vector<Event>> personEvents(LandlordId landlord,
                                                  std::string_view person_ref) = 0;
  // Appends `events` in one durable transaction. REQUIRES their seq continue the stored
  // history with no gap: otherwise (a concurrent write came first) kConflict, nothing kept.
  virtual Status appendPersonEvents(LandlordId landlord, std::string_view person_ref,
                                    const std::vector<Event>& events) = 0;
  // Every person of the landlord with events, each with their events in order, by person_ref.
  // Warnings and restrictions are few; My work reads this.
  virtual Result<std::vector<std::pair<std::string, std::vector<Event>>>> allPersonEvents(
      LandlordId landlord) = 0;
  // Replaces the data of the person's events `seq` with the JSON text given, in one
  // transaction. REQUIRES an "anonymised" event in the person's stream: otherwise the database
  // refuses (kConflict or kInternal) and nothing changes.
  virtual Status redactPersonEvents(LandlordId landlord, std::string_view person_ref,
                                    const std::vector<std::pair<int, std::string>>& data) = 0;
};

}  // namespace charter
