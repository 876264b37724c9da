#include "app/case_messages.h"

namespace charter {

Result<std::vector<OutboxMessage>> CaseMessages::list(const Principal& who, CaseId id,
                                                      std::string_view purpose) {
  auto view = cases_.show(who, id, purpose);
  if (!view) return tl::unexpected(view.error());
  if (outbox_ == nullptr) return std::vector<OutboxMessage>{};
  return outbox_->forCase(who.landlord, id);
}

}  // namespace charter
