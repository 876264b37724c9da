#include "app/case_query.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <set>
#include <string_view>

namespace charter {
namespace {

constexpr int kMaxApiLimit = 200;
constexpr int kDefaultApiLimit = 50;
constexpr std::size_t kMaxTextParam = 200;

const std::set<std::string, std::less<>> kListParams = {
    "kind", "stage", "status", "overdue", "due_before", "handler", "q", "limit", "cursor",
    "owner", "unassigned", "service_area", "received_from", "received_to", "order", "format"};

using Params = std::multimap<std::string, std::string>;


Status checkNames(const Params& params) {
  for (const auto& [name, value] : params) {
    if (!kListParams.count(name)) {
      return invalid(name, "unknown-parameter",
                     "Unknown query parameter '" + name +
                         "'. Known: kind, stage, status, overdue, due_before, handler, owner, "
                         "unassigned, service_area, received_from, received_to, q, order, "
                         "limit, cursor, format.");
    }
    if (params.count(name) > 1) {
      return invalid(name, "repeated", "The query parameter '" + name + "' is given twice.");
    }
  }
  return {};
}

Result<std::string> textParam(const char* name, const std::string& v) {
  if (v.empty()) return invalid(name, "required", std::string(name) + " must not be empty.");
  if (v.size() > kMaxTextParam) {
    return invalid(name, "length",
                   std::string(name) + " must be at most " + std::to_string(kMaxTextParam) +
                       " characters.");
  }
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return invalid(name, "format", std::string(name) + " contains control characters.");
    }
  }
  return v;
}

// kind, stage, status, overdue, unassigned, due_before.
Status readFilters(const Params& params, CaseQuery& q) {
  auto get = [&](const char* name) -> const std::string* {
    auto it = params.find(name);
    return it == params.end() ? nullptr : &it->second;
  };
  if (const auto* v = get("kind")) {
    auto k = parseCaseKind(*v, "kind");
    if (!k) return tl::unexpected(k.error());
    q.kind = *k;
  }
  if (const auto* v = get("stage")) {
    if (*v != "1" && *v != "2") return invalid("stage", "enum", "stage must be 1 or 2.");
    q.stage = *v == "1" ? 1 : 2;
  }
  if (const auto* v = get("status")) {
    auto s = parseCaseStatus(*v, "status");
    if (!s) return tl::unexpected(s.error());
    q.status = *s;
  }
  if (const auto* v = get("overdue")) {
    if (*v == "true" || *v == "1") {
      q.overdue = true;
    } else if (*v == "false" || *v == "0") {
      q.overdue = false;
    } else {
      return invalid("overdue", "boolean", "overdue must be true or false.");
    }
  }
  if (const auto* v = get("unassigned")) {
    if (*v != "true" && *v != "1" && *v != "false" && *v != "0") {
      return invalid("unassigned", "boolean", "unassigned must be true or false.");
    }
    q.unassigned = *v == "true" || *v == "1";
  }
  if (const auto* v = get("due_before")) {
    auto d = parseDate(*v, "due_before");
    if (!d) return tl::unexpected(d.error());
    q.due_before = *d;
  }
  for (auto [name, target] : {std::pair{"received_from", &q.received_from},
                               {"received_to", &q.received_to}}) {
    if (const auto* v = get(name)) {
      auto d = parseDate(*v, name);
      if (!d) return tl::unexpected(d.error());
      *target = *d;
    }
  }
  if (const auto* v = get("order")) {
    if (*v != "newest" && *v != "oldest") {
      return invalid("order", "enum", "order must be newest or oldest.");
    }
    q.newest_first = *v == "newest";
  }
  if (const auto* v = get("format")) {
    if (*v != "json" && *v != "csv" && *v != "xlsx") {
      return invalid("format", "enum", "format must be json, csv or xlsx.");
    }
  }
  return {};
}

// handler, owner, q, limit, cursor.
Status readPaging(const Params& params, CaseQuery& q) {
  for (auto [name, target] : {std::pair{"handler", &q.handler}, {"owner", &q.owner},
                               {"q", &q.text}, {"service_area", &q.service_area}}) {
    auto it = params.find(name);
    if (it == params.end()) continue;
    auto v = textParam(name, it->second);
    if (!v) return tl::unexpected(v.error());
    *target = std::move(*v);
  }
  if (auto it = params.find("limit"); it != params.end()) {
    auto n = parsePositive(it->second);
    if (!n || *n > kMaxApiLimit) {
      return invalid("limit", "range",
                     "limit must be a whole number from 1 to " + std::to_string(kMaxApiLimit) +
                         ".");
    }
    q.limit = static_cast<int>(*n);
  }
  if (auto it = params.find("cursor"); it != params.end()) {
    auto n = parsePositive(it->second);
    if (!n) {
      return invalid("cursor", "format",
                     "cursor must be the next_cursor value of a previous page.");
    }
    q.after = *n;
  }
  return {};
}

}  // namespace

Result<CaseQuery> checkCaseQuery(CaseQuery q) {
  if (q.stage && *q.stage != 1 && *q.stage != 2) {
    return invalid("stage", "one-of", "stage must be 1 or 2");
  }
  if (q.received_from && q.received_to && *q.received_to < *q.received_from) {
    return invalid("received_to", "order", "received_to must be on or after received_from.");
  }
  q.limit = std::clamp(q.limit, 1, kMaxCasePage);
  if (q.text && q.text->empty()) q.text.reset();
  return q;
}

Result<CaseQuery> parseCaseListParams(const Params& params, Date today) {
  CaseQuery q;
  q.today = today;
  q.limit = kDefaultApiLimit;
  if (auto s = checkNames(params); !s) return tl::unexpected(s.error());
  if (auto s = readFilters(params, q); !s) return tl::unexpected(s.error());
  if (auto s = readPaging(params, q); !s) return tl::unexpected(s.error());
  return q;
}

// A zone's midnight lies within 14 hours of UTC's, on a quarter hour.
Instant localDayStart(const WorkingCalendar& cal, Date d) {
  using namespace std::chrono;
  const Instant midnight = time_point_cast<milliseconds>(sys_time<days>(d));
  for (Instant t = midnight - hours(14); t <= midnight + hours(14); t += minutes(15)) {
    if (cal.localDate(t) == d) return t;
  }
  return midnight;
}

std::optional<std::int64_t> parsePositive(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace charter
