#include "http/browser.h"

#include <atomic>
#include <cctype>

namespace charter::http {
namespace {

std::atomic<bool> secure_cookies{false};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "https://Example.org:8443/anything" -> "example.org:8443"; "" when not scheme://authority.
std::string originAuthority(std::string_view origin) {
  auto scheme = origin.find("://");
  if (scheme == std::string_view::npos || scheme == 0) return {};
  std::string_view rest = origin.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  return lower(rest);
}

bool unsafeChar(unsigned char c) { return c <= 0x20 || c == 0x7f || c == '\\'; }

}  // namespace

void setSecureCookies(bool secure) { secure_cookies = secure; }
bool secureCookies() { return secure_cookies; }

std::string setCookie(std::string_view name, std::string_view value, const CookieOptions& o) {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=" + std::string(o.path) +
                  "; HttpOnly; SameSite=" + std::string(o.same_site);
  if (secure_cookies) c += "; Secure";
  if (o.clear) c += "; Max-Age=0";
  return c;
}

std::string sessionCookie(std::string_view token, bool clear) {
  return setCookie(kSessionCookie, token, CookieOptions{.clear = clear});
}

std::string cookie(const Request& request, std::string_view name) {
  std::string header = request.header("cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    auto end = rest.find(';');
    std::string_view part = trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && trim(part.substr(0, eq)) == name) {
      return std::string(trim(part.substr(eq + 1)));
    }
  }
  return {};
}

bool isWrite(const Request& request) {
  return request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS";
}

bool crossSite(const Request& request) {
  if (lower(trim(request.header("sec-fetch-site"))) == "cross-site") return true;
  auto it = request.headers.find("origin");
  if (it == request.headers.end()) return false;
  const std::string origin = originAuthority(trim(it->second));
  const std::string host = lower(trim(request.header("host")));
  return origin.empty() || host.empty() || origin != host;
}

std::optional<Response> refuseCrossSite(const Request& request) {
  if (!isWrite(request) || !crossSite(request)) return std::nullopt;
  constexpr std::string_view kWhy =
      "A change must come from this service's own pages or an API client, not another site.";
  if (request.header("accept").find("text/html") != std::string::npos) {
    Response r;
    r.status = 403;
    r.content_type = "text/html; charset=utf-8";
    r.body = "<!DOCTYPE html><html lang=\"en\"><head><title>Forbidden</title></head><body><h1>"
             "You cannot do this from another site</h1><p>" + std::string(kWhy) +
             "</p></body></html>";
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  }
  return jsonError(403, "Origin", "cross-site", kWhy);
}

void keepPrivate(const Request& request, Response& response) {
  if (request.headers.count("authorization") == 0 && cookie(request, kSessionCookie).empty()) {
    return;
  }
  for (const auto& [name, value] : response.headers) {
    if (lower(name) == "cache-control") return;
  }
  response.headers.emplace_back("Cache-Control", "no-store");
}

bool safeLocalPath(std::string_view target) {
  if (target.size() < 1 || target[0] != '/') return false;
  if (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) return false;
  for (char c : target) {
    if (unsafeChar(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
  }
  const std::string_view path = target.substr(0, target.find_first_of("?#"));
  auto decoded = percentDecode(path);
  if (!decoded) return false;
  if (decoded->size() > 1 && ((*decoded)[1] == '/' || (*decoded)[1] == '\\')) return false;
  for (char c : *decoded) {
    if (unsafeChar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace charter::http
