// The log of who viewed whose record (UK GDPR accountability): every read of a case is written,
// durably, before the case is shown; a data protection role can list who viewed a person.
#pragma once

#include "app/accounts_store.h"

namespace charter {

// Writes one view of `state` by `who` (person_ref is the case's person.account), durable when
// it answers.
Status recordView(AccountStore& store, const TimeSource& time, const Principal& who,
                  const CaseState& state, std::string_view purpose);
// The same view, durable before the response is sent rather than before this returns: handed
// to the store's writer and registered with the thread's DurableBeforeSend
// (util/durable_before_send.h), whose failure is viewLogFailed(). With no barrier open it
// waits at once, as recordView does. Only for a read that shows the case and changes nothing
// after it: a write that followed could commit while this view failed.
Status recordViewBeforeSend(AccountStore& store, const TimeSource& time, const Principal& who,
                            const CaseState& state, std::string_view purpose);
// kUnavailable, rule "view-log": the view could not be recorded, so the record is not shown.
Error viewLogFailed();

// Who viewed the person's record, newest first. Needs Permission::kDataProtection.
Result<std::vector<CaseViewRecord>> viewsOfPerson(AccountStore& store, const Principal& who,
                                                  std::string_view person_ref, int limit = 1000);

}  // namespace charter
