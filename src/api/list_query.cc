#include "api/list_query.h"

#include "api/params.h"

namespace charter::api {
namespace {

constexpr std::size_t kMaxTextParam = 200;

std::optional<std::string> param(const http::Request& request, const char* name) {
  auto it = request.query.find(name);
  if (it == request.query.end()) return std::nullopt;
  return it->second;
}

Status readEnums(const http::Request& request, CaseQuery& q) {
  if (auto v = param(request, "kind")) {
    auto k = parseCaseKind(*v, "kind");
    if (!k) return tl::unexpected(k.error());
    q.kind = std::string(slug(*k));
  }
  if (auto v = param(request, "stage")) {
    if (*v != "1" && *v != "2") return invalid("stage", "enum", "stage must be 1 or 2.");
    q.stage = *v == "1" ? 1 : 2;
  }
  if (auto v = param(request, "status")) {
    auto s = parseCaseStatus(*v, "status");
    if (!s) return tl::unexpected(s.error());
    q.status = std::string(slug(*s));
  }
  if (auto v = param(request, "overdue")) {
    if (*v == "true" || *v == "1") {
      q.overdue = true;
    } else if (*v == "false" || *v == "0") {
      q.overdue = false;
    } else {
      return invalid("overdue", "boolean", "overdue must be true or false.");
    }
  }
  if (auto v = param(request, "due_before")) {
    auto d = parseDate(*v, "due_before");
    if (!d) return tl::unexpected(d.error());
    q.due_before = *d;
  }
  return {};
}

Status readTextAndPaging(const http::Request& request, CaseQuery& q) {
  if (auto v = param(request, "handler")) {
    if (auto ok = checkText("handler", *v, kMaxTextParam); !ok) return ok;
    q.handler = *v;
  }
  if (auto v = param(request, "q")) {
    if (auto ok = checkText("q", *v, kMaxTextParam); !ok) return ok;
    q.text = *v;
  }
  if (auto v = param(request, "limit")) {
    auto n = parsePositive(*v);
    if (!n || *n > kMaxListLimit) {
      return invalid("limit", "range",
                     "limit must be a whole number from 1 to " + std::to_string(kMaxListLimit) +
                         ".");
    }
    q.limit = static_cast<int>(*n);
  }
  if (auto v = param(request, "cursor")) {
    auto n = parsePositive(*v);
    if (!n) {
      return invalid("cursor", "format",
                     "cursor must be the next_cursor value of a previous page.");
    }
    q.after = *n;
  }
  return {};
}

}  // namespace

Result<CaseQuery> caseQueryOf(const http::Request& request, Date today) {
  auto known = onlyQueryParams(request, {"kind", "stage", "status", "overdue", "due_before",
                                         "handler", "q", "limit", "cursor"});
  if (!known) return tl::unexpected(known.error());
  CaseQuery q;
  q.today = today;
  q.limit = kDefaultListLimit;
  if (auto s = readEnums(request, q); !s) return tl::unexpected(s.error());
  if (auto s = readTextAndPaging(request, q); !s) return tl::unexpected(s.error());
  return q;
}

}  // namespace charter::api
