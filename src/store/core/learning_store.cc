#include "store/core/learning_store.h"

#include <cmath>

namespace charter::store_core {
namespace {

constexpr Sql kDeleteChfos{"learning_del_chfos",
                           "DELETE FROM ombudsman_chfos WHERE landlord_id = $1 AND case_id = $2"};
constexpr Sql kDeleteOrders{"learning_del_orders",
                            "DELETE FROM ombudsman_orders WHERE landlord_id = $1 AND case_id = $2"};
constexpr Sql kDeleteCase{"learning_del_case",
                          "DELETE FROM ombudsman_cases WHERE landlord_id = $1 AND case_id = $2"};
constexpr Sql kDeleteActions{"learning_del_actions",
                             "DELETE FROM learning_actions WHERE landlord_id = $1 AND case_id = $2"};
constexpr Sql kInsertAction{
    "learning_ins_action",
    "INSERT INTO learning_actions (landlord_id, case_id, action_no, reference, service_area, "
    "lesson, owner, you_said, raised_day, due_day, completed_day, improvement, published) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"};
constexpr Sql kInsertCase{
    "learning_ins_ombudsman",
    "INSERT INTO ombudsman_cases (landlord_id, case_id, reference, ombudsman_ref, basis, "
    "referred_day, determined_day, outcome, compensation_pence) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr Sql kInsertOrder{
    "learning_ins_order",
    "INSERT INTO ombudsman_orders (landlord_id, case_id, order_no, description, made_day, "
    "due_day, completed_day) VALUES ($1, $2, $3, $4, $5, $6, $7)"};

constexpr Sql kInsertChfo{
    "learning_ins_chfo",
    "INSERT INTO ombudsman_chfos (landlord_id, case_id, chfo_no, provision, description, "
    "issued_day, comply_by_day, completed_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};

#define CHARTER_ACTION_COLUMNS                                                                 \
  "SELECT case_id, reference, action_no, service_area, lesson, owner, you_said, raised_day, " \
  "due_day, completed_day, improvement, published FROM learning_actions "
constexpr Sql kOpenIn{
    "learning_open_in",
    CHARTER_ACTION_COLUMNS "WHERE landlord_id = $1 AND raised_day <= $3 AND "
                           "(completed_day IS NULL OR completed_day >= $2) "
                           "ORDER BY due_day, case_id, action_no"};
constexpr Sql kPublished{
    "learning_published",
    CHARTER_ACTION_COLUMNS "WHERE landlord_id = $1 AND published = 1 AND completed_day IS NOT "
                           "NULL ORDER BY completed_day DESC, case_id DESC, action_no LIMIT $2"};
#undef CHARTER_ACTION_COLUMNS
constexpr Sql kCases{
    "learning_ombudsman_cases",
    "SELECT case_id, reference, ombudsman_ref, basis, referred_day, determined_day, outcome, "
    "compensation_pence FROM ombudsman_cases WHERE landlord_id = $1 AND "
    "((referred_day BETWEEN $2 AND $3) OR (determined_day BETWEEN $2 AND $3)) ORDER BY case_id"};
constexpr Sql kOrders{
    "learning_ombudsman_orders",
    "SELECT case_id, order_no, description, made_day, due_day, completed_day FROM "
    "ombudsman_orders WHERE landlord_id = $1 AND made_day <= $3 AND "
    "(completed_day IS NULL OR completed_day >= $2 OR due_day >= $2) ORDER BY case_id, order_no"};

constexpr Sql kChfos{
    "learning_ombudsman_chfos",
    "SELECT c.case_id, o.reference, c.chfo_no, c.provision, c.description, c.issued_day, "
    "c.comply_by_day, c.completed_day FROM ombudsman_chfos c JOIN ombudsman_cases o ON "
    "o.landlord_id = c.landlord_id AND o.case_id = c.case_id WHERE c.landlord_id = $1 AND "
    "c.issued_day <= $3 AND (c.completed_day IS NULL OR c.completed_day >= $2 OR "
    "c.comply_by_day >= $2) ORDER BY c.case_id, c.chfo_no"};

constexpr Sql kAll[] = {kDeleteChfos, kDeleteOrders, kDeleteCase, kDeleteActions, kInsertAction,
                        kInsertCase,  kInsertOrder,  kInsertChfo, kOpenIn,        kPublished,
                        kCases,       kOrders,       kChfos};

LearningActionRow actionRow(const RowReader& r) {
  LearningActionRow x;
  x.case_id = r.i64(0);
  x.reference = r.text(1);
  x.number = static_cast<int>(r.i64(2));
  x.service_area = r.text(3);
  x.lesson = r.text(4);
  x.owner = r.text(5);
  x.you_said = r.text(6);
  x.raised_on = r.day(7);
  x.due = r.day(8);
  x.completed_on = r.maybeDay(9);
  x.improvement = r.text(10);
  x.published = r.flag(11);
  return x;
}

OmbudsmanCaseRow caseRow(const RowReader& r) {
  return OmbudsmanCaseRow{r.i64(0), r.text(1),      r.text(2), r.text(3),
                          r.day(4), r.maybeDay(5), r.text(6), r.i64(7) / 100.0};
}

OmbudsmanOrderRow orderRow(const RowReader& r) {
  return OmbudsmanOrderRow{r.i64(0), static_cast<int>(r.i64(1)), r.text(2),
                           r.day(3), r.day(4),                   r.maybeDay(5)};
}

OmbudsmanChfoRow chfoRow(const RowReader& r) {
  OmbudsmanChfoRow x;
  x.case_id = r.i64(0);
  x.reference = r.text(1);
  x.number = static_cast<int>(r.i64(2));
  x.provision = r.text(3);
  x.description = r.text(4);
  x.issued_on = r.day(5);
  x.comply_by = r.day(6);
  x.completed_on = r.maybeDay(7);
  return x;
}

SqlValues period(LandlordId landlord, Date from, Date to) {
  return {landlord, sqlDay(from), sqlDay(to)};
}

}  // namespace

std::vector<Command> learningRowCommands(LandlordId landlord, CaseId id, const CaseState& s) {
  std::vector<Command> out;
  if (s.learning_actions.empty() && !s.ombudsman) return out;
  const std::string reference = s.reference.empty() ? caseReference(id) : s.reference;
  for (const Sql& d : {kDeleteChfos, kDeleteOrders, kDeleteCase, kDeleteActions}) {
    out.emplace_back(d, SqlValues{landlord, id});
  }
  for (const auto& l : s.learning_actions) {
    out.emplace_back(kInsertAction,
                     SqlValues{landlord, id, std::int64_t{l.number}, reference, l.service_area,
                               l.lesson, l.owner, l.you_said, sqlDay(l.raised_on), sqlDay(l.due),
                               sqlDay(l.completed_on), l.improvement,
                               std::int64_t{l.published ? 1 : 0}});
  }
  if (!s.ombudsman) return out;
  const OmbudsmanRecord& o = *s.ombudsman;
  out.emplace_back(kInsertCase,
                   SqlValues{landlord, id, reference, o.reference, o.basis, sqlDay(o.referred_on),
                             sqlDay(o.determined_on), o.outcome,
                             static_cast<std::int64_t>(std::llround(o.compensation * 100))});
  for (const auto& x : o.orders) {
    out.emplace_back(kInsertOrder,
                     SqlValues{landlord, id, std::int64_t{x.number}, x.order, sqlDay(x.made_on),
                               sqlDay(x.due), sqlDay(x.completed_on)});
  }
  for (const auto& x : o.chfos) {
    out.emplace_back(kInsertChfo,
                     SqlValues{landlord, id, std::int64_t{x.number}, x.provision, x.order,
                               sqlDay(x.issued_on), sqlDay(x.comply_by), sqlDay(x.completed_on)});
  }
  return out;
}

std::vector<std::string> learningStatements() {
  std::vector<std::string> out;
  for (const Sql& s : kAll) out.emplace_back(s.text);
  return out;
}

Result<std::vector<LearningActionRow>> SqlLearningStore::learningActions(LandlordId landlord,
                                                                         Date from, Date to) {
  return readRows<LearningActionRow>(*db_, Command(kOpenIn, period(landlord, from, to)),
                                     actionRow);
}

Result<std::vector<LearningActionRow>> SqlLearningStore::publishedActions(LandlordId landlord,
                                                                          int limit) {
  return readRows<LearningActionRow>(
      *db_, Command(kPublished, {landlord, std::int64_t{limit}}), actionRow);
}

Result<std::vector<OmbudsmanCaseRow>> SqlLearningStore::ombudsmanCases(LandlordId landlord,
                                                                       Date from, Date to) {
  return readRows<OmbudsmanCaseRow>(*db_, Command(kCases, period(landlord, from, to)), caseRow);
}

Result<std::vector<OmbudsmanOrderRow>> SqlLearningStore::ombudsmanOrders(LandlordId landlord,
                                                                         Date from, Date to) {
  return readRows<OmbudsmanOrderRow>(*db_, Command(kOrders, period(landlord, from, to)),
                                     orderRow);
}

Result<std::vector<OmbudsmanChfoRow>> SqlLearningStore::ombudsmanChfos(LandlordId landlord,
                                                                       Date from, Date to) {
  return readRows<OmbudsmanChfoRow>(*db_, Command(kChfos, period(landlord, from, to)), chfoRow);
}

}  // namespace charter::store_core
