#include "domain/choice.h"

#include <fmt/format.h>

namespace charter {

std::string_view complaintChoiceTitle(std::string_view c) {
  if (c == "complain") return "Chose to complain";
  if (c == "not_now") return "Not now: may complain later";
  if (c == "declined") return "Declined to complain";
  return c;
}

namespace choice {

Result<std::vector<Event>> offerComplaint(const AftercareStep& a) {
  if (a.state.kind != CaseKind::kServiceRequest) {
    return conflict("not-a-service-request",
                    fmt::format("The choice to complain is offered on a service request that "
                                "shows dissatisfaction (Code 1.3); this case is a {}.",
                                displayName(a.state.kind)));
  }
  CHARTER_TRY(choice, a.body.oneOf("choice", kComplaintChoices, true));
  CHARTER_TRY(note, a.body.text("note", fields::kLongText, false));
  Event e;
  e.type = std::string(event_type::kComplaintOffered);
  e.at = a.at;
  e.data = {{"choice", choice}, {"note", note}};
  return std::vector<Event>{std::move(e)};
}

}  // namespace choice
}  // namespace charter
