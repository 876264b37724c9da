#include "store/pg/pg_learning.h"

#include <libpq-fe.h>

#include <cmath>

#include <fmt/format.h>

namespace charter {
namespace {

struct Sql {
  const char* name;
  const char* sql;
};

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

constexpr const char* kActionColumns =
    "SELECT case_id, reference, action_no, service_area, lesson, owner, you_said, raised_day, "
    "due_day, completed_day, improvement, published FROM learning_actions ";
constexpr const char* kOpenIn =
    "WHERE landlord_id = $1 AND raised_day <= $3 AND (completed_day IS NULL OR completed_day >= $2) "
    "ORDER BY due_day, case_id, action_no";
constexpr const char* kPublished =
    "WHERE landlord_id = $1 AND published = 1 AND completed_day IS NOT NULL AND $2::bigint = $2 "
    "ORDER BY completed_day DESC, case_id DESC, action_no LIMIT $3";
constexpr const char* kCases =
    "SELECT case_id, reference, ombudsman_ref, basis, referred_day, determined_day, outcome, "
    "compensation_pence FROM ombudsman_cases WHERE landlord_id = $1 AND "
    "((referred_day BETWEEN $2 AND $3) OR (determined_day BETWEEN $2 AND $3)) ORDER BY case_id";
constexpr const char* kOrders =
    "SELECT case_id, order_no, description, made_day, due_day, completed_day FROM "
    "ombudsman_orders WHERE landlord_id = $1 AND made_day <= $3 AND "
    "(completed_day IS NULL OR completed_day >= $2 OR due_day >= $2) ORDER BY case_id, order_no";

using Values = std::vector<std::optional<std::string>>;

std::optional<std::string> num(std::int64_t v) { return std::to_string(v); }
std::optional<std::string> day(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return std::to_string(dayNumber(*d));
}

// One result, cleared on scope exit.
class Rows {
 public:
  explicit Rows(PGresult* r) : r_(r) {}
  ~Rows() { PQclear(r_); }
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;
  bool ok() const { return r_ != nullptr && PQresultStatus(r_) == PGRES_TUPLES_OK; }
  int size() const { return PQntuples(r_); }
  std::string text(int row, int col) const { return PQgetvalue(r_, row, col); }
  std::int64_t i64(int row, int col) const { return std::strtoll(PQgetvalue(r_, row, col), nullptr, 10); }
  Date day(int row, int col) const { return fromDayNumber(static_cast<int>(i64(row, col))); }
  std::optional<Date> maybeDay(int row, int col) const {
    if (PQgetisnull(r_, row, col)) return std::nullopt;
    return day(row, col);
  }

