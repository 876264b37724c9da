// SqlAdminStore: the AdminStore port (app/admin_store.h) over the admin_changes and
// landlord_contacts tables of migrations/0024_admin_changes.sql and the accounts and sessions
// tables, written once for both databases. Every statement is scoped by landlord_id = $1; each
// call is one transaction, durable when it answers. Change ids are max + 1 within the landlord,
// on PostgreSQL under the account store's advisory lock on (landlord, table 4).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/admin_store.h"
#include "store/core/sql.h"

namespace charter::store_core {

// Every statement, in PostgreSQL's form, for the landlord-scoping test.
std::vector<std::string> adminStatements();

class SqlAdminStore final : public AdminStore {
 public:
  explicit SqlAdminStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

  Status recordChange(const AdminChange& change) override;
  Result<std::vector<AdminChange>> changes(LandlordId landlord, int limit) override;
  Status setAccountDisabled(LandlordId landlord, std::int64_t account_id, bool disabled,
                            const AdminChange& change) override;
  Status setPasswordHash(LandlordId landlord, std::int64_t account_id, const std::string& hash,
                         const AdminChange& change) override;
  Result<std::optional<LandlordContact>> contact(LandlordId landlord) override;
  Status setContact(LandlordId landlord, const LandlordContact& contact,
                    const AdminChange& change) override;

 private:
  // Runs `change_first` (when given; kNotFound `missing` when it changes no row), then writes
  // `change`, in one transaction.
  Status writeWith(LandlordId landlord, std::vector<Command> first, const std::string& missing,
                   const AdminChange& change);
  std::unique_ptr<SqlDatabase> db_;
};

}  // namespace charter::store_core
