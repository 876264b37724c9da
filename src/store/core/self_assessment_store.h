// The SelfAssessmentStore port (app/self_assessment_store.h) over a SqlDatabase, written once
// for both databases (migrations/0016_self_assessment.sql). Every statement is scoped by
// landlord_id = $1 (selfAssessmentStatements() lists them for the landlord-scoping test).
// Publication is a conditional write (WHERE published_at IS NULL), so a published year stays
// frozen even under concurrent writers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/self_assessment_store.h"
#include "store/core/sql.h"

namespace charter::store_core {

std::vector<std::string> selfAssessmentStatements();

class SqlSelfAssessmentStore : public SelfAssessmentStore {
 public:
  explicit SqlSelfAssessmentStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

  Result<std::optional<SelfAssessmentRecord>> find(LandlordId landlord,
                                                   const std::string& period) override;
  Status saveDraft(LandlordId landlord, const SelfAssessmentRecord& draft) override;
  Status publish(LandlordId landlord, const std::string& period, Instant at,
                 const std::string& by, const std::string& snapshot) override;
  Result<std::vector<SelfAssessmentRecord>> list(LandlordId landlord) override;

 private:
  std::unique_ptr<SqlDatabase> db_;
};

}  // namespace charter::store_core
