#include "store/core/admin_store.h"

#include <fmt/format.h>

namespace charter::store_core {
namespace {

// The account store's id lock (store/core/account_store.cc), table 4: admin_changes.
constexpr Sql kLockChanges{"admin_lock_changes", "SELECT pg_advisory_xact_lock($1 * 16 + 4)"};
constexpr Sql kMaxChange{"admin_max_change",
                         "SELECT coalesce(max(change_id), 0) FROM admin_changes "
                         "WHERE landlord_id = $1"};
constexpr Sql kInsertChange{
    "admin_insert_change",
    "INSERT INTO admin_changes (landlord_id, change_id, at_ms, actor, action, subject, detail) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr Sql kChanges{
    "admin_changes",
    "SELECT landlord_id, change_id, at_ms, actor, action, subject, detail FROM admin_changes "
    "WHERE landlord_id = $1 ORDER BY change_id DESC LIMIT $2"};
constexpr Sql kSetDisabled{"admin_set_disabled",
                           "UPDATE accounts SET disabled = $3 "
                           "WHERE landlord_id = $1 AND account_id = $2"};
constexpr Sql kSetPassword{
    "admin_set_password",
    "UPDATE accounts SET password_hash = $3, failed_attempts = 0, locked_until_ms = 0 "
    "WHERE landlord_id = $1 AND account_id = $2"};
constexpr Sql kEndSessions{"admin_end_sessions",
                           "DELETE FROM sessions WHERE landlord_id = $1 AND account_id = $2"};
constexpr Sql kContact{"admin_contact",
                       "SELECT phone, email, address FROM landlord_contacts "
                       "WHERE landlord_id = $1"};
constexpr Sql kUpsertContact{
    "admin_upsert_contact",
    "INSERT INTO landlord_contacts (landlord_id, phone, email, address, updated_ms) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (landlord_id) DO UPDATE SET "
    "phone = excluded.phone, email = excluded.email, address = excluded.address, "
    "updated_ms = excluded.updated_ms"};
constexpr Sql kAll[] = {kLockChanges, kMaxChange,   kInsertChange, kChanges, kSetDisabled,
                        kSetPassword, kEndSessions, kContact,      kUpsertContact};

AdminChange changeRow(const RowReader& r) {
  return AdminChange{r.i64(0), r.i64(1), r.instant(2), r.text(3), r.text(4), r.text(5), r.text(6)};
}

LandlordContact contactRow(const RowReader& r) {
  return LandlordContact{r.text(0), r.text(1), r.text(2)};
}

Status insertChange(SqlSession& s, LandlordId landlord, const AdminChange& c) {
  if (s.dialect() == Dialect::kPostgres) {
    if (auto l = exec(s, Command(kLockChanges, {landlord})); !l) return l;
  }
  auto max = scalar(s, Command(kMaxChange, {landlord}));
  if (!max) return tl::unexpected(max.error());
  return exec(s, Command(kInsertChange, {landlord, *max + 1, sqlMillis(c.at), c.actor, c.action,
                                         c.subject, c.detail}));
}

}  // namespace

std::vector<std::string> adminStatements() {
  std::vector<std::string> out;
  for (const Sql& s : kAll) out.emplace_back(s.text);
  return out;
}

Status SqlAdminStore::writeWith(LandlordId landlord, std::vector<Command> first,
                                const std::string& missing, const AdminChange& change) {
  return db_->write(landlord, [&](SqlSession& s) -> Status {
    for (std::size_t i = 0; i < first.size(); ++i) {
      auto changed = s.run(first[i]);
      if (!changed) return tl::unexpected(changed.error());
      if (i == 0 && !missing.empty() && *changed == 0) return notFound(missing);
    }
    return insertChange(s, landlord, change);
  });
}

Status SqlAdminStore::recordChange(const AdminChange& change) {
  return writeWith(change.landlord, {}, {}, change);
}

Result<std::vector<AdminChange>> SqlAdminStore::changes(LandlordId landlord, int limit) {
  return readRows<AdminChange>(*db_, Command(kChanges, {landlord, std::int64_t{limit}}), changeRow);
}

Status SqlAdminStore::setAccountDisabled(LandlordId landlord, std::int64_t account_id,
                                         bool disabled, const AdminChange& change) {
  std::vector<Command> first;
  first.emplace_back(kSetDisabled, SqlValues{landlord, account_id, std::int64_t{disabled ? 1 : 0}});
  if (disabled) first.emplace_back(kEndSessions, SqlValues{landlord, account_id});
  return writeWith(landlord, std::move(first), fmt::format("There is no account {}.", account_id),
                   change);
}

Status SqlAdminStore::setPasswordHash(LandlordId landlord, std::int64_t account_id,
                                      const std::string& hash, const AdminChange& change) {
  std::vector<Command> first;
  first.emplace_back(kSetPassword, SqlValues{landlord, account_id, hash});
  first.emplace_back(kEndSessions, SqlValues{landlord, account_id});
  return writeWith(landlord, std::move(first), fmt::format("There is no account {}.", account_id),
                   change);
}

Result<std::optional<LandlordContact>> SqlAdminStore::contact(LandlordId landlord) {
  return readOne<LandlordContact>(*db_, Command(kContact, {landlord}), contactRow);
}

Status SqlAdminStore::setContact(LandlordId landlord, const LandlordContact& c,
                                 const AdminChange& change) {
  std::vector<Command> first;
  first.emplace_back(kUpsertContact, SqlValues{landlord, c.phone, c.email, c.address,
                                               sqlMillis(change.at)});
  return writeWith(landlord, std::move(first), {}, change);
}

}  // namespace charter::store_core
