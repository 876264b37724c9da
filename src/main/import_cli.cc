#include "main/import_cli.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "app/imports.h"
#include "main/auth_cli.h"
#include "main/storage_cli.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/report_store.h"

namespace charter {
namespace {

int fail(const Error& e) {
  if (e.field.empty() || e.field == "csv") {
    fmt::print(stderr, "error: {}\n", e.message);
  } else {
    fmt::print(stderr, "error: {}: {} ({})\n", e.field, e.message, e.rule);
  }
  return 1;
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
  if (isPostgresDsn(db))
    return fail(Error{ErrorKind::kInvalid, "db", "sqlite",
                      "imports are written to a SQLite database only for now"});
  auto text = readFile(file);
  if (!text) return fail(text.error());
  // The case store first: it runs the migrations and knows the landlords.
  auto store = openCaseStore(db);
  if (!store) return fail(store.error());
  SystemTimeSource clock;
  auto policy = builtinPolicy("hos-code-2024");
  if (!policy) return fail(policy.error());
  auto signin = SignIn::open(**store, *policy, clock);
  if (!signin) return fail(signin.error());
  if (!*signin) return fail(Error{ErrorKind::kInvalid, "db", "sqlite", "no landlords in this database"});
  auto record = (*signin)->landlords().bySlug(landlord);
  if (!record) return fail(record.error());
  auto reports = SqliteReportStore::open(db, record->id);
  if (!reports) return fail(reports.error());
  auto summary = runImport(**reports, *kind, *text, dry_run);
  if (!summary) return fail(summary.error());
  const std::string cases =
      summary->kind == ImportKind::kAsb
          ? fmt::format(" ({} case(s) by the open-case rule, {} monthly NM01 row(s))",
                        summary->cases, summary->written)
          : std::string();
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

ImportCommand addImportCommand(CLI::App& app) {
  struct Opts {
    std::string db = "charter.db", landlord, kind, file;
    bool dry_run = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("import", "Import a CSV file that feeds the measures "
                                           "(docs/imports.md)");
  cmd->add_option("--db", o->db, "SQLite database file")->required();
  cmd->add_option("--landlord", o->landlord, "Landlord slug")->required();
  cmd->add_option("kind", o->kind, "stock | homes | compliance | survey | series | asb")
      ->required()
      ->check(CLI::IsMember({"stock", "homes", "compliance", "survey", "series", "asb"}));
  cmd->add_option("file", o->file, "The CSV file (with a header row; - for standard input)")
      ->required();
  cmd->add_flag("--dry-run", o->dry_run, "Check the whole file and count its rows; write nothing");
  ImportCommand out;
  out.run = [cmd, o]() -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    return runImportCommand(o->db, o->landlord, o->kind, o->file, o->dry_run);
  };
  return out;
}

}  // namespace charter
