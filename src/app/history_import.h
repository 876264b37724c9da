// The bulk import of a landlord's case history (`charter import --landlord SLUG cases FILE`):
// legacy cases with their steps, one JSON object per line (format: docs/imports.md).
//
// Every line is replayed through the domain exactly as the API would take it: the case body
// through decideNew at its received_at, each step through decideAction at its `at` (so an
// event's recorded time is the step's time), and the clocks evaluated as of `today`, as
// `charter rebuild` would leave them. A line's error names the line and the field
// ("steps[2].decision"). Pure: the lines come from a LineSource and the cases go to a
// HistorySink (the store's bulk writer); the wall clock is never read.
//
// Cost: one decideNew, one decideAction per step and one clock evaluation per case; memory
// holds one batch of cases plus a 64-bit hash per reference seen. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/case_store.h"
#include "policy/policy.h"

namespace charter {

// One legacy case replayed: its folded state (events inside; id 0 and no reference until the
// sink gives it one) and its clocks as of the import's day.
struct ImportedCase {
  long line = 0;
  std::string ref;  // the legacy system's reference, unique within the landlord
  CaseState state;
  std::vector<Clock> clocks;
};

// What the sink found when it recomputed the monthly rollups and compared them with the rows.
struct RollupCheck {
  long long case_rows = 0;       // case_facts rows of the landlord
  long long clock_rows = 0;      // stopped clocks (met_day set) of the landlord
  long long rollup_groups = 0;   // case_months + clock_months rows
  long long mismatches = 0;      // rollup groups that differ from the rows (0, or the sink fails)
};

// A batch of cases turned into the store's rows, ready to write.
class PreparedBatch {
 public:
  virtual ~PreparedBatch() = default;
};

// The store's side of one import: one transaction, committed only by commit(). prepare() and
// write() may run on two threads at once (prepare only ever on one, write only on another):
// the rows of one batch are built while the previous batch is written.
class HistorySink {
 public:
  virtual ~HistorySink() = default;
  // True when an earlier import of this landlord already holds a case with this reference.
  virtual bool alreadyImported(std::string_view ref) const = 0;
  // Gives each case the next free id and its reference, and builds its rows: its events,
  // projections and legacy reference.
  virtual Result<std::unique_ptr<PreparedBatch>> prepare(std::vector<ImportedCase>& batch) = 0;
  // Writes prepared rows (the rollup triggers skip them). Nothing is visible until commit().
  virtual Status write(std::unique_ptr<PreparedBatch> rows) = 0;
  // Recomputes the landlord's monthly rollups from the rows once, checks them against the
  // rows (kInternal when they differ), restores the triggers and commits durably.
  virtual Result<RollupCheck> commit() = 0;
};

// Replays one line. `line` numbers the error messages.
Result<ImportedCase> replayLegacyCase(std::string_view text, long line, const Policy& policy,
                                      Date today);

struct LineError {
  long line = 0;
  Error error;
};

struct HistoryImportOptions {
  Date today{};               // clocks are evaluated as of this day
  bool skip_invalid = false;  // write the valid lines and report the others
  bool dry_run = false;       // check every line, write nothing
  std::size_t batch = 5000;   // cases handed to the sink at a time
  std::size_t max_errors = 50;  // errors kept for the report (all are counted)
};

struct HistoryImportSummary {
  long lines = 0;        // non-blank lines read
  long imported = 0;     // cases written (or, in a dry run, that would be)
  long invalid = 0;      // lines refused
  std::vector<LineError> errors;  // the first max_errors of them, in line order
  bool committed = false;
  RollupCheck check;
};

// Reads the next line into `line`; false at the end.
using LineSource = std::function<bool(std::string& line)>;
// Called after each batch: lines read so far.
using ImportProgress = std::function<void(long lines)>;

// Reads every line, replays it and writes the valid cases through `sink` in batches (lines are
// read, replayed and prepared on a second thread while the caller's thread writes). Without
// skip_invalid, the first invalid line stops the writing (the rest is still checked so the
// report lists every error) and nothing is committed; a line whose reference repeats an
// earlier line's or an earlier import's is invalid (field "ref", rule "unique"). Errors of the
// sink (a database failure, rollups that do not match) come back as the Result's error.
Result<HistoryImportSummary> importHistory(const LineSource& next, HistorySink* sink,
                                           const Policy& policy,
                                           const HistoryImportOptions& options,
                                           const ImportProgress& progress = nullptr);

// "line 12: steps[1].decision (required): ..." for the report.
std::string describe(const LineError& e);

}  // namespace charter
