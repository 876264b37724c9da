// The web: the staff workspace (/staff), the resident portal (/portal), sign-in, letters and
// the static assets (GOV.UK Frontend), server-rendered, working without JavaScript.
//
// Every page and form goes through app's AuthorisedCases, as the JSON API does: a form builds
// the action's JSON body (docs/lifecycle.md) and the app layer decides; an Error comes back as a
// GOV.UK error summary with the message next to the field it names, or as the page `errorPage`
// maps it to (401 sign-in, 403, 404, 409).
//
// Who is signed in is app's `identify` over the session cookie of http/browser.h; every POST
// form must carry the session's CSRF token; anyone not signed in goes to the sign-in page.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/idempotency.h"
#include "app/learning_service.h"
#include "app/restriction_service.h"
#include "app/self_assessment.h"
#include "http/server.h"
#include "app/attachments.h"
#include "app/case_messages.h"
#include "app/surveys.h"
#include "app/authz.h"

namespace charter {
class MailIn;  // app/mail_in.h
class LetterService;  // app/letter_service.h
}  // namespace charter

namespace charter::web {

struct WebOptions {
  std::string landlord_slug = "default";  // whose accounts sign in here
  std::string landlord_name = "Charter";
  // How visitors may contact the landlord, on the public home page; each "" when not given.
  std::string landlord_phone;
  std::string landlord_email;
  std::string landlord_address;
  // One-time form tokens (app/idempotency.h): a form sent twice acts once, when set.
  Idempotency* idempotency = nullptr;
  std::filesystem::path assets_dir;       // GOV.UK Frontend + Charter's css/js (set-up copies)
  // Letter templates: the landlord's folder first (may be empty), then the built-in one.
  std::vector<std::filesystem::path> letter_template_dirs;
  // The landlord's own page templates (pages/*.mustache, partials/*.mustache), each replacing
  // the built-in file of the same name; empty: the built-in pages. See web/templates.h.
  std::filesystem::path page_templates_dir;
  // Learning actions: /staff/learning and the public /you-said-we-did when set.
  LearningService* learning = nullptr;
  // Correspondence on the case file: the staff case page lists, uploads and links to the
  // files when set.
  AttachmentService* attachments = nullptr;
  // Letters (may be null): attaching a letter's translation from a page (web/translation_pages.h).
  LetterService* letters = nullptr;
  // Messages to the resident (app/outbox.h): the staff case page shows each with its delivery
  // status when set.
  CaseMessages* messages = nullptr;
  // Satisfaction surveys (app/surveys.h): "Tell us how we did" on the portal's case page, the
  // answers on the staff case page and the link's page (/survey/{token}), when set.
  Surveys* surveys = nullptr;
  // Contact restrictions: the banner on a restricted person's cases and the forms, when set.
  RestrictionService* restrictions = nullptr;
  // Email in (app/mail_in.h): the staff page of emails not taken in (/staff/mail-in) when set.
  MailIn* mail = nullptr;
  // My work's reminder of the self-assessment's submission date (app/self_assessment.h): the
  // last complete year's, while it is unpublished; nullopt for none. Unset: no reminder.
  std::function<std::optional<SelfAssessmentReminder>(LandlordId)> self_assessment_reminder;
};

// Adds the web routes to `router`. `cases`, `accounts` and `options` must outlive the server.
// Uses options.page_templates_dir for every page of the process (web/templates.h); throws
// std::runtime_error, naming the file, when a template there is not valid (at start-up).
void addRoutes(http::Router& router, AuthorisedCases& cases, AccountService& accounts,
               const WebOptions& options);

// For page modules beside the web's own (the report pages): the session the request's cookie
// names, if it is signed in (a read: no CSRF token asked); and the 303 to the sign-in page that
// comes back here afterwards.
std::optional<Session> sessionOf(AccountService& accounts, const http::Request& request);
http::Response toSignIn(const http::Request& request);

// The one mapping from an app Error to a page's status and heading: kUnauthenticated 401 (the
// pages send the visitor to sign in instead), kForbidden 403 "You cannot do this", kNotFound
// 404 "Page not found", kConflict 409 and kInvalid 422 "There is a problem", kUnavailable 503
// and kInternal 500 "Sorry, there is a problem with the service".
struct ErrorPageText {
  int status = 500;
  std::string title;
};
ErrorPageText errorPageText(const Error& e);

// The built-in template folder (templates/letters under the source tree or next to the
// executable, else an installed ../share/charter/templates/letters), and the web assets
// (assets next to the executable, else ../share/charter/assets), for the composition root.
std::filesystem::path defaultLetterTemplates(const std::filesystem::path& executable);
std::filesystem::path defaultAssets(const std::filesystem::path& executable);

}  // namespace charter::web
