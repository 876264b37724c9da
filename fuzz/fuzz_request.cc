// libFuzzer target: one JSON API request, end to end below the socket.
//
// The input is a request in a plain text form:
//
//     METHOD TARGET\n
//     Header-Name: value\n        (any number)
//     \n
//     BODY
//
// It goes through the same steps as a request the server read: the target is split and
// decoded (http::parseTarget: percent-decoding, the query string), then the API router
// (api::addRoutes) validates the media type, the body's encoding, depth and JSON, the query
// parameters and path ids, and the domain decides (decideNew for POST /cases, decideAction for
// POST /cases/{id}/actions) on fixed cases held by an in-memory store (every write is decided
// and then dropped, so each input sees the same states). Requests are made as an API token of
// the complaints team (the real AccountService over a fixed account store) unless the input
// carries its own Authorization header.
//
// The oracle, besides ASan/UBSan: the API never answers 5xx to any input, and every answer
// body is JSON.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "app/accounts.h"
#include "app/accounts_store.h"
#include "app/authz.h"
#include "app/landlords.h"
#include "app/case_service.h"
#include "app/case_store.h"
#include "domain/lifecycle.h"
#include "http/server.h"
#include "policy/policy.h"
#include "util/time.h"

namespace {

using namespace charter;
using nlohmann::json;

Instant at(const char* text) { return parseInstant(text).value(); }

// The fixed cases, by id: a complaint at each stage, a service request, a closed complaint.
std::map<CaseId, CaseState> makeStates(const Policy& policy) {
  std::map<CaseId, CaseState> out;
  auto complaint = json{{"kind", "complaint"},
                        {"received_at", "2025-03-21T17:30:00Z"},
                        {"channel", "phone"},
                        {"summary", "Boiler still broken"},
                        {"person", {{"name", "A Resident"}}}};
  auto build = [&](CaseId id, const json& create, const std::vector<json>& actions) {
    DecisionContext ctx{policy, at("2025-03-21T17:31:00Z"), "fuzz"};
    auto e = decideNew(create, ctx);
    if (!e) {
      std::fprintf(stderr, "fuzz setup: %s\n", e.error().message.c_str());
      std::abort();
    }
    CaseState state = CaseState::fold(id, caseReference(id), {*e});
    for (const auto& a : actions) {
      DecisionContext actx{policy, parseInstant(a["at"].get<std::string>()).value() +
                                       std::chrono::minutes(1),
                           "fuzz"};
      auto events = decideAction(state, a, actx);
      if (!events) {
        std::fprintf(stderr, "fuzz setup: %s %s\n", a.dump().c_str(),
                     events.error().message.c_str());
        std::abort();
      }
      for (const auto& ev : *events) state.apply(ev);
    }
    out.emplace(id, std::move(state));
  };
  json ack = {{"action", "acknowledge"}, {"at", "2025-03-24T10:00:00Z"}, {"handler", "Alice"},
              {"definition", "d"}};
  json respond = {{"action", "respond"},
                  {"at", "2025-03-28T10:00:00Z"},
                  {"decision", "upheld"},
                  {"elements", json::array({{{"summary", "s"}, {"finding", "upheld"},
                                             {"reasons", "r"}}})},
                  {"remedies", json::array({{{"type", "apology"}, {"description", "Sorry"}}})}};
  json escalate = {{"action", "request_escalation"}, {"at", "2025-04-01T10:00:00Z"}};
  json withdraw = {{"action", "withdraw"}, {"at", "2025-03-25T10:00:00Z"}};
  build(1, complaint, {});
  build(2, complaint, {ack});
  build(3, complaint, {ack, respond});
  build(4, complaint, {ack, respond, escalate});
  build(5,
        json{{"kind", "service_request"},
             {"received_at", "2025-03-21T10:00:00Z"},
             {"channel", "email"},
             {"summary", "Tap dripping"}},
        {});
  build(6, complaint, {withdraw});
  return out;
}

// Holds the fixed cases; decides every write and then drops it.
class FixedStore final : public CaseStore {
 public:
  explicit FixedStore(std::map<CaseId, CaseState> states) : states_(std::move(states)) {}

