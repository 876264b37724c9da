// Folding a history that is not needed afterwards (a store reading a case back): the same
// CaseState as CaseState::fold, with the events moved into it instead of copied (each event's
// JSON is not built twice).
#pragma once

#include <string>
#include <vector>

#include "domain/case.h"

namespace charter {

// CaseState::fold(id, reference, events), leaving `events` with moved-from elements.
// Cost: one apply per event; no copy of an event.
CaseState foldHistory(CaseId id, std::string reference, std::vector<Event>&& events);

}  // namespace charter
