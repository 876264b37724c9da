// Internals of the policy layer: a policy file read into an overlay (only the keys it sets),
// then applied onto its base. Not for use outside src/policy.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.h"

namespace charter::policy_detail {

// One [standards.<id>] table: every field optional, so that a landlord's file can override one
// key of a base standard. `key_lines` remembers where each key was written, for messages.
struct StandardOverlay {
  std::string id;
  int line = 0;
  std::map<std::string, int, std::less<>> key_lines;

  std::optional<std::string> title;
  std::optional<std::vector<std::string>> kinds;
  std::optional<std::vector<std::string>> channels;
  std::optional<std::string> category;
  std::optional<std::string> starts;
  std::optional<StartReading> start_reading;
  std::optional<std::string> provisional_from;
  std::optional<std::string> stops;
  std::optional<int> amount;
  std::optional<DurationUnit> unit;  // set with amount
  std::string duration_key;          // "working_days" | "calendar_days" | "hours" | "months"
  std::optional<int> extension_cap;
  std::optional<int> extension_cap_months;
  std::optional<bool> pausable;
  std::optional<bool> statutory;
  std::optional<std::string> provision;
  std::optional<std::string> extension_provision;
  std::optional<double> target_percent;
};

struct CalendarOverlay {
  int line = 0;
  std::optional<Nation> nation;
  std::optional<std::string> time_zone;
  std::optional<DayZeroRule> day_zero_rule;
  std::optional<int> open_minute;
  std::optional<int> close_minute;
  std::optional<std::array<bool, 7>> working_weekdays;
  std::optional<std::vector<ClosureDay>> closures;
  std::optional<std::vector<Holiday>> extra_holidays;
};

struct ExclusionOverlay {
  int line = 0;
  std::string id;
  std::optional<std::string> title;
  std::optional<std::string> provision;
  std::optional<std::vector<std::string>> requires_fields;
};

struct PolicyOverlay {
  std::string source_name;
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> extends;
  std::optional<std::string> source_document;
  std::optional<Date> effective_from;
  CalendarOverlay calendar;
  std::vector<StandardOverlay> standards;
  std::optional<std::vector<std::string>> themes;
  std::optional<std::vector<std::string>> service_areas;
  std::vector<ExclusionOverlay> exclusion_reasons;
  std::optional<std::string> ombudsman_contact;
  std::optional<std::string> ombudsman_contact_cy;
  std::optional<int> translation_working_days;
  std::optional<int> escalation_window_working_days;
  std::optional<int> add_issue_imminent_working_days;
  std::optional<std::vector<Team>> teams;
  std::optional<std::vector<MeasureSpec>> measures;
  std::optional<std::vector<Promise>> promises;
  std::optional<std::vector<SectorFigure>> sector_figures;
  std::optional<std::vector<Commitment>> commitments;
  std::optional<std::string> ch02_published;
  std::optional<std::map<std::string, std::string>> tsm_publication;
  std::optional<std::vector<SurveyTrigger>> surveys;

  const StandardOverlay* standard(std::string_view id) const;
};

// Reads TOML text: syntax, known keys, value types, known milestone / kind / channel / unit
// names. Never throws; a syntax error carries its line and column.
Result<PolicyOverlay> parseOverlay(std::string_view toml_text, std::string_view source_name);

// Applies `overlay` onto `base` (nullptr for a built-in base), validates the result, checks that
// no statutory clock of `base` is loosened, and builds the working calendar (or reuses
// `calendar` when given, for a predecessor sharing its landlord's calendar).
Result<std::shared_ptr<Policy>> resolvePolicy(const PolicyOverlay& overlay, const Policy* base,
                                              CalendarPtr calendar = nullptr);

// Each commitment's measured_by codes name a standard or a measure of the merged policy `p`
// (kInvalid, rule "unknown-code", field "commitments[i].measured_by", message naming the entry).
Status checkCommitments(const Policy& p, const PolicyOverlay& o);

// The same landlord overrides read against an older base (see policy.cc).
PolicyOverlay overlayForOlderBase(const PolicyOverlay& overlay, const Policy& newer,
                                  const Policy& older);

// "<source> line 12: " or "<source>: " when the line is unknown.
std::string where(std::string_view source_name, int line);

// The milestones of policy.h, and an anti-social behaviour report's "asb.contacted" (first
// contact with the reporter) and "asb.plan_agreed" (its action plan agreed), domain/asb.h.
inline constexpr std::array<std::string_view, 12> kMilestones = {
    "received",           "stage1.acknowledged", "stage1.responded", "escalation_requested",
    "stage2.acknowledged", "stage2.responded",   "responded",        "closed",
    "not_resolved_at_first_contact", "followed_up", "asb.contacted", "asb.plan_agreed"};
// Kept in step with domain/case.h (slug(CaseKind), slug(Channel)); the policy layer sits below
// the domain and cannot include it.
inline constexpr std::array<std::string_view, 9> kKinds = {
    "service_request", "complaint", "compliment", "comment", "enquiry", "mp_enquiry",
    "subject_access_request", "data_breach", "asb_report"};
inline constexpr std::array<std::string_view, 8> kChannels = {
    "phone",    "email",     "web_form",       "online_account",
    "letter",   "in_person", "representative", "social_media"};

}  // namespace charter::policy_detail
