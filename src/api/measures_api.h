// The measures and reports API (issue 4):
//   GET /api/v1/measures?period=2025-26|2025-26-Q1|2025-04[&format=csv|xlsx|tsm]
//       every measure: {"code","title","value","numerator","denominator","target","met",
//       "unit","tenure","note"}; value rounded as published (1 dp, half up); format=tsm is the
//       TSM figures in one CSV table for the annual return
//   GET /api/v1/measures/{code}/trend?period=..&n=5  the published value over n periods
//   GET /api/v1/reports/annual?period=2025-26[&format=csv|xlsx]  the annual complaints
//       performance and service improvement report
// Aggregates only (no personal data); the case ids behind a figure are on the staff pages.
#pragma once

#include "app/reports_service.h"
#include "http/server.h"

namespace charter::api {

// `reports` must outlive the server.
void addMeasureRoutes(http::Router& router, ReportService& reports);

// The JSON of one measure, as the API answers it.
nlohmann::json measureJson(const measures::MeasureResult& m);

}  // namespace charter::api
