// SqliteSelfAssessmentStore: the SelfAssessmentStore (store/core/self_assessment_store.h) on the
// SqliteStore's file: writes through its single writer (durable before they answer), reads on
// its readers.
#pragma once

#include "store/core/self_assessment_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {

class SqliteSelfAssessmentStore final : public store_core::SqlSelfAssessmentStore {
 public:
  // `store` must outlive this.
  explicit SqliteSelfAssessmentStore(SqliteStore& store);
};

}  // namespace charter
