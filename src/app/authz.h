// AuthorisedCases: the case use cases asked on behalf of a Principal. The one place where the
// role matrix (`allowed`) and ownership are applied to cases, and the only way the JSON API and
// the web pages reach cases: neither holds a CaseService of its own.
//
//   * the landlord is the Principal's: another landlord's case is simply not there (404);
//   * residents and representatives see and act on only the cases whose person.account is
//     their person_ref (anyone else's is 404, never 403: existence is not disclosed);
//     a case they log is always about them;
//   * a role that may not do something gets forbidden() (403);
//   * every read of a case is written to the view log, durably, before the case is shown:
//     get() waits for the view's commit before it answers (for a read that a write or a
//     decision follows); show() hands the view to the store's writer and registers it with
//     the request's DurableBeforeSend (util/durable_before_send.h), so the page or JSON is
//     built while the view commits and the HTTP server waits for the commit before it sends
//     a byte (a failed view turns the response into a 503 naming the view log). Outside a
//     request show() waits at once, as get() does.
#pragma once

#include <nlohmann/json.hpp>

#include "app/landlords.h"

namespace charter {

// kForbidden, rule "forbidden": the role may not do this (the HTTP edge answers 403).
tl::unexpected<Error> forbidden(std::string message = "Your role does not allow this.");
bool isForbidden(const Error& e);
// kUnauthenticated: what AccountService answers for a missing, unknown or expired credential
// (401).
bool isUnauthenticated(const Error& e);

// The permission an action on `state` needs ("acknowledge", "respond", ...).
Permission permissionFor(const CaseState& state, std::string_view action);
// True when the role may take `action` on `state` (the role matrix; residents only ask for stage 2
// and change their own contact preference): what the case page offers. Ownership is maySee's; the domain still decides
// whether the Code allows the step now.
bool mayAct(const Principal& who, const CaseState& state, std::string_view action);
// True when the principal may see this case at all (role and ownership).
bool maySee(const Principal& who, const CaseState& state);
// True when the role may read some cases (its own or all).
bool maySeeAny(const Principal& who);

class AuthorisedCases {
 public:
  explicit AuthorisedCases(LandlordRegistry& landlords) : landlords_(landlords) {}

  Result<CaseView> create(const Principal& who, nlohmann::json body);
  Result<CaseView> act(const Principal& who, CaseId id, const nlohmann::json& body);
  // `purpose` is written to the view log ("api", "web", ...); durable when this answers.
  Result<CaseView> get(const Principal& who, CaseId id, std::string_view purpose = "api");
  // get() for a read whose response only shows the case (nothing is written after it in the
  // request): the view is durable before the response is sent, not before this returns.
  Result<CaseView> show(const Principal& who, CaseId id, std::string_view purpose = "api");
  Result<CasePage> list(const Principal& who, CaseQuery query);
  // Records an issued letter: needs Permission::kIssueLetters and sight of the case.
  Result<CaseView> recordLetter(const Principal& who, CaseId id, const nlohmann::json& letter,
                                std::string_view purpose = "api");

  // The landlord's CaseService, for what needs no case data (today(), the policy).
  Result<CaseService*> service(const Principal& who) { return landlords_.cases(who.landlord); }
  LandlordRegistry& landlords() { return landlords_; }

 private:
  Result<CaseView> read(const Principal& who, CaseId id, std::string_view purpose,
                        bool before_send);
  LandlordRegistry& landlords_;
};

// What the case records as its actor: the account's username, or "token:NAME".
std::string actorName(const Principal& who);

}  // namespace charter
