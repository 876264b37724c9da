// The pages for errors a person meets in the browser (web.h `errorPageFor`): each says what went
// wrong in plain words and what to do next, with the status the JSON API would answer.
#include <fmt/format.h>

#include "web/internal.h"
#include "http/browser.h"
#include "web/templates.h"

namespace charter::web {
namespace {

using nlohmann::json;

struct ErrorWords {
  std::string heading;
  std::string reason;  // used when the caller gives none
  json next = json::array();
};

json link(const std::string& text, const std::string& href) {
  return {{"text", text}, {"href", href}};
}
json step(const std::string& text) { return {{"text", text}, {"href", ""}}; }

ErrorWords wordsFor(int status, const std::string& home, const std::string& sign_in) {
  switch (status) {
    case 400:
      return {"There is a problem with what you sent",
              "We could not read the form or web address your browser sent.",
              {step("Go back, reload the page and try again."), link("Go to the home page", home)}};
    case 401:
      return {"Your session has ended",
              "You were signed out, either because you signed out or because you had not done "
              "anything for a while. Anything you typed on the last page has not been saved.",
              {link("Sign in again", sign_in), step("Then go back to the page and enter your "
                                                    "changes again.")}};
    case 403:
      return {"You cannot do this",
              "Your account does not allow this, or the form had expired.",
              {step("Go back, reload the page and try again."),
               step("If you think you should be able to do this, ask your manager or the "
                    "complaints team."),
               link("Go to the home page", home)}};
    case 404:
      return {"Page not found",
              "If you typed the web address, check it is correct. If you pasted the web "
              "address, check you copied the entire address.",
              {link("Go to the home page", home)}};
    case 405:
      return {"This page cannot do that",
              "The page was asked to do something it does not do.",
              {step("Go back and use the page's own buttons and links."), link("Go to the home page", home)}};
    case 409:
      return {"This cannot be done yet",
              "What you asked for is not possible while things stand as they are.",
              {step("Read the reason above, put it right and try again."), link("Go to the home page", home)}};
    case 413:
    case 431:
      return {"What you sent is too large",
              "The form or file you sent is larger than we can accept.",
              {step("Go back, shorten your text or choose a smaller file, and send it again."),
               step("If you cannot make it smaller, contact us another way.")}};
    case 422:
      return {"There is a problem", "Something you entered could not be accepted.",
              {step("Go back, check what you entered and try again.")}};
    case 429:
      return {"Too many attempts", "You have sent too many forms in a short time.",
              {step("Wait an hour and try again, or contact us another way.")}};
    default: break;
  }
  return {"Sorry, there is a problem with the service", "Something went wrong on our side.",
          {step("Try again later."), link("Go to the home page", home)}};
}

}  // namespace

http::Response errorPageFor(const WebOptions& options, const http::Request& req, int status,
                            std::string_view reason, const std::string& home, int words) {
  const bool back_here = req.method == "GET" && http::safeLocalPath(req.target);
  const std::string sign_in = "/sign-in?next=" + urlEncode(back_here ? req.target : "/");
  ErrorWords w = wordsFor(words ? words : status, home, sign_in);
  json reasons = json::array();
  if (!reason.empty()) reasons.push_back(std::string(reason));
  if (reason.empty() || status == 404 || status == 403) reasons.push_back(w.reason);
  Page p;
  p.title = w.heading;
  p.service_name = options.landlord_name;
  p.body_html = renderTemplate("pages/error", {{"heading", w.heading}, {"reasons", reasons},
                                               {"next", w.next},
                                               {"request_id", status >= 500 ? req.request_id : ""}});
  return htmlResponse(status, renderPage(p));
}

}  // namespace charter::web
