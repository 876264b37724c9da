// Shared by the web's pages (not part of its public face).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "domain/next_step.h"
#include "web/components.h"
#include "web/language.h"
#include "web/layout.h"
#include "app/labels.h"
#include "app/letter_formats.h"
#include "app/letters.h"
#include "web/web.h"

namespace charter::web {

struct Ctx {
  AuthorisedCases& cases;
  AccountService& accounts;
  const WebOptions& options;
  LetterTemplates templates;
};

// A signed-in request: its session (principal, CSRF token) and, for POSTs, its form.
struct Visit {
  const http::Request& req;
  Session session;
  Form form;
  const Principal& who() const { return session.principal; }
  mutable std::optional<i18n::Lang> lang;  // visitLanguage's answer, once worked out
};

// The language of a page for this visit (web/language.h): English for staff; for a resident the
// page's switch or cookie, else the language recorded on their latest case.
i18n::Lang visitLanguage(const Ctx& ctx, const Visit& v);

using PageHandler = std::function<http::Response(Ctx&, Visit&)>;

enum class Audience { kStaff, kResident, kAnyone };

// Wraps a handler: not signed in -> the sign-in page (coming back here after); the wrong side
// (staff on the portal, residents in the workspace) -> their own home; a POST without the
// session's CSRF token -> 403 (app's `identify` decides both).
http::Handler guarded(Ctx& ctx, Audience audience, PageHandler handler);

// The page in the layout, with the navigation for the principal's side.
std::string page(const Ctx& ctx, const Visit& v, const std::string& title,
                 const std::string& body, const std::string& active = {},
                 std::vector<std::pair<std::string, std::string>> breadcrumbs = {});
http::Response problemPage(const Ctx& ctx, const Visit& v, int status, const std::string& title,
                           const std::string& message);
// The status an app error answers with (errorPageText's).
int statusFor(const Error& e);
// The page for an app error (errorPageText): 401 -> the sign-in page, coming back here.
http::Response errorPage(const Ctx& ctx, const Visit& v, const Error& e);

// The GOV.UK page for an error met in the browser (web/error_pages.cc): a heading and what to do
// next for `status` (or for `words` when the page's wording differs from its status, as for an
// expired session's refused form: 403 with the 401 words), `reason` first when given, a link
// to `home`, and the request id for a 5xx.
http::Response errorPageFor(const WebOptions& options, const http::Request& req, int status,
                            std::string_view reason, const std::string& home, int words = 0);
// Percent-encodes all but letters, digits, '-', '_', '.', '~' and '/'.
std::string urlEncode(std::string_view s);

// One-time form tokens (web/form_tokens.cc, app/idempotency.h): formTokenField is the hidden
// input to put in a form that makes something (the token sent, when the form is shown again,
// else a new one). onceOnly(handler) runs the handler once per token of the signed-in person:
// when it answers a redirect (303) to what it made, a second sending of the same form (Back,
// a retry) is sent to the same place without acting again; any other answer (the form again,
// with its errors) leaves the token free. Without a token or ctx.options.idempotency it just
// runs the handler.
std::string formTokenField(const Form& sent);
PageHandler onceOnly(PageHandler handler);

// Plain-language labels.
std::string statusLabel(const std::string& status_slug, int stage);
// kindLabel, channelLabel and findingLabel: app/labels.h.
std::string clockStatusTag(const Clock& c);
std::string dateText(const std::optional<Date>& d);
std::string whenText(Instant t, const Policy& policy);  // "Mon 24 Mar 2025 09:12"

// The letters issued on a case: (event seq, title, issued at).
struct IssuedLetter {
  int seq = 0;
  std::string kind;
  std::string title;
  Instant at{};
};
std::vector<IssuedLetter> issuedLetters(const CaseState& s);
const Event* eventAt(const CaseState& s, int seq);

// A page in the layout for visitors who need not sign in (the public navigation), in English
// or Welsh (web/language.h): with the language switch when `path` (the page's own) is given.
Page publicPage(const Ctx& ctx, std::string title, std::string body,
                i18n::Lang lang = i18n::Lang::kEn, std::string path = {});

void addStaffRoutes(http::Router& router, Ctx& ctx);
void addPortalRoutes(http::Router& router, Ctx& ctx);
// GET / (the visitors' home page), GET and POST /complain (web/public_pages.cc).
void addPublicRoutes(http::Router& router, Ctx& ctx);

// The letter page and PDF responses (shared by staff and portal).
http::Response letterHtml(Ctx& ctx, Visit& v, const CaseView& view, int seq,
                          const std::string& back_href);
http::Response letterPdfResponse(Ctx& ctx, const CaseView& view, int seq);
// Download links for a letter's formats other than the page itself: [{href, label}].
nlohmann::json letterFormatLinks(const std::string& letter_href, i18n::Lang lang = i18n::Lang::kEn);
// GET <cases_path>/{id}/letters/{seq} and .../pdf for `audience` ("/staff/cases", "/portal/cases").
void addLetterRoutes(http::Router& router, Ctx& ctx, const std::string& cases_path,
                     Audience audience);

// Parses a path parameter as a case id or letter seq (nullopt when not a positive integer).
std::optional<long long> positive(const std::string& text);

}  // namespace charter::web
