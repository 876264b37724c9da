// The complaint lifecycle of the Housing Ombudsman's Complaint Handling Code, as decisions.
//
// decideNew/decideAction validate a request (the JSON body of the API, also used by the web
// forms and the demo generator) against the case's state and the policy, and return the
// events to append. They never touch storage or the wall clock: `now` comes in the context.
//
// Errors: kInvalid (422) names the field and rule; kConflict (409) names the Code provision
// or rule that forbids the transition. See docs/lifecycle.md for the whole table.
//
// Actions (body "action"): acknowledge, extend, respond, request_escalation, refuse, withdraw,
// close, note, convert_to_complaint (service request -> new linked complaint; handled by the
// app layer with decideNew plus a "linked" event here).
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/case.h"
#include "policy/policy.h"
#include "util/result.h"

namespace charter {

// The Code 7.1 remedy types.
inline constexpr std::array<std::string_view, 9> kRemedyTypes = {
    "apology",       "acknowledgement",   "explanation",   "action_on_delay",
    "reconsidered_decision", "record_amended", "financial", "works",
    "policy_change"};

struct DecisionContext {
  const Policy& policy;  // the landlord's current policy (effectiveFor is applied inside)
  Instant now;           // when the request arrived (TimeSource)
  std::string actor;     // who is asking
};

// A new case from a POST /cases body: {"kind","received_at","channel","summary","person":{...},
// "received_by","service_area","theme"}. Returns the "received" event (seq 1).
Result<Event> decideNew(const nlohmann::json& body, const DecisionContext& ctx);

// An action on an existing case from a POST /cases/{id}/actions body. Returns the events to
// append, seq numbered from state.version() + 1.
Result<std::vector<Event>> decideAction(const CaseState& state, const nlohmann::json& body,
                                        const DecisionContext& ctx);

// convert_to_complaint: the POST /cases body of the complaint raised from `source` by its
// `linked` event (kind complaint, received at the link's time, the same person, raised_from
// the source's id). The app layer passes it to decideNew, then sets the linked event's
// data["complaint_id"] to the new case's id before appending both.
nlohmann::json complaintBodyFromLink(const CaseState& source, const Event& linked);

}  // namespace charter
