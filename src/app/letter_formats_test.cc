// A letter in every format says the same plain words: no HTML entities in text or PDF, the
// braille reads back (through liblouis) as the letter's words, the audio lasts as long as
// reading the letter aloud takes, the large print is large, and an unknown format is a 422.
#include "app/letter_formats.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <sstream>

#include <gtest/gtest.h>

#include "app/letters.h"
#include "util/braille.h"

namespace charter {
namespace {

using nlohmann::json;

// A stored letter as the staff pages and the API store it (kainjow escapes ' and &).
json storedLetter() {
  RenderedLetter l;
  l.kind = LetterKind::kAcknowledgement;
  l.title = "Acknowledgement of your complaint";
  l.html =
      "<h2 class=\"govuk-heading-l\">Acknowledgement of your complaint</h2>"
      "<p class=\"govuk-body\">Dear Ms O&apos;Brien,</p>"
      "<p class=\"govuk-body\">Thank you for your complaint about the repairs &amp; maintenance "
      "service, which we received on Monday 3 March 2025. We&#39;ll send you our response by "
      "Monday 17 March 2025.</p>"
      "<p class=\"govuk-body\">We understand the boiler was not repaired after three visits, "
      "and you would like it fixed and compensation for the time without heating.</p>"
      "<p class=\"govuk-body\">Yours sincerely,</p>"
      "<p class=\"govuk-body\">Ivy Okonkwo<br>Complaints Investigator<br>Northside Homes</p>";
  return letterEventData(l);
}

// Lower-case words; apostrophes (straight or the curly one braille reads back as) dropped.
std::vector<std::string> words(std::string text) {
  for (std::size_t at; (at = text.find("\u2019")) != std::string::npos;) text.replace(at, 3, "'");
  std::vector<std::string> out;
  std::string w;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      w += static_cast<char>(std::tolower(c));
    } else if (c != '\'' && !w.empty()) {
      out.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

TEST(LetterFormats, TextAndEveryBlockArePlainWithNoEntities) {
  json l = storedLetter();
  auto text = letterFile(l, "text", "Northside Homes", "CH-1-letter-5");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->content_type, "text/plain; charset=utf-8");
  EXPECT_NE(text->body.find("Dear Ms O'Brien,"), std::string::npos) << text->body;
  EXPECT_NE(text->body.find("repairs & maintenance"), std::string::npos);
  EXPECT_NE(text->body.find("We'll send"), std::string::npos);
  for (const char* entity : {"&apos;", "&amp;", "&#39;", "&quot;"})
    EXPECT_EQ(text->body.find(entity), std::string::npos) << entity;
}

TEST(LetterFormats, AnOldLetterStoredWithEscapedBlocksReadsPlainToo) {
  json l = storedLetter();
  l["blocks"] = json::array({{{"t", "p"}, {"s", "Dear Ms O&apos;Brien,"}}});  // as stored before
  EXPECT_NE(letterText(l).find("O'Brien"), std::string::npos);
}

TEST(LetterFormats, UnescapeDecodesNamedAndNumericReferences) {
  EXPECT_EQ(unescapeHtml("O&apos;Brien &amp; Sons &#39;x&#x27; &pound;5 &lt;b&gt; &bogus; &"),
            "O'Brien & Sons 'x' £5 <b> &bogus; &");
}

TEST(LetterFormats, BrailleIsFortyCellsByTwentyFiveLinesAndReadsBackAsTheLetter) {
  json l = storedLetter();
  auto f = letterFile(l, "braille", "Northside Homes", "CH-1-letter-5");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->filename, "CH-1-letter-5.brf");
  std::vector<std::string> lines;
  std::string page_text = f->body;
  std::replace(page_text.begin(), page_text.end(), '\f', '\n');
  std::istringstream in(page_text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    EXPECT_LE(line.size(), 40u) << line;
    for (unsigned char c : line) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << line;
    lines.push_back(line);
  }
  // Pages of at most 25 lines.
  std::size_t since_ff = 0;
  for (char c : f->body) {
    if (c == '\f') since_ff = 0;
    if (c == '\n') EXPECT_LE(++since_ff, 25u);
  }
  // Back through liblouis, paragraph by paragraph: the words of the letter.
  std::string back;
  std::string para;
  for (const auto& line : lines) {
    if (line.empty()) {
      auto t = braille::backTranslate(para);
      ASSERT_TRUE(t);
      back += *t + "\n";
      para.clear();
    } else {
      para += (para.empty() ? "" : " ") + line;
    }
  }
  auto t = braille::backTranslate(para);
  ASSERT_TRUE(t);
  back += *t;
  EXPECT_EQ(words(back), words(letterText(l))) << back;
}

// The Ogg Vorbis stream's duration: the last page's granule position over the sample rate.
double oggSeconds(const std::string& ogg) {
  std::size_t vorbis = ogg.find("\x01vorbis");
  if (vorbis == std::string::npos || vorbis + 16 > ogg.size()) return -1;
  auto u32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(ogg[at + static_cast<std::size_t>(i)]);
    return v;
  };
  const std::uint32_t rate = u32(vorbis + 12);
  std::size_t last = ogg.rfind("OggS");
  if (last == std::string::npos || last + 14 > ogg.size() || rate == 0) return -1;
  std::uint64_t granule = 0;
  for (int i = 7; i >= 0; --i) granule = (granule << 8) | static_cast<unsigned char>(ogg[last + 6 + static_cast<std::size_t>(i)]);
  return static_cast<double>(granule) / rate;
}

