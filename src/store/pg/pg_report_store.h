// PgReportStore: the report port (store/core/report_store.h) on PostgreSQL, beside a PgStore
// on the same database (whose case projection writes case_facts and clocks, and whose
// migrations made the rollups of 0009_report_passes), on a connection of its own.
// REQUIRES: PgStore::open ran first (migrations).
#pragma once

#include <memory>
#include <string>

#include "store/core/report_store.h"

namespace charter {

class PgReportStore final : public store_core::SqlReportStore {
 public:
  // kUnavailable when the server cannot be reached.
  static Result<std::unique_ptr<PgReportStore>> open(const std::string& dsn, LandlordId landlord);

 private:
  PgReportStore(std::unique_ptr<store_core::SqlDatabase> db, LandlordId landlord)
      : SqlReportStore(std::move(db), landlord) {}
};

}  // namespace charter
