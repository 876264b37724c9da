// `charter import --db DB --landlord SLUG {stock|homes|compliance|survey|series|asb} FILE.csv
// [--dry-run]`: feeds the measures from other systems' CSV files (formats: docs/imports.md).
// Every row or none is written; a dry run checks the whole file and says how many rows it
// would write. SQLite databases only, as the report store is for now.
#pragma once

#include <functional>
#include <optional>

#include <CLI/CLI.hpp>

namespace charter {

struct ImportCommand {
  std::function<std::optional<int>()> run;  // nullopt when `import` was not the command
};
ImportCommand addImportCommand(CLI::App& app);

}  // namespace charter
