// The system administrator's pages in the composition root: the administration store on the
// backend's database (app/admin_store.h), AdminService over it and the /staff/admin routes
// (web/admin_routes.h) with `charter serve`'s web options.
#pragma once

#include <memory>

#include "app/accounts.h"
#include "app/admin_store.h"
#include "app/authz.h"
#include "app/idempotency.h"
#include "http/server.h"
#include "main/backend.h"

namespace charter {

// The administration store on `backend`'s database (backend.cc, which names the concrete
// stores): through the SQLite store's writer, or its own PostgreSQL connection.
Result<std::unique_ptr<AdminStore>> openAdminStore(Backend& backend);

// Adds /staff/admin; the answer keeps what the routes use alive and must outlive the server.
Result<std::shared_ptr<void>> addAdminWeb(http::Router& router, Backend& backend,
                                          AuthorisedCases& cases, AccountService& accounts,
                                          const TimeSource& time, AccountOptions hashing,
                                          Idempotency* idempotency);

}  // namespace charter
