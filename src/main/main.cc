// The `charter` command: the composition root, and the only place that names a concrete store.
//
//   charter serve    --db FILE|postgresql://... [--port N] [--address A] [--policy FILE]
//                    [--session-idle-minutes N]
//   charter demo     [--db FILE] [--port N] [--policy FILE] [--seed N] [--homes N] [--no-serve]
//   charter deadline --received TIMESTAMP [--acknowledged DATE] [--escalated TIMESTAMP] ...
//   charter calendar holidays --nation NATION --year YYYY
//   charter policy check FILE
//   charter rebuild  --db FILE [--policy FILE]
//   charter backup   --db DB --to FILE          (DB: a SQLite file or postgresql://...)
//   charter restore  --from FILE --db DB
//   charter migrate-data --from FILE --to postgresql://... [--landlord SLUG]
//   charter import   --db DB --landlord SLUG {stock|homes|compliance|survey|series|asb} FILE [--dry-run]
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "api/learning_api.h"
#include "app/case_service.h"
#include "calendar/bank_holidays.h"
#include "domain/clocks.h"
#include "domain/lifecycle.h"
#include "http/browser.h"
#include "http/server.h"
#include "main/auth_cli.h"
#include "main/demo.h"
#include "main/learning_wiring.h"
#include "main/import_cli.h"
#include "main/reports_wiring.h"
#include "main/storage_cli.h"
#include "main/web_cli.h"
#include "policy/policy.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

constexpr int kUsageError = 2;

int fail(const Error& e) {
  if (e.field.empty()) {
    fmt::print(stderr, "error: {}\n", e.message);
  } else {
    fmt::print(stderr, "error: {}: {} ({})\n", e.field, e.message, e.rule);
  }
  return 1;
}

// The landlord policy: a file when given, else the built-in Code base.
Result<PolicyPtr> loadPolicy(const std::string& path) {
  if (path.empty()) return builtinPolicy("hos-code-2024");
  return loadPolicyFile(path);
}

// --db: a SQLite file, or a PostgreSQL connection string (postgresql://...).
Result<std::unique_ptr<CaseStore>> openStore(const std::string& db, bool durable = true) {
  setReportDatabase(db);  // measures and reports read the same database (issue 4)
  setLearningDatabase(db);  // learning actions and the Ombudsman too (issue 4)
  return openCaseStore(db, durable);
}

// charter serve's transport options (hardening, issue 5): TLS and the slow-client timeouts.
struct TransportOptions {
  std::string tls_cert, tls_key;  // both set: HTTPS only
  int request_timeout = 30;       // seconds for a whole request, from its first byte
  int idle_timeout = 60;          // seconds a kept-alive connection may sit idle
  int session_idle_minutes = 30;  // a signed-in session unused this long ends (0: never)
};
TransportOptions& transport() {
  static TransportOptions t;
  return t;
}
void applyTransport(http::ServerOptions& options) {
  options.tls_cert_file = transport().tls_cert;
  options.tls_key_file = transport().tls_key;
  options.request_timeout_seconds = transport().request_timeout;
  options.idle_timeout_seconds = transport().idle_timeout;
}

// Serves the API until SIGINT/SIGTERM. Prints "listening on http://ADDRESS:PORT" once ready,
// which the tests and scripts read (https:// when serving TLS).
int serve(CaseStore& store, PolicyPtr policy, const std::string& address, int port) {
  SystemTimeSource clock;
  http::Router router;
  auto learning = openLearning(policy, clock);  // learning actions, the Ombudsman (issue 4)
  // Every route needs an API token or a session; each request acts for the principal's
  // landlord. There is no unsigned mode: a store that keeps no accounts is not served.
  AccountOptions account_options;
  account_options.session_idle = std::chrono::minutes(transport().session_idle_minutes);
  auto signin = SignIn::open(store, policy, clock, account_options);
  if (!signin) return fail(signin.error());
  if (!*signin) return fail(Error{ErrorKind::kInternal, "", "", "this store keeps no accounts"});
  http::setSecureCookies(!transport().tls_cert.empty());
  api::addRoutes(router, (*signin)->cases(), (*signin)->accounts(),
                 [&store] { return store.ready(); });
  if (learning) api::addLearningRoutes(router, *learning->service, (*signin)->accounts());
  // The web pages (issue 3): staff workspace under /staff, resident portal under /portal.
  auto web = addWebRoutes(router, (*signin)->cases(), (*signin)->accounts(),
                          learning ? learning->service.get() : nullptr);
  // Measures and reports (issue 4), signed in like the rest; "Our promises" is public.
  auto reports = addReports(router, (*signin)->accounts(), (*signin)->landlords(), clock,
                            webCli().landlord, learning ? learning->service.get() : nullptr);
  http::ServerOptions options;
  options.address = address;
  options.port = static_cast<std::uint16_t>(port);
  applyTransport(options);
  http::Server server(options, std::move(router));
  std::uint16_t bound = server.start();
  fmt::print("listening on {}://{}:{}\n", options.tls() ? "https" : "http", address, bound);
  std::fflush(stdout);
  server.waitForShutdownSignal();
  server.stop();
  return 0;
}

