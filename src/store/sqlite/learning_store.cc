#include "store/sqlite/learning_store.h"

#include <fmt/format.h>

namespace charter {
namespace {

constexpr const char* kActionColumns =
    "SELECT case_id, reference, action_no, service_area, lesson, owner, you_said, raised_day, "
    "due_day, completed_day, improvement, published FROM learning_actions ";
constexpr const char* kOpenIn =
    "WHERE landlord_id = ?1 AND raised_day <= ?3 AND (completed_day IS NULL OR completed_day >= ?2) "
    "ORDER BY due_day, case_id, action_no";
constexpr const char* kPublished =
    "WHERE landlord_id = ?1 AND published = 1 AND completed_day IS NOT NULL AND ?2 = ?2 "
    "ORDER BY completed_day DESC, case_id DESC, action_no LIMIT ?3";
constexpr const char* kCases =
    "SELECT case_id, reference, ombudsman_ref, basis, referred_day, determined_day, outcome, "
    "compensation_pence FROM ombudsman_cases WHERE landlord_id = ?1 AND "
    "((referred_day BETWEEN ?2 AND ?3) OR (determined_day BETWEEN ?2 AND ?3)) ORDER BY case_id";
constexpr const char* kOrders =
    "SELECT case_id, order_no, description, made_day, due_day, completed_day FROM "
    "ombudsman_orders WHERE landlord_id = ?1 AND made_day <= ?3 AND "
    "(completed_day IS NULL OR completed_day >= ?2 OR due_day >= ?2) ORDER BY case_id, order_no";

class Query {
 public:
  Query(sqlite3* db, const char* sql) : db_(db) { sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Query() { sqlite3_finalize(s_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  bool ok() const { return s_ != nullptr; }
  Query& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(s_); }
  std::int64_t i64(int c) const { return sqlite3_column_int64(s_, c); }
  std::string text(int c) const {
    const auto* t = sqlite3_column_text(s_, c);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<size_t>(sqlite3_column_bytes(s_, c)))
             : std::string();
  }
  Date day(int c) const { return fromDayNumber(static_cast<int>(i64(c))); }
  std::optional<Date> maybeDay(int c) const {
    if (sqlite3_column_type(s_, c) == SQLITE_NULL) return std::nullopt;
    return day(c);
  }
  Error error(std::string_view what) const {
    return Error{ErrorKind::kInternal, "", "internal",
                 fmt::format("database error in {}: {}", what, sqlite3_errmsg(db_))};
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<SqliteLearningStore>> SqliteLearningStore::open(
    const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return internalError(fmt::format("cannot open {} for the learning store: {}", path.string(), msg));
  }
  sqlite3_busy_timeout(db, 5000);
  return std::unique_ptr<SqliteLearningStore>(new SqliteLearningStore(db));
}

SqliteLearningStore::~SqliteLearningStore() { sqlite3_close(db_); }

// Runs `sql` with (landlord, a, b) and decodes each row with `decode`.
template <class Row, class Decode>
Result<std::vector<Row>> SqliteLearningStore::rows(const char* sql, LandlordId landlord,
                                                   std::int64_t a, std::int64_t b,
                                                   std::string_view what, Decode decode) {
  std::lock_guard lock(mu_);
  Query q(db_, sql);
  if (!q.ok()) return tl::unexpected(q.error(what));
  q.bind(1, landlord).bind(2, a).bind(3, b);
  std::vector<Row> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) out.push_back(decode(q));
  if (rc != SQLITE_DONE) return tl::unexpected(q.error(what));
  return out;
}

Result<std::vector<LearningActionRow>> SqliteLearningStore::actions(const char* where,
                                                                    LandlordId landlord,
                                                                    std::int64_t a,
                                                                    std::int64_t b) {
  const std::string sql = std::string(kActionColumns) + where;
  return rows<LearningActionRow>(sql.c_str(), landlord, a, b, "reading learning actions",
                                 [](const Query& q) {
                                   LearningActionRow r;
                                   r.case_id = q.i64(0);
                                   r.reference = q.text(1);
                                   r.number = static_cast<int>(q.i64(2));
                                   r.service_area = q.text(3);
                                   r.lesson = q.text(4);
                                   r.owner = q.text(5);
                                   r.you_said = q.text(6);
                                   r.raised_on = q.day(7);
                                   r.due = q.day(8);
                                   r.completed_on = q.maybeDay(9);
                                   r.improvement = q.text(10);
                                   r.published = q.i64(11) != 0;
                                   return r;
                                 });
}

Result<std::vector<LearningActionRow>> SqliteLearningStore::learningActions(LandlordId landlord,
                                                                            Date from, Date to) {
  return actions(kOpenIn, landlord, dayNumber(from), dayNumber(to));
}

Result<std::vector<LearningActionRow>> SqliteLearningStore::publishedActions(LandlordId landlord,
                                                                             int limit) {
  return actions(kPublished, landlord, 0, limit);
}

Result<std::vector<OmbudsmanCaseRow>> SqliteLearningStore::ombudsmanCases(LandlordId landlord,
                                                                          Date from, Date to) {
  return rows<OmbudsmanCaseRow>(kCases, landlord, dayNumber(from), dayNumber(to),
                                "reading Ombudsman cases", [](const Query& q) {
                                  return OmbudsmanCaseRow{q.i64(0), q.text(1), q.text(2),
                                                          q.text(3), q.day(4), q.maybeDay(5),
                                                          q.text(6), q.i64(7) / 100.0};
                                });
}

Result<std::vector<OmbudsmanOrderRow>> SqliteLearningStore::ombudsmanOrders(LandlordId landlord,
                                                                            Date from, Date to) {
  return rows<OmbudsmanOrderRow>(kOrders, landlord, dayNumber(from), dayNumber(to),
                                 "reading Ombudsman orders", [](const Query& q) {
                                   return OmbudsmanOrderRow{q.i64(0), static_cast<int>(q.i64(1)),
                                                            q.text(2), q.day(3), q.day(4),
                                                            q.maybeDay(5)};
                                 });
}

}  // namespace charter
