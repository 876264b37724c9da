#include "domain/next_step.h"

#include <cctype>

#include "util/date_words.h"
#include "util/i18n.h"

namespace charter {
namespace {

using i18n::Lang;

NextStep whenFinished(const CaseState& s, Lang lang) {
  NextStep n;
  const bool complaint = s.kind == CaseKind::kComplaint;
  std::string_view key = "next_finished";
  if (complaint && s.status == CaseStatus::kClosed && s.stage == 1 && s.stage1.responded_at) {
    key = "next_stage2_still";
  } else if (complaint && s.stage == 2 && s.stage2.responded_at) {
    key = "next_ombudsman";
  }
  n.what = key == "next_finished" ? "Nothing more: this case is finished." : i18n::text(Lang::kEn, key);
  n.for_resident = i18n::text(lang, key);
  return n;
}

// The catalogue key (util/i18n_resident.cc) of what the resident will get from the landlord
// when `clock` is met, a sentence ending "by".
std::string_view promiseFor(const CaseState& s, const Clock& clock) {
  const std::string& name = clock.name;
  const auto ends = [&](std::string_view tail) {
    return name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (name == "stage2.acknowledge")
    return "promise_stage2_acknowledge";
  if (ends(".acknowledge"))
    return "promise_acknowledge";
  if (name == "stage2.respond") return "promise_stage2_respond";
  if (name == "stage1.respond") return "promise_stage1_respond";
  if (name.rfind("repairs.", 0) == 0) return "promise_repair";
  if (name.rfind("translation.", 0) == 0) return "promise_translation";
  if (name.rfind("asb.contact.", 0) == 0) return "promise_asb_contact";
  if (name.rfind("asb.plan.", 0) == 0) return "promise_asb_plan";
  if (s.kind == CaseKind::kComplaint) return "promise_complaint";
  return "promise_other";
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
NextStep whilePaused(const std::string& reason, Lang lang) {
  NextStep n;
  if (reason == "identity") {
    n.what = "Waiting for proof of identity. The time limit starts again when it arrives.";
    n.for_resident = i18n::text(lang, "next_paused_identity");
  } else {
    n.what = "Waiting for the requester to tell us what they need. The clock is paused.";
    n.for_resident = i18n::text(lang, "next_paused_clarification");
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

NextStep nextStep(const CaseState& s, const std::vector<Clock>& clocks, Lang lang) {
  if (s.finished()) return whenFinished(s, lang);
  NextStep n;
  if (s.kind == CaseKind::kComplaint && s.status == CaseStatus::kResponded && s.stage == 1) {
    n.what = "We have sent our stage 1 response. If you are not satisfied you can ask for a "
             "stage 2 review; you do not need to give a reason.";
    n.for_resident = i18n::text(lang, "next_answered_stage1");
    return n;
  }
  if (const Clock* next = earliestOpen(clocks)) {
    std::string t = next->title;
    if (!t.empty()) t[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(t[0])));
    n.what = "Next: " + t;
    n.by = next->due;
    n.explanation = next->explanation;
    n.for_resident = i18n::text(lang, promiseFor(s, *next)) + " " +
                     i18n::formatDateFull(*next->due, lang) + ".";
  } else if (std::string reason = pauseReason(s, clocks); !reason.empty()) {
    return whilePaused(reason, lang);
  } else {
    const bool responded = s.status == CaseStatus::kResponded;
    n.what = responded ? "We have responded." : "We are dealing with it.";
    n.for_resident = i18n::text(lang, responded ? "next_responded" : "next_dealing");
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
