// SqliteReportStore: the report port (store/core/report_store.h) on the SQLite file a
// SqliteStore keeps, through a connection of its own to the same file (WAL: reads never block
// the case writer; imports wait on busy_timeout for the writer's lock).
// REQUIRES: the file was opened by SqliteStore first, so migrations have run.
#pragma once

#include <filesystem>
#include <memory>

#include "store/core/report_store.h"

namespace charter {

class SqliteReportStore final : public store_core::SqlReportStore {
 public:
  static Result<std::unique_ptr<SqliteReportStore>> open(const std::filesystem::path& path,
                                                         LandlordId landlord);

 private:
  SqliteReportStore(std::unique_ptr<store_core::SqlDatabase> db, LandlordId landlord)
      : SqlReportStore(std::move(db), landlord) {}
};

}  // namespace charter
