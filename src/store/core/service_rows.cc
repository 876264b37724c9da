#include "store/core/service_rows.h"

#include "domain/compliments.h"
#include "domain/repairs.h"
#include "store/core/asb_rows.h"
#include "store/core/report_groups.h"

namespace charter::store_core {
namespace {

constexpr Sql kDeleteAppointments{
    "service_del_appointments", "DELETE FROM appointments WHERE landlord_id = $1 AND case_id = $2"};
constexpr Sql kDeleteFacts{"service_del_facts",
                           "DELETE FROM service_facts WHERE landlord_id = $1 AND case_id = $2"};
constexpr Sql kInsertFacts{
    "service_ins_facts",
    "INSERT INTO service_facts (landlord_id, case_id, kind, received_day, category, contractor, "
    "about, resolved_first, completed_day, repair_clock, repair_in_time, inspected_day, "
    "inspection, shared_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
    "$14)"};
constexpr Sql kInsertAppointment{
    "service_ins_appointment",
    "INSERT INTO appointments (landlord_id, case_id, appointment_no, day, slot, contractor, "
    "outcome) VALUES ($1, $2, $3, $4, $5, $6, $7)"};

constexpr Sql kAppointmentsKept{
    "service_tally_kept",
    "SELECT coalesce(sum(CASE WHEN outcome = 'kept' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN outcome IN ('kept', 'missed') THEN 1 ELSE 0 END), 0) "
    "FROM appointments WHERE landlord_id = $1 AND day BETWEEN $2 AND $3"};
constexpr Sql kResolvedFirst{
    "service_tally_first",
    "SELECT coalesce(sum(resolved_first), 0), count(resolved_first) FROM service_facts "
    "WHERE landlord_id = $1 AND received_day BETWEEN $2 AND $3 "
    "AND kind IN ('enquiry', 'service_request')"};
constexpr Sql kInspected{
    "service_tally_inspected",
    "SELECT coalesce(sum(CASE WHEN inspected_day IS NOT NULL THEN 1 ELSE 0 END), 0), count(*) "
    "FROM service_facts WHERE landlord_id = $1 AND completed_day BETWEEN $2 AND $3"};
constexpr Sql kShared{
    "service_tally_shared",
    "SELECT coalesce(sum(CASE WHEN shared_count > 0 THEN 1 ELSE 0 END), 0), count(*) "
    "FROM service_facts WHERE landlord_id = $1 AND received_day BETWEEN $2 AND $3 "
    "AND kind = 'compliment'"};

#define CHARTER_REPAIRS_BY(col)                                                              \
  "SELECT " col ", count(*), coalesce(sum(repair_in_time), 0) FROM service_facts "          \
  "WHERE landlord_id = $1 AND completed_day BETWEEN $2 AND $3 AND repair_in_time IS NOT NULL " \
  "GROUP BY " col " ORDER BY " col
constexpr Sql kByCategory{"service_by_category", CHARTER_REPAIRS_BY("category")};
constexpr Sql kByContractor{"service_by_contractor", CHARTER_REPAIRS_BY("contractor")};
#undef CHARTER_REPAIRS_BY
constexpr Sql kByAbout{
    "service_by_about",
    "SELECT about, count(*), coalesce(sum(CASE WHEN shared_count > 0 THEN 1 ELSE 0 END), 0) "
    "FROM service_facts WHERE landlord_id = $1 AND received_day BETWEEN $2 AND $3 "
    "AND kind = 'compliment' GROUP BY about ORDER BY about"};

constexpr Sql kComplimentsAbout{
    "service_compliments_about",
    "SELECT f.case_id, c.reference, c.summary, f.received_day, f.about, f.shared_count "
    "FROM service_facts f JOIN cases c ON c.landlord_id = f.landlord_id AND c.case_id = f.case_id "
    "WHERE f.landlord_id = $1 AND f.kind = 'compliment' AND f.about <> '' "
    "AND (lower(f.about) = lower($2) OR lower(f.about) = lower($3)) "
    "ORDER BY f.received_day DESC, f.case_id DESC LIMIT $4"};

constexpr Sql kAll[] = {kDeleteAppointments, kDeleteFacts,  kInsertFacts, kInsertAppointment,
                        kAppointmentsKept,   kResolvedFirst, kInspected,  kShared,
                        kByCategory,         kByContractor, kByAbout,     kComplimentsAbout};

bool hasServiceRow(const CaseState& s) {
  return s.kind == CaseKind::kServiceRequest || s.kind == CaseKind::kEnquiry ||
         s.kind == CaseKind::kCompliment || resolvedAtFirstContact(s).has_value();
}

SqlValue optFlag(const std::optional<bool>& b) {
  return b ? SqlValue(std::int64_t{*b ? 1 : 0}) : SqlValue(nullptr);
}

// The category's repair clock (the standard limited to it), if the case has one.
const Clock* repairClock(const CaseState& s, const std::vector<Clock>& clocks) {
  const std::string category = categoryOf(s);
  if (category.empty()) return nullptr;
  for (const auto& c : clocks) {
    if (c.name.starts_with("repairs.") && c.name.ends_with("." + category)) return &c;
  }
  return nullptr;
}

}  // namespace

std::vector<Command> serviceRowCommands(LandlordId landlord, CaseId id, const CaseState& state,
                                        const std::vector<Clock>& clocks) {
  std::vector<Command> out = asbRowCommands(landlord, id, state, clocks);
  if (!hasServiceRow(state) || state.events.empty()) return out;
  const RepairRecord r = repairOf(state);
  const Clock* clock = repairClock(state, clocks);
  std::optional<bool> in_time;
  if (clock && clock->met_on) in_time = clock->status == ClockStatus::kMet;
  // Local (UK) dates, as the case facts count them.
  const Date received = ukLocalDate(state.received_at);
  std::optional<Date> completed;
  if (r.completed_at) completed = ukLocalDate(*r.completed_at);
  out.emplace_back(kDeleteAppointments, SqlValues{landlord, id});
  out.emplace_back(kDeleteFacts, SqlValues{landlord, id});
  out.emplace_back(
      kInsertFacts,
      SqlValues{landlord, id, std::string(slug(state.kind)), sqlDay(received), categoryOf(state),
                r.contractor, aboutOf(state), optFlag(resolvedAtFirstContact(state)),
                sqlDay(completed), clock ? clock->name : std::string(), optFlag(in_time),
                sqlDay(r.inspected_on), r.inspection,
                static_cast<std::int64_t>(sharesOf(state).size())});
  for (const auto& ap : r.appointments) {
    out.emplace_back(kInsertAppointment,
                     SqlValues{landlord, id, static_cast<std::int64_t>(ap.number), sqlDay(ap.date),
                               ap.slot, ap.contractor, ap.outcome});
  }
  return out;
}

const Sql* serviceTallySql(const std::string& code) {
  if (code == "appointments.kept") return &kAppointmentsKept;
  if (code == "contacts.resolved_first_time") return &kResolvedFirst;
  if (code == "repairs.inspected") return &kInspected;
  if (code == "compliments.shared") return &kShared;
  return asbTallySql(code);
}

const Sql* serviceBreakdownSql(const std::string& by) {
  if (by == "category") return &kByCategory;
  if (by == "contractor") return &kByContractor;
  if (by == "about") return &kByAbout;
  return nullptr;
}

const Sql& complimentsAboutSql() { return kComplimentsAbout; }

std::vector<std::string> serviceStatements() {
  std::vector<std::string> out;
  for (const Sql& s : kAll) out.emplace_back(s.text);
  for (auto& s : asbStatements()) out.push_back(std::move(s));
  return out;
}

}  // namespace charter::store_core
