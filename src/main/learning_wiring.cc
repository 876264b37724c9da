#include "main/learning_wiring.h"

#include <spdlog/spdlog.h>

#include "store/pg/pg_learning.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/learning_store.h"

namespace charter {

namespace {
std::string& database() {
  static std::string db;
  return db;
}
}  // namespace

void setLearningDatabase(const std::string& db) { database() = db; }

std::shared_ptr<Learning> openLearning(PolicyPtr policy, const TimeSource& time) {
  const std::string& db = database();
  if (db.empty()) return nullptr;
  auto l = std::make_shared<Learning>();
  if (isPostgresDsn(db)) {
    auto s = PgLearningStore::open(db);
    if (!s) {
      spdlog::error("learning actions: {}", s.error().message);
      return nullptr;
    }
    l->store = std::move(*s);
  } else {
    auto s = SqliteLearningStore::open(db);
    if (!s) {
      spdlog::error("learning actions: {}", s.error().message);
      return nullptr;
    }
    l->store = std::move(*s);
  }
  l->service = std::make_unique<LearningService>(*l->store, std::move(policy), time);
  return l;
}

}  // namespace charter
