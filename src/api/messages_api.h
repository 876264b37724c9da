// A case's messages to the resident through the JSON API (app/case_messages.h does the work;
// the case's authorisation applies: 404 for a case the principal may not see):
//
//   GET /api/v1/cases/{id}/messages   {"messages":[{key, event, kind, channel, recipient,
//                                      subject, status, attempts, created, next_attempt, sent,
//                                      last_error}]}
//
// status is pending, sending, sent or failed (app/outbox_message.h).
#pragma once

#include <nlohmann/json.hpp>

#include "app/accounts.h"
#include "app/case_messages.h"
#include "http/server.h"

namespace charter::api {

// Both must outlive the server.
void addMessageRoutes(http::Router& router, CaseMessages& messages, AccountService& accounts);

// Adds the route and its schema to the OpenAPI document.
void addMessagesOpenApi(nlohmann::json& doc);

}  // namespace charter::api
