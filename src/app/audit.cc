#include "app/audit.h"

#include "app/authz.h"

namespace charter {

namespace {

CaseViewRecord viewOf(const TimeSource& time, const Principal& who, const CaseState& state,
                      std::string_view purpose) {
  CaseViewRecord v;
  v.landlord = who.landlord;
  v.case_id = state.id;
  v.person_ref = state.person.account;
  v.viewer = actorName(who);
  v.viewer_role = std::string(slug(who.role));
  v.purpose = std::string(purpose);
  v.at = time.now();
  return v;
}

}  // namespace

Error viewLogFailed() {
  return Error{ErrorKind::kUnavailable, "", "view-log",
               "The view log could not record this read, so the case is not shown. Try again."};
}

Status recordView(AccountStore& store, const TimeSource& time, const Principal& who,
                  const CaseState& state, std::string_view purpose) {
  return store.recordView(viewOf(time, who, state, purpose));
}

Status recordViewBeforeSend(AccountStore& store, const TimeSource& time, const Principal& who,
                            const CaseState& state, std::string_view purpose) {
  return DurableBeforeSend::defer(store.recordViewLater(viewOf(time, who, state, purpose)),
                                  viewLogFailed());
}

Result<std::vector<CaseViewRecord>> viewsOfPerson(AccountStore& store, const Principal& who,
                                                  std::string_view person_ref, int limit) {
  if (!allowed(who, Permission::kDataProtection)) return forbidden();
  if (person_ref.empty()) return invalid("person", "required", "Give the person reference.");
  return store.viewsOfPerson(who.landlord, person_ref, limit);
}

}  // namespace charter
