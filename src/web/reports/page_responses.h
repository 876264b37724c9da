// What the measures and reports pages (Performance, the annual report, self-assessment, the
// service tables, reception) answer with: a rendered page, and an app error or a problem as a
// GOV.UK-styled page. One place, so every page titles and maps errors the same way.
// Pure apart from rendering; safe from any thread.
#pragma once

#include <string>

#include "app/accounts.h"
#include "http/server.h"
#include "web/layout.h"

namespace charter::web {

// `page`, rendered in the shared layout, as text/html with `status`.
http::Response htmlPage(int status, const Page& page);
// A problem page: "<heading> – Charter" in the title, the heading and message in <main>, the
// sign-out form when `session` is given.
http::Response problemResponse(int status, const std::string& heading, const std::string& message,
                               const Session* session = nullptr);
// The page for an app error, with the status and heading errorPageText (web/web.h) gives it.
http::Response errorResponse(const Error& e, const Session* session = nullptr);
// How a page names the signed-in person: their display name, or their username without one
// (app/authz.h's actorName is what a case records instead).
std::string displayNameOf(const Principal& who);

}  // namespace charter::web
