// Liveness and readiness (api/health_api.h) through the router: live answers whatever the
// checks say; ready answers 503 with Retry-After and the rule of the first check that failed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/health_api.h"

namespace charter::api {
namespace {

struct State {
  bool draining = false;
  bool store_ready = true;
  bool database = true;
};

http::Response get(const State& state, const std::string& path) {
  http::Router router;
  Readiness r;
  r.draining = [&state] { return state.draining; };
  r.store_ready = [&state] { return state.store_ready; };
  r.database = [&state]() -> Status {
    if (state.database) return {};
    return unavailable("connection refused");
  };
  addHealthRoutes(router, std::move(r));
  http::Request request;
  request.method = "GET";
  request.target = request.path = path;
  return router.dispatch(request);
}

std::string ruleOf(const http::Response& r) {
  return nlohmann::json::parse(r.body)["error"].value("rule", "");
}

bool hasHeader(const http::Response& r, const std::string& name, const std::string& value) {
  for (const auto& [n, v] : r.headers)
    if (n == name && v == value) return true;
  return false;
}

TEST(Health, ReadyWhenEveryCheckPasses) {
  State s;
  auto r = get(s, "/api/v1/health/ready");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"status", "ready"}}));
  EXPECT_TRUE(hasHeader(r, "Cache-Control", "no-store"));
}

TEST(Health, NotReadyNamesTheFirstCheckThatFailed) {
  State s;
  s.database = false;
  auto r = get(s, "/api/v1/health/ready");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(ruleOf(r), "database-unavailable");
  EXPECT_NE(r.body.find("connection refused"), std::string::npos);
  EXPECT_TRUE(hasHeader(r, "Retry-After", "1"));
  s.store_ready = false;
  EXPECT_EQ(ruleOf(get(s, "/api/v1/health/ready")), "store-not-ready");
  s.draining = true;
  EXPECT_EQ(ruleOf(get(s, "/api/v1/health/ready")), "shutting-down");
}

TEST(Health, LiveWhateverTheDatabaseSays) {
  State s;
  s.draining = true;
  s.store_ready = false;
  s.database = false;
  auto r = get(s, "/api/v1/health/live");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"status", "live"}}));
}

TEST(Health, UnsetChecksCountAsPassed) {
  http::Router router;
  addHealthRoutes(router, {});
  http::Request request;
  request.method = "GET";
  request.target = request.path = "/api/v1/health/ready";
  EXPECT_EQ(router.dispatch(request).status, 200);
}

}  // namespace
}  // namespace charter::api
