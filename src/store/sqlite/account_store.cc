#include "store/sqlite/account_store.h"

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <string>
#include <variant>

#include <fmt/format.h>

#include "store/sqlite/statement_log.h"

namespace charter {
namespace {

// ---- statements (landlord_id is ?1 in every one on a landlord's table) ----------------------

constexpr const char* kLandlords =
    "SELECT l.landlord_id, l.slug, l.name, coalesce(p.policy_toml, ''), coalesce(p.source, '') "
    "FROM landlords l LEFT JOIN landlord_policies p ON p.landlord_id = l.landlord_id "
    "ORDER BY l.landlord_id";
constexpr const char* kLandlordBySlug =
    "SELECT l.landlord_id, l.slug, l.name, coalesce(p.policy_toml, ''), coalesce(p.source, '') "
    "FROM landlords l LEFT JOIN landlord_policies p ON p.landlord_id = l.landlord_id "
    "WHERE l.slug = ?1";
constexpr const char* kMaxLandlord = "SELECT coalesce(max(landlord_id), 0) FROM landlords";
constexpr const char* kInsertLandlord =
    "INSERT INTO landlords (landlord_id, slug, name) VALUES (?1, ?2, ?3)";
constexpr const char* kUpsertPolicy =
    "INSERT INTO landlord_policies (landlord_id, policy_toml, source, updated_ms) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (landlord_id) DO UPDATE SET "
    "policy_toml = excluded.policy_toml, source = excluded.source, updated_ms = excluded.updated_ms";

constexpr const char* kAccountColumns =
    "SELECT landlord_id, account_id, username, display_name, role, person_ref, password_hash, "
    "failed_attempts, locked_until_ms, disabled, created_ms FROM accounts ";
constexpr const char* kMaxAccount =
    "SELECT coalesce(max(account_id), 0) FROM accounts WHERE landlord_id = ?1";
constexpr const char* kInsertAccount =
    "INSERT INTO accounts (landlord_id, account_id, username, display_name, role, person_ref, "
    "password_hash, failed_attempts, locked_until_ms, disabled, created_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 0, ?8)";
constexpr const char* kSetSignIn =
    "UPDATE accounts SET failed_attempts = ?3, locked_until_ms = ?4 "
    "WHERE landlord_id = ?1 AND account_id = ?2";

constexpr const char* kInsertSession =
    "INSERT INTO sessions (landlord_id, token_hash, account_id, csrf_token, created_ms, "
    "expires_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kSelectSession =
    "SELECT landlord_id, token_hash, account_id, csrf_token, created_ms, expires_ms "
    "FROM sessions WHERE landlord_id = ?1 AND token_hash = ?2";
constexpr const char* kDeleteSession =
    "DELETE FROM sessions WHERE landlord_id = ?1 AND token_hash = ?2";
constexpr const char* kTouchSession =
    "UPDATE sessions SET expires_ms = ?3 WHERE landlord_id = ?1 AND token_hash = ?2";
constexpr const char* kDeleteExpiredSessions =
    "DELETE FROM sessions WHERE landlord_id = ?1 AND expires_ms < ?2";

constexpr const char* kMaxToken =
    "SELECT coalesce(max(token_id), 0) FROM api_tokens WHERE landlord_id = ?1";
constexpr const char* kInsertToken =
    "INSERT INTO api_tokens (landlord_id, token_id, token_hash, name, role, created_ms, revoked) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)";
constexpr const char* kSelectToken =
    "SELECT landlord_id, token_id, token_hash, name, role, created_ms, revoked "
    "FROM api_tokens WHERE landlord_id = ?1 AND token_hash = ?2";

constexpr const char* kSelectTokens =
    "SELECT landlord_id, token_id, token_hash, name, role, created_ms, revoked "
    "FROM api_tokens WHERE landlord_id = ?1 ORDER BY token_id";
constexpr const char* kRevokeToken =
    "UPDATE api_tokens SET revoked = 1 WHERE landlord_id = ?1 AND token_id = ?2";

constexpr const char* kMaxView =
    "SELECT coalesce(max(view_id), 0) FROM case_views WHERE landlord_id = ?1";
constexpr const char* kInsertView =
    "INSERT INTO case_views (landlord_id, view_id, case_id, person_ref, viewer, viewer_role, "
    "purpose, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kViewsOfPerson =
    "SELECT landlord_id, case_id, person_ref, viewer, viewer_role, purpose, at_ms "
    "FROM case_views WHERE landlord_id = ?1 AND person_ref = ?2 "
    "ORDER BY at_ms DESC, view_id DESC LIMIT ?3";

constexpr const char* kRedactEvent =
    "UPDATE events SET data = ?4 WHERE landlord_id = ?1 AND case_id = ?2 AND seq = ?3";

// ---- a small statement wrapper ----------------------------------------------------------------

using Value = std::variant<std::int64_t, std::string>;

Error sqlError(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  const ErrorKind kind = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
                             ? ErrorKind::kUnavailable
                             : ErrorKind::kInternal;
  return Error{kind, "", kind == ErrorKind::kUnavailable ? "unavailable" : "internal",
               fmt::format("database error in {}: {} ({})", what, sqlite3_errmsg(db), rc)};
}

class Query {
 public:
  Query(sqlite3* db, const std::string& sql) : db_(db) {
    sqlite_statements::note(sql);
    rc_ = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size() + 1), &s_, nullptr);
  }
  ~Query() { sqlite3_finalize(s_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Status bindAll(std::initializer_list<Value> values) {
    if (rc_ != SQLITE_OK) return tl::unexpected(sqlError(db_, rc_, "preparing a statement"));
    int i = 1;
    for (const auto& v : values) {
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        sqlite3_bind_int64(s_, i, *n);
      } else {
        const auto& t = std::get<std::string>(v);
        sqlite3_bind_text64(s_, i, t.data(), t.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      }
      ++i;
    }
    return {};
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(s_); }
  std::int64_t i64(int c) const { return sqlite3_column_int64(s_, c); }
  std::string text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(s_, c));
  }
  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

// Runs a statement that returns no rows.
Status exec(sqlite3* db, const char* sql, std::initializer_list<Value> values,
            std::string_view what) {
  Query q(db, sql);
  if (auto s = q.bindAll(values); !s) return s;
  const int rc = q.step();
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return {};
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return conflict("exists", fmt::format("That {} already exists.", what));
  }
  return tl::unexpected(sqlError(db, rc, what));
}

