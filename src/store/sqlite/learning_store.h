// SqliteLearningStore: the LearningStore (app/learning_store.h) on a SQLite database that a
// SqliteStore writes. Its own read-only connection (WAL: readers never block the writer),
// one query at a time.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string_view>

#include <sqlite3.h>

#include "app/learning_store.h"

namespace charter {

class SqliteLearningStore final : public LearningStore {
 public:
  // REQUIRES: the database exists and is migrated (a SqliteStore opened it first).
  static Result<std::unique_ptr<SqliteLearningStore>> open(const std::filesystem::path& path);
  ~SqliteLearningStore() override;

  Result<std::vector<LearningActionRow>> learningActions(LandlordId landlord, Date from,
                                                         Date to) override;
  Result<std::vector<LearningActionRow>> publishedActions(LandlordId landlord, int limit) override;
  Result<std::vector<OmbudsmanCaseRow>> ombudsmanCases(LandlordId landlord, Date from,
                                                       Date to) override;
  Result<std::vector<OmbudsmanOrderRow>> ombudsmanOrders(LandlordId landlord, Date from,
                                                         Date to) override;

 private:
  explicit SqliteLearningStore(sqlite3* db) : db_(db) {}
  Result<std::vector<LearningActionRow>> actions(const char* sql, LandlordId landlord,
                                                 std::int64_t a, std::int64_t b);
  template <class Row, class Decode>
  Result<std::vector<Row>> rows(const char* sql, LandlordId landlord, std::int64_t a,
                                std::int64_t b, std::string_view what, Decode decode);
  sqlite3* db_;
  std::mutex mu_;
};

}  // namespace charter
