// The JSON API v1: request validation at the edge, CaseService results mapped to HTTP.
//
// Everything a client can send is checked here before it reaches the service: the media
// type (415), the body's encoding, nesting depth and JSON syntax (422 field "body"), every
// query parameter (422 naming it) and path id (422 field "id"). The service then validates the
// fields and the transition (422 / 409). Responses are dumped with invalid UTF-8 replaced, so
// no input can make a handler throw.
#include "api/api.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <mutex>
#include <set>
#include <variant>

#include <spdlog/spdlog.h>

#include "api/api_auth.h"
#include "app/authz.h"
#include "app/deadline.h"
#include "calendar/bank_holidays.h"
#include "calendar/working_calendar.h"

namespace charter::api {

using http::jsonError;
using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

constexpr int kMaxDepth = 64;
constexpr int kMaxLimit = 200;
constexpr int kDefaultLimit = 50;
constexpr std::size_t kMaxTextParam = 200;
constexpr std::string_view kPrefix = "/api/v1";

Response errorResponse(const Error& e, const Request& request) { return errorFor(e, request); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The deepest nesting of arrays/objects, scanning outside strings. Stops early past `limit`.
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

// The positive integer a path or cursor segment names.
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

// The actor recording a change: X-Charter-Actor when given, else "api".
Result<std::string> actorOf(const Request& request) {
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
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return invalid("X-Charter-Actor", "format",
                     "The X-Charter-Actor header contains control characters.");
    }
  }
  return std::string(v);
}

// A JSON object body: 415 for another media type, 422 (field "body") for anything that is not
// a well-formed, UTF-8, reasonably nested JSON object.
std::variant<json, Response> jsonBody(const Request& request) {
  std::string ct = request.header("content-type");
  std::string media = lower(trim(std::string_view(ct).substr(0, ct.find(';'))));
  if (media != "application/json") {
    return jsonError(415, "Content-Type", "media-type",
                     ct.empty() ? "The body must be JSON: send Content-Type: application/json."
                                : "The body must be JSON (Content-Type: application/json), not " +
                                      std::string(media.empty() ? "an empty type" : media) + ".");
  }
  if (std::string_view(trim(request.body)).empty()) {
    return jsonError(422, "body", "required", "The request body is empty; send a JSON object.");
  }
  if (!http::validUtf8(request.body)) {
    return jsonError(422, "body", "encoding", "The request body is not valid UTF-8.");
  }
  if (jsonDepth(request.body, kMaxDepth) > kMaxDepth) {
    return jsonError(422, "body", "depth",
                     "The JSON is nested more than " + std::to_string(kMaxDepth) +
                         " levels deep.");
  }
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return jsonError(422, "body", "json", "The request body is not valid JSON.");
  }
  if (!body.is_object()) {
    return jsonError(422, "body", "type", "The request body must be a JSON object.");
  }
  return body;
}

std::string caseLocation(CaseId id) {
  return std::string(kPrefix) + "/cases/" + std::to_string(id);
}

json optInstant(const std::optional<Instant>& t) {
  return t ? json(formatInstant(*t)) : json(nullptr);
}
json optDate(const std::optional<Date>& d) { return d ? json(formatDate(*d)) : json(nullptr); }

json extensionJson(const Extension& e) {
  return json{{"clock", e.clock},
              {"at", formatInstant(e.at)},
              {"original_due", formatDate(e.original_due)},
              {"new_due", formatDate(e.new_due)},
              {"reason", e.reason},
              {"good_reason", e.good_reason},
              {"ombudsman_details_given", e.ombudsman_details_given},
              {"late", e.late}};
}

json stageJson(const StageRecord& s) {
  json elements = json::array();
  for (const auto& e : s.elements) {
    elements.push_back(json{{"summary", e.summary}, {"finding", e.finding}, {"reasons", e.reasons}});
  }
  json remedies = json::array();
  for (const auto& r : s.remedies) {
    remedies.push_back(json{{"type", r.type},
                            {"description", r.description},
                            {"due", optDate(r.due)},
                            {"amount", r.amount}});
  }
  json actions = json::array();
  for (const auto& a : s.outstanding_actions) {
    actions.push_back(
        json{{"description", a.description}, {"due", formatDate(a.due)}, {"owner", a.owner}});
  }
  json extensions = json::array();
  for (const auto& e : s.extensions) extensions.push_back(extensionJson(e));
  return json{{"acknowledged_at", optInstant(s.acknowledged_at)},
              {"responded_at", optInstant(s.responded_at)},
              {"handler", s.handler},
              {"definition", s.definition},
              {"decision", s.decision},
              {"elements", std::move(elements)},
              {"remedies", std::move(remedies)},
              {"outstanding_actions", std::move(actions)},
              {"extensions", std::move(extensions)}};
}

