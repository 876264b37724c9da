#include "web/language.h"

#include "http/browser.h"

namespace charter::web {

i18n::Lang pageLanguage(const http::Request& req, std::string_view person_language) {
  if (auto q = i18n::parse(req.queryParam("lang"))) return *q;
  if (auto c = i18n::parse(http::cookie(req, kLanguageCookie))) return *c;
  return i18n::personLanguage(person_language).lang;
}

nlohmann::json words(i18n::Lang l) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& e : i18n::entries())
    out[std::string(e.key)] = std::string(l == i18n::Lang::kCy ? e.cy : e.en);
  return out;
}

std::string tr(i18n::Lang l, std::string_view key) { return i18n::text(l, key); }

std::vector<NavItem> publicNav(i18n::Lang l, std::string_view active_path) {
  std::vector<NavItem> nav = {{tr(l, "nav_complain"), "/complain", false},
                              {tr(l, "nav_promises"), "/promises", false},
                              {tr(l, "nav_you_said"), "/you-said-we-did", false},
                              {tr(l, "nav_sign_in"), "/sign-in", false}};
  for (auto& item : nav) item.active = item.href == active_path;
  return nav;
}

http::Response rememberLanguage(const http::Request& req, http::Response r) {
  if (auto q = i18n::parse(req.queryParam("lang")))
    r.headers.emplace_back("Set-Cookie",
                           http::setCookie(kLanguageCookie, i18n::code(*q), {.path = "/"}));
  return r;
}

}  // namespace charter::web
