// An HTML email's text, for a reader of the case: libxml2's forgiving HTML parser builds the
// tree, and the text nodes are read in order, runs of white space made one space, with a line
// break after each block (p, div, br, li, tr, headings, ...) and nothing from head, script or
// style. Links keep their text only.
// Cost: O(size of the HTML). Threading: safe from many threads (libxml2 is initialised once).
#pragma once

#include <string>
#include <string_view>

namespace charter::mail {

// `html` in UTF-8; answers UTF-8 text ("" for an empty or unreadable document).
std::string htmlToText(std::string_view html);

}  // namespace charter::mail
