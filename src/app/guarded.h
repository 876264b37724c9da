// guarded: runs a call, turning any exception from below (a bug, an allocation failure) into
// kInternal "<what> failed: ...", so a use case or a store call answers a 500, never a crash.
#pragma once

#include <exception>
#include <string_view>

#include <fmt/format.h>

#include "util/result.h"

namespace charter {

template <class F>
auto guarded(std::string_view what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return internalError(fmt::format("{} failed: {}", what, e.what()));
  } catch (...) {
    return internalError(fmt::format("{} failed", what));
  }
}

}  // namespace charter
