#include "store/pg/pg_report_store.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

namespace charter {

using measures::Period;
namespace rq = report_queries;

namespace {

// Parameters in libpq's text format (nullopt = NULL); the server infers their types.
using Value = std::optional<std::string>;
using Values = std::vector<Value>;

Value num(std::int64_t v) { return std::to_string(v); }
Value num(double v) { return fmt::format("{}", v); }
Value day(Date d) { return num(static_cast<std::int64_t>(dayNumber(d))); }
Value flag(const std::optional<bool>& b) {
  return b ? num(static_cast<std::int64_t>(*b ? 1 : 0)) : std::nullopt;
}

class Rows {
 public:
  explicit Rows(PGresult* r) : r_(r) {}
  Rows(Rows&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  Rows(const Rows&) = delete;
  ~Rows() {
    if (r_) PQclear(r_);
  }
  ExecStatusType status() const { return PQresultStatus(r_); }
  int size() const { return PQntuples(r_); }
  bool isNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string text(int row, int col) const { return PQgetvalue(r_, row, col); }
  long i64(int row, int col) const { return std::strtol(PQgetvalue(r_, row, col), nullptr, 10); }
  double f64(int row, int col) const { return std::strtod(PQgetvalue(r_, row, col), nullptr); }

 private:
  PGresult* r_;
};

}  // namespace

struct PgReportStore::Conn {
  PGconn* c = nullptr;
  std::unordered_map<std::string, std::string> prepared;  // SQL text -> statement name

  ~Conn() {
    if (c) PQfinish(c);
  }

  Error error(std::string_view what, const PGresult* r = nullptr) const {
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    const bool down = PQstatus(c) != CONNECTION_OK;
    return Error{down ? ErrorKind::kUnavailable : ErrorKind::kInternal, "",
                 down ? "unavailable" : "internal", fmt::format("{}: {}", what, msg)};
  }

  Status ensure() {
    if (PQstatus(c) == CONNECTION_OK) return {};
    prepared.clear();
    PQreset(c);
    if (PQstatus(c) != CONNECTION_OK) return tl::unexpected(error("reconnecting for reports"));
    return {};
  }

  // Runs `sql`, prepared once per connection.
  Result<Rows> run(const std::string& sql, const Values& params, std::string_view what) {
    if (auto s = ensure(); !s) return tl::unexpected(s.error());
    auto it = prepared.find(sql);
    if (it == prepared.end()) {
      const std::string name = fmt::format("report{}", prepared.size());
      Rows prep(PQprepare(c, name.c_str(), sql.c_str(), 0, nullptr));
      if (prep.status() != PGRES_COMMAND_OK) return tl::unexpected(error(what));
      it = prepared.emplace(sql, name).first;
    }
    std::vector<const char*> ptrs;
    ptrs.reserve(params.size());
    for (const auto& v : params) ptrs.push_back(v ? v->c_str() : nullptr);
    PGresult* r = PQexecPrepared(c, it->second.c_str(), static_cast<int>(ptrs.size()), ptrs.data(),
                                 nullptr, nullptr, 0);
    const auto st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      Error e = error(what, r);
      PQclear(r);
      return tl::unexpected(e);
    }
    return Rows(r);
  }

  Status exec(const char* sql, std::string_view what) {
    PGresult* r = PQexec(c, sql);
    const auto st = PQresultStatus(r);
    Status out;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) out = tl::unexpected(error(what, r));
    PQclear(r);
    return out;
  }
};

Result<std::unique_ptr<PgReportStore>> PgReportStore::open(const std::string& dsn,
                                                           LandlordId landlord) {
  auto conn = std::make_unique<Conn>();
  conn->c = PQconnectdb(dsn.c_str());
  if (conn->c == nullptr || PQstatus(conn->c) != CONNECTION_OK) {
    std::string msg = conn->c ? PQerrorMessage(conn->c) : "out of memory";
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return tl::unexpected(Error{ErrorKind::kUnavailable, "", "unavailable",
                                fmt::format("cannot connect to PostgreSQL for reports: {}", msg)});
  }
  PQsetNoticeProcessor(conn->c, [](void*, const char*) {}, nullptr);
  if (auto s = conn->exec("SET application_name = 'charter-reports'", "setting up"); !s)
    return tl::unexpected(s.error());
  return std::unique_ptr<PgReportStore>(new PgReportStore(std::move(conn), landlord));
}

