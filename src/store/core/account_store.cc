#include "store/core/account_store.h"

#include <fmt/format.h>

namespace charter::store_core {
namespace {

// ---- statements (landlord_id is $1 in every one on a landlord's table) ----------------------

#define CHARTER_LANDLORD_COLUMNS                                                               \
  "SELECT l.landlord_id, l.slug, l.name, coalesce(p.policy_toml, ''), coalesce(p.source, '') " \
  "FROM landlords l LEFT JOIN landlord_policies p ON p.landlord_id = l.landlord_id "
constexpr Sql kLandlords{"acc_landlords", CHARTER_LANDLORD_COLUMNS "ORDER BY l.landlord_id"};
constexpr Sql kLandlordBySlug{"acc_landlord_by_slug", CHARTER_LANDLORD_COLUMNS "WHERE l.slug = $1"};
#undef CHARTER_LANDLORD_COLUMNS
// PostgreSQL: new landlords are rare, one at a time across every process (the table lock is
// held to COMMIT, and does not block readers).
constexpr Sql kLockLandlords{"acc_lock_landlords",
                             "LOCK TABLE landlords IN SHARE ROW EXCLUSIVE MODE"};
constexpr Sql kMaxLandlord{"acc_max_landlord",
                           "SELECT coalesce(max(landlord_id), 0) FROM landlords"};
constexpr Sql kInsertLandlord{"acc_insert_landlord",
                              "INSERT INTO landlords (landlord_id, slug, name) VALUES ($1, $2, $3)"};
constexpr Sql kUpsertPolicy{
    "acc_upsert_policy",
    "INSERT INTO landlord_policies (landlord_id, policy_toml, source, updated_ms) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (landlord_id) DO UPDATE SET "
    "policy_toml = excluded.policy_toml, source = excluded.source, "
    "updated_ms = excluded.updated_ms"};

// PostgreSQL: ids within a landlord's table are max + 1 under this lock (key: landlord * 16 +
// table), held to COMMIT: two processes adding accounts to one landlord take turns, other
// landlords and the case writers are not held up.
constexpr Sql kLockIds{"acc_lock_ids", "SELECT pg_advisory_xact_lock($1 * 16 + $2)"};

#define CHARTER_ACCOUNT_COLUMNS                                                                \
  "SELECT landlord_id, account_id, username, display_name, role, person_ref, password_hash, " \
  "failed_attempts, locked_until_ms, disabled, created_ms, job_title FROM accounts "
constexpr Sql kAccountByUsername{"acc_account_by_username",
                                 CHARTER_ACCOUNT_COLUMNS "WHERE landlord_id = $1 AND username = $2"};
constexpr Sql kAccountById{"acc_account_by_id",
                           CHARTER_ACCOUNT_COLUMNS "WHERE landlord_id = $1 AND account_id = $2"};
constexpr Sql kAccounts{"acc_accounts",
                        CHARTER_ACCOUNT_COLUMNS "WHERE landlord_id = $1 ORDER BY account_id"};
#undef CHARTER_ACCOUNT_COLUMNS
constexpr Sql kMaxAccount{"acc_max_account",
                          "SELECT coalesce(max(account_id), 0) FROM accounts WHERE landlord_id = $1"};
constexpr Sql kInsertAccount{
    "acc_insert_account",
    "INSERT INTO accounts (landlord_id, account_id, username, display_name, role, person_ref, "
    "password_hash, failed_attempts, locked_until_ms, disabled, created_ms, job_title) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, 0, $8, $9)"};
constexpr Sql kSetSignIn{"acc_set_sign_in",
                         "UPDATE accounts SET failed_attempts = $3, locked_until_ms = $4 "
                         "WHERE landlord_id = $1 AND account_id = $2"};

constexpr Sql kDeleteExpiredSessions{
    "acc_delete_expired_sessions",
    "DELETE FROM sessions WHERE landlord_id = $1 AND expires_ms < $2"};
constexpr Sql kInsertSession{
    "acc_insert_session",
    "INSERT INTO sessions (landlord_id, token_hash, account_id, csrf_token, created_ms, "
    "expires_ms) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr Sql kSelectSession{
    "acc_session",
    "SELECT landlord_id, token_hash, account_id, csrf_token, created_ms, expires_ms "
    "FROM sessions WHERE landlord_id = $1 AND token_hash = $2"};
constexpr Sql kDeleteSession{"acc_delete_session",
                             "DELETE FROM sessions WHERE landlord_id = $1 AND token_hash = $2"};
constexpr Sql kTouchSession{
    "acc_touch_session",
    "UPDATE sessions SET expires_ms = $3 WHERE landlord_id = $1 AND token_hash = $2"};

constexpr Sql kMaxToken{"acc_max_token",
                        "SELECT coalesce(max(token_id), 0) FROM api_tokens WHERE landlord_id = $1"};
constexpr Sql kInsertToken{
    "acc_insert_token",
    "INSERT INTO api_tokens (landlord_id, token_id, token_hash, name, role, created_ms, revoked) "
    "VALUES ($1, $2, $3, $4, $5, $6, 0)"};
#define CHARTER_TOKEN_COLUMNS \
  "SELECT landlord_id, token_id, token_hash, name, role, created_ms, revoked FROM api_tokens "
constexpr Sql kSelectToken{"acc_token",
                           CHARTER_TOKEN_COLUMNS "WHERE landlord_id = $1 AND token_hash = $2"};
constexpr Sql kSelectTokens{"acc_tokens",
                            CHARTER_TOKEN_COLUMNS "WHERE landlord_id = $1 ORDER BY token_id"};
#undef CHARTER_TOKEN_COLUMNS
constexpr Sql kRevokeToken{
    "acc_revoke_token",
    "UPDATE api_tokens SET revoked = 1 WHERE landlord_id = $1 AND token_id = $2"};

constexpr Sql kMaxView{"acc_max_view",
                       "SELECT coalesce(max(view_id), 0) FROM case_views WHERE landlord_id = $1"};
constexpr Sql kInsertView{
    "acc_insert_view",
    "INSERT INTO case_views (landlord_id, view_id, case_id, person_ref, viewer, viewer_role, "
    "purpose, at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Sql kViewsOfPerson{
    "acc_views_of_person",
    "SELECT landlord_id, case_id, person_ref, viewer, viewer_role, purpose, at_ms "
    "FROM case_views WHERE landlord_id = $1 AND person_ref = $2 "
    "ORDER BY at_ms DESC, view_id DESC LIMIT $3"};

constexpr Sql kRedactEvent{
    "acc_redact_event",
    "UPDATE events SET data = $4 WHERE landlord_id = $1 AND case_id = $2 AND seq = $3"};

constexpr Sql kAll[] = {
    kLandlords,     kLandlordBySlug, kLockLandlords,     kMaxLandlord, kInsertLandlord,
    kUpsertPolicy,  kLockIds,        kAccountByUsername, kAccountById, kAccounts,
    kMaxAccount,    kInsertAccount,  kSetSignIn,         kDeleteExpiredSessions,
    kInsertSession, kSelectSession,  kDeleteSession,     kTouchSession, kMaxToken,
    kInsertToken,   kSelectToken,    kSelectTokens,      kRevokeToken, kMaxView,
    kInsertView,    kViewsOfPerson,  kRedactEvent};

// A landlord's table numbered max + 1: its lock key, its max and its insert.
struct Numbered {
  std::int64_t lock_key;
  Sql max;
  Sql insert;
};
constexpr Numbered kTables[] = {{1, kMaxAccount, kInsertAccount},
                                {2, kMaxToken, kInsertToken},
                                {3, kMaxView, kInsertView}};
constexpr int kAccountTable = 0, kTokenTable = 1, kViewTable = 2;

// ---- rows ------------------------------------------------------------------------------------

LandlordRecord landlordRow(const RowReader& r) {
  return LandlordRecord{r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4)};
}

AccountRecord accountRow(const RowReader& r) {
  AccountRecord a;
  a.landlord = r.i64(0);
  a.id = r.i64(1);
  a.username = r.text(2);
  a.display_name = r.text(3);
  a.role = parseRole(r.text(4)).value_or(Role::kResident);
  a.person_ref = r.text(5);
  a.password_hash = r.text(6);
  a.failed_attempts = static_cast<int>(r.i64(7));
  a.locked_until = r.instant(8);
  a.disabled = r.flag(9);
  a.created = r.instant(10);
  a.job_title = r.text(11);
  return a;
}

ApiTokenRecord tokenRow(const RowReader& r) {
  ApiTokenRecord t;
  t.landlord = r.i64(0);
  t.id = r.i64(1);
  t.token_hash = r.text(2);
  t.name = r.text(3);
  t.role = parseRole(r.text(4)).value_or(Role::kResident);
  t.created = r.instant(5);
  t.revoked = r.flag(6);
  return t;
}

SessionRecord sessionRow(const RowReader& r) {
  return SessionRecord{r.i64(0), r.text(1), r.i64(2), r.text(3), r.instant(4), r.instant(5)};
}

CaseViewRecord viewRow(const RowReader& r) {
  return CaseViewRecord{r.i64(0), r.i64(1), r.text(2), r.text(3),
                        r.text(4), r.text(5), r.instant(6)};
}

std::string str(std::string_view v) { return std::string(v); }

// A unique-key violation as the port reports it: "That <what> already exists."
Error named(Error e, std::string_view what) {
  if (e.kind == ErrorKind::kConflict && e.rule == "exists") {
    e.message = fmt::format("That {} already exists.", what);
  }
  return e;
}

Status execNamed(SqlSession& s, const Command& c, std::string_view what) {
  if (auto r = s.run(c); !r) return tl::unexpected(named(r.error(), what));
  return {};
}

// Inside a write: inserts into `t` ($1 landlord, $2 the next id, then `rest`), setting `id`.
// `rest` is copied, not consumed: a retried batch runs this again.
Status insertNextIn(SqlSession& s, LandlordId landlord, const Numbered& t, const SqlValues& rest,
                    std::string_view what, std::int64_t& id) {
  if (s.dialect() == Dialect::kPostgres) {
    if (auto l = exec(s, Command(kLockIds, {landlord, t.lock_key})); !l) return l;
  }
  auto max = scalar(s, Command(t.max, {landlord}));
  if (!max) return tl::unexpected(max.error());
  id = *max + 1;
  SqlValues params{landlord, id};
  params.insert(params.end(), rest.begin(), rest.end());
  return execNamed(s, Command(t.insert, std::move(params)), what);
}

SqlValues viewValues(const CaseViewRecord& v) {
  return {v.case_id, v.person_ref, v.viewer, v.viewer_role, v.purpose, sqlMillis(v.at)};
}

}  // namespace

