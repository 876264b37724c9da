// Demo data for contact restrictions and the choice to complain: a resident under a
// single-point-of-contact restriction (warned first) whose review falls due in the week after
// the demo's end, with a complaint and a service request of theirs; another resident with a
// warning only; a service request on which the choice to complain was offered; and, two years
// back, a restriction reviewed and then lifted.
#pragma once

#include "app/case_service.h"
#include "app/person_store.h"

namespace charter {

// REQUIRES: `time` is the service's TimeSource; `end` is the demo's "now".
Status generateDemoRestrictions(PersonStore& people, CaseService& service, FixedTimeSource& time,
                                Instant end);

}  // namespace charter
