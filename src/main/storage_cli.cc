#include "main/storage_cli.h"

#include <fmt/format.h>

#include "app/case_service.h"
#include "main/backend.h"

namespace charter {
namespace {

// charter backup --db DB --to FILE: an online, consistent copy (SQLite's online backup API;
// pg_dump --format=custom for PostgreSQL).
int runBackup(const std::string& db, const std::string& to) {
  auto backend = openBackend(db, {.stores = false});
  if (!backend) return fail(backend.error());
  if (auto s = backend->maintenance->backupTo(to); !s) return fail(s.error());
  fmt::print("backed up {} to {}\n", backend->describe(), to);
  return 0;
}

// charter restore --from FILE --db DB: the database as it was at the backup, then opened once
// (migrations up to this build, and a check that the stores accept it). Stop `charter serve`
// first.
int runRestore(const std::string& from, const std::string& db) {
  auto backend = openBackend(db, {.stores = false});
  if (!backend) return fail(backend.error());
  if (auto s = backend->maintenance->restoreFrom(from); !s) return fail(s.error());
  if (auto opened = openBackend(db); !opened) return fail(opened.error());
  fmt::print("restored {} from {}\n", backend->describe(), from);
  return 0;
}

int runRebuild(const std::string& db, const std::string& policy_path) {
  auto policy = loadPolicy(policy_path);
  if (!policy) return fail(policy.error());
  auto backend = openBackend(db);
  if (!backend) return fail(backend.error());
  SystemTimeSource clock;
  CaseService service(*backend->cases, *policy, clock);
  auto n = service.rebuild();
  if (!n) return fail(n.error());
  fmt::print("rebuilt {} cases\n", *n);
  return 0;
}

}  // namespace

// Opening a database applies its missing migrations (store/*/migrate): this is that, alone.
int runMigrate(const std::string& db) {
  auto backend = openBackend(db, {.must_exist = true});
  if (!backend) return fail(backend.error());
  fmt::print("{}: schema up to date\n", engineFor(db) == Engine::kPostgres ? "PostgreSQL" : db);
  return 0;
}

int runMigrateData(const std::string& from, const std::string& to, const std::string& landlord) {
  // Both schemas up to date first (opening the stores migrates them).
  if (engineFor(to) != Engine::kPostgres) {
    return failMessage("--to must be a PostgreSQL connection string");
  }
  auto source = openBackend(from, {.must_exist = true});
  if (!source) return fail(source.error());
  auto target = openBackend(to);
  if (!target) return fail(target.error());
  auto sink = target->maintenance->importLandlord();
  if (!sink) return fail(sink.error());
  auto sent = source->maintenance->exportLandlord(landlord, **sink);
  if (!sent) return fail(sent.error());
  if (auto c = (*sink)->commit(); !c) return fail(c.error());
  for (const auto& t : sent->tables) {
    fmt::print("{:<20} {:>10} rows copied, counts match\n", t.table, t.rows);
  }
  fmt::print("landlord '{}' ({}) moved from {} to PostgreSQL\n", landlord, sent->landlord, from);
  return 0;
}

CommandRun addStorageCommands(CLI::App& app) {
  struct Opts {
    std::string db, policy, to, from, landlord = "demo";
  };
  auto o = std::make_shared<Opts>();
  auto* rebuild = app.add_subcommand("rebuild", "Re-derive every case's projection from events");
  rebuild->add_option("--db", o->db, "SQLite database file or postgresql://...")->required();
  rebuild->add_option("--policy", o->policy, "Landlord policy file (TOML)");

  auto* backup = app.add_subcommand("backup", "Copy the database, online, to a backup file");
  backup->add_option("--db", o->db, "SQLite file or postgresql://... connection string")->required();
  backup->add_option("--to", o->to, "Backup file to write")->required();

  auto* restore = app.add_subcommand("restore", "Restore a backup (stop charter serve first)");
  restore->add_option("--from", o->from, "Backup file")->required();
  restore->add_option("--db", o->db, "SQLite file or postgresql://... connection string")->required();

  auto* schema = app.add_subcommand(
      "migrate", "Bring a database's schema up to date (opening it does the same; the package "
                 "runs this on upgrade)");
  schema->add_option("--db", o->db, "SQLite database file or postgresql://...")->required();

  auto* migrate = app.add_subcommand("migrate-data",
                                     "Move a landlord's data from a SQLite file to PostgreSQL");
  migrate->add_option("--from", o->from, "SQLite database file")->required();
  migrate->add_option("--to", o->to, "postgresql://... connection string")->required();
  migrate->add_option("--landlord", o->landlord, "Landlord slug (default: demo)");

  return [=]() -> std::optional<int> {
    if (*rebuild) return runRebuild(o->db, o->policy);
    if (*backup) return runBackup(o->db, o->to);
    if (*restore) return runRestore(o->from, o->db);
    if (*schema) return runMigrate(o->db);
    if (*migrate) return runMigrateData(o->from, o->to, o->landlord);
    return std::nullopt;
  };
}

}  // namespace charter
