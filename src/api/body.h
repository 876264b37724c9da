// The one JSON body parser for every /api/v1 route that takes a body.
//
//   auto body = api::jsonBody(request);                  // the defaults: 1 MiB, depth 64
//   auto body = api::jsonBody(request, {.max_bytes = 4096});  // e.g. sign-in
//   if (auto* r = std::get_if<http::Response>(&body)) return *r;
//   const nlohmann::json& b = std::get<nlohmann::json>(body);
//
// The checks, in order, each answered with {"error":{"field","rule","message"}}:
//   415 Content-Type  media-type  the media type is not application/json (parameters such as
//                                 charset are allowed)
//   413 body          size        more than max_bytes
//   422 body          required    empty or only whitespace
//   422 body          encoding    not UTF-8
//   422 body          depth       arrays/objects nested deeper than max_depth
//   422 body          json        not JSON
//   422 body          type        JSON, but not an object
// The depth is measured by a scan before parsing, so a deeply nested body cannot exhaust the
// stack of the parser. Cost: two passes over the body. Thread-safe (no state).
#pragma once

#include <cstddef>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "http/server.h"

namespace charter::api {

struct BodyLimits {
  std::size_t max_bytes = 1024 * 1024;
  int max_depth = 64;
};

// The request's body as a JSON object, or the 4xx response to send instead.
std::variant<nlohmann::json, http::Response> jsonBody(const http::Request& request,
                                                      BodyLimits limits = {});

// The deepest nesting of arrays and objects in `text`, scanning outside strings; stops early
// once past `limit` (answering a value above it).
int jsonDepth(std::string_view text, int limit);

}  // namespace charter::api
