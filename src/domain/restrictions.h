// Contact restrictions on a person (001 §4.16; Code 5.14-5.15; seed 002's zero tolerance):
// what staff decided about how a resident who behaved unacceptably may contact the landlord,
// and the warning that comes first.
//
// A restriction is about a *person* (the `person.account` reference cases carry), not a case,
// so its history is a stream of events of its own, "the person stream", folded here into a
// PersonRestrictions. Four actions:
//   * `warn`    {behaviour, warned_on?}: a recorded warning to the person; event
//               `contact_warning_given` {number, behaviour, warned_on}.
//   * `impose`  {kind, behaviour, starts_on?, review_on, immediate?, immediate_reason?}: event
//               `restriction_imposed` {number, kind, behaviour, decided_by, starts_on, review_on,
//               immediate, immediate_reason}. REQUIRES a warning recorded on or before
//               `starts_on`, unless `immediate` (violence or threats) with a reason: otherwise
//               409 `policy-4.16`, field `immediate`.
//   * `review`  {review_on, reasons}: the restriction stays, reviewed again on `review_on`;
//               event `restriction_reviewed` {number, reviewed_on, review_on, reasons}.
//   * `lift`    {reason}: the restriction ends; event `restriction_lifted` {number, lifted_on,
//               reason}.
//   * `letter_sent` {letter, channel, sent_on?}: the warning or restriction letter (`letter`: the
//               seq of its warning or restriction event) was sent to the person; event
//               `person_letter_sent` {letter, kind: contact_warning | restriction, number,
//               channel, sent_on}. 409 `unknown-letter` (field letter) when `letter` is neither,
//               `already-sent` when its sending is recorded; 422 `enum` on channel (post,
//               email, by_hand: residents never see restrictions in the portal), `future` and
//               `before-previous-event` on sent_on (before the warning or the restriction's
//               decision).
// review and lift name a restriction: 409 `unknown-restriction` when there is none of that
// number, `already-lifted` when it has ended.
//
// Each review due is a clock "restriction.N.review.K" (001 §4.16.10): from the start or the
// previous review, due on the review date, met by a review or the lift on or before it.
//
// A restriction never stops a complaint being logged nor hides a case from the measures: the
// case lifecycle does not read it. Pure: no I/O, no clock (`now` is given).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/case.h"
#include "domain/clocks.h"
#include "util/result.h"

namespace charter {

inline constexpr std::array<std::string_view, 4> kRestrictionKinds = {
    "single_point_of_contact", "written_only", "set_times", "essential_services_only"};
// "Single point of contact", ...
std::string_view restrictionKindTitle(std::string_view kind);

namespace event_type {
inline constexpr std::string_view kContactWarningGiven = "contact_warning_given";
inline constexpr std::string_view kRestrictionImposed = "restriction_imposed";
inline constexpr std::string_view kRestrictionReviewed = "restriction_reviewed";
inline constexpr std::string_view kRestrictionLifted = "restriction_lifted";
inline constexpr std::string_view kPersonLetterSent = "person_letter_sent";
// Retention (app/subject_access.h): the person's events redacted with their last case.
inline constexpr std::string_view kPersonAnonymised = "anonymised";
}  // namespace event_type

// How a warning or restriction letter may be sent (not the portal: residents never see
// restrictions there).
inline constexpr std::array<std::string_view, 3> kPersonLetterChannels = {"post", "email",
                                                                          "by_hand"};

// A letter's sending, once recorded.
struct LetterSent {
  Date sent_on{};
  std::string channel;
  std::string by;
};

struct ContactWarning {
  int number = 0;
  std::string behaviour;
  Date warned_on{};
  std::string given_by;
  int seq = 0;  // the event's position in the person stream (its letter)
  std::optional<LetterSent> letter_sent;
};

struct RestrictionReview {
  Date reviewed_on{};
  Date due{};        // the review date this review answered
  Date review_on{};  // the next review date it set
  std::string reasons;
  std::string by;
};

struct Restriction {
  int number = 0;
  std::string kind;
  std::string behaviour;
  std::string decided_by;  // the account that imposed it
  Date starts_on{};
  Date first_review_on{};
  Date review_on{};  // the review date in force
  bool immediate = false;
  std::string immediate_reason;
  std::vector<RestrictionReview> reviews;
  std::optional<Date> lifted_on;
  std::string lift_reason;
  int seq = 0;  // the imposing event's position in the person stream (its letter)
  std::optional<LetterSent> letter_sent;

  bool active() const { return !lifted_on; }
  std::string_view status() const { return lifted_on ? "lifted" : "active"; }
};

struct PersonRestrictions {
  std::string person_ref;
  std::vector<ContactWarning> warnings;
  std::vector<Restriction> restrictions;
  int version = 0;  // events folded

  static PersonRestrictions fold(std::string person_ref, const std::vector<Event>& events);
  void apply(const Event& e);
  const Restriction* find(int number) const;
  // The restrictions in force (not lifted), in number order.
  std::vector<const Restriction*> active() const;
};

// When the action happens and who records it.
struct PersonActionContext {
  Instant now{};
  Date today{};  // `now` as the landlord's local date
  std::string actor;
};

// warn | impose | letter_sent on the person: the events to append (seq, actor and times set).
Result<std::vector<Event>> decidePersonAction(const PersonRestrictions& state,
                                              const nlohmann::json& body,
                                              const PersonActionContext& ctx);
// review | lift on restriction `number`.
Result<std::vector<Event>> decideRestrictionAction(const PersonRestrictions& state, int number,
                                                   const nlohmann::json& body,
                                                   const PersonActionContext& ctx);

// The review clocks of every restriction, in order.
std::vector<Clock> restrictionClocks(const PersonRestrictions& state, Date today);

}  // namespace charter
