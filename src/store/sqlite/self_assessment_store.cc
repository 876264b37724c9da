#include "store/sqlite/self_assessment_store.h"

#include "store/sqlite/sql_database.h"

namespace charter {

SqliteSelfAssessmentStore::SqliteSelfAssessmentStore(SqliteStore& store)
    : SqlSelfAssessmentStore(std::make_unique<sqlite::StoreDatabase>(store)) {}

}  // namespace charter
