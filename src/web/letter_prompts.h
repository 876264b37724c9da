// The letters a complaint's actions call for (acknowledging, extending, responding, refusing,
// at either stage), and which of them have not been sent, so the case page can prompt for
// each one and a resident is never left without the letter the Code says they get.
#pragma once

#include <string>
#include <vector>

#include "domain/case.h"
#include "web/letters.h"

namespace charter::web {

struct OwedLetter {
  LetterKind kind{};
  int action_seq = 0;  // the event that calls for it
  bool issued = false; // a letter of this kind was issued after that event
};

// Every letter the case's events call for, in order. Each action event needs its own letter
// (two extensions, two extension letters); a letter counts for the earliest unmet need of its
// kind that came before it.
std::vector<OwedLetter> lettersCalledFor(const CaseState& s);

// The letter kinds still to send (distinct, in order).
std::vector<LetterKind> lettersToSend(const CaseState& s);

// A warning naming the letters still to send, each with its own "Check and send" button (a
// form posting letter=<kind> to `post_action`); "" when none is owed.
std::string lettersOwedHtml(const CaseState& s, const std::string& post_action,
                            const std::string& csrf_token);

// The banner after an action (`done` is the action's slug): "Saved" and, when that action
// calls for a letter not yet sent, the prompt to send it.
std::string afterActionBanner(const CaseState& s, const std::string& done,
                              const std::string& post_action, const std::string& csrf_token);

}  // namespace charter::web
