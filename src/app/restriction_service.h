// RestrictionService: contact warnings and restrictions on a person (domain/restrictions.h),
// asked on behalf of a Principal, over the PersonStore port.
//
// Staff only: reading needs Permission::kViewAnyCase and recording kHandleStage1 (403
// otherwise); residents never see them (the portal shows nothing of them). The landlord is the
// Principal's. `person_ref` is the `person.account` reference cases carry (not empty: 422
// `required` on `person_ref`). A write that loses a race with another on the same person is
// decided again on the new history (at most three times) before kConflict is answered.
//
// Restrictions never reach the case lifecycle: a complaint from a restricted person is logged,
// handled and counted like any other.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/authz.h"
#include "app/person_store.h"
#include "domain/restrictions.h"

namespace charter {

class RestrictionService {
 public:
  RestrictionService(PersonStore& store, LandlordRegistry& landlords)
      : store_(store), landlords_(landlords) {}

  Result<PersonRestrictions> get(const Principal& who, std::string_view person_ref);
  // warn | impose (decidePersonAction).
  Result<PersonRestrictions> act(const Principal& who, std::string_view person_ref,
                                 const nlohmann::json& body);
  // review | lift restriction `number` (decideRestrictionAction).
  Result<PersonRestrictions> actOn(const Principal& who, std::string_view person_ref, int number,
                                   const nlohmann::json& body);
  // Every person with a restriction in force or a warning, by person_ref (for My work).
  Result<std::vector<PersonRestrictions>> people(const Principal& who);
  // The landlord's local date now.
  Result<Date> today(const Principal& who);

 private:
  using Decide = std::function<Result<std::vector<Event>>(const PersonRestrictions&,
                                                          const PersonActionContext&)>;
  Result<PersonRestrictions> record(const Principal& who, std::string_view person_ref,
                                    const Decide& decide);
  PersonStore& store_;
  LandlordRegistry& landlords_;
};

// The JSON of a person's restrictions (GET /people/{ref}/restrictions), with the review clocks
// as of `today`.
nlohmann::json restrictionsJson(const PersonRestrictions& p, Date today);

}  // namespace charter
