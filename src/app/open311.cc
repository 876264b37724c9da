#include "app/open311.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/case_query.h"
#include "domain/repairs.h"

namespace charter {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxDescription = 10000;
constexpr std::size_t kMaxShort = 200;
constexpr std::size_t kMaxAddress = 1000;

std::string field(const Open311Fields& fields, std::string_view name) {
  auto it = fields.find(std::string(name));
  if (it == fields.end()) return {};
  std::string v = it->second;
  const auto a = v.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  return v.substr(a, v.find_last_not_of(" \t\r\n") - a + 1);
}

Status checkLength(std::string_view name, const std::string& value, std::size_t max) {
  if (value.size() <= max) return {};
  return invalid(std::string(name), "too-long",
                 fmt::format("must be {} characters or fewer", max));
}

// A decimal degree within ±limit; nullopt when not given.
Result<std::optional<double>> degrees(const Open311Fields& fields, std::string_view name,
                                      double limit) {
  const std::string text = field(fields, name);
  if (text.empty()) return std::optional<double>();
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return invalid(std::string(name), "format", "must be a decimal number of degrees (WGS 84)");
  }
  if (std::abs(v) > limit) {
    return invalid(std::string(name), "range",
                   fmt::format("must be between -{} and {}", limit, limit));
  }
  return std::optional<double>(v);
}

Result<json> locationOf(const Open311Fields& fields) {
  auto lat = degrees(fields, "lat", 90);
  if (!lat) return tl::unexpected(lat.error());
  auto lon = degrees(fields, "long", 180);
  if (!lon) return tl::unexpected(lon.error());
  if (lat->has_value() != lon->has_value()) {
    return invalid(*lat ? "long" : "lat", "required", "a point needs both lat and long");
  }
  std::string address = field(fields, "address_string");
  if (auto ok = checkLength("address_string", address, kMaxAddress); !ok) return tl::unexpected(ok.error());
  const std::string address_id = field(fields, "address_id");
  if (auto ok = checkLength("address_id", address_id, kMaxShort); !ok) return tl::unexpected(ok.error());
  if (address.empty()) address = address_id;
  if (!*lat && address.empty()) {
    return invalid("location", "required",
                   "give lat and long, address_string or address_id: where the problem is");
  }
  json out = json::object();
  if (*lat) {
    out["latitude"] = **lat;
    out["longitude"] = **lon;
  }
  if (!address.empty()) out["address"] = address;
  return out;
}

Result<json> personOf(const Open311Fields& fields) {
  json person = json::object();
  std::string name = field(fields, "first_name");
  const std::string last = field(fields, "last_name");
  if (auto ok = checkLength("first_name", name, kMaxShort); !ok) return tl::unexpected(ok.error());
  if (auto ok = checkLength("last_name", last, kMaxShort); !ok) return tl::unexpected(ok.error());
  if (!last.empty()) name += name.empty() ? last : " " + last;
  if (!name.empty()) person["name"] = name.substr(0, kMaxShort);
  const std::string email = field(fields, "email");
  if (auto ok = checkLength("email", email, kMaxShort); !ok) return tl::unexpected(ok.error());
  if (!email.empty() && (email.find('@') == std::string::npos || email.front() == '@')) {
    return invalid("email", "format", "must be an email address, like name@example.com");
  }
  if (!email.empty()) person["email"] = email;
  const std::string phone = field(fields, "phone");
  if (auto ok = checkLength("phone", phone, kMaxShort); !ok) return tl::unexpected(ok.error());
  if (!phone.empty()) person["phone"] = phone;
  return person;
}

Result<Open311Service> serviceOf(const Open311Fields& fields, const Policy& policy) {
  const std::string code = field(fields, "service_code");
  if (code.empty()) {
    return invalid("service_code", "required",
                   "give the service_code of one of the services in services.json");
  }
  std::vector<std::string> codes;
  for (auto& s : open311Services(policy)) {
    if (s.code == code) return s;
    codes.push_back(s.code);
  }
  return invalid("service_code", "enum",
                 fmt::format("must be one of: {}", fmt::join(codes, ", ")));
}

}  // namespace

