// What happens next on a case and by when, in the words staff and residents both see: the
// earliest clock still to be met, or what the resident may do now the landlord has answered
// (ask for a stage 2 review, Code 6.12; refer to the Housing Ombudsman, Code 6.19).
//
// Pure: a function of the case's state and its evaluated clocks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"
#include "domain/clocks.h"
#include "util/i18n.h"

namespace charter {

struct NextStep {
  std::string what;          // staff's words: "Next: acknowledge a stage 1 complaint"
  std::optional<Date> by;
  std::string explanation;   // the clock's "how this date was worked out"
  // The resident's words, the date in full: "We will send you our answer by Friday 18 December
  // 2026." What staff see in `what` names the step; this says what the resident will get, in
  // the language asked for (Welsh: "Byddwn yn anfon ein hateb atoch erbyn dydd Gwener ...").
  std::string for_resident;
};

// `lang` is the language of for_resident only; what staff see (`what`, `explanation`) is English.
NextStep nextStep(const CaseState& s, const std::vector<Clock>& clocks,
                  i18n::Lang lang = i18n::Lang::kEn);

// Whether the resident may now ask for a stage 2 review themselves: a complaint answered at
// stage 1, open or closed since (Code 6.12).
bool mayAskForStageTwo(const CaseState& s);

}  // namespace charter
