// The storage commands of `charter`, each opening its database through openBackend:
//
//   charter rebuild  --db DB [--policy FILE]     re-derive every projection from the events
//   charter backup   --db DB --to FILE           (DB: a SQLite file or postgresql://...)
//   charter restore  --from FILE --db DB
//   charter migrate-data --from FILE --to postgresql://... [--landlord SLUG]
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "main/cli_common.h"

namespace charter {

// charter migrate-data: copies one landlord's rows (every table keyed by landlord_id) from a
// SQLite file into PostgreSQL in one transaction, checking each table's count; refuses a
// target that already holds the landlord's data.
int runMigrateData(const std::string& from, const std::string& to, const std::string& landlord);

// Adds rebuild, backup, restore and migrate-data to `app`.
CommandRun addStorageCommands(CLI::App& app);

}  // namespace charter
