// The attachment routes of the JSON API v1 (api/attachments_api.h) and their OpenAPI
// description.
#include "api/attachments_api.h"

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

std::string fileLocation(CaseId id, std::string_view name) {
  std::string out = caseLocation(id) + "/attachments/";
  for (char c : name) {
    if (c == ' ') {
      out += "%20";
    } else {
      out += c;
    }
  }
  return out;
}

json fileJson(const AttachmentInfo& a) {
  json j = attachmentJson(a);
  j["href"] = fileLocation(a.case_id, a.name);
  return j;
}

std::string nameParam(const Request& request) {
  auto it = request.params.find("name");
  return it == request.params.end() ? std::string() : it->second;
}

Response listFiles(AttachmentService& files, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto list = files.list(who, *id);
  if (!list) return errorFor(list.error(), request);
  json out = json::array();
  for (const auto& a : *list) out.push_back(fileJson(a));
  return jsonResponse(200, json{{"attachments", out}});
}

Response putFile(AttachmentService& files, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  if (request.body.size() > kMaxAttachmentBytes) {
    return jsonError(413, "body", "too-large",
                     fmt::format("A file may be at most {} bytes.", kMaxAttachmentBytes));
  }
  const std::string declared = request.header("content-type");
  if (declared.empty()) {
    return jsonError(415, "Content-Type", "media-type",
                     "Send the file's type in Content-Type (application/pdf, image/png, "
                     "image/jpeg, the .docx type, message/rfc822 or text/plain).");
  }
  const std::string name = nameParam(request);
  auto added = files.add(who, *id, name, declared, request.body);
  if (!added) return errorFor(added.error(), request);
  Response r = jsonResponse(added->second ? 201 : 200, fileJson(added->first));
  r.headers.emplace_back("Location", fileLocation(*id, added->first.name));
  return r;
}

Response getFile(AttachmentService& files, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto file = files.get(who, *id, nameParam(request));
  if (!file) return errorFor(file.error(), request);
  return attachmentDownload(*file);
}

using FileHandler = Response (*)(AttachmentService&, const Request&, const Principal&);

http::Handler route(AttachmentService& files, AccountService& accounts, FileHandler h) {
  return withPrincipal(accounts, [&files, h](const Request& request, const Principal& who) {
    return h(files, request, who);
  });
}

