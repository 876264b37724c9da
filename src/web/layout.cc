#include "web/layout.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "web/language.h"
#include "web/templates.h"

namespace charter::web {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {
std::string& serviceName() {
  static std::string name = "Charter";
  return name;
}
}  // namespace

void setServiceName(std::string name) {
  if (!name.empty()) serviceName() = std::move(name);
}

namespace {

// The language switch (English | Cymraeg) of a resident page, or false on a staff page.
nlohmann::json languageSwitch(const Page& page) {
  if (page.lang.empty()) return false;
  nlohmann::json options = nlohmann::json::array();
  for (auto [code, label] : {std::pair{"en", "English"}, std::pair{"cy", "Cymraeg"}})
    options.push_back({{"code", code}, {"label", label}, {"current", page.lang == code},
                       {"href", fmt::format("{}?lang={}", page.switch_path, code)}});
  return {{"options", options}};
}

}  // namespace

std::string renderPage(const Page& page) {
  // The GOV.UK Frontend page template (templates/pages/layout.mustache), without inline
  // scripts or styles (a strict CSP can be set): charter.js adds govuk-frontend-supported and
  // initialises the components.
  nlohmann::json nav = nlohmann::json::array();
  for (const auto& item : page.nav)
    nav.push_back({{"label", item.label}, {"href", item.href}, {"active", item.active}});
  nlohmann::json crumbs = nlohmann::json::array();
  for (const auto& [label, href] : page.breadcrumbs) crumbs.push_back({{"label", label}, {"href", href}});
  const i18n::Lang lang = i18n::parse(page.lang).value_or(i18n::Lang::kEn);
  const std::string service = page.service_name.empty() ? serviceName() : page.service_name;
  return renderTemplate("pages/layout", {{"title", page.title},
                                         {"service_name", service},
                                         {"lang", std::string(i18n::code(lang))},
                                         {"t", words(lang)},
                                         {"switch", languageSwitch(page)},
                                         {"footer_text", fmt::format(fmt::runtime(tr(lang, "footer")), service)},
                                         {"nav", nav},
                                         {"has_nav", !page.nav.empty()},
                                         {"signed_in_as", page.signed_in_as},
                                         {"csrf_token", page.csrf_token},
                                         {"breadcrumbs", crumbs},
                                         {"has_breadcrumbs", !page.breadcrumbs.empty()},
                                         {"body_html", page.body_html}}) + "\n";
}

}  // namespace charter::web
