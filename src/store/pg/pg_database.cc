#include "store/pg/pg_database.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

namespace charter::pg {
namespace {

using store_core::Command;

class Row final : public store_core::RowReader {
 public:
  Row(const Res& r, int row) : r_(r), row_(row) {}
  std::int64_t i64(int c) const override { return r_.i64(row_, c); }
  double f64(int c) const override {
    return std::strtod(PQgetvalue(r_.get(), row_, c), nullptr);
  }
  std::string text(int c) const override { return r_.text(row_, c); }
  bool isNull(int c) const override { return r_.isNull(row_, c); }
  store_core::SqlCell cell(int c) const override {
    if (r_.isNull(row_, c)) return {};
    return {store_core::SqlCell::Kind::kText, 0,
            std::string_view(PQgetvalue(r_.get(), row_, c),
                             static_cast<size_t>(PQgetlength(r_.get(), row_, c)))};
  }

 private:
  const Res& r_;
  int row_;
};

}  // namespace

Params toParams(const store_core::SqlValues& values) { return Params::of(values); }

PgConn::Step toStep(const store_core::Command& command) {
  return PgConn::Step{command.name, command.text(), toParams(command.params)};
}

Result<long> PgSession::run(const Command& command, const store_core::RowFn& row) {
  conn_.last_sqlstate.clear();
  auto r = command.name != nullptr
               ? conn_.run(command.name, command.text(), toParams(command.params))
               : conn_.runText(command.text(), toParams(command.params));
  if (!r && conn_.last_sqlstate == kUniqueViolation) {
    return conflict("exists", "That record already exists.");
  }
  if (!r) return tl::unexpected(r.error());
  if (row) {
    for (int i = 0; i < r->rows(); ++i) row(Row(*r, i));
  }
  return std::strtol(PQcmdTuples(const_cast<PGresult*>(r->get())), nullptr, 10);
}

Result<std::unique_ptr<PgDatabase>> PgDatabase::open(const std::string& dsn, int connections) {
  std::unique_ptr<PgDatabase> db(new PgDatabase());
  for (int i = 0; i < std::max(1, connections); ++i) {
    auto c = PgConn::open(dsn);
    if (!c) return tl::unexpected(c.error());
    db->pool_.add(std::move(*c));
  }
  return db;
}

Status PgDatabase::lease(const std::function<Status(PgConn&)>& work) {
  try {
    PgPool::Lease conn(pool_);
    if (auto s = conn->ensure(); !s) return s;
    conn->last_sqlstate.clear();
    return work(*conn);
  } catch (const std::exception& e) {
    return internalError(fmt::format("a database call failed: {}", e.what()));
  }
}

Status PgDatabase::read(const std::function<Status(store_core::SqlSession&)>& work) {
  return lease([&](PgConn& c) {
    PgSession session(c);
    return work(session);
  });
}

Status PgDatabase::write(LandlordId,
                         const std::function<Status(store_core::SqlSession&)>& work) {
  return lease([&](PgConn& c) -> Status {
    for (int attempt = 0;; ++attempt) {
      c.last_sqlstate.clear();
      if (auto s = c.exec("BEGIN"); !s) return s;
      PgSession session(c);
      Status out = work(session);
      if (out) out = c.exec("COMMIT");
      if (out) return out;
      const std::string seen = c.last_sqlstate;
      if (c.inTransaction()) c.exec("ROLLBACK");
      if (!retryable(seen) || attempt >= 3) return out;
    }
  });
}

Result<long> PgDatabase::writeOne(LandlordId, const Command& command) {
  // Autocommit: one statement is its own transaction.
  return store_core::changedBy([&](const auto& work) { return read(work); }, command);
}

}  // namespace charter::pg
