// Additional and related complaints (Code 6.8; domain/additional_issues.h): the actions
// add_issue and log_separately, and the check that a stage 1 response answers the issues added.
#include <fmt/format.h>

#include "domain/additional_issues.h"
#include "domain/clocks.h"
#include "domain/lifecycle_internal.h"

namespace charter::lifecycle_detail {
namespace {

using json = nlohmann::json;
using fields::kLongText;
using fields::kShortText;

// Why the issue cannot be added to this complaint now (Code 6.8), or nothing.
Status checkMayAdd(const Act& a) {
  const CaseState& s = a.state;
  auto refuse = [](std::string why, std::string field = "") -> Status {
    return conflict("code-6.8",
                    why + " Log it as a new complaint linked to this one (action "
                          "log_separately) (Code 6.8).",
                    std::move(field));
  };
  if (s.stage == 2) {
    return refuse("This complaint is at stage 2: a new issue is not added to a stage 2 review.");
  }
  if (s.stage1.responded_at) {
    return refuse(fmt::format("The stage 1 response was sent on {}: a new issue raised after it "
                              "is a new complaint.",
                              a.cal.formatLocal(*s.stage1.responded_at)));
  }
  const int imminent = a.ctx.policy.add_issue_imminent_working_days;
  for (const Clock& c : evaluateClocks(s, a.policy, a.date)) {
    if (c.name != "stage1.respond" || !c.due) continue;
    if (a.cal.addWorkingDays(a.date, imminent) > *c.due) {
      return refuse(fmt::format("The stage 1 response is due on {}, fewer than {} working days "
                                "away: adding the issue now would delay it.",
                                formatDateLong(*c.due), imminent),
                    "at");
    }
  }
  return {};
}

}  // namespace

Result<std::vector<Event>> addIssue(const Act& a) {
  CHARTER_CHECK(requireComplaint(a, "add_issue"));
  CHARTER_CHECK(checkMayAdd(a));
  CHARTER_TRY(summary, a.body.text("summary", kLongText, true));
  // Once the complaint is defined, the definition is restated to include the new issue (Code
  // 5.6); before the acknowledgement, the acknowledgement defines it.
  const bool defined = a.state.stage1.acknowledged_at.has_value();
  CHARTER_TRY(definition, a.body.text("definition", kLongText, defined));
  const int number = static_cast<int>(addedIssues(a.state).size()) + 1;
  json data = {{"stage", 1}, {"number", number}, {"summary", summary}};
  if (!definition.empty()) data["definition"] = definition;
  return std::vector<Event>{makeEvent(event_type::kIssueAdded, a.at, std::move(data))};
}

Result<std::vector<Event>> logSeparately(const Act& a) {
  CHARTER_CHECK(requireComplaint(a, "log_separately"));
  CHARTER_TRY(summary, a.body.text("summary", kLongText, true));
  CHARTER_TRY(reason, a.body.text("reason", kLongText, false));
  CHARTER_TRY(channel_text, a.body.text("channel", kShortText, false));
  std::string channel(slug(a.state.channel));
  if (!channel_text.empty()) {
    CHARTER_TRY(c, parseChannel(channel_text));
    channel = slug(c);
  }
  CHARTER_TRY(received_by, a.body.text("received_by", kShortText, false));
  json data = {{"summary", summary},
               {"reason", reason},
               {"channel", channel},
               {"received_by", received_by.empty() ? a.ctx.actor : received_by}};
  CHARTER_CHECK(readNewComplaintId(a, data));
  return std::vector<Event>{makeEvent(event_type::kRelatedLogged, a.at, std::move(data))};
}

Status checkAddedIssuesAnswered(const CaseState& s, int stage, std::size_t elements) {
  if (stage != 1) return {};
  std::vector<std::string> added;
  for (const auto& i : addedIssues(s)) added.push_back(i.summary);
  if (elements >= added.size() + 1) return {};
  std::string list;
  for (const auto& x : added) list += (list.empty() ? "\"" : ", \"") + x.substr(0, 80) + "\"";
  return conflict("code-6.8",
                  fmt::format("The response answers {} part(s), but the complaint has {} issue(s) "
                              "added to it ({}) besides the original: give a part for each "
                              "(Code 6.8, 6.9).",
                              elements, added.size(), list),
                  "elements");
}

}  // namespace charter::lifecycle_detail