// Every route is signed in on both stores (SQLite and PostgreSQL keep the accounts), so serve
// listens on any address it is given; use --tls-cert/--tls-key beyond this machine.
int runServe(const std::string& db, const std::string& policy_path, const std::string& address,
             int port) {
  auto policy = loadPolicy(policy_path);
  if (!policy) return fail(policy.error());
  auto store = openStore(db);
  if (!store) return fail(store.error());
  return serve(**store, *policy, address, port);
}

int runDemo(const DemoOptions& demo, const std::string& policy_path, const std::string& address,
            int port, bool no_serve) {
  auto policy = loadPolicy(policy_path);
  if (!policy) return fail(policy.error());
  if (isPostgresDsn(demo.db.string())) {
    // PostgreSQL: the demo is made in a SQLite file, then moved across with migrate-data.
    auto store = openStore(demo.db.string());
    if (!store) return fail(store.error());
    auto ids = (*store)->caseIds(1);
    if (!ids) return fail(ids.error());
    if (!ids->empty()) {
      fmt::print("demo data: using the {} cases already in PostgreSQL\n", ids->size());
    } else {
      const auto tmp = std::filesystem::temp_directory_path() /
                       fmt::format("charter-demo-{}.db", static_cast<long>(getpid()));
      DemoOptions options = demo;
      options.db = tmp;
      if (!options.end) options.end = SystemTimeSource().now();
      auto made = generateDemo(options, *policy);
      if (!made) return fail(made.error());
      const int rc = runMigrateData(tmp.string(), demo.db.string(), "demo");
      for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(tmp.string() + ext);
      if (rc != 0) return rc;
      fmt::print("demo data: {} cases for {} homes in PostgreSQL\n", *made, demo.homes);
    }
    if (auto s = ensureDemoAccounts(**store, *policy); !s) return fail(s.error());
    if (no_serve) return 0;
    return serve(**store, *policy, address, port);
  }
  bool exists = std::filesystem::exists(demo.db);
  if (!exists || demo.fresh) {
    std::filesystem::remove(demo.db);
    std::filesystem::remove(demo.db.string() + "-wal");
    std::filesystem::remove(demo.db.string() + "-shm");
    DemoOptions options = demo;
    if (!options.end) options.end = SystemTimeSource().now();
    auto made = generateDemo(options, *policy);
    if (!made) return fail(made.error());
    fmt::print("demo data: {} cases for {} homes in {}\n", *made, demo.homes, demo.db.string());
  } else {
    fmt::print("demo data: using the existing {} (--fresh to make it anew)\n", demo.db.string());
  }
  auto store = openStore(demo.db.string());
  if (!store) return fail(store.error());
  if (auto s = ensureDemoAccounts(**store, *policy); !s) return fail(s.error());
  if (no_serve) return 0;
  return serve(**store, *policy, address, port);
}

void printClock(const Clock& c) {
  fmt::print("{:<20} {:<8} due {}{}\n", c.name, slug(c.status),
             c.due ? formatDate(*c.due) : std::string("-"), c.provisional ? " (provisional)" : "");
  fmt::print("  {}\n", c.explanation);
}

