#include "domain/next_step.h"

#include <cctype>

namespace charter {
namespace {

NextStep whenFinished(const CaseState& s) {
  NextStep n;
  const bool complaint = s.kind == CaseKind::kComplaint;
  if (complaint && s.status == CaseStatus::kClosed && s.stage == 1 && s.stage1.responded_at) {
    n.what = "You can still ask for a stage 2 review if you are not satisfied.";
  } else if (complaint && s.stage == 2 && s.stage2.responded_at) {
    n.what = "Our complaints procedure is complete. If you are still not satisfied you can "
             "refer your complaint to the Housing Ombudsman.";
  } else {
    n.what = "Nothing more: this case is finished.";
  }
  return n;
}

// The earliest clock still to be met.
const Clock* earliestOpen(const std::vector<Clock>& clocks) {
  const Clock* next = nullptr;
  for (const auto& c : clocks) {
    if (c.met_on || !c.due) continue;
    if (c.status != ClockStatus::kRunning && c.status != ClockStatus::kMissed) continue;
    if (!next || *c.due < *next->due) next = &c;
  }
  return next;
}

}  // namespace

NextStep nextStep(const CaseState& s, const std::vector<Clock>& clocks) {
  if (s.finished()) return whenFinished(s);
  NextStep n;
  if (s.kind == CaseKind::kComplaint && s.status == CaseStatus::kResponded && s.stage == 1) {
    n.what = "We have sent our stage 1 response. If you are not satisfied you can ask for a "
             "stage 2 review; you do not need to give a reason.";
    return n;
  }
  if (const Clock* next = earliestOpen(clocks)) {
    std::string t = next->title;
    if (!t.empty()) t[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(t[0])));
    n.what = "Next: " + t;
    n.by = next->due;
    n.explanation = next->explanation;
  } else {
    n.what = s.status == CaseStatus::kResponded ? "We have responded." : "We are dealing with it.";
  }
  return n;
}

bool mayAskForStageTwo(const CaseState& s) {
  return s.kind == CaseKind::kComplaint && s.stage == 1 && s.stage1.responded_at &&
         (s.status == CaseStatus::kResponded || s.status == CaseStatus::kClosed);
}

}  // namespace charter
