// `charter demo`: makes the demo landlord (main/demo.h) and serves it.
//
//   charter demo [--db FILE|postgresql://...] [--port N] [--policy FILE] [--seed N]
//                [--homes N] [--scale X] [--fresh] [--no-serve]
//
// A SQLite file is made once and reused (--fresh makes it anew). For PostgreSQL the data is
// made in a temporary SQLite file and moved across with migrate-data, unless the database
// already holds cases.
#pragma once

#include <CLI/CLI.hpp>

#include "main/cli_common.h"

namespace charter {

CommandRun addDemoCommand(CLI::App& app);

}  // namespace charter
