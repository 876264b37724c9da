// Result<T> carries either a value or an Error that a user can act on.
//
// The core returns Result for everything a user can get wrong: a bad date, a missing field, a
// transition the Code forbids, an unknown id. Exceptions are kept for start-up and for the HTTP
// edge (where they become a 500 with a request id).
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace charter {

// What went wrong, in the terms the HTTP edge maps to a status code (one mapping per edge:
// api/errors.h for the JSON API).
enum class ErrorKind {
  kInvalid,          // 422: a field is missing or malformed
  kConflict,         // 409: the rules (the Code, the policy) forbid this transition now, or
                     //      the state moved on (a concurrent write, a name taken)
  kNotFound,         // 404: no such case, policy, ...; also another landlord's or another
                     //      resident's record, so that existence is not disclosed
  kForbidden,        // 403: the principal's role may not do this
  kUnauthenticated,  // 401: no credentials, or unknown, revoked or expired ones
  kUnavailable,  // 503: the store is shutting down or overloaded
  kInternal,     // 500: a bug or an environment failure; never caused by input
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string field;    // the request field at fault ("received_at", "elements[0].finding"), or ""
  std::string rule;     // a short rule id ("required", "format", "code-6.13", ...)
  std::string message;  // plain English, safe to show to the user
};

template <class T>
using Result = tl::expected<T, Error>;

// A Result with no value.
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> invalid(std::string field, std::string rule, std::string message) {
  return tl::unexpected<Error>(
      Error{ErrorKind::kInvalid, std::move(field), std::move(rule), std::move(message)});
}
inline tl::unexpected<Error> conflict(std::string rule, std::string message,
                                      std::string field = {}) {
  return tl::unexpected<Error>(
      Error{ErrorKind::kConflict, std::move(field), std::move(rule), std::move(message)});
}
inline tl::unexpected<Error> unauthenticated(std::string message) {
  return tl::unexpected<Error>(
      Error{ErrorKind::kUnauthenticated, "", "unauthenticated", std::move(message)});
}
inline tl::unexpected<Error> notFound(std::string message) {
  return tl::unexpected<Error>(Error{ErrorKind::kNotFound, "", "not-found", std::move(message)});
}
inline tl::unexpected<Error> unavailable(std::string message) {
  return tl::unexpected<Error>(
      Error{ErrorKind::kUnavailable, "", "unavailable", std::move(message)});
}
inline tl::unexpected<Error> internalError(std::string message) {
  return tl::unexpected<Error>(Error{ErrorKind::kInternal, "", "internal", std::move(message)});
}

}  // namespace charter
