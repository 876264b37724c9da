// The page templates: every built-in one is valid, values are escaped as escape() does, and a
// landlord's folder replaces a file of the same name while the rest stay built in.
#include "web/templates.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "web/components.h"
#include "web/layout.h"

namespace charter::web {
namespace {

TEST(PageTemplates, EveryBuiltInTemplateIsThere) {
  auto names = builtinTemplateNames();
  for (const char* n : {"pages/layout", "pages/case", "pages/my_work", "partials/table",
                        "partials/summary_list", "partials/error_summary", "partials/button"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  EXPECT_THROW(renderTemplate("pages/no_such_page", {}), std::runtime_error);
}

TEST(PageTemplates, ValuesAreEscapedAndHtmlIsNot) {
  EXPECT_EQ(tag("Tom's <b>", "red"), "<strong class=\"govuk-tag govuk-tag--red\">Tom&#39;s &lt;b&gt;</strong>");
  EXPECT_EQ(insetText("<b>x</b>"), "<div class=\"govuk-inset-text\"><b>x</b></div>");
}

TEST(PageTemplates, OneTablePartialForEveryTable) {
  Table t;
  t.caption = "Cases";
  t.caption_class = "govuk-table__caption--m";
  t.head = {{"Case", false}, {"Number", true}};
  TableCell n{"3"};
  n.numeric = true;
  t.rows.push_back({TableCell::link("CH-1", "/staff/cases/1"), n});
  const std::string html = table(t);
  EXPECT_NE(html.find("<caption class=\"govuk-table__caption govuk-table__caption--m\">Cases</caption>"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Number</th>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/staff/cases/1\">CH-1</a></td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"govuk-table__cell govuk-table__cell--numeric\">3</td>"), std::string::npos);
}

TEST(PageTemplates, ALandlordsFolderReplacesAFileOfTheSameName) {
  auto dir = std::filesystem::temp_directory_path() / ("charter-pages-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "partials");
  std::ofstream(dir / "partials" / "footer.mustache") << "<footer>{{service_name}} cares</footer>\n";
  ASSERT_TRUE(usePageTemplateFolder(dir));
  Page p;
  p.title = "Home";
  p.service_name = "Northside";
  std::string html = renderPage(p);
  EXPECT_NE(html.find("<footer>Northside cares</footer>"), std::string::npos);
  EXPECT_NE(html.find("govuk-header"), std::string::npos);  // the rest stays built in
  std::ofstream(dir / "partials" / "footer.mustache") << "{{#unclosed}}";
  auto refused = usePageTemplateFolder(dir);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("footer.mustache"), std::string::npos);
  ASSERT_TRUE(usePageTemplateFolder({}));
  EXPECT_EQ(renderPage(p).find("Northside cares"), std::string::npos);
  std::filesystem::remove_all(dir);
}


// Partials are written into their templates when the set is loaded (parsed once, not at every
// use): they still see the caller's context, lists of lists convert whole, and a partial that
// includes itself stops instead of looping.
TEST(PageTemplates, APartialInPlaceSeesTheCallersContext) {
  auto dir = std::filesystem::temp_directory_path() / ("charter-probe-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "pages");
  std::filesystem::create_directories(dir / "partials");
  std::ofstream(dir / "pages" / "probe.mustache")
      << "<ul>{{#rows}}{{> partials/probe_row}}{{/rows}}</ul>{{^rows}}none{{/rows}}\n";
  std::ofstream(dir / "partials" / "probe_row.mustache")
      << "<li>{{name}} of {{owner}}:{{#cells}} {{.}}{{/cells}}</li>\n";
  std::ofstream(dir / "partials" / "probe_loop.mustache") << "x{{> partials/probe_loop}}\n";
  ASSERT_TRUE(usePageTemplateFolder(dir));
  nlohmann::json rows = nlohmann::json::array();
  for (int i = 0; i < 100; ++i)
    rows.push_back({{"name", "r" + std::to_string(i)}, {"cells", {"a", "b <c>"}}});
  const std::string html = renderTemplate("pages/probe", {{"owner", "Jo's"}, {"rows", rows}});
  EXPECT_EQ(html.rfind("<ul><li>r0 of Jo&#39;s: a b &lt;c&gt;</li><li>r1 of Jo&#39;s:", 0), 0u) << html.substr(0, 200);
  EXPECT_NE(html.find("<li>r99 of Jo&#39;s: a b &lt;c&gt;</li></ul>"), std::string::npos);
  EXPECT_EQ(renderTemplate("pages/probe", {{"rows", nlohmann::json::array()}}), "<ul></ul>none");
  // Written in place 16 deep, then the tag is left (it names no partial in the data: nothing).
  EXPECT_EQ(renderTemplate("partials/probe_loop", {}), std::string(17, 'x'));
  ASSERT_TRUE(usePageTemplateFolder({}));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace charter::web
