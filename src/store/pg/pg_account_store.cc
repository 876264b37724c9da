#include "store/pg/pg_account_store.h"

#include <functional>

#include <fmt/format.h>

#include "store/pg/pg_conn.h"

namespace charter {
namespace {

using pg::Params;
using pg::PgConn;
using pg::Res;

struct Statement {
  const char* name;
  const char* sql;
};

// ---- statements (landlord_id is $1 in every one on a landlord's table) ----------------------

constexpr Statement kLandlords{
    "acc_landlords",
    "SELECT l.landlord_id, l.slug, l.name, coalesce(p.policy_toml, ''), coalesce(p.source, '') "
    "FROM landlords l LEFT JOIN landlord_policies p ON p.landlord_id = l.landlord_id "
    "ORDER BY l.landlord_id"};
constexpr Statement kLandlordBySlug{
    "acc_landlord_by_slug",
    "SELECT l.landlord_id, l.slug, l.name, coalesce(p.policy_toml, ''), coalesce(p.source, '') "
    "FROM landlords l LEFT JOIN landlord_policies p ON p.landlord_id = l.landlord_id "
    "WHERE l.slug = $1"};
// New landlords are rare: one at a time across every process (the table lock is held to
// COMMIT, and does not block readers).
constexpr Statement kLockLandlords{"acc_lock_landlords",
                                   "LOCK TABLE landlords IN SHARE ROW EXCLUSIVE MODE"};
constexpr Statement kMaxLandlord{"acc_max_landlord",
                                 "SELECT coalesce(max(landlord_id), 0) FROM landlords"};
constexpr Statement kInsertLandlord{
    "acc_insert_landlord", "INSERT INTO landlords (landlord_id, slug, name) VALUES ($1, $2, $3)"};
constexpr Statement kUpsertPolicy{
    "acc_upsert_policy",
    "INSERT INTO landlord_policies (landlord_id, policy_toml, source, updated_ms) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (landlord_id) DO UPDATE SET "
    "policy_toml = excluded.policy_toml, source = excluded.source, "
    "updated_ms = excluded.updated_ms"};

// Ids within a landlord's table are max + 1 under this lock (key: landlord * 16 + table), held
// to COMMIT: two processes adding accounts to one landlord take turns, other landlords and the
// case writers are not held up.
constexpr Statement kLockIds{"acc_lock_ids", "SELECT pg_advisory_xact_lock($1 * 16 + $2)"};
constexpr std::int64_t kAccountIds = 1, kTokenIds = 2, kViewIds = 3;

constexpr Statement kAccountByUsername{
    "acc_account_by_username",
    "SELECT landlord_id, account_id, username, display_name, role, person_ref, password_hash, "
    "failed_attempts, locked_until_ms, disabled, created_ms FROM accounts "
    "WHERE landlord_id = $1 AND username = $2"};
constexpr Statement kAccountById{
    "acc_account_by_id",
    "SELECT landlord_id, account_id, username, display_name, role, person_ref, password_hash, "
    "failed_attempts, locked_until_ms, disabled, created_ms FROM accounts "
    "WHERE landlord_id = $1 AND account_id = $2"};
constexpr Statement kAccounts{
    "acc_accounts",
    "SELECT landlord_id, account_id, username, display_name, role, person_ref, password_hash, "
    "failed_attempts, locked_until_ms, disabled, created_ms FROM accounts "
    "WHERE landlord_id = $1 ORDER BY account_id"};
constexpr Statement kMaxAccount{
    "acc_max_account", "SELECT coalesce(max(account_id), 0) FROM accounts WHERE landlord_id = $1"};
constexpr Statement kInsertAccount{
    "acc_insert_account",
    "INSERT INTO accounts (landlord_id, account_id, username, display_name, role, person_ref, "
    "password_hash, failed_attempts, locked_until_ms, disabled, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, 0, $8)"};
constexpr Statement kSetSignIn{
    "acc_set_sign_in",
    "UPDATE accounts SET failed_attempts = $3, locked_until_ms = $4 "
    "WHERE landlord_id = $1 AND account_id = $2"};

constexpr Statement kDeleteExpiredSessions{
    "acc_delete_expired_sessions",
    "DELETE FROM sessions WHERE landlord_id = $1 AND expires_ms < $2"};
constexpr Statement kInsertSession{
    "acc_insert_session",
    "INSERT INTO sessions (landlord_id, token_hash, account_id, csrf_token, created_ms, "
    "expires_ms) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr Statement kSelectSession{
    "acc_session",
    "SELECT landlord_id, token_hash, account_id, csrf_token, created_ms, expires_ms "
    "FROM sessions WHERE landlord_id = $1 AND token_hash = $2"};
constexpr Statement kDeleteSession{
    "acc_delete_session", "DELETE FROM sessions WHERE landlord_id = $1 AND token_hash = $2"};
constexpr Statement kTouchSession{
    "acc_touch_session",
    "UPDATE sessions SET expires_ms = $3 WHERE landlord_id = $1 AND token_hash = $2"};

constexpr Statement kMaxToken{
    "acc_max_token", "SELECT coalesce(max(token_id), 0) FROM api_tokens WHERE landlord_id = $1"};
constexpr Statement kInsertToken{
    "acc_insert_token",
    "INSERT INTO api_tokens (landlord_id, token_id, token_hash, name, role, created_ms, revoked) "
    "VALUES ($1, $2, $3, $4, $5, $6, 0)"};
constexpr Statement kSelectToken{
    "acc_token",
    "SELECT landlord_id, token_id, token_hash, name, role, created_ms, revoked "
    "FROM api_tokens WHERE landlord_id = $1 AND token_hash = $2"};
constexpr Statement kSelectTokens{
    "acc_tokens",
    "SELECT landlord_id, token_id, token_hash, name, role, created_ms, revoked "
    "FROM api_tokens WHERE landlord_id = $1 ORDER BY token_id"};
constexpr Statement kRevokeToken{
    "acc_revoke_token",
    "UPDATE api_tokens SET revoked = 1 WHERE landlord_id = $1 AND token_id = $2"};

constexpr Statement kMaxView{
    "acc_max_view", "SELECT coalesce(max(view_id), 0) FROM case_views WHERE landlord_id = $1"};
constexpr Statement kInsertView{
    "acc_insert_view",
    "INSERT INTO case_views (landlord_id, view_id, case_id, person_ref, viewer, viewer_role, "
    "purpose, at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Statement kViewsOfPerson{
    "acc_views_of_person",
    "SELECT landlord_id, case_id, person_ref, viewer, viewer_role, purpose, at_ms "
    "FROM case_views WHERE landlord_id = $1 AND person_ref = $2 "
    "ORDER BY at_ms DESC, view_id DESC LIMIT $3"};

constexpr Statement kRedactEvent{
    "acc_redact_event",
    "UPDATE events SET data = $4 WHERE landlord_id = $1 AND case_id = $2 AND seq = $3"};

constexpr Statement kAll[] = {
    kLandlords,     kLandlordBySlug, kLockLandlords, kMaxLandlord,   kInsertLandlord,
    kUpsertPolicy,  kLockIds,        kAccountByUsername, kAccountById, kAccounts,
    kMaxAccount,    kInsertAccount,  kSetSignIn,     kDeleteExpiredSessions, kInsertSession,
    kSelectSession, kDeleteSession,  kTouchSession,  kMaxToken,      kInsertToken,
    kSelectToken,   kSelectTokens,   kRevokeToken,   kMaxView,       kInsertView,
    kViewsOfPerson, kRedactEvent};

std::int64_t ms(Instant t) { return static_cast<std::int64_t>(epochMillis(t)); }

LandlordRecord landlordRow(const Res& r, int i) {
  return LandlordRecord{r.i64(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4)};
}

AccountRecord accountRow(const Res& r, int i) {
  AccountRecord a;
  a.landlord = r.i64(i, 0);
  a.id = r.i64(i, 1);
  a.username = r.text(i, 2);
  a.display_name = r.text(i, 3);
  a.role = parseRole(r.text(i, 4)).value_or(Role::kResident);
  a.person_ref = r.text(i, 5);
  a.password_hash = r.text(i, 6);
  a.failed_attempts = static_cast<int>(r.i64(i, 7));
  a.locked_until = fromEpochMillis(r.i64(i, 8));
  a.disabled = r.i64(i, 9) != 0;
  a.created = fromEpochMillis(r.i64(i, 10));
  return a;
}

ApiTokenRecord tokenRow(const Res& r, int i) {
  ApiTokenRecord t;
  t.landlord = r.i64(i, 0);
  t.id = r.i64(i, 1);
  t.token_hash = r.text(i, 2);
  t.name = r.text(i, 3);
  t.role = parseRole(r.text(i, 4)).value_or(Role::kResident);
  t.created = fromEpochMillis(r.i64(i, 5));
  t.revoked = r.i64(i, 6) != 0;
  return t;
}

SessionRecord sessionRow(const Res& r, int i) {
  return SessionRecord{r.i64(i, 0), r.text(i, 1), r.i64(i, 2), r.text(i, 3),
                       fromEpochMillis(r.i64(i, 4)), fromEpochMillis(r.i64(i, 5))};
}

CaseViewRecord viewRow(const Res& r, int i) {
  return CaseViewRecord{r.i64(i, 0), r.i64(i, 1), r.text(i, 2), r.text(i, 3),
                        r.text(i, 4), r.text(i, 5), fromEpochMillis(r.i64(i, 6))};
}

// Rows changed by an UPDATE or DELETE.
long affected(const Res& r) {
  return std::strtol(PQcmdTuples(const_cast<PGresult*>(r.get())), nullptr, 10);
}

}  // namespace

struct PgAccountStore::Impl {
  pg::PgPool pool;

