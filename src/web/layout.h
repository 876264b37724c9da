// The page layout every HTML page shares: the GOV.UK Frontend template (header with the
// landlord's name and navigation, phase banner, main, footer), server-rendered, no inline
// scripts. Pages supply their title and main content; the layout escapes nothing itself.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace charter::web {

struct NavItem {
  std::string label;
  std::string href;
  bool active = false;
};

struct Page {
  std::string title;            // "My work – Charter" goes in <title>; the h1 is in body
  std::string service_name;     // empty: the landlord's (setServiceName)
  std::string body_html;        // the contents of <main>, already escaped
  std::vector<NavItem> nav;     // header navigation (empty for public pages)
  std::string signed_in_as;     // shown in the header when not empty
  std::string csrf_token;       // for the sign-out form in the header
  std::vector<std::pair<std::string, std::string>> breadcrumbs;  // (label, href)
  // A resident-facing page's language, "en" or "cy" (web/language.h): the page's lang and a
  // language switch linking `switch_path` (this page's path) in the other. Empty: a staff page,
  // English with no switch.
  std::string lang;
  std::string switch_path;
};

// The name every page's header shows unless the page names one: the landlord's. Set once at
// start-up, before the server takes requests ("Charter" until then).
void setServiceName(std::string name);

// The whole HTML document.
std::string renderPage(const Page& page);

// HTML-escapes text for element content and attribute values.
std::string escape(std::string_view text);

}  // namespace charter::web
