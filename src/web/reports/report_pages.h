// The measures and reports pages (issue 4), server-rendered with the shared layout, no
// JavaScript (trend charts are inline SVG with a text alternative and a table):
//   GET /performance?period=2025-26           every measure: value, target, met, trend, and a
//                                              link to the cases behind it
//   GET /performance/{code}?period=..         one measure: its trend and the cases counted
//   GET /reports/annual?period=2025-26         the annual complaints performance and service
//                                              improvement report, with CSV/XLSX links
//   GET /promises                              public, no sign-in: each promise, its measures,
//                                              the latest value against target, the trend and
//                                              how the landlord compares with the sector
#pragma once

#include <memory>

#include "app/reports_service.h"
#include "http/server.h"

namespace charter::web {

// `reports` must outlive the server. `today` decides the default period (the last complete
// financial year for the public page, the current one for Performance).
void addReportPages(http::Router& router, ReportService& reports, std::function<Date()> today);

// The trend chart: an inline SVG bar chart with a title and description (tested directly).
std::string trendSvg(const std::vector<TrendPoint>& points, const std::string& title,
                     std::optional<double> target);

}  // namespace charter::web
