// libFuzzer target: the email-in MIME parser (src/mail: GMime 3, libxml2 for HTML-only bodies)
// on arbitrary bytes, as `charter mail-in` and POST /api/v1/mail-in hand them over. Any input
// must give an InboundMail that keeps the parser's promises (mime_parser.h, app/mail_in.h):
// never a crash, a hang or an exception; the text fields a person reads and the stores keep
// (from name, subject, text) are valid UTF-8, since they go into JSON and SQL text columns; a
// problem is one of the two rules and always says why; a message without a problem has a From
// address.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "mail/mime_parser.h"

namespace {

// RFC 3629 UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
bool validUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t more = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
                     : (c & 0xF8) == 0xF0 ? 3 : 4;
    if (more == 4 || i + more >= s.size()) return false;  // a bad lead byte, or cut short
    unsigned long cp = more == 0 ? c : c & (0x3Fu >> more);
    for (std::size_t k = 1; k <= more; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    static constexpr unsigned long kLeast[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kLeast[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += more + 1;
  }
  return true;
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "mail parser broke its promise: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  try {
    charter::InboundMail mail = charter::mail::parseMessage(raw);
    if (!validUtf8(mail.from_name)) fail("from_name is not UTF-8");
    if (!validUtf8(mail.subject)) fail("subject is not UTF-8");
    if (!validUtf8(mail.text)) fail("text is not UTF-8");
    const auto& rule = mail.problem_rule;
    if (!rule.empty() && rule != "malformed" && rule != "no-from") fail("unknown problem rule");
    if (!rule.empty() && mail.problem.empty()) fail("a problem without a reason");
    if (rule.empty() && mail.from_address.empty()) fail("taken in without a From address");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parseMessage threw: %s\n", e.what());
    std::abort();
  }
  return 0;
}
