#include "main/cli_common.h"

#include <cstdio>

#include <fmt/format.h>

namespace charter {

int fail(const Error& e) {
  if (e.field.empty()) {
    fmt::print(stderr, "error: {}\n", e.message);
  } else {
    fmt::print(stderr, "error: {}: {} ({})\n", e.field, e.message, e.rule);
  }
  return 1;
}

int failMessage(const std::string& message) {
  fmt::print(stderr, "error: {}\n", message);
  return 1;
}

Result<PolicyPtr> loadPolicy(const std::string& path) {
  if (path.empty()) return builtinPolicy("hos-code-2024");
  return loadPolicyFile(path);
}

}  // namespace charter
