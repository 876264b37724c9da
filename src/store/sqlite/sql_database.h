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

#include "store/core/sql.h"

struct sqlite3;

namespace charter {

class SqliteStore;

namespace sqlite {

class SqliteSession final : public store_core::SqlSession {
 public:
  explicit SqliteSession(sqlite3* db) : db_(db) {}
  store_core::Dialect dialect() const override { return store_core::Dialect::kSqlite; }
  Result<long> run(const store_core::Command& command,
                   const store_core::RowFn& row = nullptr) override;

 private:
  sqlite3* db_;
};

class StoreDatabase final : public store_core::SqlDatabase {
 public:
  explicit StoreDatabase(SqliteStore& store) : store_(store) {}
  Status read(const std::function<Status(store_core::SqlSession&)>& work) override;
  Status write(LandlordId landlord,
               const std::function<Status(store_core::SqlSession&)>& work) override;

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
