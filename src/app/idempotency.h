// Idempotency: a request that carries a key is acted on once; the same key again (from the same
// principal of the same landlord, within kIdempotencyWindow) is given the first answer, status
// and body, without acting again. The API takes the key from the Idempotency-Key header on
// POST /api/v1/cases and on case actions; the pages use the one-time token of a form.
//
//   * The key belongs to (landlord, principal, key): another principal's or landlord's same key
//     is a different key.
//   * The same key with a different request (method, path or body: `fingerprint`) is refused:
//     kInvalid, field "Idempotency-Key", rule "idempotency-key-reused" (the API answers 422).
//   * While the first request is still being acted on, a second one with its key is refused:
//     kConflict, rule "idempotency-key-in-use" (409), so two racing retries never both act. A
//     claim left unfinished (the process died) may be taken over after kIdempotencyStaleClaim.
//   * An answer of 5xx is not kept (release): a retry acts again.
//   * Kept durably in the database (IdempotencyStore, migrations/0019_idempotency.sql), so a
//     retry after a restart is answered the same. After the window the key may be used afresh.
//
// Threading: Idempotency is safe from many threads (the store serialises); the time comes from
// the TimeSource given.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "app/principal.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

inline constexpr std::chrono::hours kIdempotencyWindow{24};
inline constexpr std::chrono::minutes kIdempotencyStaleClaim{5};

// The first answer to a keyed request. status 0: claimed, not answered yet.
struct IdempotentAnswer {
  std::string fingerprint;  // SHA-256 hex of the request (idempotencyFingerprint)
  int status = 0;
  std::string body;
  Instant at{};             // when it was claimed
};

// The port, one table in both databases; every call scoped to one landlord.
class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  // Claims (principal, key) for a request with `answer.fingerprint` at `answer.at`: true when
  // this call now holds it (no row, or the row was claimed before `expired_before`, or left
  // unanswered since before `stale_before`); false when another request holds it.
  virtual Result<bool> claim(LandlordId landlord, std::string_view principal, std::string_view key,
                             const IdempotentAnswer& answer, Instant expired_before,
                             Instant stale_before) = 0;
  virtual Result<std::optional<IdempotentAnswer>> find(LandlordId landlord, std::string_view principal,
                                                       std::string_view key) = 0;
  // Records the answer to a claimed key.
  virtual Status finish(LandlordId landlord, std::string_view principal, std::string_view key,
                        int status, std::string_view body) = 0;
  // Forgets a claim (its request failed in a way a retry may mend).
  virtual Status release(LandlordId landlord, std::string_view principal, std::string_view key) = 0;
};

// SHA-256 hex of "method path\nbody": what makes two requests with one key the same request.
std::string idempotencyFingerprint(std::string_view method, std::string_view path,
                                   std::string_view body);
// The principal's part of a key: "account:ID" or "token:ID".
std::string idempotencyPrincipal(const Principal& who);
// A key is 1..200 printable ASCII characters (kInvalid on "Idempotency-Key", rule "format").
Status checkIdempotencyKey(std::string_view key);

class Idempotency {
 public:
  Idempotency(IdempotencyStore& store, const TimeSource& time) : store_(store), time_(time) {}

  // Before acting: nullopt when the caller holds the key now and must act, then finish() or
  // release(); else the first answer to give again. Errors as in the header comment.
  Result<std::optional<IdempotentAnswer>> begin(LandlordId landlord, std::string_view principal,
                                                std::string_view key, std::string_view fingerprint);
  // After acting: keeps the answer (a 5xx releases the key instead).
  Status finish(LandlordId landlord, std::string_view principal, std::string_view key, int status,
                std::string_view body);
  Status release(LandlordId landlord, std::string_view principal, std::string_view key);

 private:
  IdempotencyStore& store_;
  const TimeSource& time_;
};

}  // namespace charter
