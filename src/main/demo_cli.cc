#include "main/demo_cli.h"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "main/auth_cli.h"
#include "main/backend.h"
#include "main/demo.h"
#include "main/serve_cli.h"
#include "main/storage_cli.h"

namespace charter {
namespace {

void removeSqlite(const std::string& path) {
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
}

// The demo made in a temporary SQLite file and moved into the (empty) PostgreSQL database.
int makeDemoInPostgres(const DemoOptions& demo, PolicyPtr policy) {
  const auto tmp = std::filesystem::temp_directory_path() /
                   fmt::format("charter-demo-{}.db", static_cast<long>(getpid()));
  DemoOptions options = demo;
  options.db = tmp;
  if (!options.end) options.end = SystemTimeSource().now();
  auto made = generateDemo(options, std::move(policy));
  if (!made) {
    removeSqlite(tmp.string());
    return fail(made.error());
  }
  const int rc = runMigrateData(tmp.string(), demo.db.string(), "demo");
  removeSqlite(tmp.string());
  if (rc != 0) return rc;
  fmt::print("demo data: {} cases for {} homes in PostgreSQL\n", *made, demo.homes);
  return 0;
}

// The demo's data in a SQLite file, made when the file is missing or --fresh is given.
int makeDemoInSqlite(const DemoOptions& demo, PolicyPtr policy) {
  if (std::filesystem::exists(demo.db) && !demo.fresh) {
    fmt::print("demo data: using the existing {} (--fresh to make it anew)\n", demo.db.string());
    return 0;
  }
  removeSqlite(demo.db.string());
  DemoOptions options = demo;
  if (!options.end) options.end = SystemTimeSource().now();
  auto made = generateDemo(options, std::move(policy));
  if (!made) return fail(made.error());
  fmt::print("demo data: {} cases for {} homes in {}\n", *made, demo.homes, demo.db.string());
  return 0;
}

int runDemo(const DemoOptions& demo, const std::string& policy_path, const ServeOptions& serving,
            bool no_serve) {
  auto policy = loadPolicy(policy_path);
  if (!policy) return fail(policy.error());
  const std::string db = demo.db.string();
  if (engineFor(db) == Engine::kPostgres) {
    auto backend = openBackend(db);
    if (!backend) return fail(backend.error());
    auto ids = backend->cases->caseIds(1);
    if (!ids) return fail(ids.error());
    if (!ids->empty()) {
      fmt::print("demo data: using the {} cases already in PostgreSQL\n", ids->size());
    } else if (const int rc = makeDemoInPostgres(demo, *policy); rc != 0) {
      return rc;
    }
  } else if (const int rc = makeDemoInSqlite(demo, *policy); rc != 0) {
    return rc;
  }
  auto backend = openBackend(db, {.sqlite_cache_bytes = std::int64_t{serving.sqlite_cache_mb} << 20});
  if (!backend) return fail(backend.error());
  if (auto s = ensureDemoAccounts(*backend, *policy); !s) return fail(s.error());
  if (no_serve) return 0;
  return serve(*backend, *policy, serving);
}

}  // namespace

CommandRun addDemoCommand(CLI::App& app) {
  struct Opts {
    DemoOptions demo;
    std::string db = "charter-demo.db", policy;
    ServeOptions serve;
    bool no_serve = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("demo", "Make a demo landlord with three years of cases and serve it");
  cmd->add_option("--db", o->db, "Demo database file");
  cmd->add_option("--port", o->serve.port, "TCP port (0 = any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--policy", o->policy, "Landlord policy file (TOML)");
  cmd->add_option("--homes", o->demo.homes, "Homes the landlord owns");
  cmd->add_option("--seed", o->demo.seed, "Random seed");
  cmd->add_option("--scale", o->demo.scale, "Multiply the contact volumes (0.1 for a quick one)");
  cmd->add_flag("--fresh", o->demo.fresh, "Make the data anew even if the file exists");
  cmd->add_flag("--no-serve", o->no_serve, "Make the data and stop");
  return [cmd, o]() -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    o->demo.db = o->db;
    return runDemo(o->demo, o->policy, o->serve, o->no_serve);
  };
}

}  // namespace charter