PgReportStore::PgReportStore(std::unique_ptr<Conn> conn, LandlordId landlord)
    : conn_(std::move(conn)), landlord_(landlord) {}

PgReportStore::~PgReportStore() = default;

void PgReportStore::checkFresh() {
  auto r = conn_->run("SELECT pg_current_wal_lsn()::text", {}, "reading the WAL position");
  const std::string v = r && r->size() == 1 ? r->text(0, 0) : std::string();
  if (v.empty() || v != wal_position_) {
    memo_.clear();
    wal_position_ = v;
  }
}

Result<const std::vector<rq::FactGroup>*> PgReportStore::facts(bool escalated, const Period& p) {
  checkFresh();
  auto& memo = escalated ? memo_.escalated : memo_.received;
  const std::string key = rq::periodKey(p);
  if (auto it = memo.find(key); it != memo.end()) return &it->second;
  const bool months = rq::wholeMonths(p);
  auto r = conn_->run(escalated ? (months ? rq::kMonthsByEscalated : rq::kFactsByEscalated)
                                : (months ? rq::kMonthsByReceived : rq::kFactsByReceived),
                      {num(landlord_), day(p.start), day(p.end)}, "counting cases");
  if (!r) return tl::unexpected(r.error());
  std::vector<rq::FactGroup> groups;
  for (int i = 0; i < r->size(); ++i) {
    groups.push_back({r->text(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4),
                      r->text(i, 5), r->text(i, 6), r->i64(i, 7)});
  }
  return &memo.emplace(key, std::move(groups)).first->second;
}

Result<long> PgReportStore::countCases(const measures::CaseCount& c, const Period& p) {
  std::lock_guard lock(mu_);
  auto groups = facts(c.stage == 2, p);
  if (!groups) return tl::unexpected(groups.error());
  return rq::countCases(**groups, c);
}

namespace {
Result<std::vector<CaseId>> ids(Result<Rows> r) {
  if (!r) return tl::unexpected(r.error());
  std::vector<CaseId> out;
  out.reserve(static_cast<size_t>(r->size()));
  for (int i = 0; i < r->size(); ++i) out.push_back(r->i64(i, 0));
  return out;
}
}  // namespace

Result<std::vector<CaseId>> PgReportStore::caseIdsCounted(const measures::CaseCount& c,
                                                          const Period& p) {
  std::lock_guard lock(mu_);
  return ids(conn_->run(rq::countIdsSql(c),
                        {num(landlord_), c.kind, day(p.start), day(p.end), c.tenure,
                         c.service_area, c.theme},
                        "listing the cases counted"));
}

Result<measures::ClockTally> PgReportStore::tallyClocks(const std::string& clock,
                                                        const std::string& tenure,
                                                        const Period& p) {
  std::lock_guard lock(mu_);
  checkFresh();
  const std::string key = clock + "|" + rq::periodKey(p);
  auto it = memo_.clocks.find(key);
  if (it == memo_.clocks.end()) {
    auto r = conn_->run(rq::wholeMonths(p) ? rq::kClockMonths : rq::kClockTally,
                        {num(landlord_), clock, day(p.start), day(p.end)}, "tallying clocks");
    if (!r) return tl::unexpected(r.error());
    std::map<std::string, measures::ClockTally> by;
    for (int i = 0; i < r->size(); ++i)
      by[r->text(i, 0)] = {r->i64(i, 1), r->i64(i, 2), r->i64(i, 3)};
    it = memo_.clocks.emplace(key, std::move(by)).first;
  }
  return rq::pickClocks(it->second, tenure);
}

