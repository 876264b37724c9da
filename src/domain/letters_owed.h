// The letters a complaint's actions call for (the Code gives the resident a letter when the
// landlord acknowledges, extends, responds or refuses, at either stage: Code 2.4, 5.6-5.7,
// 6.4-6.5, 6.9, 6.16, 6.19), and which of them the case has not been sent yet. The web prompts
// for each one; the rule lives here so every interface agrees.
//
// Pure: a function of the case's events. Cost: O(events x letters owed).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/case.h"

namespace charter {

enum class LetterKind {
  kAcknowledgement,        // stage 1
  kExtension,
  kStage1Response,
  kRefusal,
  kStage2Acknowledgement,
  kStage2Response,         // the final response
  kIssueAdded,             // a new issue added to the complaint (Code 6.8)
};
inline constexpr LetterKind kAllLetterKinds[] = {
    LetterKind::kAcknowledgement, LetterKind::kExtension, LetterKind::kStage1Response,
    LetterKind::kRefusal, LetterKind::kStage2Acknowledgement, LetterKind::kStage2Response,
    LetterKind::kIssueAdded};

std::string_view slug(LetterKind k);   // "acknowledgement", "stage1_response", ...
std::string_view title(LetterKind k);  // "Our stage 1 response to your complaint"
std::optional<LetterKind> parseLetterKind(std::string_view s);

struct OwedLetter {
  LetterKind kind{};
  int action_seq = 0;   // the event that calls for it
  bool issued = false;  // a letter of this kind was issued after that event
};

// Every letter the case's events call for, in order. Each action event needs its own letter
// (two extensions, two extension letters); a letter counts for the earliest unmet need of its
// kind that came before it. Empty for anything but a complaint.
std::vector<OwedLetter> lettersCalledFor(const CaseState& s);

// The letter kinds still to send (distinct, in order).
std::vector<LetterKind> lettersToSend(const CaseState& s);

// The letter the action just done (`action` is its slug: "acknowledge", "extend", "respond",
// "refuse", "add_issue") calls for, when it is still to send; nullopt otherwise.
std::optional<LetterKind> letterNowDue(const CaseState& s, std::string_view action);

}  // namespace charter