TEST(LetterFormats, AudioReadsTheLetterAloudAtASpeakingPace) {
  json l = storedLetter();
  auto f = letterFile(l, "audio", "Northside Homes", "CH-1-letter-5");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->content_type, "audio/ogg");
  EXPECT_EQ(f->body.substr(0, 4), "OggS");
  const double seconds = oggSeconds(f->body);
  const double n = static_cast<double>(words(letterText(l)).size());
  // eSpeak NG's default rate is 175 words a minute; allow 100-260 for pauses and numbers.
  EXPECT_GT(seconds, n / 260 * 60) << seconds << " s for " << n << " words";
  EXPECT_LT(seconds, n / 100 * 60) << seconds << " s for " << n << " words";
}

TEST(LetterFormats, PdfAndLargePrintArePdfs) {
  json l = storedLetter();
  auto pdf = letterFile(l, "pdf", "Northside Homes", "x");
  auto large = letterFile(l, "large-print", "Northside Homes", "x");
  ASSERT_TRUE(pdf);
  ASSERT_TRUE(large);
  EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");
  EXPECT_EQ(large->content_type, "application/pdf");
  EXPECT_GT(large->body.size(), 0u);
}

TEST(LetterFormats, AnUnknownFormatIsInvalidOnFormat) {
  auto f = letterFile(storedLetter(), "hologram", "Northside Homes", "x");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(f.error().field, "format");
}

// A Welsh letter (its event data "language": "cy").
json storedWelshLetter() {
  RenderedLetter l;
  l.kind = LetterKind::kAcknowledgement;
  l.title = "Cydnabod eich cwyn";
  l.html =
      "<div class=\"charter-letter\" lang=\"cy\"><h2 class=\"govuk-heading-l\">Cydnabod eich cwyn</h2>"
      "<p class=\"govuk-body\">Annwyl Mrs Jones,</p>"
      "<p class=\"govuk-body\">Diolch am eich cwyn. Byddwn yn anfon ein hymateb atoch erbyn "
      "dydd Gwener 18 Rhagfyr 2026.</p>"
      "<p class=\"govuk-body\">Yn gywir,</p>"
      "<p class=\"govuk-body\">Y tîm cwynion<br>Cartrefi Gogledd</p></div>";
  json data = letterEventData(l);
  data["language"] = "cy";
  return data;
}

TEST(LetterFormats, AWelshLetterIsWelshBrailleThatReadsBackInWelsh) {
  json l = storedWelshLetter();
  auto f = letterFile(l, "braille", "Cartrefi Gogledd", "CH-1-letter-5");
  ASSERT_TRUE(f) << f.error().message;
  auto english = braille::brf(letterParagraphs(l), 40, 25, braille::kTable);
  ASSERT_TRUE(english);
  EXPECT_NE(f->body, *english) << "Welsh Grade 2 contracts differently from UEB";
  std::string back;
  for (const auto& p : letterParagraphs(l)) {
    auto cells = braille::translate(p, braille::kTableWelsh);
    ASSERT_TRUE(cells);
    auto text = braille::backTranslate(*cells, braille::kTableWelsh);
    ASSERT_TRUE(text);
    back += *text + " ";
  }
  // liblouis's Welsh table reads a full stop back as "4" through the BRF display table, so the
  // words checked are ones inside sentences.
  for (const char* w : {"diolch", "cwyn", "gwener", "rhagfyr", "18", "annwyl"}) {
    const auto ws = words(back);
    EXPECT_NE(std::find(ws.begin(), ws.end(), w), ws.end()) << w << " in " << back;
  }
}

TEST(LetterFormats, AWelshLetterIsReadAloudByTheWelshVoiceAndIsMarkedWelsh) {
  json l = storedWelshLetter();
  auto audio = letterFile(l, "audio", "Cartrefi Gogledd", "CH-1-letter-5");
  ASSERT_TRUE(audio) << audio.error().message;
  EXPECT_EQ(audio->body.substr(0, 4), "OggS");
  const double seconds = oggSeconds(audio->body);
  const double n = static_cast<double>(words(letterText(l)).size());
  EXPECT_GT(seconds, n / 260 * 60) << seconds << " s for " << n << " words";
  EXPECT_LT(seconds, n / 60 * 60) << seconds << " s for " << n << " words";
  auto html = letterFile(l, "html", "Cartrefi Gogledd", "CH-1-letter-5");
  ASSERT_TRUE(html);
  EXPECT_NE(html->body.find("<html lang=\"cy\">"), std::string::npos);
}

}  // namespace
}  // namespace charter
