// The measures and reports pages, server-rendered with the shared layout, no
// JavaScript (trend charts are inline SVG with a text alternative and a table):
//   GET /performance?period=2025-26           every measure: value, target, met, trend, and a
//                                              link to the cases behind it
//   GET /performance/{code}?period=..         one measure: its trend and the cases counted
//   GET /reports/annual?period=2025-26         the annual complaints performance and service
//                                              improvement report, with CSV/XLSX links
//   GET /promises                              public, no sign-in: each promise, its measures,
//                                              the latest value against target, the trend (a
//                                              chart and in words) and how the landlord
//                                              compares with the sector; then the commitments
//                                              register (web/reports/promise_register.h): each
//                                              commitment with its figures, and those not
//                                              measured with the reason
// Every page but /promises needs a signed-in session whose role may view reports (the cases
// behind a figure are personal data), and shows only that session's landlord: not signed in,
// the sign-in page (coming back after); a role that may not, 403.
#pragma once

#include <memory>

#include "app/accounts.h"
#include "app/reports_service.h"
#include "http/server.h"
#include "util/i18n.h"

namespace charter::web {

// `accounts` and what `reports` hands out must outlive the server. `public_landlord` is whose
// promises /promises publishes. `today` decides the default period (the last complete
// financial year for the public page and the annual report, the current one for Performance).
void addReportPages(http::Router& router, AccountService& accounts, ReportServiceFor reports,
                    LandlordId public_landlord, std::function<Date()> today);

// The trend chart: an inline SVG bar chart with a title and description (tested directly).
// Its description in `lang`.
std::string trendSvg(const std::vector<TrendPoint>& points, const std::string& title,
                     std::optional<double> target, i18n::Lang lang = i18n::Lang::kEn);

}  // namespace charter::web
