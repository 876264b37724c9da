// The mail gateway's routes of the JSON API v1 (api/mail_in_api.h) and their OpenAPI
// description.
#include "api/mail_in_api.h"

#include <fmt/format.h>

#include "api/api_auth.h"
#include "api/case_json.h"
#include "api/errors.h"
#include "api/params.h"

namespace charter::api {
namespace {

using http::jsonError;
using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr const char* kPath = "/api/v1/mail-in";

int statusOf(const MailOutcome& o) {
  if (o.outcome == "contact") return 201;
  if (o.outcome == "quarantined") return 202;
  return 200;
}

Result<MailOptions> optionsOf(const Request& request) {
  MailOptions options;
  const std::string kind = request.queryParam("kind");
  if (kind.empty()) return options;
  if (kind != "complaint" && kind != "enquiry" && kind != "service_request") {
    return invalid("kind", "enum", "kind is one of complaint, enquiry, service_request.");
  }
  auto parsed = parseCaseKind(kind);
  if (!parsed) return tl::unexpected(parsed.error());
  options.kind = *parsed;
  return options;
}

Response postMail(MailIn& mail, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {"kind"}); !ok) return errorFor(ok.error(), request);
  auto options = optionsOf(request);
  if (!options) return errorFor(options.error(), request);
  std::string type = request.header("content-type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type != "message/rfc822") {
    return jsonError(415, "Content-Type", "media-type",
                     "Send the raw email with Content-Type: message/rfc822.");
  }
  if (request.body.size() > kMailBodyLimit) {
    return jsonError(413, "body", "too-large",
                     fmt::format("A message may be at most {} bytes.", kMailBodyLimit));
  }
  auto out = mail.receive(who, request.body, *options);
  if (!out) return errorFor(out.error(), request);
  Response r = jsonResponse(statusOf(*out), mailOutcomeJson(*out));
  if (out->outcome == "contact") r.headers.emplace_back("Location", caseLocation(out->case_id));
  return r;
}

Response listQuarantine(MailIn& mail, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto rows = mail.quarantined(who);
  if (!rows) return errorFor(rows.error(), request);
  json out = json::array();
  for (const auto& m : *rows) {
    out.push_back({{"message_id", m.message_key}, {"received_at", formatInstant(m.received_at)},
                   {"from", m.from},       {"subject", m.subject},
                   {"size", m.size},       {"reason", m.reason},
                   {"detail", m.detail}});
  }
  return jsonResponse(200, json{{"messages", out}});
}

constexpr const char* kPaths = R"json({
  "/api/v1/mail-in": {
    "post": {
      "tags": ["mail-in"], "operationId": "postMail",
      "summary": "Take in one email from a mail gateway: a new contact for triage, or a reply joining the case its subject names (CH-000123). Oversized, malformed and sender-less messages are quarantined with the reason; the same Message-ID twice is logged once. A token whose role logs contacts and sees every case (front_line is enough)",
      "parameters": [{"name": "kind", "in": "query", "required": false, "description": "The kind of a new contact (default complaint)", "schema": {"type": "string", "enum": ["complaint", "enquiry", "service_request"]}}],
      "requestBody": {"required": true, "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}}}},
      "responses": {
        "200": {"description": "joined: a note on the case, or duplicate: already received, nothing written", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MailOutcome"}}}},
        "201": {"description": "contact: a new case waiting for triage (Location: the case)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MailOutcome"}}}},
        "202": {"description": "quarantined: kept whole with the reason (too-large, malformed, no-from, refused)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MailOutcome"}}}},
        "401": {"description": "Not signed in"}, "403": {"description": "The role may not log contacts"},
        "409": {"description": "Another delivery of this message is being taken in (rule in-progress): retry later", "content": {"application/json": {"schema": {"type": "object"}}}},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"description": "The database is unavailable: retry"}}
    }
  },
  "/api/v1/mail-in/quarantine": {
    "get": {
      "tags": ["mail-in"], "operationId": "listMailQuarantine",
      "summary": "The messages that were not taken in, newest first (at most 100), with the reason; staff who see every case",
      "responses": {
        "200": {"description": "The quarantine", "content": {"application/json": {"schema": {"type": "object", "properties": {"messages": {"type": "array", "items": {"type": "object", "properties": {
          "message_id": {"type": "string"}, "received_at": {"type": "string", "format": "date-time"},
          "from": {"type": "string"}, "subject": {"type": "string"}, "size": {"type": "integer"},
          "reason": {"type": "string", "enum": ["too-large", "malformed", "no-from", "refused"]},
          "detail": {"type": "string"}}}}}}}}},
        "401": {"description": "Not signed in"}, "403": {"description": "The role may not see every case"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  }
})json";

constexpr const char* kSchema = R"json({
  "type": "object",
  "properties": {
    "outcome": {"type": "string", "enum": ["contact", "joined", "quarantined", "duplicate"]},
    "first_outcome": {"type": "string", "description": "duplicate: what the first delivery did"},
    "message_id": {"type": "string", "description": "The Message-ID, or sha256: and the hash of the bytes when there is none"},
    "case_id": {"type": "integer", "nullable": true},
    "reference": {"type": "string", "nullable": true},
    "reason": {"type": "string", "description": "quarantined: the rule"},
    "detail": {"type": "string", "description": "quarantined: why"},
    "attachments": {"type": "array", "items": {"type": "string"}, "description": "The names kept on the case file"},
    "refused": {"type": "array", "items": {"type": "string"}, "description": "Each attachment not kept, with why (also a note on the case)"}}
})json";

}  // namespace

bool isMailUpload(std::string_view method, std::string_view target) {
  return method == "POST" && target.substr(0, target.find('?')) == kPath;
}

void addMailInRoutes(http::Router& router, MailIn& mail, AccountService& accounts) {
  router.add("POST", kPath, withPrincipal(accounts, [&mail](const Request& r, const Principal& who) {
               return postMail(mail, r, who);
             }));
  router.add("GET", std::string(kPath) + "/quarantine",
             withPrincipal(accounts, [&mail](const Request& r, const Principal& who) {
               return listQuarantine(mail, r, who);
             }));
}

void addMailInOpenApi(json& doc) {
  doc["components"]["schemas"]["MailOutcome"] = json::parse(kSchema);
  const auto paths = json::parse(kPaths);
  for (const auto& [path, item] : paths.items()) doc["paths"][path] = item;
  doc["tags"].push_back({{"name", "mail-in"},
                         {"description", "Email in from a mail gateway, and the quarantine"}});
}

}  // namespace charter::api
