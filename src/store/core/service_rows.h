// Repairs, call-backs and compliments (migrations/0020_services.sql), written once for both
// databases:
//   * serviceRowCommands: the statements that replace a case's service rows, which each
//     CaseStore runs in the transaction that appends the case's events (and on rebuild);
//   * serviceTallySql / serviceBreakdownSql: the report store's reads (app/reports.h).
// Every statement is scoped by landlord_id = $1.
#pragma once

#include <string>
#include <vector>

#include "domain/clocks.h"
#include "store/core/sql.h"

namespace charter::store_core {

// An asb_report's row too (store/core/asb_rows.h). Nothing for a case that has no service row (complaints and comments not logged with
// resolved_at_first_contact): a case's kind and receipt never change, so it never had any.
std::vector<Command> serviceRowCommands(LandlordId landlord, CaseId id, const CaseState& state,
                                        const std::vector<Clock>& clocks);

// The tally a `series` measure of code `code` reads from the service rows over days $2..$3:
// one row (numerator, denominator); null for a code that is not one of them:
// "appointments.kept", "contacts.resolved_first_time", "repairs.inspected",
// "compliments.shared", and the ASB tallies of asbTallySql (docs/policy.md "Service tallies").
const Sql* serviceTallySql(const std::string& code);
// The breakdown `by` ("category", "contractor": completed repairs with a repair clock, in
// time / all; "about": compliments received, shared / all) over days $2..$3: rows (key,
// total, counted); null for an unknown `by`.
const Sql* serviceBreakdownSql(const std::string& by);

// Compliments about $2 or $3 (ignoring case), newest first, at most $4: rows (case_id,
// reference, summary, received_day, about, shared_count).
const Sql& complimentsAboutSql();

// Every statement above, in PostgreSQL's form, for the landlord-scoping test.
std::vector<std::string> serviceStatements();

}  // namespace charter::store_core
