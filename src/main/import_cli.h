// `charter import --db DB --landlord SLUG {stock|homes|compliance|survey|series|asb} FILE.csv
// [--dry-run]`: feeds the measures from other systems' CSV files (formats: docs/imports.md).
// Every row or none is written; a dry run checks the whole file and says how many rows it
// would write. DB is a SQLite file or postgresql://...
#pragma once

#include <CLI/CLI.hpp>

#include "main/cli_common.h"

namespace charter {

CommandRun addImportCommand(CLI::App& app);

}  // namespace charter
