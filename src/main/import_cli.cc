#include "main/import_cli.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "app/imports.h"
#include "main/backend.h"
#include "main/history_cli.h"

namespace charter {
namespace {

// A CSV error's message names the line and column already.
int failImport(Error e) {
  if (e.field == "csv") e.field.clear();
  return fail(e);
}

// A CSV file is read whole (the largest, a year's survey, is a few megabytes); "-" is stdin.
Result<std::string> readFile(const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return invalid("file", "exists", "cannot read " + path);
    text << in.rdbuf();
  }
  return text.str();
}

int runImportCommand(const std::string& db, const std::string& landlord, const std::string& kind_s,
                     const std::string& file, bool dry_run) {
  auto kind = parseImportKind(kind_s);
  if (!kind) return fail(kind.error());
  auto text = readFile(file);
  if (!text) return fail(text.error());
  auto backend = openBackend(db);
  if (!backend) return fail(backend.error());
  auto record = backend->accounts->landlordBySlug(landlord);
  if (!record) return fail(record.error());
  if (!*record) return failMessage(fmt::format("There is no landlord '{}'.", landlord));
  auto reports = backend->reports((*record)->id);
  if (!reports) return fail(reports.error());
  auto summary = runImport(**reports, *kind, *text, dry_run);
  if (!summary) return failImport(summary.error());
  std::string cases;
  if (summary->kind == ImportKind::kAsb) {
    cases = fmt::format(" ({} case(s) by the open-case rule, {} monthly NM01 row(s))",
                        summary->cases, summary->written);
  } else if (summary->repeated > 0) {
    cases = fmt::format(" ({} line(s) repeated an earlier id and were counted once)",
                        summary->repeated);
  }
  if (summary->dry_run) {
    fmt::print("dry run: {} {} row(s) read from {} for {}{}; nothing written\n", summary->rows,
               slug(summary->kind), file, landlord, cases);
  } else {
    fmt::print("imported {} {} row(s) from {} for {}{}\n", summary->rows, slug(summary->kind),
               file, landlord, cases);
  }
  return 0;
}

}  // namespace

CommandRun addImportCommand(CLI::App& app) {
  struct Opts {
    std::string db = "charter.db", landlord, kind, file, policy, today;
    bool dry_run = false, skip_invalid = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("import", "Import a CSV file that feeds the measures, or "
                                           "a legacy case history (docs/imports.md)");
  cmd->add_option("--db", o->db, "SQLite database file or postgresql://...")->required();
  cmd->add_option("--landlord", o->landlord, "Landlord slug")->required();
  cmd->add_option("kind", o->kind, "stock | homes | compliance | survey | series | asb | calls | visits | cases")
      ->required()
      ->check(CLI::IsMember({"stock", "homes", "compliance", "survey", "series", "asb", "calls",
                                   "visits", "cases"}));
  cmd->add_option("file", o->file,
                  "The CSV file (with a header row), or for cases a JSON Lines file; - for "
                  "standard input")
      ->required();
  cmd->add_flag("--dry-run", o->dry_run, "Check the whole file and count its rows; write nothing");
  cmd->add_flag("--skip-invalid", o->skip_invalid,
                "cases: import the valid lines and report the others (default: all or nothing)");
  cmd->add_option("--policy", o->policy, "cases: the landlord policy file (TOML)");
  cmd->add_option("--today", o->today,
                  "cases: the day the clocks are evaluated as of (YYYY-MM-DD; default today)");
  return [cmd, o]() -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    if (o->kind == "cases") {
      return runHistoryImport({o->db, o->landlord, o->file, o->policy, o->today, o->dry_run,
                               o->skip_invalid});
    }
    return runImportCommand(o->db, o->landlord, o->kind, o->file, o->dry_run);
  };
}

}  // namespace charter
