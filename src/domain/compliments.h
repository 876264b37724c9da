// Compliments that reach people (001 §4.17): a compliment names the staff member or team it
// praises (`about`, recorded at receipt, case.h), and each time it is passed on to them is an
// event.
//
// Action `share_compliment` {with (required: the person or team told), shared_on (default the
// day of `at`; not after it, 422 future; not before the receipt, 422 before-previous-event)}
// on compliments only (409 `not-a-compliment`), finished ones too; ordered only after the
// receipt. Event `compliment_shared` {with, shared_on}.
// Pure: no I/O, no clock.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/aftercare.h"

namespace charter {

namespace event_type {
inline constexpr std::string_view kComplimentShared = "compliment_shared";
}  // namespace event_type

struct ComplimentShare {
  std::string with;
  Date shared_on{};
  std::string by;  // the account that recorded it
};

// Every sharing of the compliment, in order.
std::vector<ComplimentShare> sharesOf(const CaseState& s);

namespace compliments {
Result<std::vector<Event>> share(const AftercareStep& a);
}  // namespace compliments

}  // namespace charter