json summaryJson(const CaseSummary& s) {
  return json{{"id", s.id},
              {"reference", s.reference},
              {"kind", s.kind},
              {"channel", s.channel},
              {"status", s.status},
              {"stage", s.stage},
              {"summary", s.summary},
              {"person_name", s.person_name},
              {"handler", s.handler},
              {"received_at", formatInstant(s.received_at)},
              {"next_due", optDate(s.next_due)},
              {"next_clock", s.next_clock},
              {"links", json{{"self", caseLocation(s.id)}}}};
}

// ---- list query parameters -------------------------------------------------------------

const std::set<std::string, std::less<>> kListParams = {
    "kind", "stage", "status", "overdue", "due_before", "handler", "q", "limit", "cursor"};

Result<CaseQuery> listQuery(const Request& request, Date today) {
  CaseQuery q;
  q.today = today;
  q.limit = kDefaultLimit;
  for (const auto& [name, value] : request.query) {
    if (!kListParams.count(name)) {
      return invalid(name, "unknown-parameter",
                     "Unknown query parameter '" + name +
                         "'. Known: kind, stage, status, overdue, due_before, handler, q, limit, "
                         "cursor.");
    }
    if (request.query.count(name) > 1) {
      return invalid(name, "repeated", "The query parameter '" + name + "' is given twice.");
    }
  }
  auto get = [&](const char* name) -> std::optional<std::string> {
    auto it = request.query.find(name);
    if (it == request.query.end()) return std::nullopt;
    return it->second;
  };
  if (auto v = get("kind")) {
    auto k = parseCaseKind(*v, "kind");
    if (!k) return tl::unexpected(k.error());
    q.kind = std::string(slug(*k));
  }
  if (auto v = get("stage")) {
    if (*v == "1") {
      q.stage = 1;
    } else if (*v == "2") {
      q.stage = 2;
    } else {
      return invalid("stage", "enum", "stage must be 1 or 2.");
    }
  }
  if (auto v = get("status")) {
    auto s = parseCaseStatus(*v, "status");
    if (!s) return tl::unexpected(s.error());
    q.status = std::string(slug(*s));
  }
  if (auto v = get("overdue")) {
    if (*v == "true" || *v == "1") {
      q.overdue = true;
    } else if (*v == "false" || *v == "0") {
      q.overdue = false;
    } else {
      return invalid("overdue", "boolean", "overdue must be true or false.");
    }
  }
  if (auto v = get("due_before")) {
    auto d = parseDate(*v, "due_before");
    if (!d) return tl::unexpected(d.error());
    q.due_before = *d;
  }
  for (const char* name : {"handler", "q"}) {
    if (auto v = get(name)) {
      if (v->empty()) return invalid(name, "required", std::string(name) + " must not be empty.");
      if (v->size() > kMaxTextParam) {
        return invalid(name, "length",
                       std::string(name) + " must be at most " + std::to_string(kMaxTextParam) +
                           " characters.");
      }
      for (char c : *v) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
          return invalid(name, "format", std::string(name) + " contains control characters.");
        }
      }
      if (std::string_view(name) == "handler") {
        q.handler = *v;
      } else {
        q.text = *v;
      }
    }
  }
  if (auto v = get("limit")) {
    auto n = parsePositive(*v);
    if (!n || *n > kMaxLimit) {
      return invalid("limit", "range",
                     "limit must be a whole number from 1 to " + std::to_string(kMaxLimit) + ".");
    }
    q.limit = static_cast<int>(*n);
  }
  if (auto v = get("cursor")) {
    auto n = parsePositive(*v);
    if (!n) {
      return invalid("cursor", "format",
                     "cursor must be the next_cursor value of a previous page.");
    }
    q.after = *n;
  }
  return q;
}

