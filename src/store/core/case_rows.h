// What both case stores do with a case's rows, apart from the SQL that moves them: reading a
// history back (checking it has no gap), the checks before an append, the values of the
// projection rows (cases, clocks). Rebuilding projections: store/core/rebuild.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/case_store.h"
#include "store/core/case_sql.h"

namespace charter::store_core {

// Folds a case from its stored events, read in seq order.
class HistoryReader {
 public:
  explicit HistoryReader(CaseId id) : id_(id) {}
  // One stored event; kInternal when its data is not JSON or its seq leaves a gap.
  Status add(std::int64_t seq, std::string_view type, std::int64_t at_ms,
             std::int64_t recorded_ms, std::string_view actor, std::string_view data);
  // The folded case, or nullopt when there were no events. An empty reference is the
  // case's default (caseReference). The events are moved into the case: the reader is empty
  // afterwards.
  std::optional<CaseState> finish(std::string reference);

 private:
  CaseId id_;
  std::vector<Event> events_;
};

// Checks an append's arguments before anything is written (kInternal: a caller's bug).
Status checkAppend(CaseId id, const std::vector<Event>& new_events, const CaseProjection& p);
// Checks the new events continue a stored history of `current` events: kConflict
// ("concurrent-write") when another write got there first, kInternal on a gap or when the
// projection folds a different number of events.
Status checkContinues(CaseId id, const std::vector<Event>& new_events, const CaseState& state,
                      std::int64_t current);
// The kConflict an append returns when another write stored the same event first.
Error concurrentWrite(CaseId id);

// The values of the kUpsertCase row for a case and its clocks.
std::vector<SqlValue> caseRow(LandlordId landlord, CaseId id, const CaseState& state,
                              const std::vector<Clock>& clocks);
// The values of one kInsertClock row.
std::vector<SqlValue> clockRow(LandlordId landlord, CaseId id, const CaseState& state,
                               const Clock& k);
// The values of one kInsertEvent row (kInternal when the data cannot be serialised).
Result<std::vector<SqlValue>> eventRow(LandlordId landlord, CaseId id, const Event& e);

// A writer transaction that can also rewrite a projection without appending (rebuild).
class ProjectingTxn : public CaseTxn {
 public:
  virtual Status writeProjection(CaseId id, const CaseState& state,
                                 const std::vector<Clock>& clocks) = 0;
};

}  // namespace charter::store_core