std::vector<Open311Service> open311Services(const Policy& policy) {
  std::vector<Open311Service> out;
  for (const std::string& category : policyCategories(policy)) {
    Open311Service s{category, category, "", category};
    for (const Standard& st : policy.standards) {
      if (st.category != category) continue;
      s.name = st.title;
      s.description = "Within " + describeDuration(st.amount, st.unit) + ".";
      break;
    }
    out.push_back(std::move(s));
  }
  if (out.empty()) {
    out.push_back({std::string(kOpen311GeneralService), "Report a repair or a problem",
                   "Logged as a service request and answered by the landlord's team.", ""});
  }
  return out;
}

Result<json> open311CaseBody(const Open311Fields& fields, const Policy& policy, Instant now) {
  auto service = serviceOf(fields, policy);
  if (!service) return tl::unexpected(service.error());
  auto location = locationOf(fields);
  if (!location) return tl::unexpected(location.error());
  auto person = personOf(fields);
  if (!person) return tl::unexpected(person.error());
  std::string summary = field(fields, "description");
  if (auto ok = checkLength("description", summary, kMaxDescription); !ok) return tl::unexpected(ok.error());
  if (summary.empty()) summary = service->name;
  const std::string media = field(fields, "media_url");
  if (auto ok = checkLength("media_url", media, kMaxShort); !ok) return tl::unexpected(ok.error());
  if (!media.empty()) summary += "\n\nPhoto: " + media;
  json body = {{"kind", "service_request"}, {"channel", "web_form"},
               {"received_at", formatInstant(now)}, {"summary", summary},
               {"person", std::move(*person)}, {"location", std::move(*location)}};
  if (!service->category.empty()) body["category"] = service->category;
  return body;
}

Result<CaseView> logOpen311Request(AuthorisedCases& cases, const Principal& who,
                                   const Open311Fields& fields) {
  if (!allowed(who, Permission::kLogContact)) return forbidden();
  auto service = cases.service(who);
  if (!service) return tl::unexpected(service.error());
  auto body = open311CaseBody(fields, (*service)->policy(), cases.landlords().time().now());
  if (!body) return tl::unexpected(body.error());
  return cases.create(who, std::move(*body));
}

std::string_view open311Status(CaseStatus status) {
  return status == CaseStatus::kOpen ? "open" : "closed";
}

std::string open311ServiceCode(const CaseState& s) {
  std::string category = categoryOf(s);
  return category.empty() ? std::string(kOpen311GeneralService) : category;
}

namespace {

std::vector<std::string> commaList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string part = text.substr(start, comma - start);
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (!part.empty()) out.push_back(std::move(part));
    start = comma + 1;
  }
  return out;
}

Result<std::optional<Instant>> instantParam(const Open311Fields& query, std::string_view name) {
  const std::string text = field(query, name);
  if (text.empty()) return std::optional<Instant>();
  auto t = parseInstant(text, name);
  if (!t) {
    return invalid(std::string(name), "format",
                   "must be a date and time with its zone, like 2025-03-21T17:30:00Z");
  }
  return std::optional<Instant>(*t);
}

// The views of `ids` that `who` may see and that are service requests (others left out).
Result<std::vector<CaseView>> byIds(AuthorisedCases& cases, const Principal& who,
                                    const std::vector<std::string>& ids) {
  std::vector<CaseView> out;
  for (const std::string& text : ids) {
    auto id = open311CaseId(text);
    if (!id) continue;
    auto view = cases.get(who, *id, "open311");
    if (!view) {
      if (view.error().kind == ErrorKind::kNotFound) continue;
      return tl::unexpected(view.error());
    }
    if (view->state.kind == CaseKind::kServiceRequest) out.push_back(std::move(*view));
  }
  return out;
}

}  // namespace

