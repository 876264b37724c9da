// The bulk import of case history (app/history_import.h) into PostgreSQL: the shared loader
// (store/core/history_load.h) over a connection of its own, in one transaction, each batch's
// rows sent with COPY ... FROM STDIN (text format, PQputCopyData). The transaction sets
// charter.bulk_load so the rollup triggers skip its rows (0013_history_import.pg.sql), and
// holds the landlord's row lock (the one PgStore takes to hand out ids) until COMMIT, so
// servers writing other landlords carry on and new cases of this landlord wait for the import.
#pragma once

#include <memory>
#include <string>

#include "app/history_import.h"
#include "store/core/history_load.h"

namespace charter {

Result<std::unique_ptr<HistorySink>> openPgHistorySink(const std::string& dsn,
                                                       LandlordId landlord,
                                                       store_core::BulkOptions options = {});

}  // namespace charter
