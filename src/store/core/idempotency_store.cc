#include "store/core/idempotency_store.h"

namespace charter::store_core {
namespace {

// A claim wins when there is no row, or the row's window has passed ($6), or it was claimed
// and never answered since before $7: then it is this request's.
constexpr Sql kClaim{
    "idempotency_claim",
    "INSERT INTO idempotency_keys (landlord_id, principal, idem_key, fingerprint, status, body, "
    "claimed_ms) VALUES ($1, $2, $3, $4, 0, '', $5) "
    "ON CONFLICT (landlord_id, principal, idem_key) DO UPDATE SET "
    "fingerprint = excluded.fingerprint, status = 0, body = '', claimed_ms = excluded.claimed_ms "
    "WHERE idempotency_keys.claimed_ms < $6 OR "
    "(idempotency_keys.status = 0 AND idempotency_keys.claimed_ms < $7)"};
constexpr Sql kFind{"idempotency_find",
                    "SELECT fingerprint, status, body, claimed_ms FROM idempotency_keys "
                    "WHERE landlord_id = $1 AND principal = $2 AND idem_key = $3"};
constexpr Sql kFinish{"idempotency_finish",
                      "UPDATE idempotency_keys SET status = $4, body = $5 "
                      "WHERE landlord_id = $1 AND principal = $2 AND idem_key = $3"};
constexpr Sql kRelease{"idempotency_release",
                       "DELETE FROM idempotency_keys "
                       "WHERE landlord_id = $1 AND principal = $2 AND idem_key = $3"};
constexpr Sql kAll[] = {kClaim, kFind, kFinish, kRelease};

IdempotentAnswer answerRow(const RowReader& r) {
  return IdempotentAnswer{r.text(0), static_cast<int>(r.i64(1)), r.text(2), r.instant(3)};
}

}  // namespace

std::vector<std::string> idempotencyStatements() {
  std::vector<std::string> out;
  for (const Sql& s : kAll) out.emplace_back(s.text);
  return out;
}

Result<bool> SqlIdempotencyStore::claim(LandlordId landlord, std::string_view principal,
                                        std::string_view key, const IdempotentAnswer& answer,
                                        Instant expired_before, Instant stale_before) {
  auto changed = db_->writeOne(
      landlord, Command(kClaim, {landlord, std::string(principal), std::string(key),
                                 answer.fingerprint, sqlMillis(answer.at),
                                 sqlMillis(expired_before), sqlMillis(stale_before)}));
  if (!changed) return tl::unexpected(changed.error());
  return *changed > 0;
}

Result<std::optional<IdempotentAnswer>> SqlIdempotencyStore::find(LandlordId landlord,
                                                                  std::string_view principal,
                                                                  std::string_view key) {
  return readOne<IdempotentAnswer>(
      *db_, Command(kFind, {landlord, std::string(principal), std::string(key)}), answerRow);
}

Status SqlIdempotencyStore::finish(LandlordId landlord, std::string_view principal,
                                   std::string_view key, int status, std::string_view body) {
  auto r = db_->writeOne(landlord, Command(kFinish, {landlord, std::string(principal), std::string(key),
                                                     std::int64_t{status}, std::string(body)}));
  if (!r) return tl::unexpected(r.error());
  return {};
}

Status SqlIdempotencyStore::release(LandlordId landlord, std::string_view principal,
                                    std::string_view key) {
  auto r = db_->writeOne(landlord,
                         Command(kRelease, {landlord, std::string(principal), std::string(key)}));
  if (!r) return tl::unexpected(r.error());
  return {};
}

}  // namespace charter::store_core
