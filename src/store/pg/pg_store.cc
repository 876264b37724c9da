#include "store/pg/pg_store.h"

#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "store/core/case_sql.h"
#include "store/core/case_statements.h"
#include "store/core/rebuild.h"
#include "store/pg/pg_database.h"
#include "store/pg/pg_engine.h"
#include "store/pg/pg_learning.h"

namespace charter {

namespace core = store_core;
using pg_internal::Engine;
using pg_internal::Params;
using pg_internal::PgConn;

bool isPostgresDsn(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0 ||
         db.find("dbname=") != std::string::npos || db.find("host=") != std::string::npos;
}

namespace {

using Lease = pg::PgPool::Lease;

// Connects, migrates, and starts the writer.
Status openEngine(Engine& impl) {
  const PgOptions& options = impl.options;
  auto writer = PgConn::open(options.dsn);
  if (!writer) return tl::unexpected(writer.error());
  impl.writer = std::move(*writer);
  if (auto s = impl.migrate(); !s) return s;
  for (int i = 0; i < std::max(1, options.reader_connections); ++i) {
    auto r = PgConn::open(options.dsn);
    if (!r) return tl::unexpected(r.error());
    impl.readers.add(std::move(*r));
  }
  // One landlord per transaction: on a database sharded by landlord (Citus) a batch then
  // stays on one shard.
  impl.startWriter(impl.dialect, {.max_batch = options.max_batch,
                                  .max_retries = options.max_retries,
                                  .one_landlord_per_batch = true});
  return {};
}

}  // namespace

struct PgStore::Impl : Engine {};

PgStore::PgStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<PgStore>> PgStore::open(PgOptions options) {
  return core::guarded("opening the case store", [&]() -> Result<std::unique_ptr<PgStore>> {
    auto impl = std::make_unique<Impl>();
    impl->options = std::move(options);
    if (auto s = openEngine(*impl); !s) return tl::unexpected(s.error());
    return std::unique_ptr<PgStore>(new PgStore(std::move(impl)));
  });
}

PgStore::~PgStore() {
  if (impl_) impl_->close();
}

Status PgStore::write(LandlordId landlord, const std::function<Status(CaseTxn&)>& work) {
  return core::guarded("write", [&] { return impl_->submit(landlord, work); });
}

Result<std::optional<CaseState>> PgStore::load(LandlordId landlord, CaseId id) {
  return core::guarded(fmt::format("reading case {}", id),
                       [&]() -> Result<std::optional<CaseState>> {
                         Lease c(impl_->readers);
                         if (auto s = c->ensure(); !s) return tl::unexpected(s.error());
                         return pg_internal::loadCase(*c, landlord, id);  // one snapshot
                       });
}

namespace {

// Res's cells by (row, column), as caseSummaryRow reads them by column.
struct ResRow {
  const pg::Res& r;
  int i;
  std::int64_t i64(int col) const { return r.i64(i, col); }
  std::string text(int col) const { return r.text(i, col); }
  bool isNull(int col) const { return r.isNull(i, col); }
};

}  // namespace

Result<CasePage> PgStore::list(LandlordId landlord, const CaseQuery& q) {
  return core::guarded("listing cases", [&]() -> Result<CasePage> {
    Lease c(impl_->readers);
    if (auto s = c->ensure(); !s) return tl::unexpected(s.error());
    // A search first tests the first cases in list order (case_sql.h SearchPlan::kFirstRows);
    // when they do not fill the page, the GIN index finds the matches.
    const bool first_rows = core::triesFirstRows(q);
    core::CaseListSql query = core::caseListSql(
        core::kPostgres, landlord, q,
        first_rows ? core::SearchPlan::kFirstRows : core::SearchPlan::kIndex);
    auto r = c->runText(query.sql, Params::of(query.params));
    if (!r) return tl::unexpected(r.error());
    if (first_rows && r->rows() <= q.limit) {
      query = core::caseListSql(core::kPostgres, landlord, q, core::SearchPlan::kIndex);
      r = c->runText(query.sql, Params::of(query.params));
      if (!r) return tl::unexpected(r.error());
    }
    CasePage page;
    const int n = std::min(r->rows(), q.limit);
    page.cases.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) page.cases.push_back(core::caseSummaryRow(ResRow{*r, i}));
    if (r->rows() > q.limit) page.next_cursor = page.cases.back().id;
    return page;
  });
}

Result<std::vector<CaseId>> PgStore::caseIds(LandlordId landlord) {
  return core::guarded("listing case ids", [&]() -> Result<std::vector<CaseId>> {
    Lease c(impl_->readers);
    if (auto s = c->ensure(); !s) return tl::unexpected(s.error());
    auto r = pg_internal::run(*c, core::kSelectCaseIds, Params().add(landlord));
    if (!r) return tl::unexpected(r.error());
    std::vector<CaseId> ids;
    ids.reserve(static_cast<size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) ids.push_back(r->i64(i, 0));
    return ids;
  });
}

Result<long> PgStore::rebuild(LandlordId landlord,
                              const std::function<std::vector<Clock>(const CaseState&)>& project) {
  auto ids = caseIds(landlord);
  if (!ids) return tl::unexpected(ids.error());
  return core::guarded("rebuild", [&] {
    auto read = [&](const std::function<Status(core::SqlSession&)>& work) -> Status {
      Lease c(impl_->readers);
      if (auto s = c->ensure(); !s) return s;
      pg::PgSession session(*c);
      return work(session);
    };
    return core::rebuildInChunks(
        landlord, *ids, read, [&](const auto& work) { return impl_->submit(landlord, work); },
        project);
  });
}

const std::string& PgStore::dsn() const { return impl_->options.dsn; }

bool PgStore::ready() const { return impl_ && impl_->accepting(); }

PgStore::Stats PgStore::stats() const { return impl_->stats(); }

Result<CaseGauges> PgStore::gauges(LandlordId landlord, Date today) {
  return core::guarded("counting cases", [&]() -> Result<CaseGauges> {
    Lease c(impl_->readers);
    if (auto s = c->ensure(); !s) return tl::unexpected(s.error());
    CaseGauges out;
    auto open = c->run("gauge_open", core::openByKindSql().c_str(), Params().add(landlord));
    if (!open) return tl::unexpected(open.error());
    for (int i = 0; i < open->rows(); ++i) out.open_by_kind.emplace_back(open->text(i, 0), open->i64(i, 1));
    auto overdue = c->run("gauge_overdue", core::overdueByClockSql().c_str(),
                          Params().add(landlord).add(std::int64_t{dayNumber(today)}));
    if (!overdue) return tl::unexpected(overdue.error());
    for (int i = 0; i < overdue->rows(); ++i) {
      out.overdue_by_clock.emplace_back(overdue->text(i, 0), overdue->i64(i, 1));
    }
    return out;
  });
}

std::vector<std::string> PgStore::statements() {
  std::vector<std::string> out = pg_internal::caseStatements();
  for (auto& s : pgLearningStatements()) out.push_back(std::move(s));
  CaseQuery every;
  every.kind = CaseKind::kComplaint;
  every.stage = 1;
  every.status = CaseStatus::kOpen;
  every.overdue = true;
  every.due_before = Date{};
  every.handler = "h";
  every.person_ref = "p";
  every.text = "t";
  every.service_area = "s";
  every.received_since = Instant{};
  every.received_before = Instant{};
  every.after = 1;
  out.push_back(core::caseListSql(core::kPostgres, 1, every).sql);
  return out;
}

}  // namespace charter
