// The message route of the JSON API v1 (api/messages_api.h) and its OpenAPI description.
#include "api/messages_api.h"

#include "api/api_auth.h"
#include "api/errors.h"
#include "api/params.h"

namespace charter::api {
namespace {

using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

json messageJson(const OutboxMessage& m) {
  return {{"key", m.key()},
          {"event", m.event_seq},
          {"kind", m.kind},
          {"channel", m.channel},
          {"recipient", m.recipient},
          {"subject", m.subject},
          {"status", m.status},
          {"attempts", m.attempts},
          {"created", formatInstant(m.created)},
          {"next_attempt", m.status == kMessageSent || m.status == kMessageFailed
                               ? json(nullptr)
                               : json(formatInstant(m.next_attempt))},
          {"sent", m.sent ? json(formatInstant(*m.sent)) : json(nullptr)},
          {"last_error", m.last_error.empty() ? json(nullptr) : json(m.last_error)}};
}

Response listMessages(CaseMessages& messages, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto list = messages.list(who, *id);
  if (!list) return errorFor(list.error(), request);
  json out = json::array();
  for (const auto& m : *list) out.push_back(messageJson(m));
  return jsonResponse(200, json{{"messages", out}});
}

constexpr const char* kPaths = R"json({
  "/api/v1/cases/{id}/messages": {
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
    "get": {
      "tags": ["messages"], "operationId": "listMessages",
      "summary": "The emails sent (or waiting to be sent) to the resident about a case, with their delivery status",
      "responses": {
        "200": {"description": "The messages, oldest first", "content": {"application/json": {"schema": {"type": "object", "properties": {"messages": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}}}}}}},
        "401": {"description": "Not signed in"}, "404": {"$ref": "#/components/responses/NotFound"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  }
})json";

constexpr const char* kMessageSchema = R"json({
  "type": "object",
  "properties": {
    "key": {"type": "string", "description": "case.event.kind: also the email's Message-ID"},
    "event": {"type": "integer", "description": "The case event that caused it"},
    "kind": {"type": "string", "enum": ["acknowledgement", "case_update", "letter", "survey"]},
    "channel": {"type": "string", "enum": ["email", "sms"]},
    "recipient": {"type": "string"}, "subject": {"type": "string"},
    "status": {"type": "string", "enum": ["pending", "sending", "sent", "failed"]},
    "attempts": {"type": "integer"},
    "created": {"type": "string", "format": "date-time"},
    "next_attempt": {"type": "string", "format": "date-time", "nullable": true},
    "sent": {"type": "string", "format": "date-time", "nullable": true},
    "last_error": {"type": "string", "nullable": true, "description": "Why the last attempt failed"}}
})json";

}  // namespace

void addMessageRoutes(http::Router& router, CaseMessages& messages, AccountService& accounts) {
  router.add("GET", "/api/v1/cases/{id}/messages",
             withPrincipal(accounts, [&messages](const Request& request, const Principal& who) {
               return listMessages(messages, request, who);
             }));
}

void addMessagesOpenApi(json& doc) {
  doc["components"]["schemas"]["Message"] = json::parse(kMessageSchema);
  const auto paths = json::parse(kPaths);
  for (const auto& [path, item] : paths.items()) doc["paths"][path] = item;
  doc["tags"].push_back({{"name", "messages"}, {"description", "Emails to residents and their delivery"}});
}

}  // namespace charter::api
