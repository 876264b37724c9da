// A small PDF writer for letters, reports and subject-access exports (on libharu).
//
// Content is a flow of blocks (headings, paragraphs, bullet lists, label/value rows, tables)
// laid out top to bottom on A4 pages, wrapped to the page width and continued on new pages.
// Text is UTF-8; it is drawn with the standard Helvetica fonts (WinAnsi), so characters
// outside Windows-1252 (e.g. emoji) are replaced by '?'. Nothing is written to disk: finish()
// answers the bytes of the document.
//
//   pdf::Document doc({.title = "Stage 1 response", .author = "Northside Homes"});
//   doc.heading("Your complaint CH-000123");
//   doc.paragraph("Dear Ms Resident, ...");
//   auto bytes = doc.finish();  // Result<std::string>
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace charter::pdf {

struct Options {
  std::string title;
  std::string author;
  std::string subject;
  float font_size = 11;      // body text, points
  float line_spacing = 1.35f;  // baseline to baseline, as a multiple of the font size
  float margin = 56;         // points (about 20 mm)
  bool page_numbers = true;  // "Page N of M" in the footer
  std::string page_word = "Page";  // the page number's words, in the document's language
  std::string of_word = "of";      // ("Tudalen 1 o 2" in Welsh)
  std::string footer;        // shown left of the page number on every page
};

class Document {
 public:
  explicit Document(Options options = {});
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // level 1 (largest) to 3.
  void heading(std::string_view text, int level = 1);
  // A paragraph; '\n' starts a new line within it, a blank line a new paragraph.
  void paragraph(std::string_view text, bool bold = false);
  void bullets(const std::vector<std::string>& items);
  // Label in bold on the left, value wrapped on the right (summary-list style).
  void rows(const std::vector<std::pair<std::string, std::string>>& label_values);
  // A table: the header row in bold, columns sized by `widths` (fractions, summing to <= 1;
  // empty = equal widths). Rows continue on the next page, repeating the header.
  void table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows,
             std::vector<float> widths = {});
  void space(float points = 8);
  // Starts a new page unless `lines` lines of body text still fit on this one: keeps a short
  // block (a letter's "Yours sincerely," and its signature) together.
  void keepLines(int lines);
  void pageBreak();

  // The finished PDF. May be called once; kInternal if libharu failed.
  Result<std::string> finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// UTF-8 to Windows-1252 for the standard fonts: unsupported characters become '?', invalid
// sequences are skipped. Exposed for tests.
std::string toWinAnsi(std::string_view utf8);

}  // namespace charter::pdf