Result<std::int64_t> scalar(sqlite3* db, const char* sql, std::initializer_list<Value> values) {
  Query q(db, sql);
  if (auto s = q.bindAll(values); !s) return tl::unexpected(s.error());
  const int rc = q.step();
  if (rc != SQLITE_ROW) return tl::unexpected(sqlError(db, rc, "reading a number"));
  return q.i64(0);
}

// Reads every row of a query into `out` with `row`.
template <class T>
Status rows(sqlite3* db, const std::string& sql, std::initializer_list<Value> values,
            const std::function<T(const Query&)>& row, std::vector<T>& out) {
  Query q(db, sql);
  if (auto s = q.bindAll(values); !s) return s;
  for (;;) {
    const int rc = q.step();
    if (rc == SQLITE_DONE) return {};
    if (rc != SQLITE_ROW) return tl::unexpected(sqlError(db, rc, "reading rows"));
    out.push_back(row(q));
  }
}

LandlordRecord landlordRow(const Query& q) {
  return LandlordRecord{q.i64(0), q.text(1), q.text(2), q.text(3), q.text(4)};
}

AccountRecord accountRow(const Query& q) {
  AccountRecord a;
  a.landlord = q.i64(0);
  a.id = q.i64(1);
  a.username = q.text(2);
  a.display_name = q.text(3);
  a.role = parseRole(q.text(4)).value_or(Role::kResident);
  a.person_ref = q.text(5);
  a.password_hash = q.text(6);
  a.failed_attempts = static_cast<int>(q.i64(7));
  a.locked_until = fromEpochMillis(q.i64(8));
  a.disabled = q.i64(9) != 0;
  a.created = fromEpochMillis(q.i64(10));
  return a;
}

template <class T>
std::optional<T> first(std::vector<T>& v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

ApiTokenRecord tokenRow(const Query& q) {
  ApiTokenRecord t;
  t.landlord = q.i64(0);
  t.id = q.i64(1);
  t.token_hash = q.text(2);
  t.name = q.text(3);
  t.role = parseRole(q.text(4)).value_or(Role::kResident);
  t.created = fromEpochMillis(q.i64(5));
  t.revoked = q.i64(6) != 0;
  return t;
}

std::int64_t ms(Instant t) { return static_cast<std::int64_t>(epochMillis(t)); }

}  // namespace

Result<std::vector<LandlordRecord>> SqliteAccountStore::landlords() {
  std::vector<LandlordRecord> out;
  auto s = store_.readSql([&](sqlite3* db) {
    return rows<LandlordRecord>(db, kLandlords, {}, landlordRow, out);
  });
  if (!s) return tl::unexpected(s.error());
  return out;
}

