#include "store/sqlite/person_store.h"

#include "store/sqlite/sql_database.h"

namespace charter {

SqlitePersonStore::SqlitePersonStore(SqliteStore& store)
    : SqlPersonStore(std::make_unique<sqlite::StoreDatabase>(store)) {}

}  // namespace charter
