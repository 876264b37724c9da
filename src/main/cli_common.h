// What every `charter` command shares: how an error is printed, the policy it runs under, and
// the shape of a command builder.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "policy/policy.h"
#include "util/result.h"

namespace charter {

// Prints "error: MESSAGE" (or "error: FIELD: MESSAGE (RULE)") to stderr; answers exit code 1.
int fail(const Error& e);
// As above for a plain message.
int failMessage(const std::string& message);

// The landlord policy: the file when a path is given, else the built-in Code base.
Result<PolicyPtr> loadPolicy(const std::string& path);

// A command added to the CLI::App: after parsing, the exit code of running it, or nullopt when
// it was not the command given.
using CommandRun = std::function<std::optional<int>()>;

}  // namespace charter