std::optional<Response> checkNoQuery(const Request& request) {
  if (!request.query.empty()) {
    const std::string& name = request.query.begin()->first;
    return jsonError(422, name, "unknown-parameter",
                     "This resource takes no query parameters ('" + name + "' given).");
  }
  return std::nullopt;
}

Result<CaseId> caseIdParam(const Request& request) {
  auto it = request.params.find("id");
  std::string_view raw = it == request.params.end() ? std::string_view() : it->second;
  auto id = parsePositive(raw);
  if (!id) {
    return invalid("id", "format", "The case id must be a positive whole number.");
  }
  return *id;
}

// ---- the deadline helper -------------------------------------------------------------

Response deadline(CaseService& service, const Request& request) {
  for (const auto& [name, value] : request.query) {
    if (name != "received_at" && name != "nation" && name != "channel") {
      return jsonError(422, name, "unknown-parameter",
                       "Unknown query parameter '" + name +
                           "'. Known: received_at, nation, channel.");
    }
    if (request.query.count(name) > 1) {
      return jsonError(422, name, "repeated", "The query parameter '" + name + "' is given twice.");
    }
  }
  if (!request.hasQuery("received_at")) {
    return jsonError(422, "received_at", "required",
                     "received_at is required: when the complaint was received, e.g. "
                     "2025-03-21T17:30:00Z.");
  }
  auto received = parseInstant(request.queryParam("received_at"), "received_at");
  if (!received) return errorResponse(received.error(), request);
  const auto min = std::chrono::sys_days{std::chrono::year{1995} / 1 / 2};
  const auto max = std::chrono::sys_days{std::chrono::year{2099} / 12 / 1};
  if (*received < min || *received > max) {
    return jsonError(422, "received_at", "range",
                     "received_at must be between 1995 and 2099.");
  }
  Channel channel = Channel::kPhone;
  if (request.hasQuery("channel")) {
    auto c = parseChannel(request.queryParam("channel"), "channel");
    if (!c) return errorResponse(c.error(), request);
    channel = *c;
  }
  DeadlineQuestion question;
  question.received = *received;
  question.channel = channel;
  if (request.hasQuery("nation")) {
    auto nation = parseNation(request.queryParam("nation"), "nation");
    if (!nation) return errorResponse(nation.error(), request);
    question.nation = *nation;
  }
  auto d = workOutDeadlines(service.policy(), question);
  if (!d) return errorResponse(d.error(), request);
  json clocks = json::array();
  for (const auto& c : d->clocks) clocks.push_back(clockJson(c));
  return jsonResponse(200, json{{"received_at", formatInstant(*received)},
                                {"nation", std::string(nationSlug(d->policy->calendar.nation))},
                                {"policy", d->policy->id},
                                {"local_time", d->day_zero.local_time},
                                {"day_zero", formatDate(d->day_zero.date)},
                                {"explanation", d->day_zero.explanation},
                                {"clocks", std::move(clocks)}});
}

}  // namespace

json clockJson(const Clock& clock) {
  json extensions = json::array();
  for (const auto& e : clock.extensions) extensions.push_back(extensionJson(e));
  return json{{"name", clock.name},
              {"title", clock.title},
              {"status", std::string(slug(clock.status))},
              {"due", optDate(clock.due)},
              {"due_at", optInstant(clock.due_at)},
              {"original_due", optDate(clock.original_due)},
              {"start", optDate(clock.start)},
              {"met_on", optDate(clock.met_on)},
              {"provisional", clock.provisional},
              {"extensions", std::move(extensions)},
              {"explanation", clock.explanation},
              {"statutory", clock.statutory},
              {"provision", clock.provision}};
}

