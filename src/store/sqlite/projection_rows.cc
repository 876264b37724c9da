#include "store/sqlite/projection_rows.h"

#include "store/core/learning_store.h"
#include "store/core/report_sql.h"
#include "store/core/service_rows.h"
#include "store/sqlite/sql_database.h"

namespace charter {

Status writeLearningRows(sqlite::Connection& c, LandlordId landlord, CaseId id, const CaseState& state) {
  sqlite::SqliteSession session(c);
  for (const auto& command : store_core::learningRowCommands(landlord, id, state)) {
    if (auto r = store_core::exec(session, command); !r) return r;
  }
  return {};
}

Status writeServiceRows(sqlite::Connection& c, LandlordId landlord, CaseId id,
                        const CaseState& state, const std::vector<Clock>& clocks) {
  sqlite::SqliteSession session(c);
  for (const auto& command : store_core::serviceRowCommands(landlord, id, state, clocks)) {
    if (auto r = store_core::exec(session, command); !r) return r;
  }
  return {};
}

Status writeCaseFacts(sqlite::Connection& c, LandlordId landlord, CaseId id,
                      const CaseState& state) {
  sqlite::SqliteSession session(c);
  return store_core::exec(session, store_core::caseFactsCommand(landlord, id, state));
}

}  // namespace charter
