// Anti-social behaviour reports (migrations/0027_asb.sql), written once for both databases:
//   * asbRowCommands: the statements that replace an asb_report case's row, run by
//     serviceRowCommands (store/core/service_rows.h) in the transaction that appends the case's
//     events (and on rebuild);
//   * asbTallySql: the series the ASB measures read ("asb.contact_in_time",
//     "asb.plan_in_time", "asb.satisfied");
//   * asbCaseCount: NM01-1 / NM01-2 from the cases, grouped by party under the TSM's open-case
//     rule (measures/asb.h).
// Every statement is scoped by landlord_id = $1.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/clocks.h"
#include "measures/period.h"
#include "measures/source.h"
#include "store/core/sql.h"

namespace charter::store_core {

// Nothing for a case of another kind (a case's kind never changes). The in-time flags come
// from the case's clocks named "asb.contact.*" and "asb.plan.*" (the policy's ASB standards).
std::vector<Command> asbRowCommands(LandlordId landlord, CaseId id, const CaseState& state,
                                    const std::vector<Clock>& clocks);

// The tally of `code` over days $2..$3: one row (numerator, denominator); null for another
// code. Contact and plan: those on time among those made in the period; satisfaction: the
// satisfied among the reporters asked at closures in the period.
const Sql* asbTallySql(const std::string& code);

// Whether `code` is NM01-1 or NM01-2.
bool isAsbCaseCount(const std::string& code);
// NM01-1 (cases opened in the period) or NM01-2 (those involving a hate incident), from every
// asb_report: reports about the same party join the case open on their day; a report without
// a party is a case of its own. Nullopt when no asb_report was received in the period (the
// landlord keeps ASB elsewhere: the imported series is used). The denominator is 0 (homes).
Result<std::optional<measures::SeriesPoint>> asbCaseCount(SqlSession& s, LandlordId landlord,
                                                          const std::string& code,
                                                          const measures::Period& p);

// Every statement above, for the landlord-scoping test.
std::vector<std::string> asbStatements();

}  // namespace charter::store_core
