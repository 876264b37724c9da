// Wiring for learning actions and the Ombudsman (issue 4): the LearningStore for the database
// being served (SQLite or PostgreSQL) and its service, shared by the API, the web pages and the
// annual report.
#pragma once

#include <memory>
#include <string>

#include "app/learning_service.h"
#include "app/learning_store.h"

namespace charter {

struct Learning {
  std::unique_ptr<LearningStore> store;
  std::unique_ptr<LearningService> service;
};

// Remembers the database `charter serve` opens (the store must have migrated it first).
void setLearningDatabase(const std::string& db);
// nullptr (logged) when the learning store cannot be opened.
std::shared_ptr<Learning> openLearning(PolicyPtr policy, const TimeSource& time);

}  // namespace charter
