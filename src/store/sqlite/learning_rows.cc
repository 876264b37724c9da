#include "store/sqlite/learning_rows.h"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "store/sqlite/statement.h"

namespace charter {
namespace {

constexpr const char* kDelete[] = {
    "DELETE FROM ombudsman_orders WHERE landlord_id = ?1 AND case_id = ?2",
    "DELETE FROM ombudsman_cases WHERE landlord_id = ?1 AND case_id = ?2",
    "DELETE FROM learning_actions WHERE landlord_id = ?1 AND case_id = ?2"};
constexpr const char* kInsertAction =
    "INSERT INTO learning_actions (landlord_id, case_id, action_no, reference, service_area, "
    "lesson, owner, you_said, raised_day, due_day, completed_day, improvement, published) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr const char* kInsertCase =
    "INSERT INTO ombudsman_cases (landlord_id, case_id, reference, ombudsman_ref, basis, "
    "referred_day, determined_day, outcome, compensation_pence) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr const char* kInsertOrder =
    "INSERT INTO ombudsman_orders (landlord_id, case_id, order_no, description, made_day, "
    "due_day, completed_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

using sqlite::Statement;

// Runs `s` (no rows wanted) and rewinds it for the next row.
Status runOnce(Statement& s, std::string_view what) {
  auto r = s.run(what);
  s.reset();
  return r;
}

}  // namespace

Status writeLearningRows(sqlite3* db, LandlordId landlord, CaseId id, const CaseState& s) {
  if (s.learning_actions.empty() && !s.ombudsman) return {};
  const std::string reference = s.reference.empty() ? caseReference(id) : s.reference;
  for (const char* sql : kDelete) {
    auto d = Statement::prepare(db, sql);
    if (!d) return tl::unexpected(d.error());
    d->bind(1, landlord).bind(2, id);
    if (auto r = d->run("clearing the learning rows"); !r) return r;
  }
  auto ins = Statement::prepare(db, kInsertAction);
  if (!ins) return tl::unexpected(ins.error());
  for (const auto& l : s.learning_actions) {
    ins->bind(1, landlord).bind(2, id).bind(3, l.number).bind(4, reference);
    ins->bind(5, l.service_area).bind(6, l.lesson).bind(7, l.owner).bind(8, l.you_said);
    ins->bindDay(9, l.raised_on).bindDay(10, l.due).bindDay(11, l.completed_on);
    ins->bind(12, l.improvement).bind(13, l.published ? 1 : 0);
    if (auto r = runOnce(*ins, "writing a learning action"); !r) return r;
  }
  if (!s.ombudsman) return {};
  const OmbudsmanRecord& o = *s.ombudsman;
  auto oc = Statement::prepare(db, kInsertCase);
  if (!oc) return tl::unexpected(oc.error());
  oc->bind(1, landlord).bind(2, id).bind(3, reference).bind(4, o.reference).bind(5, o.basis);
  oc->bindDay(6, o.referred_on).bindDay(7, o.determined_on).bind(8, o.outcome);
  oc->bind(9, static_cast<std::int64_t>(std::llround(o.compensation * 100)));
  if (auto r = oc->run("writing the Ombudsman case"); !r) return r;
  auto od = Statement::prepare(db, kInsertOrder);
  if (!od) return tl::unexpected(od.error());
  for (const auto& x : o.orders) {
    od->bind(1, landlord).bind(2, id).bind(3, x.number).bind(4, x.order);
    od->bindDay(5, x.made_on).bindDay(6, x.due).bindDay(7, x.completed_on);
    if (auto r = runOnce(*od, "writing an Ombudsman order"); !r) return r;
  }
  return {};
}

}  // namespace charter
