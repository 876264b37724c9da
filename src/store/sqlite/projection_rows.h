// The learning and Ombudsman projection (migrations/0007_learning.sql) and the case-facts
// projection (0005_reports.sql) on SQLite: the statements of store/core, run by SqliteStore
// beside `cases` and `clocks` in the same transaction (so `charter rebuild` re-derives them).
#pragma once

#include <vector>

#include "app/case_store.h"
#include "domain/clocks.h"

struct sqlite3;

namespace charter {
namespace sqlite {
class Connection;
}  // namespace sqlite

// Replaces the case's learning rows. A case with no learning action and no referral has none
// (events are append-only, so it never had any): nothing is written.
Status writeLearningRows(sqlite::Connection& c, LandlordId landlord, CaseId id, const CaseState& state);

// Replaces the case's service rows (migrations/0020_services.sql; store/core/service_rows.h).
Status writeServiceRows(sqlite::Connection& c, LandlordId landlord, CaseId id, const CaseState& state,
                        const std::vector<Clock>& clocks);

// Upserts the case's facts row.
Status writeCaseFacts(sqlite::Connection& c, LandlordId landlord, CaseId id, const CaseState& state);

}  // namespace charter
