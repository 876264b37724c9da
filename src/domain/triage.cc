// Triage: giving a case an owner (action "assign"), and the Code 6.13 test of independence by
// account. Declared in lifecycle_internal.h.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "domain/fields.h"
#include "domain/lifecycle_internal.h"

namespace charter::lifecycle_detail {

using json = nlohmann::json;

Result<std::vector<Event>> assign(const Act& a) {
  CHARTER_TRY(owner, a.body.text("owner", fields::kShortText, true));
  const std::string previous = a.state.owner;
  // Reassigning moves someone's work to another: the reason is part of the record.
  CHARTER_TRY(reason, a.body.text("reason", fields::kLongText, !previous.empty()));
  if (owner == previous) {
    return conflict("already-assigned",
                    fmt::format("{} is already assigned to {}.", a.state.reference, owner),
                    "owner");
  }
  json data = {{"owner", owner}, {"reason", reason}};
  data["previous_owner"] = previous.empty() ? json(nullptr) : json(previous);
  return std::vector<Event>{makeEvent(event_type::kAssigned, a.at, std::move(data))};
}

Status checkIndependentAccount(const Act& a, std::string_view step) {
  if (a.state.stage != 2 || a.ctx.actor.empty()) return {};
  const StageRecord& s1 = a.state.stage1;
  const char* what = nullptr;
  if (a.ctx.actor == s1.acknowledged_by) what = "acknowledged";
  if (a.ctx.actor == s1.responded_by) what = what ? "acknowledged and answered" : "answered";
  if (what == nullptr) return {};
  return conflict("code-6.13",
                  fmt::format("The account {} {} this complaint at stage 1, so it cannot {} it "
                              "at stage 2: the person who considers the complaint at stage 2 "
                              "must not be the person who considered it at stage 1 (Code "
                              "6.13). Ask a colleague with a different account.",
                              a.ctx.actor, what, step));
}

}  // namespace charter::lifecycle_detail