Result<std::optional<LandlordRecord>> SqliteAccountStore::landlordBySlug(std::string_view slug) {
  std::vector<LandlordRecord> out;
  auto s = store_.readSql([&](sqlite3* db) {
    return rows<LandlordRecord>(db, kLandlordBySlug, {std::string(slug)}, landlordRow, out);
  });
  if (!s) return tl::unexpected(s.error());
  return first(out);
}

Result<LandlordId> SqliteAccountStore::addLandlord(std::string_view slug, std::string_view name) {
  LandlordId id = 0;
  auto s = store_.writeSql(0, [&](sqlite3* db) -> Status {
    auto max = scalar(db, kMaxLandlord, {});
    if (!max) return tl::unexpected(max.error());
    id = *max + 1;
    return exec(db, kInsertLandlord, {id, std::string(slug), std::string(name)}, "landlord");
  });
  if (!s) return tl::unexpected(s.error());
  return id;
}

Status SqliteAccountStore::setPolicy(LandlordId landlord, std::string_view toml,
                                     std::string_view source, Instant at) {
  return store_.writeSql(landlord, [&](sqlite3* db) {
    return exec(db, kUpsertPolicy, {landlord, std::string(toml), std::string(source), ms(at)},
                "policy");
  });
}

Result<std::int64_t> SqliteAccountStore::insertAccount(const AccountRecord& a) {
  std::int64_t id = 0;
  auto s = store_.writeSql(a.landlord, [&](sqlite3* db) -> Status {
    auto max = scalar(db, kMaxAccount, {a.landlord});
    if (!max) return tl::unexpected(max.error());
    id = *max + 1;
    return exec(db, kInsertAccount,
                {a.landlord, id, a.username, a.display_name, std::string(slug(a.role)),
                 a.person_ref, a.password_hash, ms(a.created)},
                "username");
  });
  if (!s) return tl::unexpected(s.error());
  return id;
}

Result<std::optional<AccountRecord>> SqliteAccountStore::accountByUsername(
    LandlordId landlord, std::string_view username) {
  std::vector<AccountRecord> out;
  auto s = store_.readSql([&](sqlite3* db) {
    return rows<AccountRecord>(db,
                               std::string(kAccountColumns) +
                                   "WHERE landlord_id = ?1 AND username = ?2",
                               {landlord, std::string(username)}, accountRow, out);
  });
  if (!s) return tl::unexpected(s.error());
  return first(out);
}

Result<std::optional<AccountRecord>> SqliteAccountStore::account(LandlordId landlord,
                                                                 std::int64_t id) {
  std::vector<AccountRecord> out;
  auto s = store_.readSql([&](sqlite3* db) {
    return rows<AccountRecord>(
        db, std::string(kAccountColumns) + "WHERE landlord_id = ?1 AND account_id = ?2",
        {landlord, id}, accountRow, out);
  });
  if (!s) return tl::unexpected(s.error());
  return first(out);
}

Result<std::vector<AccountRecord>> SqliteAccountStore::accounts(LandlordId landlord) {
  std::vector<AccountRecord> out;
  auto s = store_.readSql([&](sqlite3* db) {
    return rows<AccountRecord>(
        db, std::string(kAccountColumns) + "WHERE landlord_id = ?1 ORDER BY account_id",
        {landlord}, accountRow, out);
  });
  if (!s) return tl::unexpected(s.error());
  return out;
}

Status SqliteAccountStore::setSignInState(LandlordId landlord, std::int64_t id,
                                          int failed_attempts, Instant locked_until) {
  return store_.writeSql(landlord, [&](sqlite3* db) {
    return exec(db, kSetSignIn,
                {landlord, id, static_cast<std::int64_t>(failed_attempts), ms(locked_until)},
                "account");
  });
}

Status SqliteAccountStore::insertSession(const SessionRecord& r) {
  return store_.writeSql(r.landlord, [&](sqlite3* db) -> Status {
    // Sweep the landlord's expired sessions as new ones start (cheap: indexed by the key).
    if (auto s = exec(db, kDeleteExpiredSessions, {r.landlord, ms(r.created)}, "session"); !s) {
      return s;
    }
    return exec(db, kInsertSession,
                {r.landlord, r.token_hash, r.account_id, r.csrf_token, ms(r.created),
                 ms(r.expires)},
                "session");
  });
}

