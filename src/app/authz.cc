#include "app/authz.h"

#include <fmt/format.h>

#include "app/audit.h"
#include "app/triage.h"

namespace charter {
namespace {

bool isResidentSide(const Principal& who) {
  return who.role == Role::kResident || who.role == Role::kRepresentative;
}

bool owns(const Principal& who, const CaseState& state) {
  return !who.person_ref.empty() && state.person.account == who.person_ref;
}

Error noSuchCase(CaseId id) {
  return Error{ErrorKind::kNotFound, "", "not-found",
               fmt::format("There is no case {}.", caseReference(id))};
}

}  // namespace

tl::unexpected<Error> forbidden(std::string message) {
  return tl::unexpected<Error>(Error{ErrorKind::kForbidden, "", "forbidden", std::move(message)});
}
bool isForbidden(const Error& e) { return e.kind == ErrorKind::kForbidden; }
bool isUnauthenticated(const Error& e) { return e.kind == ErrorKind::kUnauthenticated; }

std::string actorName(const Principal& who) {
  if (who.api_token && !who.acting_for.empty()) return who.acting_for;
  return who.username.empty() ? fmt::format("account:{}", who.user_id) : who.username;
}

Permission permissionFor(const CaseState& state, std::string_view action) {
  if (action == "request_escalation") return Permission::kRequestEscalation;
  if (action == "note") return Permission::kLogContact;  // staff only: see act()
  if (action == "assign") return Permission::kLogContact;  // staff only: see act()
  // Whoever records contacts records how the person wants to be contacted; a resident their own.
  if (action == "change_contact_preference") return Permission::kLogContact;
  // A subject access request or a breach is handled by those trusted with personal data.
  if (state.kind == CaseKind::kSubjectAccessRequest || state.kind == CaseKind::kDataBreach) {
    return Permission::kDataProtection;
  }
  if (state.kind != CaseKind::kComplaint) return Permission::kLogContact;
  if (state.stage == 2 && (action == "acknowledge" || action == "extend" || action == "respond")) {
    return Permission::kHandleStage2;
  }
  return Permission::kHandleStage1;
}

bool mayAct(const Principal& who, const CaseState& state, std::string_view action) {
  if (!allowed(who, permissionFor(state, action))) return false;
  if (isResidentSide(who) && action != "request_escalation" &&
      action != "change_contact_preference")
    return false;
  if ((action == "note" || action == "assign") && !who.isStaff()) return false;
  return true;
}

bool maySee(const Principal& who, const CaseState& state) {
  if (allowed(who, Permission::kViewAnyCase)) return true;
  return allowed(who, Permission::kViewOwnCases) && owns(who, state);
}

Result<CaseView> AuthorisedCases::create(const Principal& who, nlohmann::json body) {
  if (!allowed(who, Permission::kLogContact)) return forbidden();
  auto service = landlords_.cases(who.landlord);
  if (!service) return tl::unexpected(service.error());
  if (isResidentSide(who) && body.is_object()) {
    // A resident's (or their representative's) contact is about them, whatever the body says.
    if (who.person_ref.empty()) return forbidden("This account is not linked to a person.");
    auto& person = body["person"];
    if (!person.is_object()) person = nlohmann::json::object();
    person["account"] = who.person_ref;
    if (!person.contains("name")) person["name"] = who.display_name;
  }
  return (*service)->create(body, actorName(who));
}

Result<CaseView> AuthorisedCases::act(const Principal& who, CaseId id, const nlohmann::json& body) {
  auto service = landlords_.cases(who.landlord);
  if (!service) return tl::unexpected(service.error());
  // Read first: ownership and the stage decide what is needed. (The service re-reads inside
  // its transaction; a stage change in between is caught there by the domain's own rules.)
  auto current = (*service)->get(id);
  if (!current) {
    if (current.error().kind == ErrorKind::kNotFound && !maySeeAny(who)) return forbidden();
    return tl::unexpected(current.error());
  }
  if (!maySee(who, current->state)) {
    return maySeeAny(who) ? tl::unexpected(noSuchCase(id)) : forbidden();
  }
  std::string action;
  if (body.is_object()) {
    if (auto it = body.find("action"); it != body.end() && it->is_string()) action = *it;
  }
  if (!mayAct(who, current->state, action)) return forbidden();
  if (action == "assign") {
    auto policy = landlords_.policy(who.landlord);
    if (!policy) return tl::unexpected(policy.error());
    auto checked = checkAssignOwner(landlords_.accountStore(), who.landlord, **policy, body);
    if (!checked) return tl::unexpected(checked.error());
    return (*service)->act(id, *checked, actorName(who));
  }
  return (*service)->act(id, body, actorName(who));
}

bool maySeeAny(const Principal& who) {
  return allowed(who, Permission::kViewAnyCase) || allowed(who, Permission::kViewOwnCases);
}

Result<CaseView> AuthorisedCases::get(const Principal& who, CaseId id, std::string_view purpose) {
  return read(who, id, purpose, false);
}

Result<CaseView> AuthorisedCases::show(const Principal& who, CaseId id, std::string_view purpose) {
  return read(who, id, purpose, true);
}

Result<CaseView> AuthorisedCases::read(const Principal& who, CaseId id, std::string_view purpose,
                                       bool before_send) {
  if (!maySeeAny(who)) return forbidden();
  auto service = landlords_.cases(who.landlord);
  if (!service) return tl::unexpected(service.error());
  auto view = (*service)->get(id);
  if (!view) return view;
  if (!maySee(who, view->state)) return tl::unexpected(noSuchCase(id));
  auto& store = landlords_.accountStore();
  const auto& time = landlords_.time();
  auto s = before_send ? recordViewBeforeSend(store, time, who, view->state, purpose)
                       : recordView(store, time, who, view->state, purpose);
  if (!s) return tl::unexpected(s.error());
  return view;
}

Result<CaseView> AuthorisedCases::recordLetter(const Principal& who, CaseId id,
                                              const nlohmann::json& letter,
                                              std::string_view purpose) {
  if (!allowed(who, Permission::kIssueLetters)) return forbidden();
  auto seen = get(who, id, purpose);
  if (!seen) return seen;
  auto service = landlords_.cases(who.landlord);
  if (!service) return tl::unexpected(service.error());
  return (*service)->recordLetter(id, letter, actorName(who));
}

Result<CasePage> AuthorisedCases::list(const Principal& who, CaseQuery query) {
  if (!maySeeAny(who)) return forbidden();
  auto service = landlords_.cases(who.landlord);
  if (!service) return tl::unexpected(service.error());
  if (!allowed(who, Permission::kViewAnyCase)) {
    if (who.person_ref.empty()) return CasePage{};
    query.person_ref = who.person_ref;
  }
  return (*service)->list(std::move(query));
}

}  // namespace charter
