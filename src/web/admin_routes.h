// The system administrator's pages, /staff/admin, for the composition root (the pages
// themselves are web/admin_pages.h): accounts, API tokens, the landlord's contact details and
// the policy in use, over app/admin.h.
#pragma once

#include "app/admin.h"
#include "web/web.h"

namespace charter::web {

// Adds the /staff/admin routes to `router`, signed in as addRoutes' pages are (the same
// `options`). Also makes the public home page show the contact details saved there. Call once,
// at start-up, before serving; `cases`, `accounts`, `options` and `admin` must outlive the
// server.
void addAdminRoutes(http::Router& router, AuthorisedCases& cases, AccountService& accounts,
                    const WebOptions& options, AdminService& admin);

}  // namespace charter::web
