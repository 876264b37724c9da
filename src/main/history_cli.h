// `charter import --db DB --landlord SLUG cases FILE`: a legacy case history in JSON Lines
// (docs/imports.md) replayed through the domain and written in bulk (app/history_import.h).
#pragma once

#include <string>

namespace charter {

struct HistoryImportArgs {
  std::string db, landlord, file, policy, today;
  bool dry_run = false, skip_invalid = false;
};

// Prints the summary (and the invalid lines) and answers the exit code: 0 when the file was
// imported (with --skip-invalid, even if some lines were skipped), 1 otherwise.
int runHistoryImport(const HistoryImportArgs& args);

}  // namespace charter
