// Repairs and compliments in the API (docs/lifecycle.md "Repairs, call-backs and
// compliments"):
//   GET /api/v1/reports/services?period=..   repairs completed in the period by category and
//       by contractor ({"key", "completed", "in_time", "percent"}) and compliments received by
//       whom they praise ({"key", "received", "shared"}); a role that may view reports
//   GET /api/v1/compliments[?about=NAME]     compliments about NAME, newest first (at most
//       200); without `about`, those about the signed-in account (its username or display
//       name). Staff only (403 otherwise).
// Both answer only the principal's landlord: 401 without credentials.
#pragma once

#include "app/accounts.h"
#include "app/reports_service.h"
#include "http/server.h"

namespace charter::api {

void addServiceRoutes(http::Router& router, AccountService& accounts, ReportServiceFor reports);

}  // namespace charter::api
