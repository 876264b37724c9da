// SqlPersonStore: the PersonStore port (app/person_store.h) over a SqlDatabase, for SQLite
// (store/sqlite/person_store.h, through the case store's writer) and PostgreSQL
// (store/pg/pg_person_store.h, its own connections) alike. Every statement is scoped by
// landlord_id = $1 (personStatements() lists them for the check in tests/store/).
//
// An append reads the person's last seq and inserts inside one transaction; two writers that
// raced to the same seq meet the primary key, and the loser gets kConflict.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/person_store.h"
#include "store/core/sql.h"

namespace charter::store_core {

class SqlPersonStore : public PersonStore {
 public:
  explicit SqlPersonStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

  Result<std::vector<Event>> personEvents(LandlordId landlord,
                                          std::string_view person_ref) override;
  Status appendPersonEvents(LandlordId landlord, std::string_view person_ref,
                            const std::vector<Event>& events) override;
  Result<std::vector<std::pair<std::string, std::vector<Event>>>> allPersonEvents(
      LandlordId landlord) override;
  Status redactPersonEvents(LandlordId landlord, std::string_view person_ref,
                            const std::vector<std::pair<int, std::string>>& data) override;

 private:
  std::unique_ptr<SqlDatabase> db_;
};

std::vector<std::string> personStatements();

}  // namespace charter::store_core