Result<std::vector<CaseId>> PgReportStore::caseIdsClocks(const std::string& clock,
                                                         const std::string& tenure,
                                                         const std::string& which, bool strict,
                                                         const Period& p) {
  std::lock_guard lock(mu_);
  return ids(conn_->run(rq::clockIdsSql(which, strict),
                        {num(landlord_), clock, day(p.start), day(p.end), tenure},
                        "listing clocks"));
}

Result<std::optional<long>> PgReportStore::homes(const std::string& tenure, Date as_of) {
  std::lock_guard lock(mu_);
  checkFresh();
  const std::string key = fmt::format("{}|{}", tenure, dayNumber(as_of));
  if (auto it = memo_.homes.find(key); it != memo_.homes.end()) return it->second;
  Values params{num(landlord_), day(as_of)};
  if (!tenure.empty()) params.push_back(tenure);
  auto r = conn_->run(rq::stockSql(tenure.empty()), params, "reading the stock");
  if (!r) return tl::unexpected(r.error());
  std::optional<long> out;
  if (r->i64(0, 0) != 0) out = r->i64(0, 1);
  memo_.homes[key] = out;
  return out;
}

Result<measures::SurveyTally> PgReportStore::survey(const std::string& question,
                                                    const std::string& tenure, const Period& p) {
  auto sql = rq::surveySql(question, !tenure.empty());
  if (!sql) return tl::unexpected(sql.error());
  Values params{num(landlord_), day(p.start), day(p.end)};
  if (!tenure.empty()) params.push_back(tenure);
  std::lock_guard lock(mu_);
  auto r = conn_->run(*sql, params, "tallying survey answers");
  if (!r) return tl::unexpected(r.error());
  measures::SurveyTally t;
  t.responses = r->i64(0, 0);
  t.excluded = r->i64(0, 1);
  t.base = r->i64(0, 2);
  t.satisfied = r->i64(0, 3);
  t.weighted_base = r->f64(0, 4);
  t.weighted_satisfied = r->f64(0, 5);
  t.reweighted = r->i64(0, 6);
  return t;
}

Result<measures::ComplianceTally> PgReportStore::compliance(const std::string& check,
                                                            const std::string& tenure,
                                                            Date as_of) {
  std::lock_guard lock(mu_);
  checkFresh();
  const std::string key = fmt::format("{}|{}", check, dayNumber(as_of));
  auto it = memo_.compliance.find(key);
  if (it == memo_.compliance.end()) {
    auto r = conn_->run(rq::kComplianceByTenure, {num(landlord_), check, day(as_of)},
                        "tallying compliance");
    if (!r) return tl::unexpected(r.error());
    rq::ComplianceByTenure by;
    for (int i = 0; i < r->size(); ++i) {
      by.push_back({r->isNull(i, 0) ? std::nullopt : std::optional<std::string>(r->text(i, 0)),
                    {r->i64(i, 1), r->i64(i, 2)}});
    }
    it = memo_.compliance.emplace(key, std::move(by)).first;
  }
  return rq::pickCompliance(it->second, tenure);
}

Result<std::optional<measures::SeriesPoint>> PgReportStore::series(const std::string& code,
                                                                   const std::string& tenure,
                                                                   const Period& p) {
  std::lock_guard lock(mu_);
  auto r = conn_->run(rq::kSeries, {num(landlord_), code, tenure, day(p.start), day(p.end)},
                      "reading a series");
  if (!r) return tl::unexpected(r.error());
  if (r->i64(0, 0) == 0) return std::optional<measures::SeriesPoint>();
  return std::optional<measures::SeriesPoint>(measures::SeriesPoint{r->f64(0, 1), r->f64(0, 2)});
}

