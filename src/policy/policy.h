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
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/working_calendar.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

// kMonths: calendar months as the ICO counts them (WorkingCalendar::addMonths).
enum class DurationUnit { kWorkingDays, kCalendarDays, kHours, kMonths };

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
  // A hard legal cap on extensions, in further calendar months beyond the original due date
  // (UK GDPR Art. 12(3): up to two further months); -1 = none. An extension beyond it is
  // refused (409, rule "extension-beyond-law"), whatever the reason given.
  int extension_cap_months = -1;
  // The clock may be paused while the landlord waits for the requester (identity, clarification:
  // domain/pauses.h); while paused it is shown as paused, never overdue.
  bool pausable = false;
};

// "working_days" | "calendar_days" | "hours" | "months" (the policy file keys).
std::string_view slug(DurationUnit u);
// "5 working days", "1 working day", "10 calendar days", "24 hours", "1 calendar month".
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

// A measure the landlord publishes (see docs/policy.md "Measures" and src/measures). Plain
// data here; src/measures evaluates it. Keys not used by a measure's type are left empty.
struct MeasureSpec {
  std::string code;     // "CH01-1" (the Regulator's codes for TSMs) or the landlord's own id
  std::string title;    // "Stage 1 complaints received per 1,000 homes"
  // count | rate_per_1000 | clock_percent | survey_percent | compliance_percent | series |
  // calls_percent | visits_percent | satisfaction_percent
  std::string type;
  std::string promise;  // the promise (below) it belongs to; "" = none
  std::string kind = "complaint";  // case kind counted (count, rate_per_1000)
  int stage = 0;        // complaints: 1 = received at stage 1, 2 = escalated to stage 2
  std::string clock;    // clock_percent: the standard id ("stage1.respond")
  // clock_percent: "with_extensions" (a response within a Code-compliant extension is in
  // time) or "strict" (only on or before the original due date); "" = the policy's
  // ch02_published choice.
  std::string variant;
  std::string tenure;   // "" = all; "social_rent" (LCRA) | "shared_ownership" (LCHO)
  std::string question; // survey_percent: "TP01".."TP12"
  bool weighted = true; // survey_percent: use the responses' weights
  std::string check;    // compliance_percent: gas | fire | asbestos | water | lift | decent_homes
  std::string series;   // series: the imported series code
  // satisfaction_percent: the repair priority (or other category) surveyed; "" = any. Its kind
  // and stage are `kind` (default complaint) and `stage` (0 = either stage).
  std::string category;
  std::string unit;     // "%", "per 1,000 homes", "" (a count)
  std::optional<double> target;
  bool higher_is_better = true;
  std::string provision;  // where the measure comes from ("TSM CH01", "Policy 001 §5")
  int line = 0;           // where it was written (messages)
};

// A promise from the landlord's charter, with the measures that show whether it is kept.
struct Promise {
  std::string id;       // "complaints"
  std::string title;    // "We will put things right when they go wrong"
  std::string text;     // the promise as the charter words it
  std::string source;   // "Charter 000 §3"
};

// One entry of the commitments register (`[[commitments]]`, docs/policy.md "The commitments
// register"): a promise the landlord's source documents make, and how it is kept track of.
// Exactly one of measured_by and not_measured is set: either the commitment is measured by
// standards (clocks) or measures of this same policy, each code naming one of them, or it says
// in plain words why it is not measured. parsePolicy refuses anything else.
struct Commitment {
  std::string text;     // the commitment in plain words, as the public reads it
  std::string source;   // where the landlord makes it ("Seed 003, Responses by Telephone")
  std::vector<std::string> measured_by;  // standard ids and measure codes of this policy
  std::string not_measured;              // why it is not measured ("" when measured_by is set)
  int line = 0;                          // where it was written (messages)
};

// A published sector figure to compare a measure with (tsm.md §6, peers.md).
struct SectorFigure {
  std::string code;     // the measure code
  double value = 0;
  std::string label;    // "RSH 2024/25 landlord median (LCRA)"
  std::string source;   // the citation
};