json caseJson(const CaseView& view, bool with_events) {
  const CaseState& s = view.state;
  const Person& p = s.person;
  json person = personJson(p);
  json milestones = json::object();
  for (const auto& [name, at] : s.milestones) milestones[name] = formatInstant(at);
  const bool complaint = s.kind == CaseKind::kComplaint;
  json out = {{"id", s.id},
              {"reference", s.reference},
              {"kind", std::string(slug(s.kind))},
              {"channel", std::string(slug(s.channel))},
              {"status", std::string(slug(s.status))},
              {"stage", s.stage},
              {"summary", s.summary},
              {"person", std::move(person)},
              {"received_at", formatInstant(s.received_at)},
              {"received_by", s.received_by},
              {"service_area", s.service_area},
              {"theme", s.theme},
              {"handler", s.current().handler},
              {"raised_from", s.raised_from ? json(*s.raised_from) : json(nullptr)},
              {"complaints_raised", s.complaints_raised},
              {"escalation_requested_at", optInstant(s.escalation_requested_at)},
              {"refusal_reason", s.refusal_reason},
              {"stage1", complaint ? stageJson(s.stage1) : json(nullptr)},
              {"stage2", complaint && (s.stage == 2 || s.escalation_requested_at)
                             ? stageJson(s.stage2)
                             : json(nullptr)},
              {"milestones", std::move(milestones)},
              {"version", s.version()},
              {"next_due", optDate(nextDue(view.clocks))}};
  if (!complaint) out["handler"] = s.stage1.handler;
  json clocks = json::array();
  for (const auto& c : view.clocks) clocks.push_back(clockJson(c));
  out["clocks"] = std::move(clocks);
  if (with_events) {
    json events = json::array();
    for (const auto& e : s.events) {
      events.push_back(json{{"seq", e.seq},
                            {"type", e.type},
                            {"at", formatInstant(e.at)},
                            {"recorded_at", formatInstant(e.recorded_at)},
                            {"actor", e.actor},
                            {"data", e.data}});
    }
    out["events"] = std::move(events);
  }
  out["links"] = json{{"self", caseLocation(s.id)}, {"actions", caseLocation(s.id) + "/actions"}};
  return out;
}

namespace {

// The case use cases the routes call, for the principal of one request: AuthorisedCases, for
// signed-in people and API tokens (the one way into cases).
class Cases {
 public:
  virtual ~Cases() = default;
  // Who is asking, or the 401/403 to answer.
  virtual std::variant<Principal, Response> who(const Request& request) = 0;
  virtual Result<CaseView> create(const Principal& p, json body) = 0;
  virtual Result<CaseView> act(const Principal& p, CaseId id, const json& body) = 0;
  virtual Result<CaseView> get(const Principal& p, CaseId id) = 0;
  virtual Result<CasePage> list(const Principal& p, CaseQuery query) = 0;
  virtual Result<CaseService*> service(const Principal& p) = 0;
};

class SignedInCases final : public Cases {
 public:
  SignedInCases(AuthorisedCases& c, AccountService& a) : c_(c), a_(a) {}
  std::variant<Principal, Response> who(const Request& request) override {
    return authenticate(request, a_);
  }
  Result<CaseView> create(const Principal& p, json body) override {
    return c_.create(p, std::move(body));
  }
  Result<CaseView> act(const Principal& p, CaseId id, const json& body) override {
    return c_.act(p, id, body);
  }
  Result<CaseView> get(const Principal& p, CaseId id) override { return c_.get(p, id, "api"); }
  Result<CasePage> list(const Principal& p, CaseQuery query) override {
    return c_.list(p, std::move(query));
  }
  Result<CaseService*> service(const Principal& p) override { return c_.service(p); }

