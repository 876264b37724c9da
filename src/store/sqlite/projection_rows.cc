#include "store/sqlite/projection_rows.h"

#include "store/core/learning_store.h"
#include "store/core/report_sql.h"
#include "store/sqlite/sql_database.h"

namespace charter {

Status writeLearningRows(sqlite::Connection& c, LandlordId landlord, CaseId id, const CaseState& state) {
  sqlite::SqliteSession session(c);
  for (const auto& c : store_core::learningRowCommands(landlord, id, state)) {
    if (auto r = store_core::exec(session, c); !r) return r;
  }
  return {};
}

Status writeCaseFacts(sqlite::Connection& c, LandlordId landlord, CaseId id, const CaseState& state) {
  sqlite::SqliteSession session(c);
  return store_core::exec(session, store_core::caseFactsCommand(landlord, id, state));
}

}  // namespace charter
