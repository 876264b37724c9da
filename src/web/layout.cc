#include "web/layout.h"

#include <fmt/format.h>

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

std::string renderPage(const Page& page) {
  // A minimal GOV.UK template; the web layer fills it out (assets, header, navigation).
  std::string nav;
  for (const auto& item : page.nav) {
    nav += fmt::format("<li class=\"govuk-header__navigation-item{}\"><a class=\"govuk-header__link\" "
                       "href=\"{}\">{}</a></li>",
                       item.active ? " govuk-header__navigation-item--active" : "",
                       escape(item.href), escape(item.label));
  }
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head><meta charset=\"utf-8\">"
      "<title>{} – {}</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<link rel=\"stylesheet\" href=\"/assets/govuk-frontend.min.css\"></head>\n"
      "<body class=\"govuk-template__body\"><a href=\"#main-content\" class=\"govuk-skip-link\">"
      "Skip to main content</a><header class=\"govuk-header\"><div class=\"govuk-header__container "
      "govuk-width-container\"><span class=\"govuk-header__service-name\">{}</span>"
      "<nav aria-label=\"Menu\"><ul class=\"govuk-header__navigation-list\">{}</ul></nav></div>"
      "</header><div class=\"govuk-width-container\"><main class=\"govuk-main-wrapper\" "
      "id=\"main-content\">{}</main></div></body></html>\n",
      escape(page.title), escape(page.service_name), escape(page.service_name), nav,
      page.body_html);
}

}  // namespace charter::web
