// Learning actions and the Ombudsman (migrations/0007_learning.sql), written once for both
// databases:
//   * learningRowCommands: the statements that replace a case's projection rows, which each
//     CaseStore runs in the transaction that appends the case's events;
//   * SqlLearningStore: the LearningStore port (app/learning_store.h) over a SqlDatabase.
// Every statement is scoped by landlord_id = $1 (learningStatements() lists them).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/learning_store.h"
#include "store/core/sql.h"

namespace charter::store_core {

// Nothing for a case with no learning action and no referral (events are append-only, so it
// never had any rows).
std::vector<Command> learningRowCommands(LandlordId landlord, CaseId id, const CaseState& state);

// Every statement above and below, in PostgreSQL's form, for the landlord-scoping test.
std::vector<std::string> learningStatements();

class SqlLearningStore : public LearningStore {
 public:
  explicit SqlLearningStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

  Result<std::vector<LearningActionRow>> learningActions(LandlordId landlord, Date from,
                                                         Date to) override;
  Result<std::vector<LearningActionRow>> publishedActions(LandlordId landlord, int limit) override;
  Result<std::vector<OmbudsmanCaseRow>> ombudsmanCases(LandlordId landlord, Date from,
                                                       Date to) override;
  Result<std::vector<OmbudsmanChfoRow>> ombudsmanChfos(LandlordId landlord, Date from,
                                                       Date to) override;
  Result<std::vector<OmbudsmanOrderRow>> ombudsmanOrders(LandlordId landlord, Date from,
                                                         Date to) override;

 private:
  std::unique_ptr<SqlDatabase> db_;
};

}  // namespace charter::store_core
