// The PostgreSQL side of store/core/sql.h: a SqlSession on a pg::PgConn (named statements
// prepared once per connection, texts built at run time prepared once under a derived name)
// and PgDatabase, a small pool of connections lending them, for the account, learning and
// report stores.
//
// write() is BEGIN ... COMMIT, run again (up to three times) after a deadlock or a
// serialization failure; writeOne() a single statement in autocommit. Every connection commits
// with synchronous_commit=on (pg_conn.h), so a write is durable when it answers.
#pragma once

#include <memory>
#include <string>

#include "store/core/sql.h"
#include "store/pg/pg_conn.h"

namespace charter::pg {

// libpq's text parameters for `values` (nullptr is NULL).
Params toParams(const store_core::SqlValues& values);
// A pipeline step for `command`. REQUIRES: a named command (its text has static storage).
PgConn::Step toStep(const store_core::Command& command);

class PgSession final : public store_core::SqlSession {
 public:
  explicit PgSession(PgConn& conn) : conn_(conn) {}
  store_core::Dialect dialect() const override { return store_core::Dialect::kPostgres; }
  Result<long> run(const store_core::Command& command,
                   const store_core::RowFn& row = nullptr) override;

 private:
  PgConn& conn_;
};

class PgDatabase final : public store_core::SqlDatabase {
 public:
  // kUnavailable when the server cannot be reached.
  static Result<std::unique_ptr<PgDatabase>> open(const std::string& dsn, int connections);

  Status read(const std::function<Status(store_core::SqlSession&)>& work) override;
  Status write(LandlordId landlord,
               const std::function<Status(store_core::SqlSession&)>& work) override;
  Result<long> writeOne(LandlordId landlord, const store_core::Command& command) override;

 private:
  PgDatabase() = default;
  // `work` on a leased, connected connection; exceptions become kInternal.
  Status lease(const std::function<Status(PgConn&)>& work);
  PgPool pool_;
};

}  // namespace charter::pg
