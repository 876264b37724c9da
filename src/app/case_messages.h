// A case's messages to the resident (app/outbox.h) for a principal: whoever may see the case
// sees what was sent about it and how delivery went (a resident only their own case's).
// Errors: kNotFound for a case the principal cannot see; the store's own.
// Threading: as AuthorisedCases (any thread).
#pragma once

#include <vector>

#include "app/authz.h"
#include "app/outbox.h"

namespace charter {

class CaseMessages {
 public:
  // Both must outlive it. `outbox` null: a backend without an outbox (every case has none).
  CaseMessages(AuthorisedCases& cases, OutboxStore* outbox) : cases_(cases), outbox_(outbox) {}

  // The case's messages, oldest first. `purpose` is written to the view log, durable before
  // the response is sent (a read only: AuthorisedCases::show).
  Result<std::vector<OutboxMessage>> list(const Principal& who, CaseId id,
                                          std::string_view purpose = "api");

 private:
  AuthorisedCases& cases_;
  OutboxStore* outbox_;
};

}  // namespace charter