std::vector<std::string> accountStatements() {
  std::vector<std::string> out;
  for (const auto& s : kAll) out.emplace_back(s.text);
  return out;
}

Status SqlAccountStore::writeOne(LandlordId landlord, const Command& c, std::string_view what) {
  auto r = db_->writeOne(landlord, c);
  if (!r) return tl::unexpected(named(r.error(), what));
  return {};
}

Result<std::int64_t> SqlAccountStore::insertNext(LandlordId landlord, int table, SqlValues rest,
                                                 std::string_view what) {
  std::int64_t id = 0;
  auto s = db_->write(landlord, [&](SqlSession& s) {
    return insertNextIn(s, landlord, kTables[table], rest, what, id);
  });
  if (!s) return tl::unexpected(s.error());
  return id;
}

Result<std::vector<LandlordRecord>> SqlAccountStore::landlords() {
  return readRows<LandlordRecord>(*db_, Command(kLandlords, {}), landlordRow);
}

Result<std::optional<LandlordRecord>> SqlAccountStore::landlordBySlug(std::string_view slug) {
  return readOne<LandlordRecord>(*db_, Command(kLandlordBySlug, {str(slug)}), landlordRow);
}

Result<LandlordId> SqlAccountStore::addLandlord(std::string_view slug, std::string_view name) {
  LandlordId id = 0;
  auto s = db_->write(0, [&](SqlSession& s) -> Status {
    if (s.dialect() == Dialect::kPostgres) {
      if (auto l = exec(s, Command(kLockLandlords, {})); !l) return l;
    }
    auto max = scalar(s, Command(kMaxLandlord, {}));
    if (!max) return tl::unexpected(max.error());
    id = *max + 1;
    return execNamed(s, Command(kInsertLandlord, {id, str(slug), str(name)}), "landlord");
  });
  if (!s) return tl::unexpected(s.error());
  return id;
}

