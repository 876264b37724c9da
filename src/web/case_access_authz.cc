#include "app/authz.h"
#include "web/case_access.h"

namespace charter::web {
namespace {

class Authorised final : public CaseAccess {
 public:
  explicit Authorised(AuthorisedCases& c) : c_(c) {}
  Result<CaseView> create(const Principal& who, nlohmann::json body) override {
    return c_.create(who, std::move(body));
  }
  Result<CaseView> act(const Principal& who, CaseId id, const nlohmann::json& body) override {
    return c_.act(who, id, body);
  }
  Result<CaseView> get(const Principal& who, CaseId id) override { return c_.get(who, id, "web"); }
  Result<CasePage> list(const Principal& who, CaseQuery query) override {
    return c_.list(who, std::move(query));
  }
  Result<CaseView> recordLetter(const Principal& who, CaseId id,
                                const nlohmann::json& letter) override {
    if (!allowed(who, Permission::kIssueLetters)) return forbidden();
    auto seen = c_.get(who, id, "web");
    if (!seen) return seen;
    auto service = c_.service(who);
    if (!service) return tl::unexpected(service.error());
    return (*service)->recordLetter(id, letter, actorName(who));
  }
  Result<CaseService*> service(const Principal& who) override { return c_.service(who); }

 private:
  AuthorisedCases& c_;
};

}  // namespace

std::unique_ptr<CaseAccess> authorisedAccess(AuthorisedCases& cases) {
  return std::make_unique<Authorised>(cases);
}

}  // namespace charter::web