Result<std::optional<SessionRecord>> SqliteAccountStore::session(LandlordId landlord,
                                                                 std::string_view token_hash) {
  std::vector<SessionRecord> out;
  auto s = store_.readSql([&](sqlite3* db) {
    return rows<SessionRecord>(
        db, kSelectSession, {landlord, std::string(token_hash)},
        [](const Query& q) {
          return SessionRecord{q.i64(0), q.text(1), q.i64(2), q.text(3),
                               fromEpochMillis(q.i64(4)), fromEpochMillis(q.i64(5))};
        },
        out);
  });
  if (!s) return tl::unexpected(s.error());
  return first(out);
}

Status SqliteAccountStore::deleteSession(LandlordId landlord, std::string_view token_hash) {
  return store_.writeSql(landlord, [&](sqlite3* db) {
    return exec(db, kDeleteSession, {landlord, std::string(token_hash)}, "session");
  });
}

Status SqliteAccountStore::touchSession(LandlordId landlord, std::string_view token_hash,
                                        Instant expires) {
  return store_.writeSql(landlord, [&](sqlite3* db) {
    return exec(db, kTouchSession, {landlord, std::string(token_hash), ms(expires)}, "session");
  });
}

Result<std::int64_t> SqliteAccountStore::insertApiToken(const ApiTokenRecord& t) {
  std::int64_t id = 0;
  auto s = store_.writeSql(t.landlord, [&](sqlite3* db) -> Status {
    auto max = scalar(db, kMaxToken, {t.landlord});
    if (!max) return tl::unexpected(max.error());
    id = *max + 1;
    return exec(db, kInsertToken,
                {t.landlord, id, t.token_hash, t.name, std::string(slug(t.role)), ms(t.created)},
                "token");
  });
  if (!s) return tl::unexpected(s.error());
  return id;
}

Result<std::optional<ApiTokenRecord>> SqliteAccountStore::apiToken(LandlordId landlord,
                                                                   std::string_view token_hash) {
  std::vector<ApiTokenRecord> out;
  auto s = store_.readSql([&](sqlite3* db) {
    return rows<ApiTokenRecord>(db, kSelectToken, {landlord, std::string(token_hash)}, tokenRow,
                                out);
  });
  if (!s) return tl::unexpected(s.error());
  return first(out);
}

Result<std::vector<ApiTokenRecord>> SqliteAccountStore::apiTokens(LandlordId landlord) {
  std::vector<ApiTokenRecord> out;
  auto s = store_.readSql([&](sqlite3* db) {
    return rows<ApiTokenRecord>(db, kSelectTokens, {landlord}, tokenRow, out);
  });
  if (!s) return tl::unexpected(s.error());
  return out;
}

Status SqliteAccountStore::revokeApiToken(LandlordId landlord, std::int64_t id) {
  return store_.writeSql(landlord, [&](sqlite3* db) -> Status {
    if (auto s = exec(db, kRevokeToken, {landlord, id}, "token"); !s) return s;
    if (sqlite3_changes(db) == 0) return notFound(fmt::format("There is no API token {}.", id));
    return {};
  });
}

Status SqliteAccountStore::recordView(const CaseViewRecord& v) {
  return store_.writeSql(v.landlord, [&](sqlite3* db) -> Status {
    auto max = scalar(db, kMaxView, {v.landlord});
    if (!max) return tl::unexpected(max.error());
    return exec(db, kInsertView,
                {v.landlord, *max + 1, v.case_id, v.person_ref, v.viewer, v.viewer_role,
                 v.purpose, ms(v.at)},
                "view");
  });
}

Result<std::vector<CaseViewRecord>> SqliteAccountStore::viewsOfPerson(LandlordId landlord,
                                                                      std::string_view person_ref,
                                                                      int limit) {
  std::vector<CaseViewRecord> out;
  auto s = store_.readSql([&](sqlite3* db) {
    return rows<CaseViewRecord>(
        db, kViewsOfPerson,
        {landlord, std::string(person_ref), static_cast<std::int64_t>(limit)},
        [](const Query& q) {
          return CaseViewRecord{q.i64(0), q.i64(1), q.text(2), q.text(3), q.text(4), q.text(5),
                                fromEpochMillis(q.i64(6))};
        },
        out);
  });
  if (!s) return tl::unexpected(s.error());
  return out;
}

Status SqliteAccountStore::redactEvents(
    LandlordId landlord, CaseId id, const std::vector<std::pair<int, std::string>>& seq_data) {
  return store_.writeSql(landlord, [&](sqlite3* db) -> Status {
    for (const auto& [seq, data] : seq_data) {
      if (auto s = exec(db, kRedactEvent, {landlord, id, static_cast<std::int64_t>(seq), data},
                        "event");
          !s) {
        return s;
      }
    }
    return {};
  });
}

}  // namespace charter
