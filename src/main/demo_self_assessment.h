// The demo's self-assessments against the Code: each of the three whole financial years before
// this one answered, reviewed by the board and published (rows and figures frozen; fewer
// provisions met the further back), and this year's as a draft with a few answers, so a new
// user sees both at once.
#pragma once

#include <string>

#include "app/learning_service.h"
#include "app/reports.h"
#include "app/self_assessment_store.h"
#include "policy/policy.h"
#include "util/time.h"

namespace charter {

// `time` is moved to the publication day and back to `end`. `learning` may be null;
// `landlord_name` "" for the policy's name.
Status generateDemoSelfAssessment(SelfAssessmentStore& store, ReportStore& reports,
                                  LearningService* learning, PolicyPtr policy,
                                  const std::string& landlord_name, FixedTimeSource& time,
                                  Instant end);

}  // namespace charter
