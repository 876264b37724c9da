// Router, Request accessors, URL decoding and JSON errors (no Beast here).
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "http/browser.h"
#include "http/server.h"

namespace charter::http {

std::string Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::queryParam(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string() : it->second;
}

bool Request::hasQuery(std::string_view name) const {
  return query.find(std::string(name)) != query.end();
}

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string> splitPath(std::string_view path) {
  std::vector<std::string> out;
  // "/a/b" -> {"a","b"}; "/" -> {""}; "/a/" -> {"a",""}.
  std::size_t start = path.empty() || path.front() != '/' ? 0 : 1;
  while (true) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      out.emplace_back(path.substr(start));
      break;
    }
    out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> securityHeaders(bool tls) {
  std::vector<std::pair<std::string, std::string>> h = {
      {"Content-Security-Policy", std::string(kContentSecurityPolicy)},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "same-origin"},
  };
  if (tls) h.emplace_back("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return h;
}

std::optional<Response> parseTarget(Request& request) {
  std::string_view target = request.target;
  if (target.empty() || target.front() != '/') {
    return jsonError(400, "target", "format",
                     "The request target must be a path starting with '/'.");
  }
  std::size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  std::size_t hash = raw_path.find('#');
  if (hash != std::string_view::npos) raw_path = raw_path.substr(0, hash);
  auto path = percentDecode(raw_path, false);
  if (!path) {
    return jsonError(400, "path", "encoding",
                     "The path has an invalid percent-encoding or is not UTF-8.");
  }
  request.path = std::move(*path);
  if (q != std::string_view::npos) {
    std::string_view raw_query = target.substr(q + 1);
    std::size_t h = raw_query.find('#');
    if (h != std::string_view::npos) raw_query = raw_query.substr(0, h);
    auto query = parseQuery(raw_query);
    if (!query) {
      return jsonError(400, "query", "encoding",
                       "The query string has an invalid percent-encoding or is not UTF-8.");
    }
    request.query = std::move(*query);
  }
  return std::nullopt;
}

bool validUtf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::optional<std::string> percentDecode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hexValue(text[i + 1]);
      int lo = hexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return std::nullopt;  // NUL is never meaningful here
      out.push_back(decoded);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!validUtf8(out)) return std::nullopt;
  return out;
}

std::optional<std::multimap<std::string, std::string>> parseQuery(std::string_view query) {
  std::multimap<std::string, std::string> out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    std::string_view part =
        query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!part.empty()) {
      std::size_t eq = part.find('=');
      auto key = percentDecode(part.substr(0, eq), true);
      if (!key) return std::nullopt;
      std::optional<std::string> value = std::string();
      if (eq != std::string_view::npos) value = percentDecode(part.substr(eq + 1), true);
      if (!value) return std::nullopt;
      out.emplace(std::move(*key), std::move(*value));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

std::string dumpJson(const nlohmann::json& j, int indent) {
  // Never throws on invalid UTF-8 (replaced with U+FFFD).
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response jsonResponse(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = dumpJson(body);
  return r;
}

Response jsonError(int status, std::string_view field, std::string_view rule,
                   std::string_view message) {
  nlohmann::json err = nlohmann::json::object();
  if (!field.empty()) err["field"] = std::string(field);
  err["rule"] = std::string(rule);
  err["message"] = std::string(message);
  return jsonResponse(status, nlohmann::json{{"error", std::move(err)}});
}

// Open311 (/open311/...) is an API for programs too: its errors stay JSON.
bool isApiPath(std::string_view path) {
  return path == "/api" || path.rfind("/api/", 0) == 0 || path.rfind("/open311/", 0) == 0;
}

Response Router::error(const Request& request, int status, std::string_view field,
                       std::string_view rule, std::string_view message) const {
  if (!pages_ || request.path.empty() || isApiPath(request.path)) {
    return jsonError(status, field, rule, message);
  }
  return pages_(request, status, message);
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segments = splitPath(pattern);
  routes_.push_back(
      Route{std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const Route& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

Response Router::dispatch(Request& request) const {
  const std::vector<std::string> segments = splitPath(request.path);
  std::set<std::string> allowed;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const std::string& pat = route.segments[i];
      if (pat.size() >= 2 && pat.front() == '{' && pat.back() == '}') {
        if (segments[i].empty()) {
          match = false;
          break;
        }
        params[pat.substr(1, pat.size() - 2)] = segments[i];
      } else if (pat != segments[i]) {
        match = false;
        break;
      }
    }
    if (!match) continue;
    if (route.method != request.method) {
      allowed.insert(route.method);
      continue;
    }
    request.params = std::move(params);
    request.route = route.pattern;
    // For browsers, on every route (http/browser.h): no cross-site writes, no cached answers
    // to a signed-in request.
    if (auto refused = refuseCrossSite(request)) {
      return isApiPath(request.path) || !pages_ ? *refused : pages_(request, 403,
                     "A change must come from this service's own pages, not another site.");
    }
    Response response = route.handler(request);
    keepPrivate(request, response);
    return response;
  }
  if (!allowed.empty()) {
    std::string allow;
    for (const auto& m : allowed) {
      if (!allow.empty()) allow += ", ";
      allow += m;
    }
    Response r = error(request, 405, "method", "method-not-allowed",
                       "Method " + request.method + " is not allowed here; use " + allow + ".");
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  return error(request, 404, "path", "not-found", "No such resource: " + request.path);
}

}  // namespace charter::http
