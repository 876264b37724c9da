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
  // The GOV.UK Frontend page template, without inline scripts or styles (a strict CSP can be
  // set): charter.js adds govuk-frontend-supported and initialises the components.
  std::string nav;
  for (const auto& item : page.nav) {
    nav += fmt::format("<li class=\"govuk-header__navigation-item{}\"><a class=\"govuk-header__link\" "
                       "href=\"{}\"{}>{}</a></li>",
                       item.active ? " govuk-header__navigation-item--active" : "",
                       escape(item.href), item.active ? " aria-current=\"page\"" : "",
                       escape(item.label));
  }
  std::string nav_html;
  if (!nav.empty()) {
    nav_html = fmt::format(
        "<nav aria-label=\"Menu\" class=\"govuk-header__navigation\"><button type=\"button\" "
        "class=\"govuk-header__menu-button govuk-js-header-toggle\" aria-controls=\"navigation\" "
        "hidden>Menu</button><ul id=\"navigation\" class=\"govuk-header__navigation-list\">{}</ul>"
        "</nav>",
        nav);
  }
  std::string account;
  if (!page.signed_in_as.empty()) {
    account = fmt::format(
        "<div class=\"charter-account\"><p class=\"govuk-body-s charter-account__name\">Signed in "
        "as {}</p><form method=\"post\" action=\"/sign-out\" class=\"charter-account__form\">"
        "<input type=\"hidden\" name=\"csrf_token\" value=\"{}\"><button type=\"submit\" "
        "class=\"govuk-button govuk-button--secondary charter-account__button\" "
        "data-module=\"govuk-button\">Sign out</button></form></div>",
        escape(page.signed_in_as), escape(page.csrf_token));
  }
  std::string crumbs;
  if (!page.breadcrumbs.empty()) {
    crumbs = "<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\"><ol class=\"govuk-breadcrumbs__list\">";
    for (const auto& [label, href] : page.breadcrumbs)
      crumbs += fmt::format("<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
                            "href=\"{}\">{}</a></li>", escape(href), escape(label));
    crumbs += "</ol></nav>";
  }
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head><meta charset=\"utf-8\">"
      "<title>{} – {}</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1, "
      "viewport-fit=cover\"><meta name=\"theme-color\" content=\"#0b0c0c\">"
      "<link rel=\"icon\" sizes=\"48x48\" href=\"/assets/images/favicon.ico\">"
      "<link rel=\"stylesheet\" href=\"/assets/govuk-frontend.min.css\">"
      "<link rel=\"stylesheet\" href=\"/assets/charter.css\"></head>\n"
      "<body class=\"govuk-template__body\"><a href=\"#main-content\" class=\"govuk-skip-link\" "
      "data-module=\"govuk-skip-link\">Skip to main content</a>"
      "<header class=\"govuk-header\" data-module=\"govuk-header\"><div class=\"govuk-header__container "
      "govuk-width-container\"><div class=\"govuk-header__content\"><a href=\"/\" "
      "class=\"govuk-header__link govuk-header__service-name\">{}</a>{}</div></div></header>"
      "<div class=\"govuk-width-container\"><div class=\"govuk-phase-banner\"><p "
      "class=\"govuk-phase-banner__content\"><strong class=\"govuk-tag govuk-phase-banner__content__tag\">"
      "Beta</strong><span class=\"govuk-phase-banner__text\">This is a new service.</span></p></div>"
      "{}{}<main class=\"govuk-main-wrapper\" id=\"main-content\">{}</main></div>"
      "<footer class=\"govuk-footer\"><div class=\"govuk-width-container\"><div "
      "class=\"govuk-footer__meta\"><div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">"
      "<p class=\"govuk-body-s\">{} runs its complaints process under the Housing Ombudsman's "
      "Complaint Handling Code.</p></div></div></div></footer>"
      "<script type=\"module\" src=\"/assets/charter.js\"></script></body></html>\n",
      escape(page.title), escape(page.service_name), escape(page.service_name), nav_html, account,
      crumbs, page.body_html, escape(page.service_name));
}

}  // namespace charter::web
