#include "api/params.h"

#include <charconv>

namespace charter::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool hasControl(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

}  // namespace

Status onlyQueryParams(const http::Request& request,
                       std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : request.query) {
    bool ok = false;
    for (auto k : known) ok |= name == k;
    if (!ok && known.size() == 0) {
      return invalid(name, "unknown-parameter",
                     "This resource takes no query parameters ('" + name + "' given).");
    }
    if (!ok) {
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return invalid(name, "unknown-parameter",
                     "Unknown query parameter '" + name + "'. Known: " + list + ".");
    }
    if (request.query.count(name) > 1) {
      return invalid(name, "repeated", "The query parameter '" + name + "' is given twice.");
    }
  }
  return {};
}

Result<std::int64_t> caseIdParam(const http::Request& request) {
  auto it = request.params.find("id");
  std::string_view raw = it == request.params.end() ? std::string_view() : it->second;
  auto id = parsePositive(raw);
  if (!id) return invalid("id", "format", "The case id must be a positive whole number.");
  return *id;
}

Result<std::string> personRefParam(const http::Request& request) {
  auto it = request.params.find("ref");
  if (it == request.params.end() || it->second.empty() || it->second.size() > 200 ||
      hasControl(it->second)) {
    return invalid("ref", "format", "The person reference must be 1 to 200 characters.");
  }
  return it->second;
}

Result<std::string> actorOf(const http::Request& request) {
  auto it = request.headers.find("x-charter-actor");
  if (it == request.headers.end()) return std::string("api");
  std::string_view v = trim(it->second);
  if (v.empty()) {
    return invalid("X-Charter-Actor", "required", "The X-Charter-Actor header is empty.");
  }
  if (v.size() > 100) {
    return invalid("X-Charter-Actor", "length",
                   "The X-Charter-Actor header must be at most 100 characters.");
  }
  if (!http::validUtf8(v)) {
    return invalid("X-Charter-Actor", "encoding", "The X-Charter-Actor header is not UTF-8.");
  }
  if (hasControl(v)) {
    return invalid("X-Charter-Actor", "format",
                   "The X-Charter-Actor header contains control characters.");
  }
  return std::string(v);
}

Status checkText(std::string_view name, std::string_view value, std::size_t max) {
  const std::string n(name);
  if (value.empty()) return invalid(n, "required", n + " must not be empty.");
  if (value.size() > max) {
    return invalid(n, "length", n + " must be at most " + std::to_string(max) + " characters.");
  }
  if (hasControl(value)) return invalid(n, "format", n + " contains control characters.");
  return {};
}

}  // namespace charter::api
