// What the web needs of the case use cases, asked on behalf of the signed-in person.
//
// In `charter serve` this is AuthorisedCases (app/authz.h: the role matrix, ownership, the view
// log), so the pages apply exactly the rules the JSON API applies. Tests may use
// plainAccess over one CaseService.
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "app/case_service.h"
#include "app/principal.h"

namespace charter {
class AuthorisedCases;
}

namespace charter::web {

class CaseAccess {
 public:
  virtual ~CaseAccess() = default;
  virtual Result<CaseView> create(const Principal& who, nlohmann::json body) = 0;
  virtual Result<CaseView> act(const Principal& who, CaseId id, const nlohmann::json& body) = 0;
  virtual Result<CaseView> get(const Principal& who, CaseId id) = 0;
  virtual Result<CasePage> list(const Principal& who, CaseQuery query) = 0;
  // Records an issued letter (needs Permission::kIssueLetters).
  virtual Result<CaseView> recordLetter(const Principal& who, CaseId id,
                                        const nlohmann::json& letter) = 0;
  // The principal's landlord's service: its policy and today's date.
  virtual Result<CaseService*> service(const Principal& who) = 0;
};

// Through AuthorisedCases (the production wiring).
std::unique_ptr<CaseAccess> authorisedAccess(AuthorisedCases& cases);

// Over one CaseService, for tests and single-landlord tools: staff see every case; residents
// and representatives only those whose person.account is their person_ref (404 otherwise), and
// what they log is about them.
std::unique_ptr<CaseAccess> plainAccess(CaseService& service);

}  // namespace charter::web
