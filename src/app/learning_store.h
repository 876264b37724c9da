// The learning port: what the action plans, the "you said, we did" list and the annual report
// read about learning actions and the Ombudsman. Implemented once for both databases by
// store/core/learning_store.*, over the projection tables of migrations/0007_learning.sql that
// both CaseStores write beside a case's events (learningRowCommands).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/case_store.h"

namespace charter {

struct LearningActionRow {
  CaseId case_id = 0;
  std::string reference;  // the case's
  int number = 0;
  std::string service_area;
  std::string lesson;
  std::string owner;
  std::string you_said;
  Date raised_on{};
  Date due{};
  std::optional<Date> completed_on;
  std::string improvement;
  bool published = false;
};

struct OmbudsmanCaseRow {
  CaseId case_id = 0;
  std::string reference;  // the case's
  std::string ombudsman_ref;
  std::string basis;
  Date referred_on{};
  std::optional<Date> determined_on;
  std::string outcome;
  double compensation = 0;  // pounds
};

struct OmbudsmanOrderRow {
  CaseId case_id = 0;
  int number = 0;
  std::string description;
  Date made_on{};
  Date due{};
  std::optional<Date> completed_on;
};

// A Complaint Handling Failure Order (domain/chfo.h) as the annual report reads it.
struct OmbudsmanChfoRow {
  CaseId case_id = 0;
  std::string reference;  // the case's
  int number = 0;
  std::string provision;
  std::string description;  // the order
  Date issued_on{};
  Date comply_by{};
  std::optional<Date> completed_on;
};

class LearningStore {
 public:
  virtual ~LearningStore() = default;
  // Learning actions open at some time in [from, to]: raised on or before `to` and not
  // completed before `from`. Ordered by due date, case, number.
  virtual Result<std::vector<LearningActionRow>> learningActions(LandlordId landlord, Date from,
                                                                 Date to) = 0;
  // Completed, published actions, the most recently completed first.
  virtual Result<std::vector<LearningActionRow>> publishedActions(LandlordId landlord,
                                                                  int limit) = 0;
  // Ombudsman cases referred or determined in [from, to].
  virtual Result<std::vector<OmbudsmanCaseRow>> ombudsmanCases(LandlordId landlord, Date from,
                                                               Date to) = 0;
  // Orders made, due or complied with in [from, to], or still open and due before `to`.
  virtual Result<std::vector<OmbudsmanOrderRow>> ombudsmanOrders(LandlordId landlord, Date from,
                                                                 Date to) = 0;
  // CHFOs issued on or before `to` and issued, due, complied with or still open in [from, to],
  // by case and number.
  virtual Result<std::vector<OmbudsmanChfoRow>> ombudsmanChfos(LandlordId landlord, Date from,
                                                               Date to) = 0;
};

}  // namespace charter
