// Data protection use cases: subject access (everything held about a person, as JSON; the
// PDF is drawn from the same document), rectification of a person's details, and retention
// (anonymising finished cases after the retention period, with a dry-run report).
//
// Each needs Permission::kDataProtection. Reads made for an export are written to the view log
// with purpose "subject-access".
#pragma once

#include <nlohmann/json.hpp>

#include "app/authz.h"

namespace charter {

// {"landlord", "person_ref", "generated_at", "cases": [...with every event...], "accounts",
//  "restrictions": the person's warnings and restrictions (with their letters and every event
//  of the person's stream, "events"), or null when none, "views": [who viewed the record]}.
// kNotFound when nothing is held about the person.
Result<nlohmann::json> subjectAccess(AuthorisedCases& cases, const Principal& who,
                                     std::string_view person_ref);
// The same document as a PDF (util/pdf.h).
Result<std::string> subjectAccessPdf(const nlohmann::json& document);

// Corrects the person's details on every case about them, as a person_rectified event (the
// history keeps what was held before). `fields`: name, email, phone, address, tenancy_ref,
// contact_preference, representative (text) and vulnerabilities, reasonable_adjustments
// (lists). Answers the number of cases corrected.
Result<long> rectify(AuthorisedCases& cases, const Principal& who, std::string_view person_ref,
                     const nlohmann::json& fields, std::string_view reason);

struct RetentionItem {
  CaseId id = 0;
  std::string reference;
  std::string status;
  Instant finished{};  // the last event
};

struct RetentionReport {
  int years = 6;
  Date cutoff{};  // cases finished before this day are due
  bool dry_run = true;
  std::vector<RetentionItem> due;
  long anonymised = 0;
};

// Finished (closed, refused, withdrawn) cases whose last event (documents attached or shared
// aside) is more than `years` ago and which are not anonymised yet. Unless dry_run, anonymises each: an "anonymised" event, then
// the personal data in its earlier events redacted (the events themselves remain). A person
// whose last case held is anonymised has their own stream (warnings, restrictions) treated the
// same way: an "anonymised" person event, then the earlier events' data redacted.
Result<RetentionReport> retention(AuthorisedCases& cases, const Principal& who, int years,
                                  bool dry_run);

// The data of an event with the personal data taken out (free text and the person replaced).
nlohmann::json redactEventData(const nlohmann::json& data);

}  // namespace charter
