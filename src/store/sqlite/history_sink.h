// The bulk import of case history (app/history_import.h) into a SQLite file: the shared
// loader (store/core/history_load.h) over a writer connection of its own, in one BEGIN
// IMMEDIATE transaction (other writers wait; readers see the database as it was until COMMIT).
// The rollup triggers are dropped inside that transaction and recreated, word for word, just
// before COMMIT, so no other connection ever sees the schema without them.
//
// REQUIRES: no `charter serve` writes to the file meanwhile (a server keeps its next case id
// in memory and would hand out ids the import took).
#pragma once

#include <filesystem>
#include <memory>

#include "app/history_import.h"
#include "store/core/history_load.h"

namespace charter {

Result<std::unique_ptr<HistorySink>> openSqliteHistorySink(const std::filesystem::path& path,
                                                           LandlordId landlord,
                                                           store_core::BulkOptions options = {});

}  // namespace charter
