// The built-in bases: the Housing Ombudsman's Complaint Handling Code, 2024 and 2022, written
// in the same TOML a landlord writes and read by the same parser.
//
// Sources: /work/shared/reference/hos-code-2024.md, section 1.1 (the table of timescales and
// "What changed from the 2022 Code") and section 2.2 (exclusions). The Code does not define a
// working day or day zero (1.2); the calendar defaults below are Charter's, and 001 §4.7.2's.
#include "policy/policy_internal.h"

namespace charter {
namespace {

// Statutory from 1 April 2024 (Social Housing (Regulation) Act 2023).
constexpr std::string_view kHosCode2024 = R"toml(
id = "hos-code-2024"
name = "Housing Ombudsman Complaint Handling Code 2024"
source_document = "Housing Ombudsman Service, Complaint Handling Code (statutory from 1 April 2024)"
effective_from = 2024-04-01
ombudsman_contact = "Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET. Telephone 0300 111 3000. Email info@housing-ombudsman.org.uk. Website www.housing-ombudsman.org.uk"
ombudsman_contact_cy = "Yr Ombwdsmon Tai, PO Box 1484, Unit D, Preston, PR2 0ET. Ffôn 0300 111 3000. E-bost info@housing-ombudsman.org.uk. Gwefan www.housing-ombudsman.org.uk"
# A letter's translation into another language (not English or Welsh): the time a translation
# service commonly promises for a letter of a page or two.
translation_working_days = 10

[calendar]
nation = "england-and-wales"
time_zone = "Europe/London"
day_zero_rule = "next_working_day_if_out_of_hours"
office_opens = "09:00"
office_closes = "17:00"
working_days = ["mon", "tue", "wed", "thu", "fri"]

# T1: "acknowledged, defined and logged at stage 1 ... within five working days of the complaint
# being received" (6.2).
[standards."stage1.acknowledge"]
title = "Acknowledge a stage 1 complaint"
kinds = ["complaint"]
starts = "received"
start_reading = "day_zero"
stops = "stage1.acknowledged"
working_days = 5
statutory = true
provision = "Code 6.2"

# T2/T3: "within 10 working days of the complaint being acknowledged" (6.3); any extension "no
# more than 10 working days without good reason" (6.4). Until the acknowledgement is sent the
# clock runs provisionally from the acknowledgement's due date.
[standards."stage1.respond"]
title = "Respond to a stage 1 complaint"
kinds = ["complaint"]
starts = "stage1.acknowledged"
start_reading = "event_date"
provisional_from = "stage1.acknowledge"
stops = "stage1.responded"
working_days = 10
extension_cap_working_days = 10
statutory = true
provision = "Code 6.3"
extension_provision = "Code 6.4"

# T5: "within five working days of the escalation request being received" (6.11).
[standards."stage2.acknowledge"]
title = "Acknowledge a stage 2 request"
kinds = ["complaint"]
starts = "escalation_requested"
start_reading = "day_zero"
stops = "stage2.acknowledged"
working_days = 5
statutory = true
provision = "Code 6.11"

# T6/T7: "within 20 working days of the date of escalation acknowledgment"; extension no more
# than 20 working days without good reason (numbered 6.14 and 6.15 from recall, see 2.6 #45;
# 6.13 is the rule that the stage 2 reviewer is not the stage 1 handler).
[standards."stage2.respond"]
title = "Respond to a stage 2 complaint"
kinds = ["complaint"]
starts = "stage2.acknowledged"
start_reading = "event_date"
provisional_from = "stage2.acknowledge"
stops = "stage2.responded"
working_days = 20
extension_cap_working_days = 20
statutory = true
provision = "Code 6.14"
extension_provision = "Code 6.15"

# Code 2.2: acceptable exclusions (the list "includes"; landlords add their own).
[[exclusion_reasons]]
id = "over-12-months"
title = "The issue giving rise to the complaint occurred over twelve months ago"
provision = "Code 2.2(a), 2.3"
requires = ["discretion_considered"]

[[exclusion_reasons]]
id = "legal-proceedings"
title = "Legal proceedings have started (the claim has been filed at court; a pre-action letter is not enough)"
provision = "Code 2.2(b)"
requires = ["court_filing_date"]

[[exclusion_reasons]]
id = "previously-considered"
title = "The matter has previously been considered under the complaints policy"
provision = "Code 2.2(c)"
)toml";

// For complaints received before 1 April 2024. Section 1.1 of the reference, "What changed from
// the 2022 Code": the stage 1 clock ran "within 10 working days of the complaint being logged"
// (quoted as 2022 5.1), an extension "should not exceed a further 10 days", and the stage 2
// extension cap was 10 working days (raised to 20 in 2024). Section 6: "Its clocks started at
// 'logged', not 'acknowledged'", so the stage 2 response also runs from the escalation request.
// "Logged" is read as received (day zero): the Code requires logging on receipt, and the clock
// must not wait on the landlord's own data entry. The 2022 numbering beyond 5.1 was not
// verified, so other provisions cite the section. effective_from is the date the 2022 Code
// applied from as recalled, not verified; it only dates this base (it has no predecessor).
constexpr std::string_view kHosCode2022 = R"toml(
id = "hos-code-2022"
name = "Housing Ombudsman Complaint Handling Code 2022"
source_document = "Housing Ombudsman Service, Complaint Handling Code 2022 (before 1 April 2024)"
effective_from = 2022-04-01
ombudsman_contact = "Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET. Telephone 0300 111 3000. Email info@housing-ombudsman.org.uk. Website www.housing-ombudsman.org.uk"
ombudsman_contact_cy = "Yr Ombwdsmon Tai, PO Box 1484, Unit D, Preston, PR2 0ET. Ffôn 0300 111 3000. E-bost info@housing-ombudsman.org.uk. Gwefan www.housing-ombudsman.org.uk"
# A letter's translation into another language (not English or Welsh): the time a translation
# service commonly promises for a letter of a page or two.
translation_working_days = 10

[calendar]
nation = "england-and-wales"
time_zone = "Europe/London"
day_zero_rule = "next_working_day_if_out_of_hours"
office_opens = "09:00"
office_closes = "17:00"
working_days = ["mon", "tue", "wed", "thu", "fri"]

[standards."stage1.acknowledge"]
title = "Acknowledge a stage 1 complaint"
kinds = ["complaint"]
starts = "received"
start_reading = "day_zero"
stops = "stage1.acknowledged"
working_days = 5
statutory = true
provision = "Code 2022 section 5"

[standards."stage1.respond"]
title = "Respond to a stage 1 complaint"
kinds = ["complaint"]
starts = "received"
start_reading = "day_zero"
stops = "stage1.responded"
working_days = 10
extension_cap_working_days = 10
statutory = true
provision = "Code 2022 5.1"
extension_provision = "Code 2022 5.1"

[standards."stage2.acknowledge"]
title = "Acknowledge a stage 2 request"
kinds = ["complaint"]
starts = "escalation_requested"
start_reading = "day_zero"
stops = "stage2.acknowledged"
working_days = 5
statutory = true
provision = "Code 2022 section 5"

[standards."stage2.respond"]
title = "Respond to a stage 2 complaint"
kinds = ["complaint"]
starts = "escalation_requested"
start_reading = "day_zero"
stops = "stage2.responded"
working_days = 20
extension_cap_working_days = 10
statutory = true
provision = "Code 2022 section 5"
extension_provision = "Code 2022 section 5"

[[exclusion_reasons]]
id = "over-12-months"
title = "The issue giving rise to the complaint occurred over twelve months ago"
provision = "Code 2022 section 1"
requires = ["discretion_considered"]

[[exclusion_reasons]]
id = "legal-proceedings"
title = "Legal proceedings have started (the claim has been filed at court; a pre-action letter is not enough)"
provision = "Code 2022 section 1"
requires = ["court_filing_date"]

[[exclusion_reasons]]
id = "previously-considered"
title = "The matter has previously been considered under the complaints policy"
provision = "Code 2022 section 1"
)toml";