 private:
  AuthorisedCases& c_;
  AccountService& a_;
};

// The principal of the request, with X-Charter-Actor checked and (for API tokens) taken as
// whom the calling system acts for; or the response to send instead.
std::variant<Principal, Response> principalOf(Cases& cases, const Request& request) {
  auto who = cases.who(request);
  if (std::holds_alternative<Response>(who)) return who;
  Principal p = std::get<Principal>(std::move(who));
  auto actor = actorOf(request);
  if (!actor) return errorResponse(actor.error(), request);
  if (p.api_token && request.headers.count("x-charter-actor")) p.acting_for = *actor;
  return p;
}

void addCaseRoutes(http::Router& router, std::shared_ptr<Cases> cases,
                   std::function<bool()> ready) {
  const std::string p(kPrefix);

  router.add("GET", p + "/health", [cases, ready](const Request& request) {
    bool ok = true;
    std::string why;
    if (ready) {
      ok = ready();
      if (!ok) why = "The store is not ready.";
    } else {
      Principal admin;
      admin.landlord = 1;
      admin.role = Role::kComplaintsAdmin;
      auto service = cases->service(admin);
      CaseQuery q;
      q.limit = 1;
      auto page = service ? (*service)->list(q) : Result<CasePage>(tl::unexpected(service.error()));
      if (!page) {
        ok = false;
        why = page.error().message;
      }
    }
    if (!ok) {
      Response r = jsonError(503, "", "unavailable", why.empty() ? "Not ready." : why);
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    return jsonResponse(200, json{{"status", "ok"}});
  });

  router.add("GET", p + "/openapi.json", [](const Request&) {
    return jsonResponse(200, openApiDocument());
  });

  router.add("GET", p + "/calendar/deadline", [cases](const Request& request) {
    auto who = principalOf(*cases, request);
    if (auto* r = std::get_if<Response>(&who)) return *r;
    auto service = cases->service(std::get<Principal>(who));
    if (!service) return errorResponse(service.error(), request);
    return deadline(**service, request);
  });

  router.add("POST", p + "/cases", [cases](const Request& request) {
    auto who = principalOf(*cases, request);
    if (auto* r = std::get_if<Response>(&who)) return *r;
    if (auto r = checkNoQuery(request)) return *r;
    auto body = jsonBody(request);
    if (auto* r = std::get_if<Response>(&body)) return *r;
    auto view = cases->create(std::get<Principal>(who), std::get<json>(body));
    if (!view) return errorResponse(view.error(), request);
    Response r = jsonResponse(201, caseJson(*view));
    r.headers.emplace_back("Location", caseLocation(view->state.id));
    return r;
  });

  router.add("GET", p + "/cases", [cases](const Request& request) {
    auto who = principalOf(*cases, request);
    if (auto* r = std::get_if<Response>(&who)) return *r;
    const Principal& principal = std::get<Principal>(who);
    auto service = cases->service(principal);
    if (!service) return errorResponse(service.error(), request);
    auto query = listQuery(request, (*service)->today());
    if (!query) return errorResponse(query.error(), request);
    const int limit = query->limit;
    auto page = cases->list(principal, std::move(*query));
    if (!page) return errorResponse(page.error(), request);
    json list = json::array();
    for (const auto& c : page->cases) list.push_back(summaryJson(c));
    json out = {{"cases", std::move(list)},
                {"limit", limit},
                {"next_cursor", page->next_cursor ? json(std::to_string(*page->next_cursor))
                                                  : json(nullptr)}};
    return jsonResponse(200, out);
  });

  router.add("GET", p + "/cases/{id}", [cases](const Request& request) {
    auto who = principalOf(*cases, request);
    if (auto* r = std::get_if<Response>(&who)) return *r;
    if (auto r = checkNoQuery(request)) return *r;
    auto id = caseIdParam(request);
    if (!id) return errorResponse(id.error(), request);
    auto view = cases->get(std::get<Principal>(who), *id);
    if (!view) return errorResponse(view.error(), request);
    return jsonResponse(200, caseJson(*view));
  });

  router.add("POST", p + "/cases/{id}/actions", [cases](const Request& request) {
    auto who = principalOf(*cases, request);
    if (auto* r = std::get_if<Response>(&who)) return *r;
    if (auto r = checkNoQuery(request)) return *r;
    auto id = caseIdParam(request);
    if (!id) return errorResponse(id.error(), request);
    auto body = jsonBody(request);
    if (auto* r = std::get_if<Response>(&body)) return *r;
    const json& b = std::get<json>(body);
    auto view = cases->act(std::get<Principal>(who), *id, b);
    if (!view) return errorResponse(view.error(), request);
    auto action = b.find("action");
    bool converted = action != b.end() && action->is_string() &&
                     action->get_ref<const std::string&>() == "convert_to_complaint";
    if (converted) {
      Response r = jsonResponse(201, caseJson(*view));
      r.headers.emplace_back("Location", caseLocation(view->state.id));
      return r;
    }
    return jsonResponse(200, caseJson(*view));
  });
}

}  // namespace

void addRoutes(http::Router& router, AuthorisedCases& cases, AccountService& accounts,
               std::function<bool()> ready) {
  addCaseRoutes(router, std::make_shared<SignedInCases>(cases, accounts), std::move(ready));
  addDataProtectionRoutes(router, cases, accounts);
}

}  // namespace charter::api
