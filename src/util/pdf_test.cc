#include "util/pdf.h"

#include <gtest/gtest.h>

namespace charter::pdf {
namespace {

TEST(Pdf, WinAnsiKeepsLatin1AndTypographicMarks) {
  EXPECT_EQ(toWinAnsi("£250 – “yes” café"), "\xA3" "250 \x96 \x93yes\x94 caf\xE9");
  EXPECT_EQ(toWinAnsi("emoji \xF0\x9F\x98\x80!"), "emoji ?!");
  EXPECT_EQ(toWinAnsi("bad \xC3 byte"), "bad  byte");
  EXPECT_EQ(toWinAnsi("tab\there"), "tab    here");
}

TEST(Pdf, WritesAValidDocumentAcrossPages) {
  Options o;
  o.title = "Stage 1 response";
  o.author = "Northside Homes";
  o.footer = "CH-000001";
  Document doc(o);
  doc.heading("Your complaint CH-000001");
  doc.rows({{"Reference", "CH-000001"}, {"Decision", "Upheld"}});
  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += "The boiler was not repaired on time. ";
  doc.paragraph(long_text);
  doc.bullets({"An apology", "£150 compensation", std::string(300, 'x')});
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 80; ++i) rows.push_back({"CH-" + std::to_string(i), "open", "2025-04-01"});
  doc.table({"Reference", "Status", "Due"}, rows, {0.4f, 0.3f, 0.3f});
  auto bytes = doc.finish();
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(bytes->rfind("%PDF-1.", 0), 0u);
  EXPECT_NE(bytes->find("%%EOF"), std::string::npos);
  EXPECT_GT(bytes->size(), 2000u);
  // More than one page.
  std::size_t pages = 0;
  for (std::size_t p = bytes->find("/Type /Page"); p != std::string::npos;
       p = bytes->find("/Type /Page", p + 1))
    if (bytes->compare(p, 12, "/Type /Pages") != 0) ++pages;
  EXPECT_GE(pages, 3u);
  EXPECT_FALSE(doc.finish());  // only once
}

std::size_t pageCount(const std::string& bytes) {
  std::size_t pages = 0;
  for (std::size_t p = bytes.find("/Type /Page"); p != std::string::npos;
       p = bytes.find("/Type /Page", p + 1))
    if (bytes.compare(p, 12, "/Type /Pages") != 0) ++pages;
  return pages;
}

// Paragraphs that nearly fill a page, then a sign-off: with keepLines the sign-off moves to
// page 2 instead of ending page 1 alone; with room to spare it stays where it is.
TEST(Pdf, KeepLinesMovesAShortBlockWhenItWouldNotFit) {
  auto pagesWith = [](int paragraphs, bool keep) {
    Document doc;
    for (int i = 0; i < paragraphs; ++i) doc.paragraph("One line.");
    if (keep) doc.keepLines(6);
    doc.paragraph("Yours sincerely,");
    return pageCount(*doc.finish());
  };
  int fills = 1;
  while (pagesWith(fills + 1, false) == 1) ++fills;  // the most single lines one page holds
  EXPECT_EQ(pagesWith(fills - 1, false), 1u);
  EXPECT_EQ(pagesWith(fills - 1, true), 2u);
  EXPECT_EQ(pagesWith(3, true), 1u);
}

TEST(Pdf, EmptyDocumentHasOnePage) {
  Document doc;
  auto bytes = doc.finish();
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->rfind("%PDF-", 0), 0u);
}

}  // namespace
}  // namespace charter::pdf
