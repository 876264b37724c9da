// libFuzzer target: the landlord policy parser (TOML through toml++, then the Code checks:
// a statutory clock may be tightened, never loosened). Any input must give a policy or an
// error naming the key; never a crash, a hang or an exception.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto policy = charter::parsePolicy(text, "fuzz.toml");
    if (!policy && policy.error().message.empty()) {
      std::fprintf(stderr, "an error without a message\n");
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parsePolicy threw: %s\n", e.what());
    std::abort();
  }
  return 0;
}