// The deadline calculator: the clocks of a complaint received at `received`, with the
// acknowledgement and escalation taken where given.
int runDeadline(const std::string& policy_path, const std::string& received,
                const std::string& acknowledged, const std::string& responded,
                const std::string& escalated, const std::string& acknowledged2) {
  auto policy = loadPolicy(policy_path);
  if (!policy) return fail(policy.error());
  auto at = parseInstant(received, "received");
  if (!at) return fail(at.error());
  FixedTimeSource time(*at);
  DecisionContext ctx{**policy, *at, "deadline"};
  nlohmann::json body = {{"kind", "complaint"}, {"received_at", received}, {"channel", "phone"},
                         {"summary", "Deadline calculation"}, {"person", {{"name", "-"}}}};
  auto first = decideNew(body, ctx);
  if (!first) return fail(first.error());
  CaseState state = CaseState::fold(0, "-", {*first});
  auto step = [&](const nlohmann::json& action) -> Status {
    auto when = parseInstant(action.at("at").get<std::string>(),
                             action.at("action").get<std::string>());
    if (!when) return tl::unexpected(when.error());
    DecisionContext c{**policy, *when, "deadline"};
    auto events = decideAction(state, action, c);
    if (!events) return tl::unexpected(events.error());
    for (auto& e : *events) state.apply(e);
    return {};
  };
  std::vector<nlohmann::json> actions;
  if (!acknowledged.empty()) {
    actions.push_back({{"action", "acknowledge"}, {"at", acknowledged},
                       {"definition", "As received"}, {"handler", "Investigating Officer"}});
  }
  if (!responded.empty()) {
    actions.push_back({{"action", "respond"}, {"at", responded}, {"decision", "not_upheld"},
                       {"elements", {{{"summary", "All"}, {"finding", "not_upheld"},
                                      {"reasons", "Deadline calculation"}}}}});
  }
  if (!escalated.empty()) actions.push_back({{"action", "request_escalation"}, {"at", escalated}});
  if (!acknowledged2.empty()) {
    actions.push_back({{"action", "acknowledge"}, {"at", acknowledged2},
                       {"definition", "As escalated"}, {"handler", "Reviewing Manager"}});
  }
  for (const auto& a : actions) {
    if (auto s = step(a); !s) return fail(s.error());
  }
  const Policy& p = **policy;
  Date today = p.working_calendar->localDate(*at);
  fmt::print("Policy: {} ({})\n", p.name, p.id);
  for (const auto& clock : evaluateClocks(state, p, today)) printClock(clock);
  return 0;
}

int runHolidays(const std::string& nation_slug, int year) {
  auto nation = parseNation(nation_slug);
  if (!nation) return fail(nation.error());
  if (year < kFirstCalendarYear || year > kLastCalendarYear) {
    fmt::print(stderr, "error: year: must be between {} and {}\n", kFirstCalendarYear,
               kLastCalendarYear);
    return 1;
  }
  for (const auto& h : bankHolidays(*nation, year)) {
    fmt::print("{}\t{}\n", formatDate(h.date), h.name);
  }
  return 0;
}

int runPolicyCheck(const std::string& path) {
  auto policy = loadPolicyFile(path);
  if (!policy) {
    fmt::print(stderr, "{}: invalid\n", path);
    return fail(policy.error());
  }
  const Policy& p = **policy;
  fmt::print("{}: ok: {} \"{}\" extends {}, {} standards\n", path, p.id, p.name,
             p.extends.empty() ? "nothing" : p.extends, p.standards.size());
  for (const auto& s : p.standards) {
    fmt::print("  {:<28} {} {}{}\n", s.id, s.amount,
               s.unit == DurationUnit::kWorkingDays    ? "working days"
               : s.unit == DurationUnit::kCalendarDays ? "days"
                                                       : "hours",
               s.statutory ? fmt::format(" ({})", s.provision) : "");
  }
  return 0;
}

int runRebuild(const std::string& db, const std::string& policy_path) {
  auto policy = loadPolicy(policy_path);
  if (!policy) return fail(policy.error());
  auto store = openStore(db);
  if (!store) return fail(store.error());
  SystemTimeSource clock;
  CaseService service(**store, *policy, clock);
  auto n = service.rebuild();
  if (!n) return fail(n.error());
  fmt::print("rebuilt {} cases\n", *n);
  return 0;
}

}  // namespace
}  // namespace charter

