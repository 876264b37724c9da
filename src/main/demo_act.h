// The demo's one way of taking an action: at a given moment on the demo's clock, unless that
// moment is after the demo's end (the story stops there, and the case is left as it is).
// Used by every part of the demo (demo.cc, demo_asb.cc, demo_learning.cc, demo_services.cc).
// Cost: one CaseService::act. Threading: the demo's one thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/case_service.h"
#include "util/time.h"

namespace charter {

// Runs `body` on case `id` at `at` (recorded as its "at"; the clock stands a minute after it)
// as `actor`. nullopt when `at` is after `end`; an error names `part`, the case, the action,
// and the field and rule the service gave.
inline Result<std::optional<CaseView>> demoAct(CaseService& service, FixedTimeSource& time,
                                               Instant end, std::string_view part, CaseId id,
                                               nlohmann::json body, Instant at,
                                               const std::string& actor) {
  if (at > end) return std::optional<CaseView>{};
  time.set(at + std::chrono::minutes{1});
  body["at"] = formatInstant(at);
  auto v = service.act(id, body, actor);
  if (!v) {
    auto e = v.error();
    e.message = fmt::format("{}: case {} {}: {} ({} {})", part, id, body.value("action", "?"),
                            e.message, e.field, e.rule);
    return tl::unexpected(e);
  }
  return std::optional<CaseView>{std::move(*v)};
}

// Creates the case `body` received at `at` (the clock stands two minutes after it) as
// `creator`; an error names `part`, and the field and rule the service gave.
inline Result<CaseId> demoCreate(CaseService& service, FixedTimeSource& time,
                                 std::string_view part, nlohmann::json body, Instant at,
                                 const std::string& creator) {
  body["received_at"] = formatInstant(at);
  time.set(at + std::chrono::minutes{2});
  auto made = service.create(body, creator);
  if (!made) {
    auto e = made.error();
    e.message = fmt::format("{}: {} ({} {})", part, e.message, e.field, e.rule);
    return tl::unexpected(e);
  }
  return made->state.id;
}

}  // namespace charter
