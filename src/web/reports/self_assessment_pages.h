// The self-assessment pages (app/self_assessment.h), server-rendered, no JavaScript:
//   GET  /reports/self-assessment?period=2025-26   staff (view reports): the year's rows with
//        their evidence and links to the cases behind each figure; for the complaints team a
//        form to answer and comment on every row, the governing body's review form (complaints
//        team or governance) and the publish button; read-only once published
//   POST /reports/self-assessment/answers | /review | /publish   the forms above (CSRF);
//        303 back to the page on success, the page with the error summary (422/409) otherwise
//   GET  /self-assessment                public: the published years, latest first
//   GET  /self-assessment/{year}         public: a published year as frozen, with the
//        governing body's response, the figures and a PDF link; 404 when not published
#pragma once

#include "app/accounts.h"
#include "app/self_assessment.h"
#include "http/server.h"

namespace charter::web {

// `accounts` and `service` must outlive the server; the public pages show `public_landlord`'s.
void addSelfAssessmentPages(http::Router& router, AccountService& accounts,
                            SelfAssessmentService& service, LandlordId public_landlord);

}  // namespace charter::web