namespace {

// Imports as multi-row INSERTs made from the shared single-row upsert: its column list and
// ON CONFLICT clause, VALUES repeated for up to kRowsPerInsert rows. Rows are given without
// the landlord; the first `key_columns` values are the conflict key after landlord_id, and a
// later row with the same key replaces an earlier one (as the row-by-row SQLite import does;
// PostgreSQL refuses one INSERT that updates a row twice).
constexpr std::size_t kRowsPerInsert = 500;

Status importRows(PgReportStore::Conn& c, LandlordId landlord, const char* upsert,
                  std::vector<Values> rows, std::size_t key_columns, std::string_view what) {
  const std::string sql(upsert);
  const auto values_at = sql.find(" VALUES (");
  const auto conflict_at = sql.find(" ON CONFLICT");
  const std::string head = sql.substr(0, values_at) + " VALUES ";
  const std::string tail = sql.substr(conflict_at);
  {
    std::map<Values, std::size_t> last;  // key -> index of the row that wins
    for (std::size_t i = 0; i < rows.size(); ++i)
      last[Values(rows[i].begin(), rows[i].begin() + static_cast<long>(key_columns))] = i;
    std::vector<Values> kept;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (last[Values(rows[i].begin(), rows[i].begin() + static_cast<long>(key_columns))] == i)
        kept.push_back(std::move(rows[i]));
    }
    rows = std::move(kept);
  }
  for (std::size_t start = 0; start < rows.size(); start += kRowsPerInsert) {
    const std::size_t end = std::min(rows.size(), start + kRowsPerInsert);
    std::string text = head;
    Values params;
    for (std::size_t i = start; i < end; ++i) {
      text += i == start ? "(" : ", (";
      params.push_back(num(landlord));
      text += fmt::format("${}", params.size());
      for (auto& v : rows[i]) {
        params.push_back(std::move(v));
        text += fmt::format(", ${}", params.size());
      }
      text += ")";
    }
    if (auto r = c.run(text + tail, params, what); !r) return tl::unexpected(r.error());
  }
  return {};
}

// Runs `work` in one transaction: all rows or none.
template <class F>
Status inTransaction(PgReportStore::Conn& c, F&& work) {
  if (auto s = c.ensure(); !s) return s;
  if (auto s = c.exec("BEGIN", "starting an import"); !s) return s;
  Status r = work();
  if (!r) {
    c.exec("ROLLBACK", "rolling back an import");
    return r;
  }
  return c.exec("COMMIT", "committing an import");
}

Status retally(PgReportStore::Conn& c, LandlordId landlord) {
  for (const char* sql : {rq::kClearComplianceTallies, rq::kTallyCompliance}) {
    if (auto r = c.run(sql, {num(landlord)}, "tallying compliance"); !r)
      return tl::unexpected(r.error());
  }
  return {};
}

}  // namespace

Status PgReportStore::importStock(const std::vector<StockCount>& rows) {
  std::vector<Values> values;
  for (const auto& r : rows) {
    if (r.tenure.empty() || r.homes < 0)
      return invalid("stock", "format", "each stock count needs a tenure and homes >= 0");
    values.push_back({day(r.as_of), r.tenure, num(static_cast<std::int64_t>(r.homes))});
  }
  std::lock_guard lock(mu_);
  memo_.clear();
  return inTransaction(*conn_, [&] {
    return importRows(*conn_, landlord_, rq::kUpsertStock, std::move(values), 2, "importing stock");
  });
}

Status PgReportStore::importHomes(const std::vector<HomeRecord>& rows) {
  std::vector<Values> values;
  for (const auto& r : rows) values.push_back({r.home_ref, r.block_ref, r.tenure});
  std::lock_guard lock(mu_);
  memo_.clear();
  return inTransaction(*conn_, [&]() -> Status {
    if (auto s = importRows(*conn_, landlord_, rq::kUpsertHome, std::move(values), 1,
                            "importing homes");
        !s)
      return s;
    return retally(*conn_, landlord_);
  });
}

