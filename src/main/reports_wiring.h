// Wiring for measures and reports: one report store and ReportService per landlord (opened on
// first use) for the database being served, the measures API and the report pages.
#pragma once

#include <memory>
#include <string>

#include "app/learning_service.h"
#include "app/accounts.h"
#include "app/self_assessment.h"
#include "app/landlords.h"
#include "http/server.h"
#include "main/backend.h"
#include "util/time.h"

namespace charter {

// Adds /api/v1/measures, /api/v1/reports/annual, /api/v1/public/summary and the pages, signed
// in through `accounts`, each landlord's figures for its own principals only; the public page
// and summary show `public_landlord_slug`'s (else landlord 1's). The result keeps them alive.
// Report stores come from `open_store`. nullptr (logged, nothing added) when the public
// landlord's report store cannot be opened.
// `self_assessments` (may be null) adds the self-assessment's API and pages
// (api/self_assessment_api.h, web/reports/self_assessment_pages.h); `ready` is handed the
// service it made (it lives as long as the answer).
// `learning` (may be null) fills the annual report's learning and Ombudsman sections.
std::shared_ptr<void> addReports(http::Router& router, ReportStoreOpener open_store,
                                 AccountService& accounts,
                                 LandlordRegistry& landlords, const TimeSource& time,
                                 const std::string& public_landlord_slug,
                                 LearningService* learning = nullptr,
                                 SelfAssessmentStore* self_assessments = nullptr,
                                 std::function<void(SelfAssessmentService*)> ready = {});

}  // namespace charter
