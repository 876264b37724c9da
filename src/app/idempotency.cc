#include "app/idempotency.h"

#include <fmt/format.h>

#include "app/attachments.h"

namespace charter {

std::string idempotencyFingerprint(std::string_view method, std::string_view path,
                                   std::string_view body) {
  std::string all;
  all.reserve(method.size() + path.size() + body.size() + 2);
  all.append(method).append(" ").append(path).append("\n").append(body);
  return sha256Hex(all);
}

std::string idempotencyPrincipal(const Principal& who) {
  return fmt::format("{}:{}", who.api_token ? "token" : "account", who.user_id);
}

Status checkIdempotencyKey(std::string_view key) {
  bool ok = !key.empty() && key.size() <= 200;
  for (char c : key) ok = ok && c > 0x20 && c < 0x7f;
  if (ok) return {};
  return tl::unexpected(Error{ErrorKind::kInvalid, "Idempotency-Key", "format",
                              "Idempotency-Key must be 1 to 200 printable characters without "
                              "spaces (a UUID is a good choice)."});
}

Result<std::optional<IdempotentAnswer>> Idempotency::begin(LandlordId landlord,
                                                          std::string_view principal,
                                                          std::string_view key,
                                                          std::string_view fingerprint) {
  const Instant now = time_.now();
  IdempotentAnswer claim{std::string(fingerprint), 0, "", now};
  auto mine = store_.claim(landlord, principal, key, claim, now - kIdempotencyWindow,
                           now - kIdempotencyStaleClaim);
  if (!mine) return tl::unexpected(mine.error());
  if (*mine) return std::optional<IdempotentAnswer>{};
  auto first = store_.find(landlord, principal, key);
  if (!first) return tl::unexpected(first.error());
  if (!*first) return internalError("An idempotency key was claimed but cannot be read.");
  if ((*first)->fingerprint != fingerprint) {
    return tl::unexpected(Error{ErrorKind::kInvalid, "Idempotency-Key", "idempotency-key-reused",
                                "This Idempotency-Key was used within the last 24 hours for a "
                                "different request. Use a new key for a new request."});
  }
  if ((*first)->status == 0) {
    return tl::unexpected(Error{ErrorKind::kConflict, "Idempotency-Key", "idempotency-key-in-use",
                                "A request with this Idempotency-Key is still being handled. "
                                "Try again in a moment."});
  }
  return first;
}

Status Idempotency::finish(LandlordId landlord, std::string_view principal, std::string_view key,
                           int status, std::string_view body) {
  if (status >= 500 || status <= 0) return store_.release(landlord, principal, key);
  return store_.finish(landlord, principal, key, status, body);
}

Status Idempotency::release(LandlordId landlord, std::string_view principal, std::string_view key) {
  return store_.release(landlord, principal, key);
}

}  // namespace charter
