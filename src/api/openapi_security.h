// The sign-in part of the OpenAPI document: the two ways to authenticate (an API token as a
// bearer credential, or the session cookie with X-CSRF-Token on writes), which operations need
// one (all but health, this document and signing in), and the sign-in routes themselves.
// Applied to the whole document, so a route added to it later is secured by default.
#pragma once

#include <nlohmann/json.hpp>

namespace charter::api {

// `doc` with securitySchemes, the default security requirement, the public operations' empty
// requirement, 401/403 on every secured operation, and /session and /me described.
nlohmann::json withSecurity(nlohmann::json doc);

}  // namespace charter::api