 private:
  PGresult* r_;
};

}  // namespace

std::vector<PgLearningStep> learningRowSteps(LandlordId landlord, CaseId id, const CaseState& s) {
  std::vector<PgLearningStep> out;
  if (s.learning_actions.empty() && !s.ombudsman) return out;
  const std::string reference = s.reference.empty() ? caseReference(id) : s.reference;
  for (const Sql& d : {kDeleteOrders, kDeleteCase, kDeleteActions}) {
    out.push_back({d.name, d.sql, {num(landlord), num(id)}});
  }
  for (const auto& l : s.learning_actions) {
    out.push_back({kInsertAction.name, kInsertAction.sql,
                   {num(landlord), num(id), num(l.number), reference, l.service_area, l.lesson,
                    l.owner, l.you_said, day(l.raised_on), day(l.due), day(l.completed_on),
                    l.improvement, num(l.published ? 1 : 0)}});
  }
  if (!s.ombudsman) return out;
  const OmbudsmanRecord& o = *s.ombudsman;
  out.push_back({kInsertCase.name, kInsertCase.sql,
                 {num(landlord), num(id), reference, o.reference, o.basis, day(o.referred_on),
                  day(o.determined_on), o.outcome, num(std::llround(o.compensation * 100))}});
  for (const auto& x : o.orders) {
    out.push_back({kInsertOrder.name, kInsertOrder.sql,
                   {num(landlord), num(id), num(x.number), x.order, day(x.made_on), day(x.due),
                    day(x.completed_on)}});
  }
  return out;
}

std::vector<std::string> pgLearningStatements() {
  std::vector<std::string> out;
  for (const Sql& s : {kDeleteOrders, kDeleteCase, kDeleteActions, kInsertAction, kInsertCase,
                       kInsertOrder}) {
    out.emplace_back(s.sql);
  }
  out.push_back(std::string(kActionColumns) + kOpenIn);
  out.push_back(std::string(kActionColumns) + kPublished);
  out.emplace_back(kCases);
  out.emplace_back(kOrders);
  return out;
}

Result<std::unique_ptr<PgLearningStore>> PgLearningStore::open(const std::string& dsn) {
  PGconn* c = PQconnectdb(dsn.c_str());
  if (c == nullptr || PQstatus(c) != CONNECTION_OK) {
    std::string msg = c ? PQerrorMessage(c) : "out of memory";
    PQfinish(c);
    return tl::unexpected(Error{ErrorKind::kUnavailable, "", "unavailable",
                                fmt::format("cannot connect to PostgreSQL: {}", msg)});
  }
  return std::unique_ptr<PgLearningStore>(new PgLearningStore(c));
}

PgLearningStore::~PgLearningStore() { PQfinish(c_); }

namespace {

// Runs `sql` with three bigint parameters, reconnecting once if the server dropped us.
PGresult* query(PGconn* c, const char* sql, std::int64_t p1, std::int64_t p2, std::int64_t p3) {
  const std::string a = std::to_string(p1), b = std::to_string(p2), d = std::to_string(p3);
  const char* values[] = {a.c_str(), b.c_str(), d.c_str()};
  if (PQstatus(c) != CONNECTION_OK) PQreset(c);
  return PQexecParams(c, sql, 3, nullptr, values, nullptr, nullptr, 0);
}

Error pgFailure(PGconn* c, std::string_view what) {
  std::string msg = PQerrorMessage(c);
  while (!msg.empty() && msg.back() == '\n') msg.pop_back();
  const bool down = PQstatus(c) != CONNECTION_OK;
  return Error{down ? ErrorKind::kUnavailable : ErrorKind::kInternal, "",
               down ? "unavailable" : "internal",
               fmt::format("database error in {}: {}", what, msg)};
}

}  // namespace

template <class Row, class Decode>
Result<std::vector<Row>> PgLearningStore::rows(const char* sql, LandlordId landlord,
                                               std::int64_t a, std::int64_t b,
                                               std::string_view what, Decode decode) {
  std::lock_guard lock(mu_);
  Rows r(query(c_, sql, landlord, a, b));
  if (!r.ok()) return tl::unexpected(pgFailure(c_, what));
  std::vector<Row> out;
  for (int i = 0; i < r.size(); ++i) out.push_back(decode(r, i));
  return out;
}

Result<std::vector<LearningActionRow>> PgLearningStore::actions(const char* where,
                                                                LandlordId landlord,
                                                                std::int64_t a, std::int64_t b) {
  const std::string sql = std::string(kActionColumns) + where;
  return rows<LearningActionRow>(sql.c_str(), landlord, a, b, "reading learning actions",
                                 [](const Rows& r, int i) {
                                   LearningActionRow x;
                                   x.case_id = r.i64(i, 0);
                                   x.reference = r.text(i, 1);
                                   x.number = static_cast<int>(r.i64(i, 2));
                                   x.service_area = r.text(i, 3);
                                   x.lesson = r.text(i, 4);
                                   x.owner = r.text(i, 5);
                                   x.you_said = r.text(i, 6);
                                   x.raised_on = r.day(i, 7);
                                   x.due = r.day(i, 8);
                                   x.completed_on = r.maybeDay(i, 9);
                                   x.improvement = r.text(i, 10);
                                   x.published = r.i64(i, 11) != 0;
                                   return x;
                                 });
}

Result<std::vector<LearningActionRow>> PgLearningStore::learningActions(LandlordId landlord,
                                                                        Date from, Date to) {
  return actions(kOpenIn, landlord, dayNumber(from), dayNumber(to));
}

Result<std::vector<LearningActionRow>> PgLearningStore::publishedActions(LandlordId landlord,
                                                                         int limit) {
  return actions(kPublished, landlord, 0, limit);
}

Result<std::vector<OmbudsmanCaseRow>> PgLearningStore::ombudsmanCases(LandlordId landlord,
                                                                      Date from, Date to) {
  return rows<OmbudsmanCaseRow>(kCases, landlord, dayNumber(from), dayNumber(to),
                                "reading Ombudsman cases", [](const Rows& r, int i) {
                                  return OmbudsmanCaseRow{r.i64(i, 0), r.text(i, 1), r.text(i, 2),
                                                          r.text(i, 3), r.day(i, 4),
                                                          r.maybeDay(i, 5), r.text(i, 6),
                                                          r.i64(i, 7) / 100.0};
                                });
}

Result<std::vector<OmbudsmanOrderRow>> PgLearningStore::ombudsmanOrders(LandlordId landlord,
                                                                        Date from, Date to) {
  return rows<OmbudsmanOrderRow>(kOrders, landlord, dayNumber(from), dayNumber(to),
                                 "reading Ombudsman orders", [](const Rows& r, int i) {
                                   return OmbudsmanOrderRow{r.i64(i, 0),
                                                            static_cast<int>(r.i64(i, 1)),
                                                            r.text(i, 2), r.day(i, 3),
                                                            r.day(i, 4), r.maybeDay(i, 5)};
                                 });
}

}  // namespace charter
