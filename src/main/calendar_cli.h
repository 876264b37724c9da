// The commands that need no database: the deadline calculator, the bank holidays and the
// policy check.
//
//   charter deadline --received TIMESTAMP [--acknowledged T] [--responded T] [--escalated T]
//                    [--acknowledged2 T] [--policy FILE]
//   charter calendar holidays --nation NATION --year YYYY
//   charter policy check FILE
#pragma once

#include <CLI/CLI.hpp>

#include "main/cli_common.h"

namespace charter {

CommandRun addCalendarCommands(CLI::App& app);

}  // namespace charter
