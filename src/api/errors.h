// The one mapping from an app Error to an HTTP answer, for every /api/v1 route.
//
//   kUnauthenticated  401, with WWW-Authenticate: Bearer (no credentials, or unknown, revoked
//                     or expired ones)
//   kForbidden        403 (the principal's role may not do this)
//   kNotFound         404 (no such record, or another landlord's or another resident's:
//                     existence is not disclosed)
//   kConflict         409 (a state or Code conflict: the transition is forbidden now, the case
//                     moved on, the name is taken)
//   kInvalid          422 (the field and the rule broken)
//   kUnavailable      503, with Retry-After
//   kInternal         500, naming only the request id (the message is logged, never sent)
//
// The body is {"error":{"field","rule","message"}}, the field omitted when empty.
#pragma once

#include <string_view>

#include "http/server.h"
#include "util/result.h"

namespace charter::api {

// The status an error kind answers.
int statusFor(ErrorKind kind);

// The response for an Error from the app layer.
http::Response errorFor(const Error& e, const http::Request& request);

// 401 with WWW-Authenticate: Bearer realm="charter".
http::Response unauthorised(std::string_view message);

}  // namespace charter::api