Result<Open311Filter> open311FilterOf(const Open311Fields& query) {
  Open311Filter f;
  const std::string ids = field(query, "service_request_id");
  if (auto ok = checkLength("service_request_id", ids, 10000); !ok) return tl::unexpected(ok.error());
  f.ids = commaList(ids);
  if (f.ids.size() > static_cast<std::size_t>(kOpen311MaxRequests)) {
    return invalid("service_request_id", "too-long",
                   fmt::format("may name at most {} requests", kOpen311MaxRequests));
  }
  f.service_code = field(query, "service_code");
  if (auto ok = checkLength("service_code", f.service_code, kMaxShort); !ok) {
    return tl::unexpected(ok.error());
  }
  auto start = instantParam(query, "start_date");
  if (!start) return tl::unexpected(start.error());
  auto end = instantParam(query, "end_date");
  if (!end) return tl::unexpected(end.error());
  f.start = *start;
  f.end = *end;
  if (f.start && f.end && *f.end <= *f.start) {
    return invalid("end_date", "not-later", "must be after start_date");
  }
  for (const std::string& s : commaList(field(query, "status"))) {
    if (s != "open" && s != "closed") {
      return invalid("status", "enum", "must be open, closed or open,closed");
    }
    f.statuses.insert(s);
  }
  return f;
}

Result<std::vector<CaseView>> findOpen311Requests(AuthorisedCases& cases, const Principal& who,
                                                  const Open311Filter& filter) {
  if (!filter.ids.empty()) return byIds(cases, who, filter.ids);
  auto service = cases.service(who);
  if (!service) return tl::unexpected(service.error());
  CaseQuery q;
  q.kind = CaseKind::kServiceRequest;
  const Instant end = filter.end.value_or(cases.landlords().time().now() + std::chrono::minutes(5));
  q.received_before = end;
  q.received_since = filter.start.value_or(end - std::chrono::days(kOpen311DefaultDays));
  q.newest_first = true;
  q.limit = 200;
  std::vector<CaseView> out;
  while (static_cast<int>(out.size()) < kOpen311MaxRequests) {
    auto page = cases.list(who, q);
    if (!page) return tl::unexpected(page.error());
    for (const CaseSummary& row : page->cases) {
      auto status = parseCaseStatus(row.status);
      if (!filter.statuses.empty() && status &&
          !filter.statuses.count(std::string(open311Status(*status)))) {
        continue;
      }
      auto view = cases.get(who, row.id, "open311");
      if (!view) return tl::unexpected(view.error());
      if (!filter.service_code.empty() && open311ServiceCode(view->state) != filter.service_code) {
        continue;
      }
      out.push_back(std::move(*view));
      if (static_cast<int>(out.size()) == kOpen311MaxRequests) break;
    }
    if (!page->next_cursor) break;
    q.after = page->next_cursor;
  }
  return out;
}

std::optional<Instant> open311ExpectedAt(const CaseView& view, const Policy& policy) {
  std::optional<Instant> out;
  for (const Clock& c : view.clocks) {
    if (c.status != ClockStatus::kRunning && c.status != ClockStatus::kMissed) continue;
    if (c.met_on || !c.due || (!c.due_at && !policy.working_calendar)) continue;
    Instant t = c.due_at ? *c.due_at
                         : localDayStart(*policy.working_calendar, *c.due + std::chrono::days(1)) -
                               std::chrono::seconds(1);
    if (!out || t < *out) out = t;
  }
  return out;
}

std::optional<CaseId> open311CaseId(std::string_view id) {
  if (id.size() > 3 && (id.substr(0, 3) == "CH-" || id.substr(0, 3) == "ch-")) id.remove_prefix(3);
  auto n = parsePositive(id);
  if (!n) return std::nullopt;
  return *n;
}

}  // namespace charter
