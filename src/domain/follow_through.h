// Following a complaint's answer through: the outstanding actions (Code 6.6) and remedies
// (Code 7.1-7.3) a response promised, each completed with its evidence.
//
// A response is sent when the answer is known, not when the work is done (Code 6.6), so what
// it promised outlives the stage and the case: each outstanding action and each remedy with a
// due date is a clock ("action.N", "remedy.N"), due on its date, met when completed on or
// before it, missed when completed later or still open after it, and never dropped when the
// case is closed. Items are numbered 1, 2, ... across the case in the order promised (stage 1's
// first). A financial remedy records when it was paid (`paid_on`).
//
// Compensation restated at stage 2 is not counted twice: a stage 2 financial remedy replaces
// stage 1's for the same element (matched by the element's summary; without an element, the
// whole complaint) unless it is marked `additional` (Remedy::superseded, set by the fold).
// A superseded remedy still open has no clock: it is no longer owed.
//
// Pure: no I/O, no clock.
#pragma once

#include <string_view>
#include <vector>

#include "domain/aftercare.h"
#include "domain/case.h"
#include "domain/clocks.h"

namespace charter {

bool isFollowThroughEvent(std::string_view type);
// Folds one completion into the state. REQUIRES: isFollowThroughEvent(e.type).
void applyFollowThrough(CaseState& s, const Event& e);

// The clocks of the case's outstanding actions and dated remedies.
std::vector<Clock> followThroughClocks(const CaseState& s, const WorkingCalendar& cal, Date today);

// What the case offered to put things right, each restated award counted once (Code 7.1).
struct RemediesOffered {
  long count = 0;
  double compensation = 0;  // pounds
};
RemediesOffered remediesOffered(const CaseState& s);

// The decisions that must carry a remedy (an apology counts): upheld and partly upheld.
bool decisionNeedsRemedy(std::string_view decision);

namespace follow_through {
// Actions (body "action") and their fields besides action and at; lifecycle.cc dispatches them.
// complete_outstanding_action: number, completed_on, evidence.
Result<std::vector<Event>> completeOutstandingAction(const AftercareStep& a);
// complete_remedy: number, completed_on, evidence, paid_on (financial remedies only).
Result<std::vector<Event>> completeRemedy(const AftercareStep& a);
}  // namespace follow_through

}  // namespace charter
