// PostgreSQL side of learning actions and the Ombudsman (migrations/0007_learning.sql):
//   * learningRowSteps: the statements that replace a case's rows, which PgStore sends in the
//     same pipeline (and transaction) as the case's events and projection;
//   * PgLearningStore: the LearningStore (app/learning_store.h), on its own connection.
// Every statement is scoped by landlord_id = $1 (PgStore::statements() lists them).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/learning_store.h"

struct pg_conn;

namespace charter {

struct PgLearningStep {
  const char* name;
  const char* sql;
  std::vector<std::optional<std::string>> params;  // text format; nullopt is NULL
};

// Nothing for a case with no learning action and no referral (it never had any rows).
std::vector<PgLearningStep> learningRowSteps(LandlordId landlord, CaseId id,
                                             const CaseState& state);
// Every statement above and below, for the landlord-scoping test.
std::vector<std::string> pgLearningStatements();

class PgLearningStore final : public LearningStore {
 public:
  static Result<std::unique_ptr<PgLearningStore>> open(const std::string& dsn);
  ~PgLearningStore() override;

  Result<std::vector<LearningActionRow>> learningActions(LandlordId landlord, Date from,
                                                         Date to) override;
  Result<std::vector<LearningActionRow>> publishedActions(LandlordId landlord, int limit) override;
  Result<std::vector<OmbudsmanCaseRow>> ombudsmanCases(LandlordId landlord, Date from,
                                                       Date to) override;
  Result<std::vector<OmbudsmanOrderRow>> ombudsmanOrders(LandlordId landlord, Date from,
                                                         Date to) override;

 private:
  explicit PgLearningStore(pg_conn* c) : c_(c) {}
  Result<std::vector<LearningActionRow>> actions(const char* sql, LandlordId landlord,
                                                 std::int64_t a, std::int64_t b);
  template <class Row, class Decode>
  Result<std::vector<Row>> rows(const char* sql, LandlordId landlord, std::int64_t a,
                                std::int64_t b, std::string_view what, Decode decode);
  pg_conn* c_;
  std::mutex mu_;
};

}  // namespace charter
