#include "web/case_access.h"

#include <fmt/format.h>

#include "app/authz.h"

namespace charter::web {
namespace {

bool residentSide(const Principal& who) {
  return who.role == Role::kResident || who.role == Role::kRepresentative;
}

class PlainAccess final : public CaseAccess {
 public:
  explicit PlainAccess(CaseService& s) : s_(s) {}

  Result<CaseView> create(const Principal& who, nlohmann::json body) override {
    if (residentSide(who) && body.is_object()) {
      auto& person = body["person"];
      if (!person.is_object()) person = nlohmann::json::object();
      person["account"] = who.person_ref;
      if (!person.contains("name")) person["name"] = who.display_name;
    }
    return s_.create(body, who.username);
  }
  Result<CaseView> act(const Principal& who, CaseId id, const nlohmann::json& body) override {
    if (auto v = get(who, id); !v) return v;
    return s_.act(id, body, who.username);
  }
  Result<CaseView> get(const Principal& who, CaseId id) override {
    auto v = s_.get(id);
    if (v && residentSide(who) &&
        (who.person_ref.empty() || v->state.person.account != who.person_ref))
      return notFound(fmt::format("There is no case {}.", caseReference(id)));
    return v;
  }
  Result<CasePage> list(const Principal& who, CaseQuery query) override {
    if (residentSide(who)) query.person_ref = who.person_ref;
    return s_.list(std::move(query));
  }
  Result<CaseView> recordLetter(const Principal& who, CaseId id,
                                const nlohmann::json& letter) override {
    if (residentSide(who)) return forbidden();
    return s_.recordLetter(id, letter, who.username);
  }
  Result<CaseService*> service(const Principal&) override { return &s_; }

 private:
  CaseService& s_;
};

}  // namespace

std::unique_ptr<CaseAccess> plainAccess(CaseService& service) {
  return std::make_unique<PlainAccess>(service);
}

}  // namespace charter::web
