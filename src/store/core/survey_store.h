// Satisfaction surveys (app/surveys.h) for both databases, over a SqlDatabase (SQLite through
// the case store's writer, PostgreSQL on its own connections), and the tally the
// satisfaction_percent measures read (the report stores call satisfactionTally). Every
// statement is scoped by landlord_id = $1 (surveyStatements() lists them for the check in
// tests/store/).
//
// An offer is an INSERT ... ON CONFLICT DO NOTHING on (landlord, case, trigger), so offering
// again keeps the first token; an answer is one UPDATE guarded by "satisfaction IS NULL".
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/surveys.h"
#include "measures/source.h"
#include "store/core/sql.h"

namespace charter::store_core {

class SqlSurveyStore final : public SurveyStore {
 public:
  explicit SqlSurveyStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

  Status offer(LandlordId landlord, const std::vector<SurveyOffer>& offers) override;
  Result<std::vector<SurveyOffer>> forCase(LandlordId landlord, CaseId id) override;
  Result<std::optional<SurveyOffer>> byToken(LandlordId landlord,
                                             const std::string& token) override;
  Status answer(LandlordId landlord, CaseId id, const std::string& trigger,
                const SurveyAnswer& answer, Instant at, Date day, const std::string& by) override;

 private:
  std::unique_ptr<SqlDatabase> db_;
};

// Answers of `landlord` given on days p.start..p.end that `q` selects.
Result<measures::SatisfactionTally> satisfactionTally(SqlSession& s, LandlordId landlord,
                                                      const measures::SatisfactionQuery& q,
                                                      Date start, Date end);

std::vector<std::string> surveyStatements();

}  // namespace charter::store_core
