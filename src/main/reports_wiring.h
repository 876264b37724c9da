// Wiring for measures and reports (issue 4): the report store for the database being served,
// the measures API and the report pages.
#pragma once

#include <memory>
#include <string>

#include "app/learning_service.h"
#include "http/server.h"
#include "policy/policy.h"
#include "util/time.h"

namespace charter {

// Remembers the database `charter serve` opens (a SQLite path or a PostgreSQL DSN).
void setReportDatabase(const std::string& db);
// Adds /api/v1/measures, /api/v1/reports/annual and the pages; the result keeps them alive.
// nullptr (and nothing added) when there is no report store for the database.
// `learning` (may be null) fills the annual report's learning and Ombudsman sections.
std::shared_ptr<void> addReports(http::Router& router, PolicyPtr policy, const TimeSource& time,
                                 LearningService* learning = nullptr);

}  // namespace charter
