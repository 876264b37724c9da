// Additional and related complaints (Code 6.8): a new issue raised while a complaint is open
// is either added to it (the complaint definition updated, the response must answer it, the
// resident told in a letter) or logged as a new complaint linked to the first.
//
// The rule on stage: an issue may be added only to a complaint at stage 1 whose stage 1
// response has not been sent and is not imminent (due in fewer than the landlord's policy's
// add_issue_imminent_working_days, default 2, working days from the day the issue is added, or
// already overdue: adding it would delay the response). Otherwise it is logged as a new complaint (action log_separately), 409 `code-6.8`.
//
// Pure: a function of the case's events. Cost: O(events).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"

namespace charter {

namespace event_type {
// {stage, number, summary, definition}: the issue, and the complaint definition as updated.
inline constexpr std::string_view kIssueAdded = "issue_added";
// {complaint_id, summary, reason}: a new complaint logged from this one (the new complaint's
// received event carries related_to, this case's id).
inline constexpr std::string_view kRelatedLogged = "related_logged";
}  // namespace event_type

struct AddedIssue {
  int number = 0;  // 1, 2, ... within the case
  int stage = 1;
  std::string summary;
  Instant added_at{};
};

// The issues added to the complaint, in order.
std::vector<AddedIssue> addedIssues(const CaseState& s);

struct RelatedCase {
  CaseId id = 0;
  // "logged_separately": a complaint logged from this one; "raised_during": the complaint
  // this one was logged from.
  std::string relation;
};

// The complaints linked to this one, both ways: the one it was logged from first, then those
// logged from it, in order.
std::vector<RelatedCase> relatedCases(const CaseState& s);

// Folds an issue_added event: the stage's complaint definition becomes the updated one.
void applyIssueAdded(CaseState& s, const Event& e);

}  // namespace charter
