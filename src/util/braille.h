// Braille through liblouis: Grade 2 UK English, which since 2011-13 is Unified English Braille
// (the UK Association for Accessible Formats' standard; liblouis table en-ueb-g2.ctb), shown
// in North American Braille ASCII (the code of .brf files), and the BRF page layout embossers
// and braille displays read. The older British table (en-GB-g2.ctb, pre-UEB) is not used: it
// is not the code readers now learn, and liblouis cannot translate it back reliably.
//
// Cost: linear in the text. Threading: liblouis keeps global tables, so every call takes one
// process-wide lock; safe from any thread. kUnavailable when liblouis or its table is missing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace charter::braille {

// The liblouis table list used for English (the default of every call).
inline constexpr const char* kTable = "en-us-brf.dis,en-ueb-g2.ctb";
// Welsh letters: liblouis's Welsh Grade 2 (cy-cy-g2.ctb), shown in the same BRF ASCII.
inline constexpr const char* kTableWelsh = "en-us-brf.dis,cy-cy-g2.ctb";

// UTF-8 text to contracted braille in BRF ASCII (one line, no layout), through `table`.
Result<std::string> translate(std::string_view utf8, const char* table = kTable);
// BRF ASCII braille back to text (UTF-8).
Result<std::string> backTranslate(std::string_view brf, const char* table = kTable);

// Paragraphs laid out as a BRF file: lines of at most `cells` cells (words wrapped at spaces,
// a word longer than a line split), a blank line between paragraphs, `lines` lines a page,
// pages separated by a form feed, lines ended by CR LF.
Result<std::string> brf(const std::vector<std::string>& paragraphs, int cells = 40,
                        int lines = 25, const char* table = kTable);

}  // namespace charter::braille