Status SqlAccountStore::setPolicy(LandlordId landlord, std::string_view toml,
                                  std::string_view source, Instant at) {
  return writeOne(landlord,
                  Command(kUpsertPolicy, {landlord, str(toml), str(source), sqlMillis(at)}),
                  "policy");
}

Result<std::int64_t> SqlAccountStore::insertAccount(const AccountRecord& a) {
  return insertNext(a.landlord, kAccountTable,
                    {a.username, a.display_name, str(slug(a.role)), a.person_ref,
                     a.password_hash, sqlMillis(a.created), a.job_title},
                    "username");
}

Result<std::optional<AccountRecord>> SqlAccountStore::accountByUsername(
    LandlordId landlord, std::string_view username) {
  return readOne<AccountRecord>(*db_, Command(kAccountByUsername, {landlord, str(username)}),
                                accountRow);
}

Result<std::optional<AccountRecord>> SqlAccountStore::account(LandlordId landlord,
                                                              std::int64_t id) {
  return readOne<AccountRecord>(*db_, Command(kAccountById, {landlord, id}), accountRow);
}

Result<std::vector<AccountRecord>> SqlAccountStore::accounts(LandlordId landlord) {
  return readRows<AccountRecord>(*db_, Command(kAccounts, {landlord}), accountRow);
}