  Status write(LandlordId, const std::function<Status(CaseTxn&)>& work) override {
    Txn txn(*this);
    return work(txn);
  }
  Result<std::optional<CaseState>> load(LandlordId, CaseId id) override {
    auto it = states_.find(id);
    if (it == states_.end()) return std::optional<CaseState>();
    return std::optional<CaseState>(it->second);
  }
  Result<CasePage> list(LandlordId, const CaseQuery& query) override {
    CasePage page;
    for (const auto& [id, s] : states_) {
      if (query.after && id <= *query.after) continue;
      if (static_cast<int>(page.cases.size()) >= query.limit) {
        page.next_cursor = page.cases.back().id;
        break;
      }
      CaseSummary row;
      row.id = id;
      row.reference = s.reference;
      row.kind = std::string(slug(s.kind));
      row.status = std::string(slug(s.status));
      row.summary = s.summary;
      row.received_at = s.received_at;
      page.cases.push_back(std::move(row));
    }
    return page;
  }
  Result<std::vector<CaseId>> caseIds(LandlordId) override {
    std::vector<CaseId> ids;
    for (const auto& [id, s] : states_) ids.push_back(id);
    return ids;
  }
  Result<long> rebuild(LandlordId,
                       const std::function<std::vector<Clock>(const CaseState&)>&) override {
    return 0L;
  }
  bool ready() const override { return true; }

 private:
  class Txn final : public CaseTxn {
   public:
    explicit Txn(FixedStore& store) : store_(store) {}
    Result<std::optional<CaseState>> load(CaseId id) override { return store_.load(1, id); }
    Result<CaseId> nextCaseId() override { return CaseId{1000}; }
    Status append(CaseId id, const std::vector<Event>& events, const CaseProjection&) override {
      // The store's rule: the new events continue the history with no gap.
      auto it = store_.states_.find(id);
      std::int64_t next = it == store_.states_.end() ? 1 : it->second.version() + 1;
      for (const auto& e : events) {
        if (e.seq != next++) return conflict("concurrent-write", "sequence clash");
      }
      return {};
    }
    // Messages a write would queue are dropped with the write.
    Status enqueue(const OutboxMessage&) override { return {}; }

   private:
    FixedStore& store_;
  };

  std::map<CaseId, CaseState> states_;
};

// The account side the fuzzer needs: one landlord, one API token (kToken), views dropped.
// Everything else is refused as unavailable (503 is never reached: no route here uses it).
constexpr const char* kToken = "ch_1_fuzzfuzzfuzzfuzzfuzzfuzzfuzz";

class FixedAccounts final : public AccountStore {
 public:
  Result<std::vector<LandlordRecord>> landlords() override { return std::vector{landlord()}; }
  Result<std::optional<LandlordRecord>> landlordBySlug(std::string_view slug) override {
    if (slug == "demo") return std::optional(landlord());
    return std::optional<LandlordRecord>();
  }
  Result<LandlordId> addLandlord(std::string_view, std::string_view) override { return no(); }
  Status setPolicy(LandlordId, std::string_view, std::string_view, Instant) override { return no(); }
  Result<std::int64_t> insertAccount(const AccountRecord&) override { return no(); }
  Result<std::optional<AccountRecord>> accountByUsername(LandlordId, std::string_view) override {
    return std::optional<AccountRecord>();
  }
  Result<std::optional<AccountRecord>> account(LandlordId, std::int64_t) override {
    return std::optional<AccountRecord>();
  }
  Result<std::vector<AccountRecord>> accounts(LandlordId) override {
    return std::vector<AccountRecord>();
  }
  Status setSignInState(LandlordId, std::int64_t, int, Instant) override { return no(); }
  Status insertSession(const SessionRecord&) override { return no(); }
  Result<std::optional<SessionRecord>> session(LandlordId, std::string_view) override {
    return std::optional<SessionRecord>();
  }
  Status deleteSession(LandlordId, std::string_view) override { return {}; }
  Status touchSession(LandlordId, std::string_view, Instant) override { return {}; }
  Result<std::int64_t> insertApiToken(const ApiTokenRecord&) override { return no(); }
  Result<std::optional<ApiTokenRecord>> apiToken(LandlordId landlord,
                                                 std::string_view token_hash) override {
    if (landlord != 1 || token_hash != tokenHash(kToken)) return std::optional<ApiTokenRecord>();
    ApiTokenRecord t;
    t.landlord = 1;
    t.id = 1;
    t.token_hash = std::string(token_hash);
    t.name = "fuzz";
    t.role = Role::kComplaintsAdmin;
    return std::optional(t);
  }
  Result<std::vector<ApiTokenRecord>> apiTokens(LandlordId) override {
    return std::vector<ApiTokenRecord>();
  }
  Status revokeApiToken(LandlordId, std::int64_t) override { return no(); }
  Status recordView(const CaseViewRecord&) override { return {}; }
  Result<std::vector<CaseViewRecord>> viewsOfPerson(LandlordId, std::string_view, int) override {
    return std::vector<CaseViewRecord>();
  }
  Status redactEvents(LandlordId, CaseId,
                      const std::vector<std::pair<int, std::string>>&) override {
    return no();
  }

