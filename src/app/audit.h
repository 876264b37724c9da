// The log of who viewed whose record (UK GDPR accountability): every read of a case is written,
// durably, before the case is shown; a data protection role can list who viewed a person.
#pragma once

#include "app/accounts_store.h"

namespace charter {

// Writes one view of `state` by `who` (person_ref is the case's person.account).
Status recordView(AccountStore& store, const TimeSource& time, const Principal& who,
                  const CaseState& state, std::string_view purpose);

// Who viewed the person's record, newest first. Needs Permission::kDataProtection.
Result<std::vector<CaseViewRecord>> viewsOfPerson(AccountStore& store, const Principal& who,
                                                  std::string_view person_ref, int limit = 1000);

}  // namespace charter
