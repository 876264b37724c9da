// The measures and reports API:
//   GET /api/v1/measures?period=2025-26|2025-26-Q1|2025-04[&format=csv|xlsx|tsm]
//       every measure: {"code","title","value","numerator","denominator","target","met",
//       "unit","tenure","note"}; value rounded as published (1 dp, half up); format=tsm is the
//       TSM figures in one CSV table for the annual return
//   GET /api/v1/measures/{code}/trend?period=..&n=5  the published value over n periods
//   GET /api/v1/reports/annual?period=2025-26[&format=csv|xlsx]  the annual complaints
//       performance and service improvement report
//   GET /api/v1/public/summary   public, no sign-in: the published measures (value, target,
//       met) of the last complete financial year for the landlord this site publishes for
// Every route but the public summary needs a signed-in principal (API token or session) whose
// role may view reports (staff managers, the complaints team, governance, system admin), and
// answers only that principal's landlord's figures: 401 without credentials, 403 for a role
// that may not (residents, front line).
#pragma once

#include "api/report_json.h"
#include "app/accounts.h"
#include "app/reports_service.h"
#include "http/server.h"

namespace charter::api {

// What the public summary shows: whose figures, and today's date (for the last full year).
struct PublicReports {
  LandlordId landlord = 1;
  std::function<Date()> today;
};

// `accounts` and whatever `reports` hands out must outlive the server.
void addMeasureRoutes(http::Router& router, AccountService& accounts, ReportServiceFor reports,
                      PublicReports public_reports);

}  // namespace charter::api
