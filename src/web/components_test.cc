#include "web/components.h"

#include <gtest/gtest.h>

#include "web/layout.h"

namespace charter::web {
namespace {

TEST(Components, FieldIdsFollowJsonPaths) {
  EXPECT_EQ(fieldId("elements[0].finding"), "elements-0-finding");
  EXPECT_EQ(fieldId("person.name"), "person-name");
  EXPECT_EQ(fieldId("new_due"), "new_due");
  EXPECT_EQ(fieldId("remedies[12]"), "remedies-12");
}

TEST(Components, AnAppErrorGoesToTheFieldItNames) {
  std::vector<std::string> known = {"decision", "elements-0-summary", "elements-0-finding"};
  auto e = fromError(Error{ErrorKind::kInvalid, "elements[0].finding", "enum", "Choose a finding"}, known);
  ASSERT_EQ(e.items.size(), 1u);
  EXPECT_EQ(e.items[0].first, "elements-0-finding");
  // A field the form does not show: its nearest shown parent, else the first field.
  e = fromError(Error{ErrorKind::kInvalid, "elements", "required", "Add a part"}, known);
  EXPECT_EQ(e.items[0].first, "decision");
  // A message that is a fragment gets the field's name in words.
  e = fromError(Error{ErrorKind::kInvalid, "outstanding_actions[1].owner", "required", "is required"}, known);
  EXPECT_EQ(e.items[0].second, "The owner of action 2 is required");
  e = fromError(Error{ErrorKind::kInvalid, "new_due", "not-working-day", "is not a working day"}, known);
  EXPECT_EQ(e.items[0].second, "The new response date is not a working day");
  e = fromError(Error{ErrorKind::kConflict, "", "code-6.2", "Acknowledge first"}, known);
  EXPECT_EQ(e.items[0].first, "decision");
  EXPECT_EQ(e.items[0].second, "Acknowledge first");
}

TEST(Components, ErrorSummaryAndFieldErrorFollowGovukPatterns) {
  FormErrors e;
  e.add("definition", "Enter the <complaint> definition");
  std::string summary = errorSummary(e);
  EXPECT_NE(summary.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(summary.find("href=\"#definition\""), std::string::npos);
  EXPECT_NE(summary.find("&lt;complaint&gt;"), std::string::npos);
  std::string field = textarea("definition", "Definition", "x\"><script>", e);
  EXPECT_NE(field.find("govuk-form-group--error"), std::string::npos);
  EXPECT_NE(field.find("id=\"definition-error\""), std::string::npos);
  EXPECT_NE(field.find("aria-describedby=\"definition-error\""), std::string::npos);
  EXPECT_EQ(field.find("<script>"), std::string::npos);
  EXPECT_TRUE(errorSummary({}).empty());
}

TEST(Components, RadiosLinkTheFirstOptionToTheFieldId) {
  FormErrors e;
  e.add("decision", "Choose a decision");
  std::string r = radios("decision", "Decision", {{"upheld", "Upheld"}, {"not_upheld", "Not upheld"}},
                         "not_upheld", e);
  EXPECT_NE(r.find("id=\"decision\""), std::string::npos);
  EXPECT_NE(r.find("id=\"decision-2\""), std::string::npos);
  EXPECT_NE(r.find("value=\"not_upheld\" checked"), std::string::npos);
  EXPECT_NE(r.find("<legend"), std::string::npos);
}

TEST(Components, FormsDecodeUrlencodedBodies) {
  auto f = Form::parse("a=1&b=two+words&c=%C2%A3150&d=++padded++");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->get("b"), "two words");
  EXPECT_EQ(f->get("c"), "£150");
  EXPECT_EQ(f->get("d"), "padded");
  EXPECT_FALSE(f->has("e"));
  EXPECT_FALSE(Form::parse("a=%zz"));
}

TEST(Layout, PagesHaveNoInlineScriptsOrStyles) {
  Page p;
  p.title = "My work";
  p.body_html = "<h1 class=\"govuk-heading-l\">My work</h1>";
  p.signed_in_as = "Ivy <b>";
  p.csrf_token = "tok";
  p.nav = {{"My work", "/staff", true}};
  std::string html = renderPage(p);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_EQ(html.find("<style"), std::string::npos);
  EXPECT_NE(html.find("<script type=\"module\" src=\"/assets/charter.js\"></script>"), std::string::npos);
  EXPECT_NE(html.find("Ivy &lt;b&gt;"), std::string::npos);
  EXPECT_NE(html.find("aria-current=\"page\""), std::string::npos);
  EXPECT_NE(html.find("name=\"csrf_token\" value=\"tok\""), std::string::npos);
  EXPECT_NE(html.find("<html lang=\"en\""), std::string::npos);
}


// Issue 12 item 7: "£150" was refused as "not a number".
TEST(Components, MoneyIsReadAsPeopleTypeIt) {
  EXPECT_EQ(moneyValue("150"), nlohmann::json(150.0));
  EXPECT_EQ(moneyValue("£150"), nlohmann::json(150.0));
  EXPECT_EQ(moneyValue("£1,250.50"), nlohmann::json(1250.5));
  EXPECT_EQ(moneyValue(" £ 30 "), nlohmann::json(30.0));
  EXPECT_EQ(moneyValue("fifty pounds"), nlohmann::json("fifty pounds"));
  EXPECT_EQ(moneyValue("£"), nlohmann::json("£"));
}

}  // namespace
}  // namespace charter::web
