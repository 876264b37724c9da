#include "http/assets.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>

namespace charter::http {

namespace {

bool endsWith(std::string_view s, std::string_view ext) {
  return s.size() >= ext.size() && s.substr(s.size() - ext.size()) == ext;
}

std::string contentType(std::string_view file) {
  if (endsWith(file, ".css")) return "text/css; charset=utf-8";
  if (endsWith(file, ".js") || endsWith(file, ".mjs")) return "text/javascript; charset=utf-8";
  if (endsWith(file, ".woff2")) return "font/woff2";
  if (endsWith(file, ".woff")) return "font/woff";
  if (endsWith(file, ".svg")) return "image/svg+xml";
  if (endsWith(file, ".png")) return "image/png";
  if (endsWith(file, ".ico")) return "image/x-icon";
  if (endsWith(file, ".json") || endsWith(file, ".map")) return "application/json";
  return "application/octet-stream";
}

bool safeSegment(std::string_view s) {
  if (s.empty() || s.front() == '.') return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '.' || c == '-' || c == '_')) return false;
  }
  return true;
}

Response notFound() {
  Response r;
  r.status = 404;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "Not found";
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// The file's resolved path when it is a regular file inside `root` (links resolved).
std::optional<std::filesystem::path> insideRoot(const std::filesystem::path& root,
                                                const std::filesystem::path& path) {
  std::error_code ec;
  const auto base = std::filesystem::canonical(root, ec);
  if (ec) return std::nullopt;
  const auto real = std::filesystem::canonical(path, ec);
  if (ec || !std::filesystem::is_regular_file(real, ec) || ec) return std::nullopt;
  auto [b, r] = std::mismatch(base.begin(), base.end(), real.begin(), real.end());
  if (b != base.end() || r == real.end()) return std::nullopt;
  return real;
}

}  // namespace

Response serveAsset(const std::filesystem::path& root, std::string_view dir,
                    std::string_view file) {
  if ((!dir.empty() && !safeSegment(dir)) || !safeSegment(file)) return notFound();
  auto path = dir.empty() ? root / file : root / dir / file;
  auto real = insideRoot(root, path);
  if (!real) return notFound();
  std::ifstream in(*real, std::ios::binary);
  if (!in.is_open()) return notFound();
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Response r;
  r.status = 200;
  r.content_type = contentType(file);
  r.body = std::move(bytes);
  // Fonts and images carry a content hash in their names (GOV.UK Frontend): a year. The css
  // and js keep their names across versions: an hour, then revalidate.
  const bool hashed = dir == "fonts" || dir == "images";
  r.headers.emplace_back("Cache-Control",
                         hashed ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace charter::http