  // Runs one statement. A unique violation is kConflict "exists" naming `what`.
  static Result<Res> run(PgConn& c, const Statement& s, const Params& p,
                         std::string_view what = "record") {
    std::string state;
    auto r = c.run(s.name, s.sql, p, &state);
    if (!r && state == pg::kUniqueViolation) {
      return conflict("exists", fmt::format("That {} already exists.", what));
    }
    return r;
  }

  // `body` on one connection: its own statement, or, with `transaction`, all of it between
  // BEGIN and COMMIT (rolled back on any error; run again after a deadlock or serialization
  // failure, which the server may report under concurrent writers).
  template <class T>
  Result<T> with(bool transaction, const std::function<Result<T>(PgConn&)>& body) {
    try {
      pg::PgPool::Lease lease(pool);
      PgConn& c = *lease;
      for (int attempt = 0;; ++attempt) {
        if (auto s = c.ensure(); !s) return tl::unexpected(s.error());
        c.last_sqlstate.clear();
        if (!transaction) return body(c);
        if (auto s = c.exec("BEGIN"); !s) return tl::unexpected(s.error());
        Result<T> out = body(c);
        if (out) {
          if (auto s = c.exec("COMMIT"); s) return out;
          else out = tl::unexpected(s.error());
        }
        const std::string seen = c.last_sqlstate;
        if (c.inTransaction()) c.exec("ROLLBACK");
        if (!pg::retryable(seen) || attempt >= 3) return out;
      }
    } catch (const std::exception& e) {
      return internalError(fmt::format("an account store call failed: {}", e.what()));
    }
  }

