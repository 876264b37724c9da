// The letter routes of the JSON API v1 (api/letters_api.h) and their OpenAPI description.
#include "api/letters_api.h"

#include <fmt/format.h>

#include "api/api_auth.h"
#include "api/body.h"
#include "api/case_json.h"
#include "api/errors.h"
#include "api/params.h"

namespace charter::api {
namespace {

using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

// The letter's translation request (app/translations.h), or null when it needs none.
json translationJson(const LetterSummary& l) {
  if (!l.translation_due) return nullptr;
  return {{"language", l.translation_language},
          {"due", formatDate(*l.translation_due)},
          {"status", l.translation_attachment.empty() ? "requested" : "attached"},
          {"attachment", l.translation_attachment.empty() ? json(nullptr)
                                                          : json(l.translation_attachment)}};
}

json letterJson(const LetterSummary& l, CaseId id) {
  json formats = json::object();
  for (auto f : kLetterFormats)
    formats[std::string(f)] = fmt::format("{}/letters/{}?format={}", caseLocation(id), l.number, f);
  return {{"number", l.number},
          {"kind", l.kind},
          {"title", l.title},
          {"created", formatInstant(l.created)},
          {"sent", l.sent ? json(formatInstant(*l.sent)) : json(nullptr)},
          {"channel", l.channel.empty() ? json(nullptr) : json(l.channel)},
          {"signed_by", l.signed_by.empty() ? json(nullptr) : json(l.signed_by)},
          {"format", l.format.empty() ? json(nullptr) : json(l.format)},
          {"reason", l.reason.empty() ? json(nullptr) : json(l.reason)},
          {"language", l.language},
          {"translation", translationJson(l)},
          {"formats", formats}};
}

Result<int> letterNumber(const Request& request) {
  auto it = request.params.find("n");
  const std::string text = it == request.params.end() ? std::string() : it->second;
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(text) < 1)
    return invalid("n", "positive_integer", "The letter number must be a positive whole number.");
  return std::stoi(text);
}

Response listLetters(LetterService& letters, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto list = letters.list(who, *id);
  if (!list) return errorFor(list.error(), request);
  json out = json::array();
  for (const auto& l : *list) out.push_back(letterJson(l, *id));
  return jsonResponse(200, json{{"letters", out}});
}

Response issueLetter(LetterService& letters, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto body = jsonBody(request);
  if (auto* r = std::get_if<Response>(&body)) return *r;
  auto issued = letters.issue(who, *id, std::get<json>(body));
  if (!issued) return errorFor(issued.error(), request);
  Response r = jsonResponse(201, letterJson(*issued, *id));
  r.headers.emplace_back("Location", fmt::format("{}/letters/{}", caseLocation(*id), issued->number));
  return r;
}

Response getLetter(LetterService& letters, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {"format"}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto n = letterNumber(request);
  if (!n) return errorFor(n.error(), request);
  std::string format = request.queryParam("format");
  if (format.empty()) format = "html";
  auto file = letters.file(who, *id, *n, format);
  if (!file) return errorFor(file.error(), request);
  Response r;
  r.status = 200;
  r.content_type = file->content_type;
  r.body = std::move(file->body);
  const bool inline_view = format == "html" || format == "text";
  r.headers.emplace_back("Content-Disposition",
                         fmt::format("{}; filename=\"{}\"", inline_view ? "inline" : "attachment",
                                     file->filename));
  return r;
}

Response attachTranslation(LetterService& letters, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto n = letterNumber(request);
  if (!n) return errorFor(n.error(), request);
  auto body = jsonBody(request);
  if (auto* r = std::get_if<Response>(&body)) return *r;
  auto done = letters.attachTranslation(who, *id, *n, std::get<json>(body));
  if (!done) return errorFor(done.error(), request);
  return jsonResponse(200, letterJson(*done, *id));
}

using LetterHandler = Response (*)(LetterService&, const Request&, const Principal&);

http::Handler route(LetterService& letters, AccountService& accounts, LetterHandler h) {
  return withPrincipal(accounts, [&letters, h](const Request& request, const Principal& who) {
    return h(letters, request, who);
  });
}

constexpr const char* kPaths = R"json({
  "/api/v1/cases/{id}/letters": {
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
    "get": {
      "tags": ["letters"], "operationId": "listLetters",
      "summary": "The letters issued on a case (whoever may see the case; a resident only their own)",
      "responses": {
        "200": {"description": "The letters, oldest first", "content": {"application/json": {"schema": {"type": "object", "properties": {"letters": {"type": "array", "items": {"$ref": "#/components/schemas/Letter"}}}}}}},
        "401": {"description": "Not signed in"}, "404": {"$ref": "#/components/responses/NotFound"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    },
    "post": {
      "tags": ["letters"], "operationId": "issueLetter",
      "summary": "Issue a letter, checked against what the Code requires it to say",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["letter"], "properties": {
        "letter": {"type": "string", "enum": ["acknowledgement", "extension", "stage1_response", "refusal", "stage2_acknowledgement", "stage2_response", "issue_added"]},
        "channel": {"type": "string", "enum": ["post", "email", "portal", "by_hand"], "description": "How it goes to the resident; by default the way the person asked for (person.contact.channel letter, email or portal)"},
        "format": {"type": "string", "enum": ["pdf", "text", "large-print", "braille", "audio"], "description": "The format it is produced in; by default the one the person asked for (person.contact.format), else pdf"},
        "reason": {"type": "string", "description": "Why the channel or format is not the one the person asked for; required then (422 on reason)"},
        "language": {"type": "string", "enum": ["en", "cy"], "description": "The letter's language; by default the person's (person.contact.language: cy, Welsh or Cymraeg for Welsh). For another language the letter is English and a translation request is recorded, due in the policy's translation_working_days (10 in the bases) working days"}}}}}},
      "responses": {
        "201": {"description": "The letter issued", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Letter"}}}},
        "401": {"description": "Not signed in"}, "403": {"description": "The role may not issue letters"},
        "404": {"$ref": "#/components/responses/NotFound"},
        "409": {"description": "The letter lacks what the Code requires; the message names every missing item (rule content, field letter)", "content": {"application/json": {"schema": {"type": "object"}}}},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  },
  "/api/v1/cases/{id}/letters/{n}": {
    "parameters": [
      {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
      {"name": "n", "in": "path", "required": true, "description": "The letter's number on the case", "schema": {"type": "integer", "minimum": 1}}],
    "get": {
      "tags": ["letters"], "operationId": "getLetter",
      "summary": "One letter in a format: html, pdf, text, large-print (PDF, 20 pt clear print), braille (BRF: Grade 2 UK English, 40 cells by 25 lines), audio (Ogg Vorbis, read by eSpeak NG in British English)",
      "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["html", "pdf", "text", "large-print", "braille", "audio"], "default": "html"}}],
      "responses": {
        "200": {"description": "The letter", "content": {
          "text/html": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}},
          "application/pdf": {"schema": {"type": "string", "format": "binary"}},
          "audio/ogg": {"schema": {"type": "string", "format": "binary"}}}},
        "401": {"description": "Not signed in"}, "404": {"$ref": "#/components/responses/NotFound"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  },
  "/api/v1/cases/{id}/letters/{n}/translation": {
    "parameters": [
      {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
      {"name": "n", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
    "post": {
      "tags": ["letters"], "operationId": "attachTranslation",
      "summary": "Attach the translated letter (an attachment already uploaded to the case), closing the letter's translation request",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["attachment"], "properties": {"attachment": {"type": "string"}}}}}},
      "responses": {
        "200": {"description": "The letter, its translation attached", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Letter"}}}},
        "401": {"description": "Not signed in"}, "403": {"description": "The role may not issue letters"},
        "404": {"$ref": "#/components/responses/NotFound"},
        "409": {"description": "The letter has no translation waiting (rule translation)", "content": {"application/json": {"schema": {"type": "object"}}}},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  }
})json";

constexpr const char* kLetterSchema = R"json({
  "type": "object",
  "properties": {
    "number": {"type": "integer"}, "kind": {"type": "string"}, "title": {"type": "string"},
    "created": {"type": "string", "format": "date-time"},
    "sent": {"type": "string", "format": "date-time", "nullable": true},
    "channel": {"type": "string", "nullable": true, "description": "null when not recorded"},
    "signed_by": {"type": "string", "nullable": true},
    "format": {"type": "string", "nullable": true, "description": "The format it was produced in; null when not recorded"},
    "reason": {"type": "string", "nullable": true, "description": "Why it went otherwise than the person asked; null when it did not"},
    "language": {"type": "string", "enum": ["en", "cy"]},
    "translation": {"type": "object", "nullable": true, "description": "The translation request for a person whose language is neither English nor Welsh; null when none",
      "properties": {"language": {"type": "string"}, "due": {"type": "string", "format": "date"},
        "status": {"type": "string", "enum": ["requested", "attached"]},
        "attachment": {"type": "string", "nullable": true, "description": "The case attachment holding the translated letter"}}},
    "formats": {"type": "object", "additionalProperties": {"type": "string"}, "description": "format -> URL"}}
})json";

}  // namespace

void addLetterRoutes(http::Router& router, LetterService& letters, AccountService& accounts) {
  const std::string p = "/api/v1/cases/{id}/letters";
  router.add("GET", p, route(letters, accounts, listLetters));
  router.add("POST", p, route(letters, accounts, issueLetter));
  router.add("GET", p + "/{n}", route(letters, accounts, getLetter));
  router.add("POST", p + "/{n}/translation", route(letters, accounts, attachTranslation));
}

void addLettersOpenApi(json& doc) {
  doc["components"]["schemas"]["Letter"] = json::parse(kLetterSchema);
  const auto paths = json::parse(kPaths);
  for (const auto& [path, item] : paths.items()) doc["paths"][path] = item;
  doc["tags"].push_back({{"name", "letters"}, {"description", "Letters to residents, in every format"}});
}

}  // namespace charter::api
