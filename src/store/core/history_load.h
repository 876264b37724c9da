// The bulk writer behind `charter import ... cases` (app/history_import.h: HistorySink),
// written once for both databases: the rows of events, cases, clocks, case facts, learning
// rows and legacy references are built with the same functions the case stores use
// (case_rows.h, report_sql.h, learning_store.h) and handed to the dialect in large batches
// (SQLite: prepared INSERTs of 64 rows; PostgreSQL: COPY). The monthly rollups'
// triggers are paused for the import; at commit the landlord's rollups are recomputed from
// the rows with one set-based statement each, compared with the rows, and only then committed.
// A load larger than the cases table goes in without the secondary indexes, rebuilt before
// the check (BulkOptions).
//
// One transaction for the whole import, on a connection of its own: nothing is visible until
// commit, and a loader destroyed first rolls everything back. Not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <string>
#include <unordered_set>
#include <vector>

#include "app/history_import.h"
#include "store/core/sql.h"

namespace charter::store_core {

// The dialect's side: one connection inside one open transaction.
class BulkRows {
 public:
  virtual ~BulkRows() = default;
  virtual Status begin() = 0;  // opens the one transaction
  virtual SqlSession& session() = 0;
  // Appends `rows` to `table` (each row's values in `columns` order).
  virtual Status load(const std::string& table, const std::vector<std::string>& columns,
                      const std::vector<SqlValues>& rows) = 0;
  // From now until resumeRollups, writes in this transaction do not touch the rollups.
  virtual Status pauseRollups() = 0;
  virtual Status resumeRollups() = 0;
  // Takes what serialises id allocation for the landlord with running servers, to COMMIT.
  virtual Status lockLandlord(LandlordId landlord) = 0;
  // Rows of the cases table, every landlord's: what rebuilt indexes are rebuilt over.
  virtual Result<long long> tableRows() = 0;
  // Drops the secondary indexes of the tables the import fills (kept, word for word) so that
  // the cases of `landlord` from id `first` on go in without them; restoreIndexes builds them
  // again in one sorted pass each, before the rollups are checked. Default: keeps them.
  virtual Status dropIndexes(LandlordId /*landlord*/, CaseId /*first*/) { return {}; }
  virtual Status restoreIndexes() { return {}; }
  virtual Status commit() = 0;  // durably; otherwise the destructor rolls back
};

// The table and column list of an "INSERT INTO t (a, b, ...) VALUES" statement.
struct InsertShape {
  std::string table;
  std::vector<std::string> columns;
};
InsertShape insertShape(const char* insert_sql);

// The statements that recompute one landlord's rollups ($1 the landlord), and the one that
// counts the rollup groups differing from the rows (0 when they agree).
std::vector<std::string> rollupRecomputeSql(Dialect d);
std::string rollupMismatchSql(Dialect d);

struct BulkOptions {
  // The indexes are dropped once this many cases are written and at least as many as the
  // cases table held before (building an index over N rows costs less than keeping it over N
  // inserts); restored before commit. 0: never dropped.
  long long rebuild_indexes_after = 50000;
  // Told when the indexes are dropped ("indexes dropped") and rebuilt ("indexes rebuilt").
  std::function<void(std::string_view)> on_stage;
};

class HistoryLoader final : public HistorySink {
 public:
  // Opens the transaction, locks the landlord's id allocation, reads its next case id and its
  // imported references, and pauses the rollup triggers.
  static Result<std::unique_ptr<HistorySink>> begin(std::unique_ptr<BulkRows> rows,
                                                    LandlordId landlord,
                                                    BulkOptions options = {});

  bool alreadyImported(std::string_view ref) const override;
  // prepare touches only the ids, write only the connection (app/history_import.h).
  Result<std::unique_ptr<PreparedBatch>> prepare(std::vector<ImportedCase>& batch) override;
  Status write(std::unique_ptr<PreparedBatch> rows) override;
  Result<RollupCheck> commit() override;

 private:
  HistoryLoader(std::unique_ptr<BulkRows> rows, LandlordId landlord, BulkOptions options)
      : rows_(std::move(rows)), landlord_(landlord), options_(options) {}
  Status start();
  Status maybeDropIndexes(CaseId first);

  std::unique_ptr<BulkRows> rows_;
  LandlordId landlord_;
  BulkOptions options_;
  CaseId next_id_ = 1;
  long long rows_before_ = 0;  // the cases table's rows when the import began
  long long written_ = 0;      // cases written so far
  bool indexes_dropped_ = false;
  std::unordered_set<std::string> existing_;
};

}  // namespace charter::store_core
