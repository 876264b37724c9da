#include "web/message_pages.h"

#include <fmt/format.h>

#include "web/templates.h"

namespace charter::web::staff {
namespace {

using nlohmann::json;

std::string kindText(const std::string& kind) {
  if (kind == "acknowledgement") return "Acknowledgement";
  if (kind == "case_update") return "Your case has a new update";
  if (kind == "letter") return "Letter by email";
  if (kind == "survey") return "How did we do? (satisfaction survey)";
  return "Message";
}

// The tag's text and colour class (GOV.UK Frontend tags).
std::pair<std::string, std::string> statusTag(const std::string& status) {
  if (status == kMessageSent) return {"Sent", "govuk-tag--green"};
  if (status == kMessageFailed) return {"Could not be sent", "govuk-tag--red"};
  if (status == kMessageSending) return {"Sending", "govuk-tag--blue"};
  return {"Waiting to send", "govuk-tag--grey"};
}

std::string detailText(const OutboxMessage& m, const Policy& policy) {
  if (m.sent) return "Sent " + whenText(*m.sent, policy);
  std::string out;
  if (m.attempts > 0 && !m.last_error.empty())
    out = fmt::format("{} failed: {}. ", m.attempts == 1 ? "1 attempt" : fmt::format("{} attempts", m.attempts),
                      m.last_error);
  if (m.status == kMessageFailed) return out + "No more attempts will be made.";
  return out + "Next attempt " + whenText(m.next_attempt, policy);
}

}  // namespace

std::string messagesSection(Ctx& ctx, Visit& v, const CaseState& s) {
  if (ctx.options.messages == nullptr) return {};
  auto messages = ctx.options.messages->list(v.who(), s.id, "web");
  if (!messages || messages->empty()) return {};
  auto service = ctx.cases.service(v.who());
  if (!service) return {};
  const Policy& policy = (*service)->policy();
  json rows = json::array();
  for (const auto& m : *messages) {
    auto [tag, tag_class] = statusTag(m.status);
    rows.push_back({{"what", kindText(m.kind)}, {"to", m.recipient}, {"tag", tag},
                    {"tag_class", tag_class}, {"detail", detailText(m, policy)}});
  }
  return renderTemplate("partials/messages", {{"messages", rows}});
}

}  // namespace charter::web::staff
