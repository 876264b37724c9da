// Anti-social behaviour reports handled by level (seed 003: "We will manage incidents between
// 24 hours and 20 days' dependent level of intervention required").
//
// An asb_report's `category` is its level: one of the categories the policy's standards for
// kind asb_report are limited to (asbLevels; policies/example-003.toml names level1, level2 and
// level3, each with a first-contact clock stopped on milestone "asb.contacted" and an
// action-plan clock stopped on "asb.plan_agreed"). It may also record at receipt `party_ref`
// (who the report is about: the TSM's "same party" of NM01) and `hate_incident` (NM01-2).
//
// Actions (body "action"), on asb_report cases only (409 `not-an-asb-report`), in order:
//   contact_reporter   {notes?}                       first contact with the reporter, at `at`:
//                                                     milestone asb.contacted; 409
//                                                     already-contacted
//   agree_action_plan  {plan, review_on}              the plan agreed with the reporter and its
//                                                     first review date (after `at`, 422
//                                                     not-after): milestone asb.plan_agreed;
//                                                     409 not-contacted before first contact,
//                                                     409 plan-agreed when there is one (review
//                                                     it instead)
//   review_action_plan {notes, next_review_on?}       409 no-action-plan before a plan; the next
//                                                     review after `at` (422 not-after)
//   close              {outcome, satisfaction, reason?}  an asb_report's close: 409 not-contacted
//                                                     before first contact; outcome one of
//                                                     kAsbOutcomes, satisfaction one of
//                                                     kAsbSatisfaction (422 enum, required)
// The closure is the ordinary `closed` event, its data carrying "outcome" and "satisfaction":
// isAsbClosure recognises it (the hook a satisfaction survey offered after ASB closure uses).
// Pure: no I/O, no clock.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/aftercare.h"
#include "domain/case.h"
#include "policy/policy.h"

namespace charter {

namespace event_type {
inline constexpr std::string_view kAsbContactMade = "asb_contact_made";
inline constexpr std::string_view kAsbPlanAgreed = "asb_plan_agreed";
inline constexpr std::string_view kAsbPlanReviewed = "asb_plan_reviewed";
}  // namespace event_type

// The milestones (policy.h) the first two mark.
inline constexpr std::string_view kAsbContactedMilestone = "asb.contacted";
inline constexpr std::string_view kAsbPlanAgreedMilestone = "asb.plan_agreed";

inline constexpr std::array<std::string_view, 3> kAsbOutcomes = {"resolved", "no_further_action",
                                                                 "referred_to_partner"};
inline constexpr std::array<std::string_view, 3> kAsbSatisfaction = {"satisfied", "dissatisfied",
                                                                     "not_asked"};

bool isAsbEvent(std::string_view type);
// The milestone an ASB event marks ("" for none).
std::string_view asbMilestone(std::string_view type);
// True for the event that closes an asb_report (a `closed` event of that kind).
bool isAsbClosure(const CaseState& s, const Event& e);

// The levels the policy defines for ASB reports (the categories of its asb_report standards),
// in the order of the standards' ids; empty when it defines none.
std::vector<std::string> asbLevels(const Policy& policy);
// "level1" -> "Level 1"; anything else with underscores as spaces and a capital.
std::string asbLevelTitle(std::string_view level);
// "Resolved", "No further action", "Referred to a partner agency"; "Satisfied", ...
std::string_view asbOutcomeTitle(std::string_view outcome);
std::string_view asbSatisfactionTitle(std::string_view satisfaction);

struct AsbReview {
  Instant reviewed_at{};
  std::string notes;
  std::optional<Date> next_review_on;
};

// What the case's events say about the report.
struct AsbRecord {
  std::string level;      // the case's category
  std::string party_ref;  // "" when not recorded
  bool hate_incident = false;
  std::optional<Instant> contacted_at;
  std::string contact_notes;
  std::optional<Instant> plan_agreed_at;
  std::string plan;
  std::optional<Date> next_review_on;  // the plan's review date, moved by each review
  std::vector<AsbReview> reviews;
  std::optional<Instant> closed_at;
  std::string outcome;       // "" until closed
  std::string satisfaction;  // "" until closed
};

AsbRecord asbOf(const CaseState& s);

namespace asb {
Result<std::vector<Event>> contactReporter(const AftercareStep& a);
Result<std::vector<Event>> agreeActionPlan(const AftercareStep& a);
Result<std::vector<Event>> reviewActionPlan(const AftercareStep& a);
// The data of an asb_report's closed event (outcome, satisfaction, reason).
Result<nlohmann::json> closure(const AftercareStep& a);
}  // namespace asb

}  // namespace charter
