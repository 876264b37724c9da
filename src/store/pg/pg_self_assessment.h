// PgSelfAssessmentStore: the SelfAssessmentStore (store/core/self_assessment_store.h) on the
// PgStore's database, through a connection of its own.
#pragma once

#include <memory>
#include <string>

#include "store/core/self_assessment_store.h"

namespace charter {

class PgSelfAssessmentStore final : public store_core::SqlSelfAssessmentStore {
 public:
  // REQUIRES: the schema is migrated (PgStore::open first).
  static Result<std::unique_ptr<PgSelfAssessmentStore>> open(const std::string& dsn);

 private:
  explicit PgSelfAssessmentStore(std::unique_ptr<store_core::SqlDatabase> db)
      : SqlSelfAssessmentStore(std::move(db)) {}
};

}  // namespace charter
