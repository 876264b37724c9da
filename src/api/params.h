// Path and query parameters and headers of /api/v1 requests, checked at the edge: each answer
// is a value or an Error (kInvalid, naming the parameter and the rule) for api/errors.h to map.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "app/case_query.h"  // parsePositive
#include "http/server.h"
#include "util/result.h"

namespace charter::api {

// OK when every query parameter is one of `known` and none is repeated; else kInvalid naming
// the first offender ("unknown-parameter" / "repeated"). An empty `known` takes none.
Status onlyQueryParams(const http::Request& request, std::initializer_list<std::string_view> known);

// The path parameter {id} as a case id (kInvalid field "id", rule "format").
Result<std::int64_t> caseIdParam(const http::Request& request);

// The path parameter {ref} as a person reference: 1 to 200 characters, no control characters
// (kInvalid field "ref", rule "format").
Result<std::string> personRefParam(const http::Request& request);

// The actor recording a change: the X-Charter-Actor header when given (1 to 100 UTF-8
// characters, no control characters), else "api".
Result<std::string> actorOf(const http::Request& request);

// A text query parameter: non-empty, at most `max` bytes, no control characters.
Status checkText(std::string_view name, std::string_view value, std::size_t max);

}  // namespace charter::api
