#include "api/errors.h"

#include <spdlog/spdlog.h>

namespace charter::api {

int statusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid: return 422;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kUnauthenticated: return 401;
    case ErrorKind::kUnavailable: return 503;
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

http::Response unauthorised(std::string_view message) {
  http::Response r = http::jsonError(401, "", "unauthenticated", message);
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"charter\"");
  return r;
}

http::Response errorFor(const Error& e, const http::Request& request) {
  const int status = statusFor(e.kind);
  if (status == 401) return unauthorised(e.message);
  if (status >= 500) {
    spdlog::error("request {} {} {}: {} ({})", request.request_id, request.method, request.path,
                  e.message, e.rule);
  }
  if (status == 500) {
    return http::jsonError(500, "", "internal",
                           "Something went wrong on our side. Quote request id " +
                               request.request_id + " if you report it.");
  }
  const std::string_view rule = !e.rule.empty()  ? std::string_view(e.rule)
                                : status == 403 ? std::string_view("forbidden")
                                                : std::string_view("invalid");
  http::Response r = http::jsonError(status, e.field, rule, e.message);
  if (status == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

}  // namespace charter::api
