// SqliteAccountStore: the AccountStore port (store/core/account_store.h) on the SqliteStore's
// file. Writes go through the store's single writer (group commit, durable before they
// answer); reads use its readers.
#pragma once

#include "store/core/account_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {

class SqliteAccountStore final : public store_core::SqlAccountStore {
 public:
  explicit SqliteAccountStore(SqliteStore& store);
};

}  // namespace charter
