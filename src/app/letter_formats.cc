#include "app/letter_formats.h"

#include <fmt/format.h>

#include "app/letters.h"
#include "util/braille.h"
#include "util/i18n.h"
#include "util/speech.h"

namespace charter {
namespace {

using nlohmann::json;

tl::unexpected<Error> cannot(std::string_view format, const std::string& why) {
  return invalid("format", "available",
                 fmt::format("This server cannot produce the letter as {}: {}", format, why));
}

std::string htmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string letterFormatLabel(std::string_view format) {
  if (format == "html") return "Web page";
  if (format == "pdf") return "PDF";
  if (format == "text") return "Plain text";
  if (format == "large-print") return "Large print (PDF)";
  if (format == "braille") return "Braille (BRF)";
  if (format == "audio") return "Audio (Ogg)";
  return std::string(format);
}

std::vector<std::string> letterParagraphs(const json& event_data) {
  std::vector<std::string> out;
  std::string pending_dt;
  for (const auto& b : letterBlocks(event_data)) {
    std::string t = b.value("t", ""), s = b.value("s", "");
    if (t == "dt") { pending_dt = s; continue; }
    if (t == "dd") { out.push_back(pending_dt.empty() ? s : pending_dt + ": " + s); pending_dt.clear(); continue; }
    out.push_back(t == "li" ? "- " + s : s);
  }
  return out;
}

std::string letterText(const json& event_data) {
  std::string out;
  for (const auto& p : letterParagraphs(event_data)) out += p + "\n\n";
  if (!out.empty()) out.pop_back();
  return out;
}

Result<LetterFile> letterFile(const json& event_data, std::string_view format,
                              std::string_view landlord_name, std::string_view name) {
  const std::string base(name);
  // A Welsh letter is read in Welsh braille and by the Welsh voice (util/i18n.h).
  const bool welsh = event_data.value("language", std::string()) == "cy";
  if (format == "html") {
    std::string title = event_data.value("title", std::string("Letter"));
    std::string body = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>"
        "</head><body>\n{}\n</body></html>\n",
        welsh ? "cy" : "en-GB", htmlEscape(title), event_data.value("html", std::string()));
    return LetterFile{"text/html; charset=utf-8", std::move(body), base + ".html"};
  }
  if (format == "text")
    return LetterFile{"text/plain; charset=utf-8", letterText(event_data), base + ".txt"};
  if (format == "pdf" || format == "large-print") {
    auto bytes = letterPdf(event_data, landlord_name, format == "large-print");
    if (!bytes) return cannot(format, bytes.error().message);
    return LetterFile{"application/pdf", std::move(*bytes),
                      base + (format == "pdf" ? ".pdf" : "-large-print.pdf")};
  }
  if (format == "braille") {
    // Lines ended by CR LF, pages by form feed, 40 cells by 25 lines (util/braille.h).
    auto brf = braille::brf(letterParagraphs(event_data), 40, 25,
                            welsh ? braille::kTableWelsh : braille::kTable);
    if (!brf) return cannot(format, brf.error().message);
    return LetterFile{"text/plain; charset=us-ascii", std::move(*brf), base + ".brf"};
  }
  if (format == "audio") {
    std::string spoken;
    for (const auto& p : letterParagraphs(event_data)) {
      spoken += p;
      if (!p.empty() && p.back() != '.' && p.back() != ':' && p.back() != ',') spoken += '.';
      spoken += '\n';
    }
    auto ogg = speech::oggVorbis(spoken, welsh ? speech::kVoiceWelsh : speech::kVoice);
    if (!ogg) return cannot(format, ogg.error().message);
    return LetterFile{"audio/ogg", std::move(*ogg), base + ".ogg"};
  }
  return invalid("format", "one_of",
                 "The format must be one of html, pdf, text, large-print, braille, audio.");
}

}  // namespace charter
