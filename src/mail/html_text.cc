#include "mail/html_text.h"

#include <array>
#include <mutex>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

namespace charter::mail {
namespace {

constexpr std::array<std::string_view, 21> kBlocks = {
    "p",  "div", "br", "li", "tr", "h1",         "h2",      "h3",    "h4",   "h5",  "h6",
    "ul", "ol",  "table", "blockquote", "pre", "hr", "address", "section", "article", "dd"};
constexpr std::array<std::string_view, 4> kSkipped = {"head", "script", "style", "title"};

template <std::size_t N>
bool isOneOf(const xmlChar* name, const std::array<std::string_view, N>& names) {
  const std::string_view n(reinterpret_cast<const char*>(name));
  for (auto s : names) {
    if (s == n) return true;
  }
  return false;
}

void endLine(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.back() != '\n') out += '\n';
}

// Appends a text node's content with white space collapsed.
void appendText(std::string& out, const char* text) {
  for (const char* p = text; *p != '\0'; ++p) {
    const char c = *p;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
    } else {
      out += c;
    }
  }
}

void walk(xmlNode* node, std::string& out, int depth) {
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) appendText(out, reinterpret_cast<const char*>(node->content));
      continue;
    }
    if (node->type != XML_ELEMENT_NODE || node->name == nullptr) continue;
    if (isOneOf(node->name, kSkipped)) continue;
    const bool block = isOneOf(node->name, kBlocks);
    if (block) endLine(out);
    if (depth < 200) walk(node->children, out, depth + 1);  // no stack overflow on deep trees
    if (block) endLine(out);
  }
}

}  // namespace

std::string htmlToText(std::string_view html) {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  if (html.empty()) return "";
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
  if (doc == nullptr) return "";
  std::string out;
  walk(xmlDocGetRootElement(doc), out, 0);
  xmlFreeDoc(doc);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  std::size_t start = out.find_first_not_of(" \n");
  return start == std::string::npos ? "" : out.substr(start);
}

}  // namespace charter::mail
