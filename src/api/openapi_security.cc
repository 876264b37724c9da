#include "api/openapi_security.h"

#include <string>

namespace charter::api {
namespace {

using nlohmann::json;

// Operations anyone may call (the authorisation walk in tests/e2e/test_authz.py reads this).
bool isPublic(const std::string& path, const std::string& method) {
  // The public pages' data (e.g. "you said, we did") lives under /api/v1/public/.
  // Health, liveness and readiness are for probes that hold no credentials.
  return (path == "/api/v1/health" || path == "/api/v1/health/live" ||
          path == "/api/v1/health/ready" || path == "/api/v1/openapi.json" ||
          path.rfind("/api/v1/public/", 0) == 0) &&
         method == "get";
}

json errorResponse(const char* description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

json signInRoutes() {
  const json error = {{"$ref", "#/components/schemas/Error"}};
  return {
      {"/api/v1/session",
       {{"post",
         {{"tags", {"service"}},
          {"operationId", "signIn"},
          {"summary", "Sign in with a landlord's account: sets the session cookie"},
          {"security", json::array()},
          {"requestBody",
           {{"required", true},
            {"content",
             {{"application/json",
               {{"schema",
                 {{"type", "object"},
                  {"required", {"username", "password"}},
                  {"properties",
                   {{"landlord", {{"type", "string"}, {"description", "Landlord slug (default demo)"}}},
                    {"username", {{"type", "string"}}},
                    {"password", {{"type", "string"}, {"format", "password"}}}}}}}}}}}}},
          {"responses",
           {{"201",
             {{"description", "Signed in; Set-Cookie carries the session (HttpOnly, SameSite=Lax, "
                              "Secure over TLS)"},
              {"content",
               {{"application/json",
                 {{"schema",
                   {{"type", "object"},
                    {"properties",
                     {{"csrf_token", {{"type", "string"}, {"description", "Send as X-CSRF-Token on writes"}}},
                      {"expires", {{"type", "string"}, {"format", "date-time"}}},
                      {"role", {{"type", "string"}}}}}}}}}}}}},
            {"401", {{"description", "Wrong username or password (never says which, nor whether "
                                     "the account exists)"},
                     {"content", {{"application/json", {{"schema", error}}}}}}},
            {"403", {{"description", "Sent from another site (Origin or Sec-Fetch-Site)"},
                     {"content", {{"application/json", {{"schema", error}}}}}}},
            {"413", {{"description", "The body is over 8 KB"},
                     {"content", {{"application/json", {{"schema", error}}}}}}},
            {"415", {{"description", "The body is not application/json"},
                     {"content", {{"application/json", {{"schema", error}}}}}}},
            {"422", {{"$ref", "#/components/responses/Invalid"}}},
            {"429", {{"description", "Too many failed sign-ins from this address or for this "
                                     "account name; see Retry-After"},
                     {"content", {{"application/json", {{"schema", error}}}}}}}}}}},
        {"delete",
         {{"tags", {"service"}},
          {"operationId", "signOut"},
          {"summary", "Sign out: ends the session (with its CSRF token) and clears the cookie"},
          // The cookie when there is one; without one there is nothing to end (204 anyway).
          {"security", json::array({{{"session", json::array()}}, json::object()})},
          {"responses", {{"204", {{"description", "Signed out"}}}}}}}}},
      {"/api/v1/me",
       {{"get",
         {{"tags", {"service"}},
          {"operationId", "me"},
          {"summary", "Who the credentials belong to: landlord, role, person reference"},
          {"responses",
           {{"200",
             {{"description", "The principal"},
              {"content",
               {{"application/json",
                 {{"schema",
                   {{"type", "object"},
                    {"properties",
                     {{"landlord", {{"type", "integer"}}},
                      {"username", {{"type", "string"}}},
                      {"display_name", {{"type", "string"}}},
                      {"role", {{"type", "string"}}},
                      {"person_ref", {{"type", "string"}}},
                      {"api_token", {{"type", "boolean"}}}}}}}}}}}}}}}}}}}};
}

}  // namespace

json withSecurity(json doc) {
  json& paths = doc["paths"];
  const json routes = signInRoutes();  // named: items() must not outlive what it iterates
  for (const auto& [path, ops] : routes.items()) {
    if (!paths.contains(path)) paths[path] = ops;
  }
  doc["components"]["securitySchemes"] = {
      {"bearer",
       {{"type", "http"},
        {"scheme", "bearer"},
        {"description", "An API token (ch_<landlord>_<secret>) from `charter token create "
                        "--landlord SLUG --role ROLE`, sent as Authorization: Bearer TOKEN. "
                        "It acts for its landlord with its role; `charter token revoke` ends it "
                        "at once."}}},
      {"session",
       {{"type", "apiKey"},
        {"in", "cookie"},
        {"name", "charter_session"},
        {"description", "The cookie POST /api/v1/session sets. A write (POST, PUT, PATCH, DELETE) "
                        "made with it must send the session's csrf_token as X-CSRF-Token. It "
                        "ends after 8 hours, or after the idle timeout unused."}}}};
  doc["components"]["responses"]["Unauthenticated"] =
      errorResponse("No credentials, or a token or session that is unknown, revoked or expired");
  doc["components"]["responses"]["Forbidden"] =
      errorResponse("The credentials' role may not do this (or a cookie write without the CSRF "
                    "token)");
  // Every operation needs one of the two unless it says otherwise.
  doc["security"] = json::array({{{"bearer", json::array()}}, {{"session", json::array()}}});
  for (auto& [path, ops] : paths.items()) {
    for (auto& [method, op] : ops.items()) {
      if (!op.is_object() || !op.contains("responses")) continue;
      if (isPublic(path, method)) {
        op["security"] = json::array();
        continue;
      }
      if (op.contains("security")) continue;  // declared above (the sign-in routes)
      json& responses = op["responses"];
      if (!responses.contains("401")) {
        responses["401"] = {{"$ref", "#/components/responses/Unauthenticated"}};
      }
      if (!responses.contains("403")) {
        responses["403"] = {{"$ref", "#/components/responses/Forbidden"}};
      }
    }
  }
  return doc;
}

}  // namespace charter::api
