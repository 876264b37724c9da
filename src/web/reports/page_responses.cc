#include "web/reports/page_responses.h"

#include "web/templates.h"
#include "web/web.h"

namespace charter::web {

http::Response htmlPage(int status, const Page& page) {
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = renderPage(page);
  return r;
}

http::Response problemResponse(int status, const std::string& heading, const std::string& message,
                               const Session* session) {
  Page p;
  p.title = heading + " – Charter";
  p.body_html = renderTemplate("pages/problem", {{"heading", heading}, {"message", message}});
  if (session) p.csrf_token = session->csrf_token;
  return htmlPage(status, p);
}

http::Response errorResponse(const Error& e, const Session* session) {
  const ErrorPageText text = errorPageText(e);
  return problemResponse(text.status, text.title, e.message, session);
}

std::string displayNameOf(const Principal& who) {
  return who.display_name.empty() ? who.username : who.display_name;
}

}  // namespace charter::web
