// The reception visit log, for staff (the records the visits_percent measures read; the same
// table `charter import visits` writes):
//   GET  /staff/reception[?day=YYYY-MM-DD]  a day's visitors (default today), in order of
//                                           arrival, with how long each waited or has waited
//   POST /staff/reception/arrivals          a visitor arrives now; `came_to_see` optional
//   POST /staff/reception/seen              visit `visit_id` is seen now by `seen_by`
// "Now" is `time` read on the landlord's wall clock (its policy's calendar). Not signed in: the
// sign-in page; not staff: 403. A POST needs the session's CSRF token (403 without). An
// unknown visit is 404, one already seen 409, a name over 200 characters 422; each then 303s
// back to the day's page.
#pragma once

#include "app/accounts.h"
#include "app/reports_service.h"
#include "http/server.h"
#include "util/time.h"

namespace charter::web {

// `accounts`, `time` and what `reports` answers must outlive the router.
void addReceptionPages(http::Router& router, AccountService& accounts, ReportServiceFor reports,
                       const TimeSource& time);

}  // namespace charter::web
