#include "api/body.h"

#include <cctype>
#include <string>

namespace charter::api {
namespace {

using http::jsonError;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<http::Response> checkMediaType(const http::Request& request) {
  const std::string ct = request.header("content-type");
  const std::string media = lower(trim(std::string_view(ct).substr(0, ct.find(';'))));
  if (media == "application/json") return std::nullopt;
  return jsonError(415, "Content-Type", "media-type",
                   ct.empty() ? "The body must be JSON: send Content-Type: application/json."
                              : "The body must be JSON (Content-Type: application/json), not " +
                                    std::string(media.empty() ? "an empty type" : media) + ".");
}

}  // namespace

int jsonDepth(std::string_view text, int limit) {
  int depth = 0;
  int max_depth = 0;
  bool in_string = false;
  bool escape = false;
  for (char c : text) {
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        max_depth = depth;
        if (max_depth > limit) return max_depth;
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

std::variant<nlohmann::json, http::Response> jsonBody(const http::Request& request,
                                                      BodyLimits limits) {
  if (auto r = checkMediaType(request)) return *r;
  if (request.body.size() > limits.max_bytes) {
    return jsonError(413, "body", "size",
                     "The request body is larger than " + std::to_string(limits.max_bytes) +
                         " bytes.");
  }
  if (blank(request.body)) {
    return jsonError(422, "body", "required", "The request body is empty; send a JSON object.");
  }
  if (!http::validUtf8(request.body)) {
    return jsonError(422, "body", "encoding", "The request body is not valid UTF-8.");
  }
  if (jsonDepth(request.body, limits.max_depth) > limits.max_depth) {
    return jsonError(422, "body", "depth",
                     "The JSON is nested more than " + std::to_string(limits.max_depth) +
                         " levels deep.");
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return jsonError(422, "body", "json", "The request body is not valid JSON.");
  }
  if (!body.is_object()) {
    return jsonError(422, "body", "type", "The request body must be a JSON object.");
  }
  return body;
}

}  // namespace charter::api
