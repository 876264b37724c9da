// PostgreSQL side of learning actions and the Ombudsman (store/core/learning_store.h):
//   * learningRowSteps: the statements that replace a case's rows, which PgStore sends in the
//     same pipeline (and transaction) as the case's events and projection;
//   * PgLearningStore: the LearningStore, on its own connection.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/core/learning_store.h"
#include "store/pg/pg_conn.h"

namespace charter {

// Nothing for a case with no learning action and no referral (it never had any rows).
std::vector<pg::PgConn::Step> learningRowSteps(LandlordId landlord, CaseId id,
                                               const CaseState& state);
// Every statement above and below, for the landlord-scoping test.
inline std::vector<std::string> pgLearningStatements() {
  return store_core::learningStatements();
}

class PgLearningStore final : public store_core::SqlLearningStore {
 public:
  static Result<std::unique_ptr<PgLearningStore>> open(const std::string& dsn);

 private:
  explicit PgLearningStore(std::unique_ptr<store_core::SqlDatabase> db)
      : SqlLearningStore(std::move(db)) {}
};

}  // namespace charter