Status PgReportStore::importCompliance(const std::vector<ComplianceRecord>& rows) {
  std::vector<Values> values;
  for (const auto& r : rows) {
    if (r.home_ref.empty() == r.block_ref.empty())
      return invalid("compliance", "format",
                     "each compliance record is for one home or (home_ref empty) one block");
    values.push_back({day(r.as_of), r.check, r.home_ref, r.block_ref,
                      num(static_cast<std::int64_t>(r.required)),
                      num(static_cast<std::int64_t>(r.compliant))});
  }
  std::lock_guard lock(mu_);
  memo_.clear();
  return inTransaction(*conn_, [&]() -> Status {
    if (auto s = importRows(*conn_, landlord_, rq::kUpsertCompliance, std::move(values), 4,
                            "importing compliance");
        !s)
      return s;
    return retally(*conn_, landlord_);
  });
}

Status PgReportStore::importSurvey(const std::vector<SurveyResponse>& rows) {
  std::vector<Values> values;
  for (const auto& r : rows) {
    Values v{r.response_id, r.household_ref, r.tenure, day(r.collected), r.method, num(r.weight),
             flag(r.had_repair), flag(r.complained), flag(r.communal)};
    for (const auto& a : r.answers)
      v.push_back(a ? num(static_cast<std::int64_t>(*a)) : std::nullopt);
    values.push_back(std::move(v));
  }
  std::lock_guard lock(mu_);
  memo_.clear();
  return inTransaction(*conn_, [&] {
    return importRows(*conn_, landlord_, rq::kUpsertSurvey, std::move(values), 1,
                      "importing survey responses");
  });
}

Status PgReportStore::importSeries(const std::vector<SeriesRow>& rows) {
  std::vector<Values> values;
  for (const auto& r : rows) {
    values.push_back({r.code, r.tenure, day(r.start), day(r.end), num(r.numerator),
                      num(r.denominator), r.source});
  }
  std::lock_guard lock(mu_);
  memo_.clear();
  return inTransaction(*conn_, [&] {
    return importRows(*conn_, landlord_, rq::kUpsertSeries, std::move(values), 3,
                      "importing series");
  });
}

Result<std::vector<Breakdown>> PgReportStore::volumes(const Period& p, const std::string& by,
                                                      const std::string& kind) {
  std::lock_guard lock(mu_);
  auto groups = facts(false, p);
  if (!groups) return tl::unexpected(groups.error());
  return rq::volumes(**groups, by, kind);
}

Result<ComplaintOutcomes> PgReportStore::outcomes(const Period& p) {
  ComplaintOutcomes o;
  std::lock_guard lock(mu_);
  auto received = facts(false, p);
  if (!received) return tl::unexpected(received.error());
  // A copy: the next call may find the database changed and drop the memo it points into.
  const std::vector<rq::FactGroup> received_groups = **received;
  auto escalated = facts(true, p);
  if (!escalated) return tl::unexpected(escalated.error());
  rq::addReceived(o, received_groups, **escalated);
  const Values params{num(landlord_), day(p.start), day(p.end)};
  auto s1 = conn_->run(rq::kStage1Outcomes, params, "summing stage 1 outcomes");
  if (!s1) return tl::unexpected(s1.error());
  for (int i = 0; i < s1->size(); ++i) {
    long n[6];
    for (int k = 0; k < 6; ++k) n[k] = s1->i64(i, k + 1);
    rq::addStage1Row(o, s1->text(i, 0), n, s1->f64(i, 7));
  }
  auto s2 = conn_->run(rq::kStage2Outcomes, params, "summing stage 2 outcomes");
  if (!s2) return tl::unexpected(s2.error());
  o.stage2_responded = o.stage2_reviews = s2->i64(0, 0);
  o.stage2_overturned = s2->i64(0, 1);
  return o;
}

Result<long> PgReportStore::surveyResponses(const Period& p, const std::string& tenure) {
  Values params{num(landlord_), day(p.start), day(p.end)};
  if (!tenure.empty()) params.push_back(tenure);
  std::lock_guard lock(mu_);
  auto r = conn_->run(rq::surveyCountSql(!tenure.empty()), params, "counting survey responses");
  if (!r) return tl::unexpected(r.error());
  return r->i64(0, 0);
}

}  // namespace charter
