// Repairs and compliments on the report pages:
//   serviceTablesHtml   the Performance page's "Repairs and compliments" tables for a period:
//                       repairs completed in time by priority and by contractor, compliments by
//                       the person or team they praise
//   GET /staff/compliments  a signed-in staff member's own "Compliments" list: those whose
//                       `about` is their username or display name, newest first (not signed
//                       in: the sign-in page; not staff: 403)
#pragma once

#include <functional>
#include <string>

#include "app/accounts.h"
#include "app/reports_service.h"
#include "http/server.h"

namespace charter::web {

std::string serviceTablesHtml(ReportService& reports, const measures::Period& p);

void addServicePages(http::Router& router, AccountService& accounts, ReportServiceFor reports);

}  // namespace charter::web