constexpr const char* kPaths = R"json({
  "/api/v1/cases/{id}/attachments": {
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
    "get": {
      "tags": ["attachments"], "operationId": "listAttachments",
      "summary": "The letters, emails and documents on the case file (Code 5.12), oldest first; staff who may see the case",
      "responses": {
        "200": {"description": "The files, without their bytes", "content": {"application/json": {"schema": {"type": "object", "properties": {"attachments": {"type": "array", "items": {"$ref": "#/components/schemas/Attachment"}}}}}}},
        "401": {"description": "Not signed in"}, "403": {"description": "Not staff"},
        "404": {"$ref": "#/components/responses/NotFound"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  },
  "/api/v1/cases/{id}/attachments/{name}": {
    "parameters": [
      {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
      {"name": "name", "in": "path", "required": true, "description": "The file's name on the case: 1-200 letters, digits, spaces, dots, underscores, hyphens; not starting with a dot or space", "schema": {"type": "string", "maxLength": 200}}],
    "put": {
      "tags": ["attachments"], "operationId": "putAttachment",
      "summary": "Attach a file (at most 10 MiB). Its type is read from its bytes: PDF, PNG, JPEG, Word .docx, email (message/rfc822) or plain text; the declared Content-Type must agree. Files are kept as sent: a different file under a taken name is refused",
      "requestBody": {"required": true, "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
      "responses": {
        "200": {"description": "The same bytes were already attached under this name", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Attachment"}}}},
        "201": {"description": "Attached", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Attachment"}}}},
        "401": {"description": "Not signed in"}, "403": {"description": "The role may not add to the file"},
        "404": {"$ref": "#/components/responses/NotFound"},
        "409": {"description": "A different file has this name (rule exists, field name)", "content": {"application/json": {"schema": {"type": "object"}}}},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    },
    "get": {
      "tags": ["attachments"], "operationId": "getAttachment",
      "summary": "Download a file: its checksum is verified first; sent as an attachment with a safe file name, nosniff and no-store",
      "responses": {
        "200": {"description": "The bytes", "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
        "401": {"description": "Not signed in"}, "403": {"description": "Not staff"},
        "404": {"$ref": "#/components/responses/NotFound"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  }
})json";

constexpr const char* kSchema = R"json({
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "content_type": {"type": "string", "description": "As read from the bytes"},
    "size": {"type": "integer", "description": "Bytes"},
    "sha256": {"type": "string", "description": "Lower-case hex SHA-256 of the bytes, checked on every read"},
    "added_at": {"type": "string", "format": "date-time"},
    "added_by": {"type": "string"},
    "href": {"type": "string", "description": "Where to download it"}}
})json";

// Code 6.8: the actions add_issue and log_separately, and what the case shows of them.
constexpr const char* kIssueSchemas = R"json({
  "AddIssue": {
    "type": "object", "required": ["action", "summary"],
    "description": "A new issue added to a stage 1 complaint before its response (Code 6.8); 409 code-6.8 at stage 2, after the response, or when the response is due in fewer than 2 working days",
    "properties": {"action": {"type": "string", "enum": ["add_issue"]}, "at": {"$ref": "#/components/schemas/At"},
      "summary": {"type": "string", "minLength": 1},
      "definition": {"type": "string", "description": "The complaint definition restated to include the issue; required once acknowledged"}}
  },
  "LogSeparately": {
    "type": "object", "required": ["action", "summary"],
    "description": "A new issue logged as a new complaint linked to this one (201 with the new complaint)",
    "properties": {"action": {"type": "string", "enum": ["log_separately"]}, "at": {"$ref": "#/components/schemas/At"},
      "summary": {"type": "string", "minLength": 1}, "reason": {"type": "string"},
      "channel": {"$ref": "#/components/schemas/Channel"}, "received_by": {"type": "string"}}
  }
})json";

constexpr const char* kCaseProperties = R"json({
  "added_issues": {"type": "array", "items": {"type": "object", "properties": {
    "number": {"type": "integer"}, "stage": {"type": "integer"}, "summary": {"type": "string"},
    "added_at": {"type": "string", "format": "date-time"}}}},
  "related": {"type": "array", "description": "Complaints linked both ways (Code 6.8)", "items": {"type": "object", "properties": {
    "id": {"type": "integer"}, "reference": {"type": "string"},
    "relation": {"type": "string", "enum": ["logged_separately", "raised_during"]}, "href": {"type": "string"}}}},
  "linked_case": {"type": "integer", "nullable": true, "description": "The complaint this one was logged separately from"}
})json";

void addIssueOpenApi(json& doc) {
  auto& components = doc["components"]["schemas"];
  auto& action = components["Action"];
  const auto schemas = json::parse(kIssueSchemas);
  for (const auto& [name, schema] : schemas.items()) {
    components[name] = schema;
    const std::string ref = "#/components/schemas/" + name;
    action["oneOf"].push_back({{"$ref", ref}});
    action["discriminator"]["mapping"][schema["properties"]["action"]["enum"][0].get<std::string>()] = ref;
  }
  const auto props = json::parse(kCaseProperties);
  for (const auto& [name, schema] : props.items()) components["Case"]["properties"][name] = schema;
  auto& post = doc["paths"]["/api/v1/cases/{id}/actions"]["post"];
  post["summary"] = post["summary"].get<std::string>() + ", add_issue, log_separately";
  post["responses"]["201"]["description"] =
      "convert_to_complaint and log_separately: the new complaint";
}

}  // namespace

Response attachmentDownload(const Attachment& file) {
  Response r;
  r.status = 200;
  r.content_type = file.info.content_type;
  r.body = file.content;
  r.headers.emplace_back("Content-Disposition",
                         fmt::format("attachment; filename=\"{}\"", safeFileName(file.info.name)));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Checksum-SHA256", file.info.sha256);
  return r;
}

bool isAttachmentUpload(std::string_view method, std::string_view target) {
  target = target.substr(0, target.find('?'));
  auto under = [&](std::string_view prefix, std::string_view tail_mark) {
    if (target.substr(0, prefix.size()) != prefix) return false;
    std::string_view rest = target.substr(prefix.size());
    const std::size_t slash = rest.find('/');
    if (slash == 0 || slash == std::string_view::npos) return false;
    for (char c : rest.substr(0, slash)) {
      if (c < '0' || c > '9') return false;
    }
    rest = rest.substr(slash);
    if (tail_mark == "/attachments/") {
      return rest.substr(0, tail_mark.size()) == tail_mark && rest.size() > tail_mark.size() &&
             rest.find('/', tail_mark.size()) == std::string_view::npos;
    }
    return rest == tail_mark;
  };
  if (method == "PUT") return under("/api/v1/cases/", "/attachments/");
  if (method == "POST") return under("/staff/cases/", "/attachments");
  return false;
}

void addAttachmentRoutes(http::Router& router, AttachmentService& files,
                         AccountService& accounts) {
  const std::string p = "/api/v1/cases/{id}/attachments";
  router.add("GET", p, route(files, accounts, listFiles));
  router.add("PUT", p + "/{name}", route(files, accounts, putFile));
  router.add("GET", p + "/{name}", route(files, accounts, getFile));
}

void addAttachmentsOpenApi(json& doc) {
  doc["components"]["schemas"]["Attachment"] = json::parse(kSchema);
  const auto paths = json::parse(kPaths);
  for (const auto& [path, item] : paths.items()) doc["paths"][path] = item;
  doc["tags"].push_back(
      {{"name", "attachments"}, {"description", "Correspondence and documents on the case file"}});
  addIssueOpenApi(doc);
}

}  // namespace charter::api