 private:
  static LandlordRecord landlord() { return LandlordRecord{1, "demo", "Demo landlord", "", ""}; }
  static tl::unexpected<Error> no() { return unavailable("not kept by the fuzzer"); }
};

AccountOptions cheapHashing() {
  AccountOptions o;
  o.opslimit = 1;
  o.memlimit = 8u * 1024;
  return o;
}

struct World {
  PolicyPtr policy = builtinPolicy("hos-code-2024").value();
  FixedTimeSource clock{at("2025-06-02T12:00:00Z")};
  FixedStore store{makeStates(*policy)};
  FixedAccounts account_store;
  LandlordRegistry registry{store, account_store, clock, policy};
  AuthorisedCases cases{registry};
  std::unique_ptr<AccountService> accounts = makeAccountService(account_store, clock, cheapHashing());
  http::Router router;
  World() {
    if (!registry.load()) std::abort();
    api::addRoutes(router, cases, *accounts, [] { return true; });
  }
};

// Splits the input into a Request the way the server would fill one.
http::Request parseInput(std::string_view in) {
  http::Request r;
  auto line = [&]() {
    std::size_t nl = in.find('\n');
    std::string_view l = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  };
  std::string_view first = line();
  std::size_t sp = first.find(' ');
  r.method = std::string(first.substr(0, sp));
  r.target = sp == std::string_view::npos ? std::string("/") : std::string(first.substr(sp + 1));
  while (!in.empty()) {
    std::string_view h = line();
    if (h.empty()) break;
    std::size_t colon = h.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(h.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = h.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    auto [it, inserted] = r.headers.emplace(name, std::string(value));
    if (!inserted) it->second += ", " + std::string(value);
  }
  r.body = std::string(in);
  r.request_id = "fuzz";
  r.remote_address = "127.0.0.1";
  if (!r.headers.count("authorization")) r.headers["authorization"] = std::string("Bearer ") + kToken;
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World* world = new World();
  http::Request request =
      parseInput(std::string_view(reinterpret_cast<const char*>(data), size));
  http::Response response;
  if (auto bad = http::parseTarget(request)) {
    response = std::move(*bad);
  } else {
    response = world->router.dispatch(request);
  }
  if (response.status >= 500 || response.status < 100) {
    std::fprintf(stderr, "5xx: %s %s -> %d %s\n", request.method.c_str(),
                 request.target.c_str(), response.status, response.body.c_str());
    std::abort();
  }
  if (response.content_type == "application/json" && !response.body.empty() &&
      !json::accept(response.body)) {
    std::fprintf(stderr, "answer is not JSON: %s\n", response.body.c_str());
    std::abort();
  }
  return 0;
}
