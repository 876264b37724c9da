// Complaint Handling Failure Orders: the Housing Ombudsman's orders against a landlord that
// failed to handle a complaint as the Code requires (Housing Ombudsman Scheme; Code 2024).
//
// A CHFO is recorded on a complaint the Ombudsman holds (after ombudsman_referral, which may
// follow an overdue response): when it was issued, the provision failed, what the landlord must
// do, and the date to comply by. Each is a clock "chfo.N", due on comply_by, met when
// complete_ombudsman_chfo records compliance on or before it, missed otherwise; never dropped
// when the case is finished. The annual report counts the CHFOs issued in its year (001 §5,
// findings of non-compliance). See docs/lifecycle.md.
//
// Pure: no I/O, no clock.
#pragma once

#include <string_view>
#include <vector>

#include "domain/aftercare.h"

namespace charter {

bool isChfoEvent(std::string_view type);
// Folds one CHFO event into s.ombudsman. REQUIRES: isChfoEvent(e.type).
void applyChfo(CaseState& s, const Event& e);
// The clocks of the case's CHFOs ("chfo.1", ...), statutory.
std::vector<Clock> chfoClocks(const CaseState& s, Date today);

namespace aftercare {
// ombudsman_chfo: {"issued_on", "provision", "order", "comply_by"}. 409 `not-a-complaint`,
// `no-referral`, `too-many`; 422 on issued_on (`future`, `before-previous-event`), provision
// and order (`required`, `too-long`), comply_by (`required`, `not-later`: before issued_on).
Result<std::vector<Event>> issueChfo(const AftercareStep& a);
// complete_ombudsman_chfo: {"chfo": N, "completed_on", "evidence"}. 409 `unknown-chfo`,
// `already-completed` (field "chfo"); 422 on completed_on as for orders.
Result<std::vector<Event>> completeChfo(const AftercareStep& a);
}  // namespace aftercare

}  // namespace charter
