#include "domain/next_step.h"

#include <cctype>

#include "util/date_words.h"

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
    n.for_resident = "We have finished dealing with this. If you are not happy with how we dealt "
                     "with it, you can make a complaint.";
  }
  if (n.for_resident.empty()) n.for_resident = n.what;
  return n;
}

// What the resident will get from the landlord when `clock` is met, as a sentence ending "by".
std::string promiseFor(const CaseState& s, const Clock& clock) {
  const std::string& name = clock.name;
  const auto ends = [&](std::string_view tail) {
    return name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (name == "stage2.acknowledge")
    return "We will write to confirm we have your request for a stage 2 review, and tell you what "
           "happens next, by";
  if (ends(".acknowledge"))
    return "We will write to confirm we have your complaint, and tell you what happens next, by";
  if (name == "stage2.respond") return "We will send you our final answer by";
  if (name == "stage1.respond") return "We will send you our answer by";
  if (name.rfind("repairs.", 0) == 0) return "We will do the repair by";
  if (name.rfind("asb.contact.", 0) == 0) return "We will contact you about your report by";
  if (name.rfind("asb.plan.", 0) == 0) return "We will agree an action plan with you by";
  if (s.kind == CaseKind::kComplaint) return "We will do the next step on your complaint by";
  return "We will get back to you by";
}

// A paused clock's reason ("identity" or "clarification", domain/pauses.h), read from the last
// pause of it in the history; "" when it is not paused.
std::string pauseReason(const CaseState& s, const std::vector<Clock>& clocks) {
  for (const auto& c : clocks) {
    if (c.status != ClockStatus::kPaused) continue;
    for (auto e = s.events.rbegin(); e != s.events.rend(); ++e) {
      if (e->type == event_type::kClockPaused && e->data.value("clock", c.name) == c.name)
        return e->data.value("reason", "clarification");
    }
    return "clarification";
  }
  return {};
}

// What "What happens next" says while the landlord waits for the requester.
NextStep whilePaused(const std::string& reason) {
  NextStep n;
  if (reason == "identity") {
    n.what = "Waiting for proof of identity. The time limit starts again when it arrives.";
    n.for_resident = "We need proof of who you are before we can send you your information. "
                     "Please send it to us. Our time limit starts again when we get it.";
  } else {
    n.what = "Waiting for the requester to tell us what they need. The clock is paused.";
    n.for_resident = "We have asked you to tell us more about what you need. Please reply to us. "
                     "The time we have to answer is paused until you do.";
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
    n.for_resident = "We have sent you our answer. If you are not happy with it, you can ask for a "
                     "stage 2 review. You do not need to give a reason.";
    return n;
  }
  if (const Clock* next = earliestOpen(clocks)) {
    std::string t = next->title;
    if (!t.empty()) t[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(t[0])));
    n.what = "Next: " + t;
    n.by = next->due;
    n.explanation = next->explanation;
    n.for_resident = promiseFor(s, *next) + " " + formatDateFull(*next->due) + ".";
  } else if (std::string reason = pauseReason(s, clocks); !reason.empty()) {
    return whilePaused(reason);
  } else {
    n.what = s.status == CaseStatus::kResponded ? "We have responded." : "We are dealing with it.";
    n.for_resident = s.status == CaseStatus::kResponded ? "We have sent you our answer."
                                                        : "We are dealing with it.";
  }
  return n;
}

bool mayAskForStageTwo(const CaseState& s) {
  // Answered at stage 1 (open or closed since), or closed without its response (001 §4.12).
  return s.kind == CaseKind::kComplaint && s.stage == 1 &&
         ((s.stage1.responded_at && s.status == CaseStatus::kResponded) ||
          s.status == CaseStatus::kClosed);
}

}  // namespace charter
