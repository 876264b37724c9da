#include "api/health_api.h"

#include <memory>

#include <nlohmann/json.hpp>

namespace charter::api {
namespace {

http::Response notReady(std::string_view rule, std::string_view message) {
  http::Response r = http::jsonError(503, "", rule, message);
  r.headers.emplace_back("Retry-After", "1");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

http::Response ready(const Readiness& checks) {
  if (checks.draining && checks.draining()) {
    return notReady("shutting-down", "This process is shutting down; send work elsewhere.");
  }
  if (checks.store_ready && !checks.store_ready()) {
    return notReady("store-not-ready", "The store is not ready (migrating, or not accepting writes).");
  }
  if (checks.database) {
    if (auto ok = checks.database(); !ok) {
      return notReady("database-unavailable",
                      "The database did not answer: " + ok.error().message);
    }
  }
  http::Response r = http::jsonResponse(200, nlohmann::json{{"status", "ready"}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

void addHealthRoutes(http::Router& router, Readiness readiness) {
  router.add("GET", "/api/v1/health/live", [](const http::Request&) {
    http::Response r = http::jsonResponse(200, nlohmann::json{{"status", "live"}});
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  });
  auto checks = std::make_shared<const Readiness>(std::move(readiness));
  router.add("GET", "/api/v1/health/ready",
             [checks](const http::Request&) { return ready(*checks); });
}

}  // namespace charter::api
