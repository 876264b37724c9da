#include "domain/fields.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace charter::fields {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

const nlohmann::json& nullJson() {
  static const nlohmann::json kNull;
  return kNull;
}

std::string typeName(const nlohmann::json& v) {
  if (v.is_string()) return "text";
  if (v.is_boolean()) return "true/false";
  if (v.is_number()) return "a number";
  if (v.is_array()) return "a list";
  if (v.is_object()) return "an object";
  return "null";
}

}  // namespace

Date earliestDate() { return Date{year{1995} / month{1} / day{1}}; }
Date latestDate() { return Date{year{2099} / month{12} / day{31}}; }

bool Reader::has(std::string_view key) const {
  auto it = obj_.find(key);
  return it != obj_.end() && !it->is_null();
}

const nlohmann::json& Reader::raw(std::string_view key) const {
  auto it = obj_.find(key);
  return it == obj_.end() ? nullJson() : *it;
}

Status Reader::allowOnly(std::span<const std::string_view> allowed,
                         const std::vector<std::string>& extra) const {
  for (const auto& [key, value] : obj_.items()) {
    bool known = std::find(allowed.begin(), allowed.end(), key) != allowed.end() ||
                 std::find(extra.begin(), extra.end(), key) != extra.end();
    if (!known) {
      return invalid(path(key), "unknown",
                     fmt::format("is not a field here; the fields allowed are: {}",
                                 fmt::join(allowed, ", ")));
    }
  }
  return {};
}

Result<std::string> Reader::text(std::string_view key, std::size_t max, bool required) const {
  const auto& v = raw(key);
  if (v.is_null()) {
    if (required) return invalid(path(key), "required", "is required");
    return std::string();
  }
  if (!v.is_string()) {
    return invalid(path(key), "type", fmt::format("must be text, not {}", typeName(v)));
  }
  auto s = v.get<std::string>();
  bool blank = std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
  if (required && blank) return invalid(path(key), "required", "is required and may not be blank");
  if (s.size() > max) {
    return invalid(path(key), "too-long",
                   fmt::format("is too long: at most {} characters, got {}", max, s.size()));
  }
  return blank ? std::string() : s;
}

Result<std::string> Reader::oneOf(std::string_view key, std::span<const std::string_view> allowed,
                                  bool required) const {
  CHARTER_TRY(s, text(key, kShortText, required));
  if (s.empty()) return s;
  if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
    return invalid(path(key), "enum",
                   fmt::format("must be one of {}; got \"{}\"", fmt::join(allowed, ", "),
                               s.substr(0, 40)));
  }
  return s;
}

Result<std::optional<Date>> Reader::date(std::string_view key, bool required) const {
  CHARTER_TRY(s, text(key, 40, required));
  if (s.empty()) return std::optional<Date>();
  auto d = parseDate(s, path(key));
  if (!d) return invalid(path(key), "format", d.error().message);
  if (*d < earliestDate() || *d > latestDate()) {
    return invalid(path(key), "range", "must be a date between 1995 and 2099");
  }
  return std::optional<Date>(*d);
}

Result<std::optional<Instant>> Reader::instant(std::string_view key, bool required) const {
  CHARTER_TRY(s, text(key, 64, required));
  if (s.empty()) return std::optional<Instant>();
  auto t = parseInstant(s, path(key));
  if (!t) return invalid(path(key), "format", t.error().message);
  Date d = std::chrono::floor<std::chrono::days>(*t);
  if (d < earliestDate() || d > latestDate()) {
    return invalid(path(key), "range", "must be a time between 1995 and 2099");
  }
  return std::optional<Instant>(*t);
}

Result<std::optional<bool>> Reader::flag(std::string_view key) const {
  const auto& v = raw(key);
  if (v.is_null()) return std::optional<bool>();
  if (!v.is_boolean()) {
    return invalid(path(key), "type", fmt::format("must be true or false, not {}", typeName(v)));
  }
  return std::optional<bool>(v.get<bool>());
}

Result<std::optional<double>> Reader::number(std::string_view key, double min, double max) const {
  const auto& v = raw(key);
  if (v.is_null()) return std::optional<double>();
  if (!v.is_number()) {
    return invalid(path(key), "type", fmt::format("must be a number, not {}", typeName(v)));
  }
  double x = v.get<double>();
  if (!(x >= min && x <= max)) {
    return invalid(path(key), "range", fmt::format("must be between {} and {}", min, max));
  }
  return std::optional<double>(x);
}

Result<std::vector<std::string>> Reader::texts(std::string_view key, std::size_t max_each) const {
  std::vector<std::string> out;
  const auto& v = raw(key);
  if (v.is_null()) return out;
  if (!v.is_array()) {
    return invalid(path(key), "type", fmt::format("must be a list of text, not {}", typeName(v)));
  }
  if (v.size() > kMaxItems) {
    return invalid(path(key), "too-long", fmt::format("may hold at most {} items", kMaxItems));
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto item = path(fmt::format("{}[{}]", key, i));
    if (!v[i].is_string()) return invalid(item, "type", "must be text");
    auto s = v[i].get<std::string>();
    if (s.size() > max_each) {
      return invalid(item, "too-long", fmt::format("is too long: at most {} characters", max_each));
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<Reader>> Reader::objects(std::string_view key, bool required) const {
  std::vector<Reader> out;
  const auto& v = raw(key);
  if (v.is_null() || (v.is_array() && v.empty())) {
    if (required) return invalid(path(key), "required", "needs at least one item");
    return out;
  }
  if (!v.is_array()) {
    return invalid(path(key), "type", fmt::format("must be a list, not {}", typeName(v)));
  }
  if (v.size() > kMaxItems) {
    return invalid(path(key), "too-long", fmt::format("may hold at most {} items", kMaxItems));
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto item = fmt::format("{}[{}]", path(key), i);
    if (!v[i].is_object()) return invalid(item, "type", "must be an object");
    out.emplace_back(v[i], item + ".");
  }
  return out;
}

Result<Reader> Reader::object(std::string_view key) const {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const auto& v = raw(key);
  if (v.is_null()) return Reader(kEmpty, path(key) + ".");
  if (!v.is_object()) {
    return invalid(path(key), "type", fmt::format("must be an object, not {}", typeName(v)));
  }
  return Reader(v, path(key) + ".");
}

Status requireObject(const nlohmann::json& body) {
  if (!body.is_object()) return invalid("", "type", "the request body must be a JSON object");
  return {};
}

std::string ruleFromProvision(std::string_view provision, std::string_view fallback) {
  if (provision.rfind("Code ", 0) != 0) return std::string(fallback);
  // The first provision named: "Code 2.2(a), 2.3" -> "code-2.2";
  // "Code 2022 section 5" -> "code-2022-section-5".
  std::string rule;
  for (char c : provision) {
    if (c == '(' || c == ',' || c == ';') break;
    rule += c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!rule.empty() && rule.back() == '-') rule.pop_back();
  return rule;
}

}  // namespace charter::fields
