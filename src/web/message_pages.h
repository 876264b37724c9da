// The staff case page's "Messages to the resident" section (web/message_pages.cc): each email
// about the case with its delivery status. Internal to the web layer.
#pragma once

#include <string>

#include "web/internal.h"

namespace charter::web::staff {

// "" when the installation has no outbox (WebOptions::messages unset) or the case has none.
std::string messagesSection(Ctx& ctx, Visit& v, const CaseState& s);

}  // namespace charter::web::staff
