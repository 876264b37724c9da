// A stored letter in the format a person needs: HTML, plain text, PDF, large print, braille
// and audio. Every format reads the same plain text (the letter's blocks, character references
// decoded), so no format shows "&apos;".
//
//   auto f = letterFile(event.data, "braille", "Northside Homes", "CH-000123-7");
//   // f->content_type "text/plain; charset=us-ascii", f->filename "CH-000123-7.brf"
//
// A format this server cannot produce (unknown, or its library or data missing) is kInvalid on
// "format", never an internal error. Cost: braille and audio take up to a second or so for a
// long letter. Threading: safe from any thread (util/braille.h, util/speech.h serialise).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace charter {

// The formats, in the order pages offer them.
inline constexpr std::string_view kLetterFormats[] = {"html",        "pdf",     "text",
                                                      "large-print", "braille", "audio"};
// "Large print (PDF)" and so on, for a download link.
std::string letterFormatLabel(std::string_view format);

struct LetterFile {
  std::string content_type;
  std::string body;
  std::string filename;  // for Content-Disposition: "<name>.pdf", ".brf", ".ogg", ...
};

// The letter's paragraphs as plain text, one string a block (list items prefixed "- ").
std::vector<std::string> letterParagraphs(const nlohmann::json& event_data);
// The letter as plain text: paragraphs separated by a blank line.
std::string letterText(const nlohmann::json& event_data);

// The stored letter (a letter_issued event's data) in `format`, named `name` + extension.
Result<LetterFile> letterFile(const nlohmann::json& event_data, std::string_view format,
                              std::string_view landlord_name, std::string_view name);

}  // namespace charter