int main(int argc, char** argv) {
  using namespace charter;
  spdlog::set_level(spdlog::level::warn);
  CLI::App app{"Charter: complaints, contacts and promises for social landlords"};
  app.require_subcommand(1);

  std::string db = "charter.db", policy_path, address = "127.0.0.1";
  int port = 8080;

  auto* serve = app.add_subcommand("serve", "Serve the web API on the embedded database");
  serve->add_option("--db", db, "SQLite database file (created if absent) or postgresql://...");
  serve->add_option("--port", port, "TCP port (0 = any free port)")->check(CLI::Range(0, 65535));
  serve->add_option("--address", address, "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)");
  serve->add_option("--policy", policy_path, "Landlord policy file (TOML)");
  addWebOptions(*serve);
  auto* tls_cert = serve->add_option("--tls-cert", transport().tls_cert,
                                     "TLS certificate chain (PEM): serve HTTPS")
                       ->check(CLI::ExistingFile);
  auto* tls_key = serve->add_option("--tls-key", transport().tls_key, "TLS private key (PEM)")
                      ->check(CLI::ExistingFile);
  tls_cert->needs(tls_key);
  tls_key->needs(tls_cert);
  serve->add_option("--request-timeout", transport().request_timeout,
                    "Seconds a client has to send a whole request (slow clients are cut off)")
      ->check(CLI::Range(1, 3600));
  serve->add_option("--idle-timeout", transport().idle_timeout,
                    "Seconds a kept-alive connection may sit idle")
      ->check(CLI::Range(1, 3600));
  serve->add_option("--session-idle-minutes", transport().session_idle_minutes,
                    "Minutes a signed-in session may go unused before it ends (0: never)")
      ->check(CLI::Range(0, 24 * 60));

  DemoOptions demo;
  demo.db = "charter-demo.db";
  std::string demo_db = demo.db.string();
  bool no_serve = false;
  auto* demo_cmd = app.add_subcommand("demo", "Make a demo landlord with a year of cases and serve it");
  demo_cmd->add_option("--db", demo_db, "Demo database file");
  demo_cmd->add_option("--port", port, "TCP port (0 = any free port)")->check(CLI::Range(0, 65535));
  demo_cmd->add_option("--policy", policy_path, "Landlord policy file (TOML)");
  demo_cmd->add_option("--homes", demo.homes, "Homes the landlord owns");
  demo_cmd->add_option("--seed", demo.seed, "Random seed");
  demo_cmd->add_option("--scale", demo.scale, "Multiply the contact volumes (0.1 for a quick one)");
  demo_cmd->add_flag("--fresh", demo.fresh, "Make the data anew even if the file exists");
  demo_cmd->add_flag("--no-serve", no_serve, "Make the data and stop");

  std::string received, acknowledged, responded, escalated, acknowledged2;
  auto* deadline = app.add_subcommand("deadline", "Work out a complaint's due dates, explained");
  deadline->add_option("--received", received, "When the complaint was received (RFC 3339)")
      ->required();
  deadline->add_option("--acknowledged", acknowledged, "When stage 1 was acknowledged");
  deadline->add_option("--responded", responded, "When stage 1 was answered");
  deadline->add_option("--escalated", escalated, "When stage 2 was requested");
  deadline->add_option("--acknowledged2", acknowledged2, "When stage 2 was acknowledged");
  deadline->add_option("--policy", policy_path, "Landlord policy file (TOML)");

  auto* calendar = app.add_subcommand("calendar", "Working calendar");
  calendar->require_subcommand(1);
  std::string nation = "england-and-wales";
  int year = 0;
  auto* holidays = calendar->add_subcommand("holidays", "List a year's bank holidays");
  holidays->add_option("--nation", nation, "england-and-wales | scotland | northern-ireland");
  holidays->add_option("--year", year, "Year")->required();

  auto* policy = app.add_subcommand("policy", "Landlord policy files");
  policy->require_subcommand(1);
  std::string policy_file;
  auto* check = policy->add_subcommand("check", "Validate a policy file against the Code");
  check->add_option("file", policy_file, "Policy file (TOML)")->required();

  auto* rebuild = app.add_subcommand("rebuild", "Re-derive every case's projection from events");
  rebuild->add_option("--db", db, "SQLite database file")->required();
  rebuild->add_option("--policy", policy_path, "Landlord policy file (TOML)");

  std::string backup_to, restore_from, migrate_from, migrate_to, migrate_landlord = "demo";
  auto* backup = app.add_subcommand("backup", "Copy the database, online, to a backup file");
  backup->add_option("--db", db, "SQLite file or postgresql://... connection string")->required();
  backup->add_option("--to", backup_to, "Backup file to write")->required();
  auto* restore = app.add_subcommand("restore", "Restore a backup (stop charter serve first)");
  restore->add_option("--from", restore_from, "Backup file")->required();
  restore->add_option("--db", db, "SQLite file or postgresql://... connection string")->required();
  auto* migrate = app.add_subcommand("migrate-data",
                                     "Move a landlord's data from a SQLite file to PostgreSQL");
  migrate->add_option("--from", migrate_from, "SQLite database file")->required();
  migrate->add_option("--to", migrate_to, "postgresql://... connection string")->required();
  migrate->add_option("--landlord", migrate_landlord, "Landlord slug (default: demo)");

  AuthCommands auth_commands = addAuthCommands(app);
  ImportCommand import_command = addImportCommand(app);  // measures' CSV imports (issue 4)

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kUsageError;
  }

  try {
    if (*serve) return runServe(db, policy_path, address, port);
    if (auto rc = auth_commands.run()) return *rc;
    if (auto rc = import_command.run()) return *rc;
    if (*demo_cmd) {
      demo.db = demo_db;
      return runDemo(demo, policy_path, address, port, no_serve);
    }
    if (*deadline) {
      return runDeadline(policy_path, received, acknowledged, responded, escalated,
                         acknowledged2);
    }
    if (*holidays) return runHolidays(nation, year);
    if (*check) return runPolicyCheck(policy_file);
    if (*rebuild) return runRebuild(db, policy_path);
    if (*backup) return runBackup(db, backup_to);
    if (*restore) return runRestore(restore_from, db);
    if (*migrate) return runMigrateData(migrate_from, migrate_to, migrate_landlord);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return kUsageError;
}