Result<PolicyPtr> parseBase(std::string_view text, std::string_view name) {
  auto overlay = policy_detail::parseOverlay(text, name);
  if (!overlay) return tl::unexpected(overlay.error());
  auto p = policy_detail::resolvePolicy(*overlay, nullptr);
  if (!p) return tl::unexpected(p.error());
  return PolicyPtr(std::move(*p));
}

struct Bases {
  Result<PolicyPtr> code2022 = internalError("not built");
  Result<PolicyPtr> code2024 = internalError("not built");
};

// Built once, on first use (a calendar build is not free), and shared read-only after that.
const Bases& bases() {
  static const Bases b = [] {
    Bases out;
    out.code2022 = parseBase(kHosCode2022, "builtin:hos-code-2022");
    auto p2024 = parseBase(kHosCode2024, "builtin:hos-code-2024");
    if (p2024 && out.code2022) {
      auto with_older = std::make_shared<Policy>(**p2024);
      with_older->predecessor = *out.code2022;
      out.code2024 = PolicyPtr(std::move(with_older));
    } else {
      out.code2024 = p2024 ? out.code2022 : p2024;
    }
    return out;
  }();
  return b;
}

}  // namespace

Result<PolicyPtr> builtinPolicy(std::string_view id) {
  const Result<PolicyPtr>* r = id == "hos-code-2024"   ? &bases().code2024
                               : id == "hos-code-2022" ? &bases().code2022
                                                       : nullptr;
  if (!r) return notFound(std::string("no built-in policy '") + std::string(id) + "'");
  if (!*r) {
    Error e = r->error();
    e.kind = ErrorKind::kInternal;  // a built-in that does not load is a bug, not user input
    return tl::unexpected(e);
  }
  return *r;
}

}  // namespace charter
