// Shared helpers for the domain tests: a case driven through decideNew/decideAction with the
// built-in Code policy and the real calendar, "now" set just after each step.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/clocks.h"
#include "domain/lifecycle.h"
#include "policy/policy.h"

namespace charter::testing {

inline Date D(std::string_view s) { return parseDate(s).value(); }
inline Instant T(std::string_view s) { return parseInstant(s).value(); }

inline PolicyPtr code2024() {
  static PolicyPtr p = builtinPolicy("hos-code-2024").value();
  return p;
}

// The 2024 Code applied to every date (the worked examples of hos-code-2024.md section 6 use
// 2024 rules even for March 2024 receipts).
inline PolicyPtr code2024Always() {
  static PolicyPtr p = [] {
    auto copy = std::make_shared<Policy>(*code2024());
    copy->predecessor.reset();
    return PolicyPtr(copy);
  }();
  return p;
}

// Seed 003's example policy (policies/example-003.toml under CHARTER_SOURCE_DIR, else the
// working directory), read once.
inline PolicyPtr seed003() {
  static PolicyPtr p = [] {
    const char* dir = std::getenv("CHARTER_SOURCE_DIR");
    return loadPolicyFile(std::filesystem::path(dir ? dir : ".") / "policies" / "example-003.toml")
        .value();
  }();
  return p;
}

// "now" for a body: a minute after its own time, so the step is never in the future.
inline Instant nowFor(const nlohmann::json& body, std::string_view key) {
  if (body.contains(key) && body[key].is_string()) {
    if (auto t = parseInstant(body[key].get<std::string>())) {
      return *t + std::chrono::minutes{1};
    }
  }
  return T("2030-01-01T12:00:00Z");
}

class CaseHarness {
 public:
  explicit CaseHarness(PolicyPtr policy = code2024()) : policy_(std::move(policy)) {}

  Result<Event> create(const nlohmann::json& body, CaseId id = 1) {
    DecisionContext ctx{*policy_, nowFor(body, "received_at"), "tester"};
    auto e = decideNew(body, ctx);
    if (e) state_ = CaseState::fold(id, "", {*e});
    return e;
  }
  void mustCreate(const nlohmann::json& body, CaseId id = 1) {
    auto e = create(body, id);
    ASSERT_TRUE(e) << e.error().field << ": " << e.error().message;
  }
  // The acting account is "tester" at stage 1 and "reviewer" at stage 2 (Code 6.13: another
  // person), unless actAs names it.
  Result<std::vector<Event>> act(const nlohmann::json& body) {
    return actAs(state_.stage == 2 ? "reviewer" : "tester", body);
  }
  Result<std::vector<Event>> actAs(std::string_view actor, const nlohmann::json& body) {
    DecisionContext ctx{*policy_, nowFor(body, "at"), std::string(actor)};
    auto events = decideAction(state_, body, ctx);
    if (events) {
      for (const auto& e : *events) state_.apply(e);
    }
    return events;
  }
  void must(const nlohmann::json& body) {
    auto r = act(body);
    ASSERT_TRUE(r) << body.dump() << " -> " << r.error().rule << " " << r.error().field << ": "
                   << r.error().message;
  }
  std::vector<Clock> clocks(Date today) const { return evaluateClocks(state_, *policy_, today); }
  Clock clock(std::string_view name, Date today) const {
    for (const auto& c : clocks(today)) {
      if (c.name == name) return c;
    }
    ADD_FAILURE() << "no clock " << name;
    return {};
  }
  const CaseState& state() const { return state_; }
  const Policy& policy() const { return *policy_; }

 private:
  PolicyPtr policy_;
  CaseState state_;
};

inline nlohmann::json complaint(std::string_view received_at, std::string_view channel = "phone") {
  return {{"kind", "complaint"},
          {"received_at", received_at},
          {"channel", channel},
          {"summary", "Boiler still broken after three visits"},
          {"person", {{"name", "A Resident"}}}};
}

inline nlohmann::json ack(std::string_view at, std::string_view handler = "Investigating Officer") {
  return {{"action", "acknowledge"},
          {"at", at},
          {"definition", "Boiler not repaired; wants it fixed and compensation"},
          {"handler", handler}};
}

inline nlohmann::json respond(std::string_view at, std::string_view finding = "upheld") {
  return {{"action", "respond"},
          {"at", at},
          {"decision", "upheld"},
          {"elements",
           {{{"summary", "Boiler repair"}, {"finding", finding}, {"reasons", "Three missed appointments"}}}},
          {"remedies", {{{"type", "apology"}, {"description", "We are sorry for the missed visits"}}}}};
}

inline nlohmann::json escalate(std::string_view at) {
  return {{"action", "request_escalation"}, {"at", at}};
}

inline nlohmann::json extendTo(std::string_view at, std::string_view new_due) {
  return {{"action", "extend"}, {"at", at}, {"new_due", new_due},
          {"reason", "Awaiting contractor report"}};
}

}  // namespace charter::testing