// A satisfaction survey offered after a service (`[[surveys]]`, docs/surveys.md): when a case
// of one of `kinds` first reaches the milestone `after`, the resident is offered one short
// survey for that occasion. The built-in bases carry defaultSurveyTriggers(); a policy that
// lists `[[surveys]]` replaces them all (`surveys = []` offers none).
struct SurveyTrigger {
  std::string id;                   // "complaint.stage1": unique within the policy
  std::vector<std::string> kinds;   // case kind slugs; at least one
  std::string after;                // a milestone name (isKnownMilestone)
  // Only cases with a category recorded (a repair has its priority): a service request that
  // was not a repair is not surveyed as one.
  bool needs_category = false;
  // "service": how satisfied with the service; "complaint_handling": how satisfied with how
  // the complaint was handled (001 4.19).
  std::string question = "service";
};

// The triggers offered when a policy says nothing: a complaint's stage 1 and stage 2
// responses, a repair's completion (a service request with a category, responded), and an
// anti-social behaviour report's closure.
std::vector<SurveyTrigger> defaultSurveyTriggers();

// A team that may own cases (`[[teams]]`): its name, unique among teams and distinct from any
// account's username, and the usernames of its members (lower case).
struct Team {
  std::string name;
  std::vector<std::string> members;
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
  // The same in Welsh, for Welsh letters (set by the bases; cleared when a policy sets
  // ombudsman_contact without it, so the two never disagree).
  std::string ombudsman_contact_cy;
  // The working days allowed for a letter's translation into a language other than English or
  // Welsh, from the day the letter is issued (app/translations.h; default 10).
  int translation_working_days = 10;
  int escalation_window_working_days = 0;  // the landlord's own request window (0 = none)
  // An issue raised during an open stage 1 complaint whose response is due within this many
  // working days is logged separately rather than added (Code 6.8; docs/policy.md).
  int add_issue_imminent_working_days = 2;
  // Teams that may own cases (docs/policy.md); none unless the policy lists them.
  std::vector<Team> teams;
  // Measures, promises and sector figures (additive; empty in the built-in bases).
  std::vector<MeasureSpec> measures;
  std::vector<Promise> promises;
  std::vector<SectorFigure> sector_figures;
  // The commitments register, in the file's order (empty in the built-in bases).
  std::vector<Commitment> commitments;
  // Which CH02 variant is published: "with_extensions" (default) or "strict" (tsm.md §4.2).
  std::string ch02_published = "with_extensions";
  // What the TSM publication states beside the figures (tsm.md §9 example 21; docs/policy.md):
  // "rp02_targets" (the RP02 target timescales) and the survey's summary of approach, items
  // b-k of §5.7 ("b_timing" .. "k_other_issues"); item a, the responses, comes from the data.
  std::map<std::string, std::string> tsm_publication;
  // When satisfaction surveys are offered (SurveyTrigger; empty = never).
  std::vector<SurveyTrigger> surveys;

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
  // The measure with this code among `measures` (nullptr when there is none).
  const MeasureSpec* measure(std::string_view code) const;

  // The working calendar built from `calendar` (shared, built once at load): the landlord's
  // own standards run on it, closures and office hours included.
  CalendarPtr working_calendar;
  // The calendar the Code's (statutory) clocks run on: the landlord's nation, time zone, day
  // zero rule and extra bank holidays; every weekday a working day (and any other day the
  // landlord works); out of hours from the later of 17:00 and the landlord's closing time; no
  // closures. A landlord's calendar may shorten a Code clock, never lengthen it (codeCalendarSpec).
  CalendarPtr code_calendar;
  // code_calendar for a statutory standard, else working_calendar.
  const WorkingCalendar& calendarFor(const Standard& s) const;
};

using PolicyPtr = std::shared_ptr<const Policy>;

// The Code's calendar for a landlord's calendar `c` (see Policy::code_calendar).
CalendarSpec codeCalendarSpec(const CalendarSpec& c);
// Builds p.working_calendar and p.code_calendar from p.calendar (kInvalid as
// WorkingCalendar::build). For a policy changed after loading (tests, the deadline calculator).
Status buildCalendars(Policy& p);

// A built-in base: "hos-code-2024" or "hos-code-2022". kNotFound for anything else.
Result<PolicyPtr> builtinPolicy(std::string_view id);

// Parses TOML text, resolves `extends` against the built-in bases, and validates: required
// keys, known milestone and unit names, and no statutory clock loosened (kInvalid, field naming
// the key, rule "code-6.2" etc., message naming the provision). `source_name` is used in messages.
Result<PolicyPtr> parsePolicy(std::string_view toml_text, std::string_view source_name);
Result<PolicyPtr> loadPolicyFile(const std::filesystem::path& path);

}  // namespace charter