Status SqlAccountStore::setSignInState(LandlordId landlord, std::int64_t id, int failed_attempts,
                                       Instant locked_until) {
  return writeOne(landlord,
                  Command(kSetSignIn, {landlord, id, std::int64_t{failed_attempts},
                                       sqlMillis(locked_until)}),
                  "account");
}

Status SqlAccountStore::insertSession(const SessionRecord& r) {
  return db_->write(r.landlord, [&](SqlSession& s) -> Status {
    // Sweep the landlord's expired sessions as new ones start (cheap: indexed by the key).
    if (auto d = exec(s, Command(kDeleteExpiredSessions, {r.landlord, sqlMillis(r.created)}));
        !d) {
      return d;
    }
    return execNamed(s,
                     Command(kInsertSession, {r.landlord, r.token_hash, r.account_id,
                                              r.csrf_token, sqlMillis(r.created),
                                              sqlMillis(r.expires)}),
                     "session");
  });
}

Result<std::optional<SessionRecord>> SqlAccountStore::session(LandlordId landlord,
                                                              std::string_view token_hash) {
  return readOne<SessionRecord>(*db_, Command(kSelectSession, {landlord, str(token_hash)}),
                                sessionRow);
}

Status SqlAccountStore::deleteSession(LandlordId landlord, std::string_view token_hash) {
  return writeOne(landlord, Command(kDeleteSession, {landlord, str(token_hash)}), "session");
}

Status SqlAccountStore::touchSession(LandlordId landlord, std::string_view token_hash,
                                     Instant expires) {
  return writeOne(landlord, Command(kTouchSession, {landlord, str(token_hash), sqlMillis(expires)}),
                  "session");
}

Result<std::int64_t> SqlAccountStore::insertApiToken(const ApiTokenRecord& t) {
  return insertNext(t.landlord, kTokenTable,
                    {t.token_hash, t.name, str(slug(t.role)), sqlMillis(t.created)}, "token");
}

Result<std::optional<ApiTokenRecord>> SqlAccountStore::apiToken(LandlordId landlord,
                                                                std::string_view token_hash) {
  return readOne<ApiTokenRecord>(*db_, Command(kSelectToken, {landlord, str(token_hash)}),
                                 tokenRow);
}

Result<std::vector<ApiTokenRecord>> SqlAccountStore::apiTokens(LandlordId landlord) {
  return readRows<ApiTokenRecord>(*db_, Command(kSelectTokens, {landlord}), tokenRow);
}

Status SqlAccountStore::revokeApiToken(LandlordId landlord, std::int64_t id) {
  auto changed = db_->writeOne(landlord, Command(kRevokeToken, {landlord, id}));
  if (!changed) return tl::unexpected(named(changed.error(), "token"));
  if (*changed == 0) return notFound(fmt::format("There is no API token {}.", id));
  return {};
}

Status SqlAccountStore::recordView(const CaseViewRecord& v) {
  auto id = insertNext(v.landlord, kViewTable, viewValues(v), "view");
  if (!id) return tl::unexpected(id.error());
  return {};
}

PendingStatus SqlAccountStore::recordViewLater(const CaseViewRecord& v) {
  auto insert = [landlord = v.landlord, values = viewValues(v)](SqlSession& s) {
    std::int64_t id = 0;
    return insertNextIn(s, landlord, kTables[kViewTable], values, "view", id);
  };
  return db_->writeLater(v.landlord, std::move(insert));
}

Result<std::vector<CaseViewRecord>> SqlAccountStore::viewsOfPerson(LandlordId landlord,
                                                                   std::string_view person_ref,
                                                                   int limit) {
  return readRows<CaseViewRecord>(
      *db_, Command(kViewsOfPerson, {landlord, str(person_ref), std::int64_t{limit}}), viewRow);
}

Status SqlAccountStore::redactEvents(LandlordId landlord, CaseId id,
                                     const std::vector<std::pair<int, std::string>>& seq_data) {
  // All or nothing: the trigger refuses every row of a case that is not anonymised.
  return db_->write(landlord, [&](SqlSession& s) -> Status {
    for (const auto& [seq, data] : seq_data) {
      if (auto u = execNamed(s, Command(kRedactEvent, {landlord, id, std::int64_t{seq}, data}),
                             "event");
          !u) {
        return u;
      }
    }
    return {};
  });
}

}  // namespace charter::store_core
