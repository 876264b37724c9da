// The `charter` command: the composition root, and (through main/backend.h) the only place
// that names a concrete store. Each group of commands adds itself to the CLI::App:
//
//   serve, demo                         main/serve_cli.h, main/demo_cli.h
//   deadline, calendar, policy          main/calendar_cli.h
//   rebuild, backup, restore, migrate, migrate-data     main/storage_cli.h
//   landlord, user, token, views, subject-access, rectify, retention   main/auth_cli.h
//   import                              main/import_cli.h
//   mail-in                             main/mail_in_cli.h
#include <exception>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "main/auth_cli.h"
#include "main/calendar_cli.h"
#include "main/demo_cli.h"
#include "main/import_cli.h"
#include "main/mail_in_cli.h"
#include "main/serve_cli.h"
#include "main/storage_cli.h"

namespace {
constexpr int kUsageError = 2;
}  // namespace

int main(int argc, char** argv) {
  using namespace charter;
  spdlog::set_level(spdlog::level::warn);
  CLI::App app{"Charter: complaints, contacts and promises for social landlords"};
  app.require_subcommand(1);
  // Options from a file: `name = value` lines under a [command] section (the package's
  // /etc/charter/charter.conf has [serve]); the command line wins over the file.
  app.set_config("--config", "", "Read the command's options from this file ([serve] ...)");
  const std::vector<CommandRun> commands = {
      addServeCommand(app),      addDemoCommand(app), addCalendarCommands(app),
      addStorageCommands(app),   addAuthCommands(app), addImportCommand(app),
      addMailInCommand(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kUsageError;
  }
  try {
    for (const auto& run : commands) {
      if (auto rc = run()) return *rc;
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return kUsageError;
}
