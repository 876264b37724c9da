// The web: the staff workspace (/staff), the resident portal (/portal), sign-in, letters and
// the static assets (GOV.UK Frontend), server-rendered, working without JavaScript.
//
// Every page and form goes through the same CaseService as the JSON API: a form builds the
// action's JSON body (docs/lifecycle.md) and the app layer decides; an Error comes back as a
// GOV.UK error summary with the message next to the field it names.
//
// Sign-in is AccountService's; the web keeps the session cookie (HttpOnly, SameSite=Lax,
// Secure when served over TLS), checks the CSRF token on every POST form, and sends anyone not
// signed in to the sign-in page.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/learning_service.h"
#include "http/server.h"
#include "web/case_access.h"

namespace charter::web {

struct WebOptions {
  std::string landlord_slug = "default";  // whose accounts sign in here
  std::string landlord_name = "Charter";
  std::filesystem::path assets_dir;       // GOV.UK Frontend + Charter's css/js (set-up copies)
  // Letter templates: the landlord's folder first (may be empty), then the built-in one.
  std::vector<std::filesystem::path> letter_template_dirs;
  // The landlord's own page templates (pages/*.mustache, partials/*.mustache), each replacing
  // the built-in file of the same name; empty: the built-in pages. See web/templates.h.
  std::filesystem::path page_templates_dir;
  bool secure_cookies = false;            // true when served over TLS
  // Learning actions (issue 4): /staff/learning and the public /you-said-we-did when set.
  LearningService* learning = nullptr;
};

// Adds the web routes to `router`. `cases`, `accounts` and `options` must outlive the server.
// Uses options.page_templates_dir for every page of the process (web/templates.h); throws
// std::runtime_error, naming the file, when a template there is not valid (at start-up).
void addRoutes(http::Router& router, CaseAccess& cases, AccountService& accounts,
               const WebOptions& options);

// For page modules beside the web's own (the report pages): the session the request's cookie
// names, if it is signed in; and the 303 to the sign-in page that comes back here afterwards.
std::optional<Session> sessionOf(AccountService& accounts, const http::Request& request);
http::Response toSignIn(const http::Request& request);

// The built-in template folder (templates/letters under the source tree or next to the
// executable), for the composition root.
std::filesystem::path defaultLetterTemplates(const std::filesystem::path& executable);
std::filesystem::path defaultAssets(const std::filesystem::path& executable);

}  // namespace charter::web
