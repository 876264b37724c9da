#include "domain/compliments.h"

#include <fmt/format.h>

namespace charter {

std::vector<ComplimentShare> sharesOf(const CaseState& s) {
  std::vector<ComplimentShare> out;
  for (const auto& e : s.events) {
    if (e.type != event_type::kComplimentShared) continue;
    ComplimentShare c;
    c.with = e.data.value("with", std::string());
    auto on = parseDate(e.data.value("shared_on", std::string()), "shared_on");
    c.shared_on = on ? *on : Date{};
    c.by = e.actor;
    out.push_back(std::move(c));
  }
  return out;
}

namespace compliments {

Result<std::vector<Event>> share(const AftercareStep& a) {
  if (a.state.kind != CaseKind::kCompliment) {
    return conflict("not-a-compliment",
                    fmt::format("Only a compliment is shared with the person or team it praises; "
                                "this case is a {}.",
                                displayName(a.state.kind)));
  }
  CHARTER_TRY(with, a.body.text("with", fields::kShortText, true));
  CHARTER_TRY(on, aftercare::happenedOn(a, "shared_on", a.cal.localDate(a.state.received_at),
                                        "the day the compliment was received"));
  Event e;
  e.type = std::string(event_type::kComplimentShared);
  e.at = a.at;
  e.data = {{"with", with}, {"shared_on", formatDate(on)}};
  return std::vector<Event>{std::move(e)};
}

}  // namespace compliments
}  // namespace charter
