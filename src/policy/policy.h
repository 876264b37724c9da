// A landlord's policy: its working calendar, its standards (clocks) and its lists.
//
// Policies are TOML files (see policies/ and docs/policy.md). A policy `extends` a base: the
// built-in `hos-code-2024` (the Housing Ombudsman's Complaint Handling Code, statutory from
// 1 April 2024) or `hos-code-2022` (for complaints received before that). A landlord may tighten
// a statutory clock (acknowledge in 2 working days instead of 5) but never loosen one: a policy
// that does is refused with the Code provision named.
//
// The engine is generic: a Standard is any promise of the form "from <start>, do <stop> within
// N <units>", so "return phone messages within one working day" is a Standard just as
// "acknowledge a stage 1 complaint within 5 working days" is.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/working_calendar.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

enum class DurationUnit { kWorkingDays, kCalendarDays, kHours };

// Milestones a standard can start or stop on. A case records each as it happens (see
// domain/case.h, CaseState::milestones). Names are stable strings used in policy files:
//   "received"              the contact was received (any channel, anyone)
//   "stage1.acknowledged"   the stage 1 acknowledgement was sent
//   "stage1.responded"      the stage 1 response was sent
//   "escalation_requested"  the resident asked for stage 2
//   "stage2.acknowledged"   the stage 2 acknowledgement was sent
//   "stage2.responded"      the stage 2 (final) response was sent
//   "responded"             any response to a non-complaint contact (enquiry answered, message
//                           returned, request completed)
//   "closed"                the case was closed
enum class StartReading {
  kDayZero,    // the start milestone is a receipt: apply the calendar's day-zero rule
  kEventDate,  // the local calendar date the milestone happened
};

struct Standard {
  std::string id;     // "stage1.acknowledge", "phone.message_returned"
  std::string title;  // "Acknowledge a stage 1 complaint"
  // Which cases it applies to: case kind slugs ("complaint", "enquiry", ...); empty = all kinds.
  std::vector<std::string> kinds;
  // Channel slugs ("phone", "letter", "email", ...); empty = every channel.
  std::vector<std::string> channels;
  std::string starts;                // a milestone name
  StartReading start_reading = StartReading::kEventDate;
  // Until `starts` happens, count provisionally from the due date of this other standard
  // ("stage1.acknowledge"); empty = the clock is pending until `starts` happens.
  std::string provisional_from;
  std::string stops;                 // the milestone that meets it
  int amount = 0;                    // N
  DurationUnit unit = DurationUnit::kWorkingDays;
  // Extensions: the furthest a due date may move (in working days, from the original due date)
  // without a recorded good reason; -1 = this clock may not be extended.
  int extension_cap = -1;
  bool statutory = false;   // set by the Code: may be tightened, never loosened
  std::string provision;    // "Code 6.2" / "Charter 003 §4"
  std::optional<double> target_percent;  // "80% of calls ..." (measures; optional)
  // The provision that sets extension_cap ("Code 6.4"); "" when there is none.
  std::string extension_provision;
  // A sub-category the standard is limited to (a repair priority: "emergency", "urgent",
  // "routine"); "" = the standard applies to every case of its kinds and channels. A standard
  // with a category is returned only by the three-argument standardsFor.
  std::string category;
};

// "working_days" | "calendar_days" | "hours" (the policy file keys).
std::string_view slug(DurationUnit u);
// "5 working days", "1 working day", "10 calendar days", "24 hours".
std::string describeDuration(int amount, DurationUnit unit);
// Whether `name` is one of the milestones listed above.
bool isKnownMilestone(std::string_view name);

struct ExclusionReason {
  std::string id;         // "over-12-months"
  std::string title;      // "The issue occurred over twelve months ago"
  std::string provision;  // "Code 2.2(a)" or "Policy 001 §4.4"
  // Extra facts the refusal must record: "court_filing_date" for legal proceedings,
  // "discretion_considered" for the 12-month rule.
  std::vector<std::string> requires_fields;
};

struct Policy {
  std::string id;               // "hos-code-2024", "example-000-001"
  std::string name;             // "Our Promise to You and Complaints Policy 2024"
  std::string extends;          // the base id, "" for a base
  std::string source_document;  // the document it encodes ("seeds/001 ...")
  Date effective_from{};        // for bases: when the Code took effect
  CalendarSpec calendar;
  std::vector<Standard> standards;
  std::vector<std::string> themes;
  std::vector<std::string> service_areas;
  std::vector<ExclusionReason> exclusion_reasons;
  std::string ombudsman_contact;  // printed in extension and final letters
  int escalation_window_working_days = 0;  // the landlord's own request window (0 = none)

  // The policy in force for a contact received on `received`: for complaints received before
  // this policy's base took effect, the equivalent built on the older base (hos-code-2022).
  // Always returns *this when there is no older base.
  const Policy& effectiveFor(Date received) const;
  std::shared_ptr<const Policy> predecessor;

  // The standards that apply to a case of this kind and channel.
  std::vector<const Standard*> standardsFor(std::string_view kind, std::string_view channel) const;
  // As above, plus the standards limited to `category` (see Standard::category).
  std::vector<const Standard*> standardsFor(std::string_view kind, std::string_view channel,
                                            std::string_view category) const;
  const Standard* standard(std::string_view id) const;
  const ExclusionReason* exclusionReason(std::string_view id) const;

  // The working calendar built from `calendar` (shared, built once at load).
  CalendarPtr working_calendar;
};

using PolicyPtr = std::shared_ptr<const Policy>;

// A built-in base: "hos-code-2024" or "hos-code-2022". kNotFound for anything else.
Result<PolicyPtr> builtinPolicy(std::string_view id);

// Parses TOML text, resolves `extends` against the built-in bases, and validates: required
// keys, known milestone and unit names, and no statutory clock loosened (kInvalid, field naming
// the key, rule "code-6.2" etc., message naming the provision). `source_name` is used in messages.
Result<PolicyPtr> parsePolicy(std::string_view toml_text, std::string_view source_name);
Result<PolicyPtr> loadPolicyFile(const std::filesystem::path& path);

}  // namespace charter
