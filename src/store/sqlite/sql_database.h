// The SQLite side of store/core/sql.h: a SqlSession on a sqlite3 connection (statements with
// $n parameters read as ?n, each reported to the statement log when prepared) and the two
// ways the SQLite stores lend one:
//   * StoreDatabase: the SqliteStore's connections (writes in its group commit, reads on its
//     readers), for the account store;
//   * OwnDatabase: a connection of its own to the same file (WAL: its reads never block the
//     case writer), for the learning and report stores. Calls are serialised on it.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/core/sql.h"
#include "store/sqlite/statement.h"

struct sqlite3;

namespace charter {

class SqliteStore;

namespace sqlite {

// Runs commands on one connection. Given a `Connection`, it reuses the connection's prepared
// statements (a case write runs the same few every time, and preparing an INSERT that fires
// the rollup triggers costs more than running it); given a bare handle, it prepares each
// command afresh. A command run again from inside its own row callback gets a fresh statement,
// and so does every command once the connection caches kMaxCached texts, so a caller that
// builds texts with varying shapes cannot grow the cache without bound.
class SqliteSession final : public store_core::SqlSession {
 public:
  static constexpr size_t kMaxCached = 256;
  explicit SqliteSession(sqlite3* db) : db_(db) {}
  explicit SqliteSession(Connection& c) : db_(c.db()), conn_(&c) {}
  store_core::Dialect dialect() const override { return store_core::Dialect::kSqlite; }
  Result<long> run(const store_core::Command& command,
                   const store_core::RowFn& row = nullptr) override;

 private:
  Result<Statement> statementFor(const std::string& sql);

  sqlite3* db_;
  Connection* conn_ = nullptr;
  std::vector<const std::string*> running_;  // the cached texts whose rows are being read
};

class StoreDatabase final : public store_core::SqlDatabase {
 public:
  explicit StoreDatabase(SqliteStore& store) : store_(store) {}
  Status read(const std::function<Status(store_core::SqlSession&)>& work) override;
  Status write(LandlordId landlord,
               const std::function<Status(store_core::SqlSession&)>& work) override;
  // In the store's group commit, without waiting for it.
  PendingStatus writeLater(LandlordId landlord,
                           std::function<Status(store_core::SqlSession&)> work) override;

 private:
  SqliteStore& store_;
};

class OwnDatabase final : public store_core::SqlDatabase {
 public:
  struct Options {
    bool read_only = true;
    int busy_timeout_ms = 5000;
    const char* pragmas = "";  // run once after opening
  };
  // REQUIRES: the file exists and is migrated (a SqliteStore opened it first).
  static Result<std::unique_ptr<OwnDatabase>> open(const std::filesystem::path& path,
                                                   const Options& options);
  ~OwnDatabase() override;
  Status read(const std::function<Status(store_core::SqlSession&)>& work) override;
  // BEGIN IMMEDIATE ... COMMIT (waiting up to the busy timeout for the writer's lock).
  Status write(LandlordId landlord,
               const std::function<Status(store_core::SqlSession&)>& work) override;

 private:
  explicit OwnDatabase(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::mutex mu_;
};

}  // namespace sqlite
}  // namespace charter
