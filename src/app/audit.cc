#include "app/audit.h"

#include "app/authz.h"

namespace charter {

Status recordView(AccountStore& store, const TimeSource& time, const Principal& who,
                  const CaseState& state, std::string_view purpose) {
  CaseViewRecord v;
  v.landlord = who.landlord;
  v.case_id = state.id;
  v.person_ref = state.person.account;
  v.viewer = actorName(who);
  v.viewer_role = std::string(slug(who.role));
  v.purpose = std::string(purpose);
  v.at = time.now();
  return store.recordView(v);
}

Result<std::vector<CaseViewRecord>> viewsOfPerson(AccountStore& store, const Principal& who,
                                                  std::string_view person_ref, int limit) {
  if (!allowed(who, Permission::kDataProtection)) return forbidden();
  if (person_ref.empty()) return invalid("person", "required", "Give the person reference.");
  return store.viewsOfPerson(who.landlord, person_ref, limit);
}

}  // namespace charter
