// The choice to complain (Code 1.3; 001 §4.1.6-4.1.7): when a service request shows that the
// resident is dissatisfied, staff offer them the choice to make a complaint and record what
// they chose.
//
// Action `offer_complaint` {choice, note?} on a service request (409 `not-a-service-request`
// otherwise), finished ones too; ordered only after the receipt. `choice` is `complain`,
// `not_now` or `declined` (422 `enum`). Event `complaint_offered` {choice, note}. With
// `complain` the app layer raises the complaint in the same transaction (as
// convert_to_complaint), so the offer and the complaint are recorded together.
// Pure: no I/O, no clock.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "domain/aftercare.h"

namespace charter {

namespace event_type {
inline constexpr std::string_view kComplaintOffered = "complaint_offered";
}  // namespace event_type

inline constexpr std::array<std::string_view, 3> kComplaintChoices = {"complain", "not_now",
                                                                      "declined"};
// "Wants to complain", ...
std::string_view complaintChoiceTitle(std::string_view choice);

namespace choice {
Result<std::vector<Event>> offerComplaint(const AftercareStep& a);
}  // namespace choice

}  // namespace charter
