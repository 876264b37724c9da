// The demo's satisfaction surveys: every survey the demo's cases are owed (the policy's
// [[surveys]] triggers) is offered, and about a third are answered a few days later with a
// realistic mix (repairs mostly satisfied; complaints less so, stage 2 least), so the
// satisfaction_percent measures have a year of figures. Fictional, seeded, deterministic;
// written through the same store calls the survey pages use.
#pragma once

#include "app/case_service.h"
#include "app/surveys.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

// Offers and answers for the cases of landlord 1 that `service` holds; no answer after `end`.
Status generateDemoSurveys(CaseService& service, SurveyStore& store, Instant end, unsigned seed);

}  // namespace charter