  // The next id of a landlord's table, inside a transaction (the lock is held to COMMIT).
  static Result<std::int64_t> nextId(PgConn& c, LandlordId landlord, std::int64_t table,
                                     const Statement& max) {
    if (auto l = run(c, kLockIds, Params().add(landlord).add(table)); !l) {
      return tl::unexpected(l.error());
    }
    auto m = run(c, max, Params().add(landlord));
    if (!m) return tl::unexpected(m.error());
    return m->i64(0, 0) + 1;
  }

  // Inserts a row numbered with the landlord's next id in `table`: `insert` takes the landlord
  // ($1), the id ($2), then what `rest` adds. Answers the id.
  Result<std::int64_t> insertNext(LandlordId landlord, std::int64_t table, const Statement& max,
                                  const Statement& insert, std::string_view what,
                                  const std::function<void(Params&)>& rest) {
    return with<std::int64_t>(true, [&](PgConn& c) -> Result<std::int64_t> {
      auto id = nextId(c, landlord, table, max);
      if (!id) return id;
      Params p;
      p.add(landlord).add(*id);
      rest(p);
      if (auto r = exec(c, insert, p, what); !r) return tl::unexpected(r.error());
      return *id;
    });
  }

  // Every row of a query, read with `row`.
  template <class T>
  Result<std::vector<T>> rows(const Statement& s, const Params& p, T (*row)(const Res&, int)) {
    return with<std::vector<T>>(false, [&](PgConn& c) -> Result<std::vector<T>> {
      auto r = run(c, s, p);
      if (!r) return tl::unexpected(r.error());
      std::vector<T> out;
      out.reserve(static_cast<size_t>(r->rows()));
      for (int i = 0; i < r->rows(); ++i) out.push_back(row(*r, i));
      return out;
    });
  }

