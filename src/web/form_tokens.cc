// One-time form tokens (web/internal.h `onceOnly`), over app/idempotency.h.
#include <cctype>

#include "app/idempotency.h"
#include "web/internal.h"

namespace charter::web {
namespace {

bool wellFormed(std::string_view t) {
  if (t.size() != 43) return false;  // randomToken(): 32 bytes, unpadded base64url
  for (char c : t)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

std::string location(const http::Response& r) {
  for (const auto& [name, value] : r.headers)
    if (name == "Location") return value;
  return {};
}

}  // namespace

std::string formTokenField(const Form& sent) {
  std::string token = sent.get("form_token");
  if (!wellFormed(token)) token = randomToken();
  return "<input type=\"hidden\" name=\"form_token\" value=\"" + escape(token) + "\">";
}

PageHandler onceOnly(PageHandler handler) {
  return [handler = std::move(handler)](Ctx& ctx, Visit& v) -> http::Response {
    Idempotency* keys = ctx.options.idempotency;
    const std::string token = v.form.get("form_token");
    if (!keys || !wellFormed(token)) return handler(ctx, v);
    const LandlordId landlord = v.who().landlord;
    const std::string principal = idempotencyPrincipal(v.who()), key = "form:" + token;
    // Any second sending of the form is the same request, whatever was changed on it.
    auto first = keys->begin(landlord, principal, key, "form " + v.req.path);
    if (!first) return errorPage(ctx, v, first.error());
    if (*first) return redirect((*first)->body);
    http::Response r = handler(ctx, v);
    const std::string made = r.status == 303 ? location(r) : std::string();
    if (made.empty()) (void)keys->release(landlord, principal, key);
    else (void)keys->finish(landlord, principal, key, 303, made);
    return r;
  };
}

}  // namespace charter::web
