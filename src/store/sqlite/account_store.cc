#include "store/sqlite/account_store.h"

#include "store/sqlite/sql_database.h"

namespace charter {

SqliteAccountStore::SqliteAccountStore(SqliteStore& store)
    : SqlAccountStore(std::make_unique<sqlite::StoreDatabase>(store)) {}

}  // namespace charter