  template <class T>
  Result<std::optional<T>> one(const Statement& s, const Params& p, T (*row)(const Res&, int)) {
    auto all = rows<T>(s, p, row);
    if (!all) return tl::unexpected(all.error());
    if (all->empty()) return std::optional<T>();
    return std::optional<T>(std::move(all->front()));
  }

  // A statement whose rows do not matter, as a Status.
  static Status exec(PgConn& c, const Statement& s, const Params& p, std::string_view what) {
    auto r = run(c, s, p, what);
    if (!r) return tl::unexpected(r.error());
    return {};
  }

  // `body` alone (one statement) or in one transaction, answering only success or failure.
  Status status(bool transaction, const std::function<Status(PgConn&)>& body) {
    auto r = with<bool>(transaction, [&](PgConn& c) -> Result<bool> {
      if (auto st = body(c); !st) return tl::unexpected(st.error());
      return true;
    });
    if (!r) return tl::unexpected(r.error());
    return {};
  }

  Status statement(const Statement& s, const Params& p, std::string_view what) {
    return status(false, [&](PgConn& c) { return exec(c, s, p, what); });
  }
};

PgAccountStore::PgAccountStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PgAccountStore::~PgAccountStore() = default;

Result<std::unique_ptr<PgAccountStore>> PgAccountStore::open(const std::string& dsn,
                                                             int connections) {
  auto impl = std::make_unique<Impl>();
  for (int i = 0; i < std::max(1, connections); ++i) {
    auto c = PgConn::open(dsn);
    if (!c) return tl::unexpected(c.error());
    impl->pool.add(std::move(*c));
  }
  return std::unique_ptr<PgAccountStore>(new PgAccountStore(std::move(impl)));
}

std::vector<std::string> PgAccountStore::statements() {
  std::vector<std::string> out;
  for (const auto& s : kAll) out.emplace_back(s.sql);
  return out;
}

Result<std::vector<LandlordRecord>> PgAccountStore::landlords() {
  return impl_->rows<LandlordRecord>(kLandlords, Params(), landlordRow);
}

Result<std::optional<LandlordRecord>> PgAccountStore::landlordBySlug(std::string_view slug) {
  return impl_->one<LandlordRecord>(kLandlordBySlug, Params().add(slug), landlordRow);
}

Result<LandlordId> PgAccountStore::addLandlord(std::string_view slug, std::string_view name) {
  return impl_->with<LandlordId>(true, [&](PgConn& c) -> Result<LandlordId> {
    if (auto l = Impl::run(c, kLockLandlords, Params()); !l) return tl::unexpected(l.error());
    auto max = Impl::run(c, kMaxLandlord, Params());
    if (!max) return tl::unexpected(max.error());
    const LandlordId id = max->i64(0, 0) + 1;
    auto r = Impl::run(c, kInsertLandlord, Params().add(id).add(slug).add(name), "landlord");
    if (!r) return tl::unexpected(r.error());
    return id;
  });
}

Status PgAccountStore::setPolicy(LandlordId landlord, std::string_view toml,
                                 std::string_view source, Instant at) {
  return impl_->statement(kUpsertPolicy, Params().add(landlord).add(toml).add(source).add(ms(at)),
                          "policy");
}

Result<std::int64_t> PgAccountStore::insertAccount(const AccountRecord& a) {
  return impl_->insertNext(a.landlord, kAccountIds, kMaxAccount, kInsertAccount, "username",
                           [&](Params& p) {
                             p.add(a.username).add(a.display_name).add(slug(a.role));
                             p.add(a.person_ref).add(a.password_hash).add(ms(a.created));
                           });
}

Result<std::optional<AccountRecord>> PgAccountStore::accountByUsername(
    LandlordId landlord, std::string_view username) {
  return impl_->one<AccountRecord>(kAccountByUsername, Params().add(landlord).add(username),
                                   accountRow);
}

Result<std::optional<AccountRecord>> PgAccountStore::account(LandlordId landlord,
                                                             std::int64_t id) {
  return impl_->one<AccountRecord>(kAccountById, Params().add(landlord).add(id), accountRow);
}

Result<std::vector<AccountRecord>> PgAccountStore::accounts(LandlordId landlord) {
  return impl_->rows<AccountRecord>(kAccounts, Params().add(landlord), accountRow);
}

Status PgAccountStore::setSignInState(LandlordId landlord, std::int64_t id, int failed_attempts,
                                      Instant locked_until) {
  return impl_->statement(kSetSignIn,
                          Params().add(landlord).add(id).add(
                              static_cast<std::int64_t>(failed_attempts)).add(ms(locked_until)),
                          "account");
}

Status PgAccountStore::insertSession(const SessionRecord& s) {
  return impl_->status(true, [&](PgConn& c) -> Status {
    // Sweep the landlord's expired sessions as new ones start (indexed by the key).
    if (auto d = Impl::exec(c, kDeleteExpiredSessions, Params().add(s.landlord).add(ms(s.created)),
                            "session");
        !d) {
      return d;
    }
    Params p;
    p.add(s.landlord).add(s.token_hash).add(s.account_id).add(s.csrf_token).add(ms(s.created));
    p.add(ms(s.expires));
    return Impl::exec(c, kInsertSession, p, "session");
  });
}

Result<std::optional<SessionRecord>> PgAccountStore::session(LandlordId landlord,
                                                             std::string_view token_hash) {
  return impl_->one<SessionRecord>(kSelectSession, Params().add(landlord).add(token_hash),
                                   sessionRow);
}

Status PgAccountStore::deleteSession(LandlordId landlord, std::string_view token_hash) {
  return impl_->statement(kDeleteSession, Params().add(landlord).add(token_hash), "session");
}

Status PgAccountStore::touchSession(LandlordId landlord, std::string_view token_hash,
                                    Instant expires) {
  return impl_->statement(kTouchSession, Params().add(landlord).add(token_hash).add(ms(expires)),
                          "session");
}

Result<std::int64_t> PgAccountStore::insertApiToken(const ApiTokenRecord& t) {
  return impl_->insertNext(t.landlord, kTokenIds, kMaxToken, kInsertToken, "token",
                           [&](Params& p) {
                             p.add(t.token_hash).add(t.name).add(slug(t.role)).add(ms(t.created));
                           });
}

Result<std::optional<ApiTokenRecord>> PgAccountStore::apiToken(LandlordId landlord,
                                                               std::string_view token_hash) {
  return impl_->one<ApiTokenRecord>(kSelectToken, Params().add(landlord).add(token_hash),
                                    tokenRow);
}

Result<std::vector<ApiTokenRecord>> PgAccountStore::apiTokens(LandlordId landlord) {
  return impl_->rows<ApiTokenRecord>(kSelectTokens, Params().add(landlord), tokenRow);
}

Status PgAccountStore::revokeApiToken(LandlordId landlord, std::int64_t id) {
  auto r = impl_->with<long>(false, [&](PgConn& c) -> Result<long> {
    auto res = Impl::run(c, kRevokeToken, Params().add(landlord).add(id), "token");
    if (!res) return tl::unexpected(res.error());
    return affected(*res);
  });
  if (!r) return tl::unexpected(r.error());
  if (*r == 0) return notFound(fmt::format("There is no API token {}.", id));
  return {};
}

Status PgAccountStore::recordView(const CaseViewRecord& v) {
  auto id = impl_->insertNext(v.landlord, kViewIds, kMaxView, kInsertView, "view", [&](Params& p) {
    p.add(v.case_id).add(v.person_ref).add(v.viewer).add(v.viewer_role).add(v.purpose);
    p.add(ms(v.at));
  });
  if (!id) return tl::unexpected(id.error());
  return {};
}

Result<std::vector<CaseViewRecord>> PgAccountStore::viewsOfPerson(LandlordId landlord,
                                                                  std::string_view person_ref,
                                                                  int limit) {
  return impl_->rows<CaseViewRecord>(
      kViewsOfPerson,
      Params().add(landlord).add(person_ref).add(static_cast<std::int64_t>(limit)), viewRow);
}

Status PgAccountStore::redactEvents(LandlordId landlord, CaseId id,
                                    const std::vector<std::pair<int, std::string>>& seq_data) {
  // All or nothing: the trigger refuses every row of a case that is not anonymised.
  return impl_->status(true, [&](PgConn& c) -> Status {
    for (const auto& [seq, data] : seq_data) {
      Params p;
      p.add(landlord).add(id).add(static_cast<std::int64_t>(seq)).add(data);
      if (auto u = Impl::exec(c, kRedactEvent, p, "event"); !u) return u;
    }
    return {};
  });
}

}  // namespace charter
