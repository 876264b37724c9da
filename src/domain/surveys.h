// Satisfaction surveys after a service (docs/surveys.md): when a survey is owed, what it asks
// and what an answer may be. Pure: the app (app/surveys.h) records the offers and answers.
//
// A survey occasion is one trigger of the policy (policy.h SurveyTrigger) that a case has
// reached: the case is of one of the trigger's kinds and its milestone `after` has happened
// (CaseState::milestones keeps each milestone's first time, so a trigger fires at most once
// per case, and never un-fires: history is append-only). A complaint's stage is the stage
// named by the milestone ("stage1.responded" -> 1, "stage2.responded" -> 2); any other
// occasion has stage 0.
//
// The one question is overall satisfaction on the 5-point scale the Regulator's perception
// surveys use, "very satisfied" .. "very dissatisfied", with an optional comment. Satisfied
// means very satisfied or satisfied (the measure's numerator); dissatisfied means dissatisfied
// or very dissatisfied, and a dissatisfied answer must be offered the complaints route (Code:
// dissatisfaction expressed in a survey is a complaint if the resident wants it to be).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/case.h"
#include "policy/policy.h"
#include "util/result.h"

namespace charter {

enum class Satisfaction {
  kVerySatisfied,
  kSatisfied,
  kNeither,
  kDissatisfied,
  kVeryDissatisfied,
};

// "very_satisfied" | "satisfied" | "neither" | "dissatisfied" | "very_dissatisfied".
std::string_view slug(Satisfaction s);
std::optional<Satisfaction> satisfactionFrom(std::string_view slug);
// "Very satisfied", "Neither satisfied nor dissatisfied", ...
std::string_view satisfactionLabel(Satisfaction s);
// The five answers, best first.
const std::vector<Satisfaction>& satisfactionScale();
bool isSatisfied(Satisfaction s);
bool isDissatisfied(Satisfaction s);

// A survey the case is owed by one trigger, at the time its milestone happened.
struct SurveyOccasion {
  std::string trigger;   // SurveyTrigger::id
  std::string kind;      // the case's kind slug
  int stage = 0;         // complaints: 1 or 2; otherwise 0
  std::string category;  // the case's category (repairs: the priority); "" = none
  std::string question;  // "service" | "complaint_handling"
  Instant at{};
};

// The occasions `state` has reached under `triggers`, in the order they happened (ties in
// the triggers' order).
std::vector<SurveyOccasion> surveyOccasions(const std::vector<SurveyTrigger>& triggers,
                                            const CaseState& state);

// The question as the resident reads it: "How satisfied are you with how we handled your
// complaint?" or "How satisfied are you with the service you received?".
std::string questionText(std::string_view question);

inline constexpr std::size_t kSurveyCommentMax = 2000;

struct SurveyAnswer {
  Satisfaction satisfaction = Satisfaction::kNeither;
  std::string comment;  // trimmed; "" = none
};

// Reads {"satisfaction": "<slug>", "comment": "..."} (comment optional). kInvalid naming the
// field: satisfaction "required" or "enum"; comment "type" or "max-length" (2,000 characters);
// any other member "unknown-field".
Result<SurveyAnswer> readSurveyAnswer(const nlohmann::json& body);

}  // namespace charter
