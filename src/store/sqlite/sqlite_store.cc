#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "store/core/case_sql.h"
#include "store/core/case_statements.h"
#include "store/core/rebuild.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/sqlite_engine.h"

namespace charter {

namespace core = store_core;
using sqlite_internal::bindAll;
using sqlite_internal::Connection;
using sqlite_internal::Engine;
using sqlite_internal::loadCase;
using sqlite_internal::openConnection;
using sqlite_internal::Role;

namespace {

// A read transaction on a reader connection (one snapshot for several statements).
class ReadTxn {
 public:
  explicit ReadTxn(Connection& c) : c_(c) {}
  Status begin() {
    auto s = c_.execCached("BEGIN");
    open_ = s.has_value();
    return s;
  }
  ~ReadTxn() {
    if (open_) c_.execCached("ROLLBACK");
  }

 private:
  Connection& c_;
  bool open_ = false;
};

// Opens the connections, migrates, and starts the writer.
Status openEngine(Engine& impl) {
  const SqliteOptions& options = impl.options;
  if (options.path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(options.path.parent_path(), ec);
    if (ec) {
      return internalError(fmt::format("cannot create the directory of {}: {}",
                                       options.path.string(), ec.message()));
    }
  }
  auto writer = openConnection(options.path, Role::kWriter, options.synchronous_full);
  if (!writer) return tl::unexpected(writer.error());
  impl.writer = std::move(*writer);
  if (auto s = impl.migrate(); !s) return s;
  for (int i = 0; i < std::max(1, options.reader_connections); ++i) {
    auto r = openConnection(options.path, Role::kReader, options.synchronous_full);
    if (!r) return tl::unexpected(r.error());
    impl.readers.add(std::move(*r));
  }
  impl.startWriter(impl.dialect, {.max_batch = options.max_batch,
                                  .idle_after = std::chrono::seconds(1)});
  return {};
}

}  // namespace

struct SqliteStore::Impl : Engine {};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(SqliteOptions options) {
  return core::guarded("opening the case store", [&]() -> Result<std::unique_ptr<SqliteStore>> {
    auto impl = std::make_unique<Impl>();
    impl->options = std::move(options);
    if (auto s = openEngine(*impl); !s) return tl::unexpected(s.error());
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
  });
}

SqliteStore::~SqliteStore() {
  if (impl_) impl_->close();
}

Status SqliteStore::write(LandlordId landlord, const std::function<Status(CaseTxn&)>& work) {
  return core::guarded("write", [&] { return impl_->submit(landlord, work); });
}

Result<std::optional<CaseState>> SqliteStore::load(LandlordId landlord, CaseId id) {
  return core::guarded(fmt::format("reading case {}", id),
                       [&]() -> Result<std::optional<CaseState>> {
                         core::Pool<Connection>::Lease c(impl_->readers);
                         ReadTxn txn(*c);
                         if (auto s = txn.begin(); !s) return tl::unexpected(s.error());
                         return loadCase(*c, landlord, id);
                       });
}

Result<CasePage> SqliteStore::list(LandlordId landlord, const CaseQuery& q) {
  return core::guarded("listing cases", [&]() -> Result<CasePage> {
    core::Pool<Connection>::Lease c(impl_->readers);
    // Many cases holding the terms: read in order and test each (case_sql.h SearchPlan).
    core::SearchPlan plan = core::SearchPlan::kIndex;
    if (const core::CaseListSql density = core::searchDensitySql(landlord, q);
        !density.sql.empty()) {
      auto d = c->statement(density.sql);
      if (!d) return tl::unexpected(d.error());
      bindAll(*d, density.params);
      const int rc = d->step();
      if (rc != sqlite::kRow) return sqlite::fail(c->db(), rc, "counting search matches");
      if (d->i64(0) >= core::kDenseSearch) plan = core::SearchPlan::kScan;
    }
    const core::CaseListSql query = core::caseListSql(core::kSqlite, landlord, q, plan);
    auto s = c->statement(query.sql);
    if (!s) return tl::unexpected(s.error());
    bindAll(*s, query.params);
    CasePage page;
    page.cases.reserve(static_cast<size_t>(q.limit));
    for (;;) {
      const int rc = s->step();
      if (rc == sqlite::kDone) break;
      if (rc != sqlite::kRow) return sqlite::fail(c->db(), rc, "listing cases");
      if (static_cast<int>(page.cases.size()) == q.limit) {
        page.next_cursor = page.cases.back().id;
        break;
      }
      page.cases.push_back(core::caseSummaryRow(*s));
    }
    return page;
  });
}

Result<std::vector<CaseId>> SqliteStore::caseIds(LandlordId landlord) {
  return core::guarded("listing case ids", [&]() -> Result<std::vector<CaseId>> {
    static const std::string sql = core::sqliteText(core::kSelectCaseIds.sql);
    core::Pool<Connection>::Lease c(impl_->readers);
    auto s = c->statement(sql);
    if (!s) return tl::unexpected(s.error());
    s->bind(1, landlord);
    std::vector<CaseId> ids;
    for (int rc = s->step(); rc != sqlite::kDone; rc = s->step()) {
      if (rc != sqlite::kRow) return sqlite::fail(c->db(), rc, "listing case ids");
      ids.push_back(s->i64(0));
    }
    return ids;
  });
}

Result<long> SqliteStore::rebuild(
    LandlordId landlord, const std::function<std::vector<Clock>(const CaseState&)>& project) {
  auto ids = caseIds(landlord);
  if (!ids) return tl::unexpected(ids.error());
  return core::guarded("rebuild", [&] {
    auto read = [&](const std::function<Status(core::SqlSession&)>& work) -> Status {
      core::Pool<Connection>::Lease c(impl_->readers);
      sqlite::SqliteSession session(*c);
      return work(session);
    };
    return core::rebuildInChunks(
        landlord, *ids, read, [&](const auto& work) { return impl_->submit(landlord, work); },
        project);
  });
}

Status SqliteStore::writeSql(LandlordId landlord,
                             const std::function<Status(sqlite::Connection&)>& work) {
  return core::guarded("write", [&] {
    return impl_->submit(landlord, [&](core::ProjectingTxn&) { return work(*impl_->writer); });
  });
}

PendingStatus SqliteStore::writeSqlLater(LandlordId landlord,
                                         std::function<Status(sqlite::Connection&)> work) {
  try {
    return impl_->submitLater(landlord, [impl = impl_.get(), work = std::move(work)](
                                            core::ProjectingTxn&) { return work(*impl->writer); });
  } catch (const std::exception& e) {
    return resolvedStatus(internalError(fmt::format("write failed: {}", e.what())));
  }
}

Status SqliteStore::readSql(const std::function<Status(sqlite::Connection&)>& work) {
  return core::guarded("read", [&] {
    core::Pool<Connection>::Lease c(impl_->readers);
    return work(*c);
  });
}

bool SqliteStore::ready() const { return impl_ && impl_->accepting(); }

SqliteStore::Stats SqliteStore::stats() const { return impl_->stats(); }

Result<CaseGauges> SqliteStore::gauges(LandlordId landlord, Date today) {
  return core::guarded("counting cases", [&]() -> Result<CaseGauges> {
    static const std::string open_sql = core::sqliteText(core::openByKindSql());
    static const std::string overdue_sql = core::sqliteText(core::overdueByClockSql());
    core::Pool<Connection>::Lease c(impl_->readers);
    ReadTxn txn(*c);  // both counts from one snapshot
    if (auto s = txn.begin(); !s) return tl::unexpected(s.error());
    CaseGauges out;
    for (auto [sql, into] : {std::pair{&open_sql, &out.open_by_kind},
                             std::pair{&overdue_sql, &out.overdue_by_clock}}) {
      auto s = c->statement(*sql);
      if (!s) return tl::unexpected(s.error());
      s->bind(1, landlord);
      if (sql == &overdue_sql) s->bind(2, static_cast<std::int64_t>(dayNumber(today)));
      for (int rc = s->step(); rc != sqlite::kDone; rc = s->step()) {
        if (rc != sqlite::kRow) return sqlite::fail(c->db(), rc, "counting cases");
        into->emplace_back(s->text(0), s->i64(1));
      }
    }
    return out;
  });
}

}  // namespace charter
