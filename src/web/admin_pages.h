// The system administrator's pages, /staff/admin (app/admin.h; added by web/admin_routes.h):
// accounts, API tokens, the landlord's contact details and the policy in use, with the log of
// changes. Only a role with Permission::kAdminister may open them; anyone else gets the
// forbidden page (403). Every form carries the session's CSRF token; those that make something
// carry a one-time form token.
#pragma once

#include "app/admin.h"
#include "web/internal.h"

namespace charter::web {

// The contact details the public pages show: those the administrator saved (once
// addAdminRoutes has run), else the ones given at start-up (WebOptions).
LandlordContact landlordContact(Ctx& ctx);

namespace admin {

// The AdminService addAdminRoutes was given (set once, at start-up, before serving).
AdminService& service();

// Runs `handler` only for a principal allowed to administer; else the 403 page.
PageHandler adminOnly(PageHandler handler);
// The admin page `title` with the breadcrumb back to /staff/admin (none on the index itself).
http::Response adminPage(Ctx& ctx, Visit& v, int status, const std::string& title,
                         const std::string& body);
// A small form with one button, for a table row ("Disable", "Revoke"): `label` says what to.
std::string rowAction(const Visit& v, const std::string& action, const std::string& text,
                      const std::string& label, bool warning);
// "Mon 24 Mar 2025 09:12" in the landlord's time zone.
std::string when(Ctx& ctx, Visit& v, Instant t);

// admin_accounts.cc: the accounts list and their forms.
void addAccountPages(http::Router& router, Ctx& ctx);

}  // namespace admin
}  // namespace charter::web
