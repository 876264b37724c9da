// The storage port: what the app layer needs from a database. Implemented by
// store/sqlite (and later store/pg); only src/main names a concrete store.
//
// Writes go through write(): the work runs inside one transaction on the store's single
// writer, sees every earlier write (including earlier work in the same group commit), and
// write() returns only after the transaction is durably committed. If the work returns an
// error, nothing it did is kept and the error is returned. Reads never block writes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"
#include "app/outbox_message.h"
#include "domain/clocks.h"
#include "util/result.h"

namespace charter {

using LandlordId = std::int64_t;

// What the store keeps beside a case's events: the folded state and its clocks, written in
// the same transaction as the events they were derived from.
struct CaseProjection {
  const CaseState* state = nullptr;
  const std::vector<Clock>* clocks = nullptr;
};

// The view of one transaction on the writer.
class CaseTxn {
 public:
  virtual ~CaseTxn() = default;
  // The case's full history, folded; nullopt when there is no such case.
  virtual Result<std::optional<CaseState>> load(CaseId id) = 0;
  // A fresh id for a new case (unique within the landlord).
  virtual Result<CaseId> nextCaseId() = 0;
  // Appends `new_events` (REQUIRES: their seq continue the stored history with no gap; a
  // clash is a kConflict, the concurrent-write guard) and replaces the case's projection.
  virtual Status append(CaseId id, const std::vector<Event>& new_events,
                        const CaseProjection& projection) = 0;
  // Queues `m` in the outbox (app/outbox.h) in this transaction: it is kept exactly when the
  // events appended beside it are. REQUIRES: its case exists (appended first). A message with
  // the same key already queued is a kConflict.
  virtual Status enqueue(const OutboxMessage& m) = 0;
};

// A case list query. CaseService::list checks it (app/case_query.h: checkCaseQuery) before a
// store sees it, so a store may trust it: stage is 1 or 2, limit is 1..500, text is not empty.
struct CaseQuery {
  std::optional<CaseKind> kind;
  std::optional<int> stage;           // 1 | 2
  std::optional<CaseStatus> status;
  std::optional<bool> overdue;        // an unmet clock past due as of `today`, on a case not
                                      // finished (domain isFinished)
  std::optional<Date> due_before;     // next due date before this
  std::optional<std::string> handler;
  std::optional<std::string> owner;   // cases this person or team owns (exact, as assigned)
  bool unassigned = false;            // only cases not finished that have no owner
  // Every term of searchTerms(text) (app/case_search.h) is in the case's search text:
  // reference, name, address, email, phone, tenancy reference and summary.
  std::optional<std::string> text;
  // A whole phone number (wholePhone) is looked for in the whole search text like any term,
  // not by equality on the case's phone (CaseService::list asks this when no phone equals it).
  bool phone_in_text = false;
  std::optional<std::string> person_ref;  // only cases about this person (person.account)
  std::optional<std::string> service_area;  // exact, as recorded at receipt
  // Only cases with a clock not yet met whose name starts with this ("translation.": the
  // letters waiting for a translation), read from the clock rows.
  std::optional<std::string> open_clock_prefix;
  // Received on or after / before these instants (CaseService::list sets them from the
  // landlord-local dates received_from / received_to; a store reads only the instants).
  std::optional<Date> received_from;
  std::optional<Date> received_to;    // inclusive
  std::optional<Instant> received_since;
  std::optional<Instant> received_before;
  Date today{};
  int limit = 50;
  bool newest_first = false;          // case ids descending (ascending otherwise)
  std::optional<CaseId> after;        // the cursor: ids after this in the order asked for
};

// One row of a case list (from the projection; no history is folded).
struct CaseSummary {
  CaseId id = 0;
  std::string reference;
  std::string kind;
  std::string channel;
  std::string status;
  int stage = 0;
  std::string summary;
  std::string person_name;
  std::string handler;
  std::string owner;                  // "" when not assigned
  Instant received_at{};
  std::optional<Date> next_due;
  std::string next_clock;
};

struct CasePage {
  std::vector<CaseSummary> cases;
  std::optional<CaseId> next_cursor;
};

// The writer's counters since the store opened, for an operator's metrics.
struct WriterStats {
  long commits = 0;          // group commits that committed
  long jobs = 0;             // writes carried, committed or not
  long failed_batches = 0;   // group commits that failed as a whole (nothing kept)
  long retries = 0;          // batches re-run after a serialization failure or deadlock
  long queued = 0;           // writes waiting now
  long long batch_nanos = 0; // time spent running batches, BEGIN to COMMIT
};

// What an operator watches for one landlord as of `today`: open cases by kind, and unmet
// clocks of open cases past their due date by clock name.
struct CaseGauges {
  std::vector<std::pair<std::string, long long>> open_by_kind;
  std::vector<std::pair<std::string, long long>> overdue_by_clock;
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  virtual Status write(LandlordId landlord, const std::function<Status(CaseTxn&)>& work) = 0;
  virtual Result<std::optional<CaseState>> load(LandlordId landlord, CaseId id) = 0;
  virtual Result<CasePage> list(LandlordId landlord, const CaseQuery& query) = 0;
  // Every case id of the landlord, ascending (for rebuild).
  virtual Result<std::vector<CaseId>> caseIds(LandlordId landlord) = 0;
  // Rewrites every projection from events, in batches; `project` computes one case's clocks.
  // Returns the number of cases rebuilt.
  virtual Result<long> rebuild(
      LandlordId landlord,
      const std::function<std::vector<Clock>(const CaseState&)>& project) = 0;
  // True once migrations have run and the writer is accepting work.
  virtual bool ready() const = 0;
  // The writer's counters (zero for a store without a writer).
  virtual WriterStats writerStats() const { return {}; }
  // Two grouped reads of the projection; kUnavailable for a store that cannot count.
  virtual Result<CaseGauges> gauges(LandlordId, Date) {
    return unavailable("This store does not count cases.");
  }
};

}  // namespace charter
