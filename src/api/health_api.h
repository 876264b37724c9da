// Liveness and readiness, apart, for a load balancer or an orchestrator (docs/operations.md
// "Health"). Neither is signed in; both are JSON.
//
//   GET /api/v1/health/live   200 {"status":"live"} whenever the process answers HTTP. It calls
//                             nothing: a database outage must not make the process look dead
//                             (restarting it would not help).
//   GET /api/v1/health/ready  200 {"status":"ready"} when the process should be sent work: not
//                             shutting down, its store migrated with the writer accepting, and
//                             the database answering one small read. Otherwise 503 with
//                             Retry-After and the first that failed as the error's rule:
//                             "shutting-down", "store-not-ready" or "database-unavailable".
//
// GET /api/v1/health (api.h) stays as it was: 200 once the store is ready.
//
// Cost: live nothing; ready one read of the database (the landlords, a handful of rows).
// Threading: the checks are called on the server's worker threads, concurrently.
#pragma once

#include <functional>

#include "http/server.h"
#include "util/result.h"

namespace charter::api {

struct Readiness {
  std::function<bool()> draining;     // true once a graceful shutdown has begun
  std::function<bool()> store_ready;  // migrated, writer accepting (CaseStore::ready)
  std::function<Status()> database;   // one small read; its error when the database fails it
};

// Adds both routes. An unset check counts as passed. `readiness` is kept by the routes.
void addHealthRoutes(http::Router& router, Readiness readiness);

}  // namespace charter::api
