#include "store/core/asb_rows.h"

#include <fmt/format.h>

#include "domain/asb.h"
#include "measures/asb.h"
#include "store/core/report_groups.h"

namespace charter::store_core {
namespace {

constexpr Sql kDelete{"asb_del_facts", "DELETE FROM asb_facts WHERE landlord_id = $1 AND case_id = $2"};
constexpr Sql kInsert{
    "asb_ins_facts",
    "INSERT INTO asb_facts (landlord_id, case_id, level, party_ref, hate_incident, received_day, "
    "contact_day, contact_in_time, plan_day, plan_in_time, closed_day, satisfaction) VALUES ($1, "
    "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"};
constexpr Sql kContactInTime{
    "asb_tally_contact",
    "SELECT coalesce(sum(contact_in_time), 0), count(contact_in_time) FROM asb_facts "
    "WHERE landlord_id = $1 AND contact_day BETWEEN $2 AND $3"};
constexpr Sql kPlanInTime{
    "asb_tally_plan",
    "SELECT coalesce(sum(plan_in_time), 0), count(plan_in_time) FROM asb_facts "
    "WHERE landlord_id = $1 AND plan_day BETWEEN $2 AND $3"};
constexpr Sql kSatisfied{
    "asb_tally_satisfied",
    "SELECT coalesce(sum(CASE WHEN satisfaction = 'satisfied' THEN 1 ELSE 0 END), 0), count(*) "
    "FROM asb_facts WHERE landlord_id = $1 AND closed_day BETWEEN $2 AND $3 "
    "AND satisfaction IN ('satisfied', 'dissatisfied')"};
// Every report up to the period's end ($2): an earlier report may hold the case open.
constexpr Sql kReports{
    "asb_reports",
    "SELECT case_id, party_ref, received_day, closed_day, hate_incident FROM asb_facts "
    "WHERE landlord_id = $1 AND received_day <= $2 ORDER BY received_day, case_id"};

constexpr Sql kAll[] = {kDelete, kInsert, kContactInTime, kPlanInTime, kSatisfied, kReports};

SqlValue inTime(const std::vector<Clock>& clocks, std::string_view prefix) {
  for (const auto& c : clocks) {
    if (c.name.starts_with(prefix) && c.met_on) {
      return std::int64_t{c.status == ClockStatus::kMet ? 1 : 0};
    }
  }
  return nullptr;
}

std::optional<Date> ukDay(const std::optional<Instant>& t) {
  return t ? std::optional<Date>(ukLocalDate(*t)) : std::nullopt;
}

}  // namespace

std::vector<Command> asbRowCommands(LandlordId landlord, CaseId id, const CaseState& state,
                                    const std::vector<Clock>& clocks) {
  std::vector<Command> out;
  if (state.kind != CaseKind::kAsbReport || state.events.empty()) return out;
  // Local (UK) dates, as the case facts count them.
  AsbRecord r = asbOf(state);
  auto milestone = [&](std::string_view name) {
    auto it = state.milestones.find(name);
    return it == state.milestones.end() ? std::optional<Instant>() : it->second;
  };
  std::optional<Date> closed = ukDay(r.closed_at);
  // Withdrawn or refused: finished too, so a later report about the party opens a new case.
  if (!closed && state.finished()) closed = ukLocalDate(state.events.back().at);
  out.emplace_back(kDelete, SqlValues{landlord, id});
  out.emplace_back(
      kInsert,
      SqlValues{landlord, id, r.level, r.party_ref, std::int64_t{r.hate_incident ? 1 : 0},
                sqlDay(ukLocalDate(state.received_at)),
                sqlDay(ukDay(milestone(kAsbContactedMilestone))), inTime(clocks, "asb.contact"),
                sqlDay(ukDay(milestone(kAsbPlanAgreedMilestone))), inTime(clocks, "asb.plan"),
                sqlDay(closed), r.satisfaction});
  return out;
}

const Sql* asbTallySql(const std::string& code) {
  if (code == "asb.contact_in_time") return &kContactInTime;
  if (code == "asb.plan_in_time") return &kPlanInTime;
  if (code == "asb.satisfied") return &kSatisfied;
  return nullptr;
}

bool isAsbCaseCount(const std::string& code) { return code == "NM01-1" || code == "NM01-2"; }

Result<std::optional<measures::SeriesPoint>> asbCaseCount(SqlSession& s, LandlordId landlord,
                                                          const std::string& code,
                                                          const measures::Period& p) {
  std::vector<measures::AsbReport> reports;
  bool any_in_period = false;
  auto r = s.run(Command(kReports, {landlord, sqlDay(p.end)}), [&](const RowReader& row) {
    measures::AsbReport rep;
    rep.report_ref = fmt::format("{}", row.i64(0));
    rep.party_ref = row.text(1).empty() ? "case:" + rep.report_ref : row.text(1);
    rep.reported = row.day(2);
    rep.closed = row.maybeDay(3);
    rep.hate_incident = row.flag(4);
    any_in_period = any_in_period || rep.reported >= p.start;
    reports.push_back(std::move(rep));
  });
  if (!r) return tl::unexpected(r.error());
  if (!any_in_period) return std::optional<measures::SeriesPoint>();
  measures::SeriesPoint out;
  for (const auto& c : measures::asbCases(std::move(reports))) {
    if (c.opened < p.start || c.opened > p.end) continue;
    if (code == "NM01-1" || c.hate_incident) out.numerator += 1;
  }
  return std::optional<measures::SeriesPoint>(out);
}

std::vector<std::string> asbStatements() {
  std::vector<std::string> out;
  for (const Sql& s : kAll) out.emplace_back(s.text);
  return out;
}

}  // namespace charter::store_core
