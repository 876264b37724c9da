// Helpers shared by the policy tests: the source tree, a date, a minimal landlord policy and
// the refusal of a policy text.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "policy/policy.h"

namespace charter::policy_test {

inline std::filesystem::path sourceDir() {
  if (const char* dir = std::getenv("CHARTER_SOURCE_DIR"); dir && *dir) return dir;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

inline Date day(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

// A minimal landlord policy with `body` appended.
inline std::string landlord(std::string_view body, std::string_view extends = "hos-code-2024") {
  return "id = \"test-landlord\"\nname = \"Test landlord\"\nextends = \"" + std::string(extends) +
         "\"\n" + std::string(body);
}

inline Error refusal(std::string_view text) {
  auto p = parsePolicy(text, "test.toml");
  EXPECT_FALSE(p.has_value()) << "expected a refusal";
  return p ? Error{} : p.error();
}

}  // namespace charter::policy_test
