#include "util/braille.h"

#include <mutex>

#include <liblouis/liblouis.h>

namespace charter::braille {
namespace {

std::mutex& louisLock() {
  static std::mutex m;
  return m;
}

// UTF-8 to code points (invalid bytes skipped).
std::vector<widechar> widen(std::string_view s) {
  std::vector<widechar> out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size()) {
      ++i;
      continue;
    }
    unsigned cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(static_cast<widechar>(cp));
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

std::string narrow(const widechar* w, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    unsigned cp = w[i];
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

Result<std::string> run(std::string_view text, bool forward, const char* table) {
  std::vector<widechar> in = widen(text);
  if (in.empty()) return std::string();
  std::lock_guard lock(louisLock());
  if (lou_getTable(table) == nullptr)
    return unavailable("The braille table is not installed (liblouis-data).");
  for (std::size_t factor = 4; factor <= 64; factor *= 4) {
    int inlen = static_cast<int>(in.size());
    std::vector<widechar> out(in.size() * factor + 64);
    int outlen = static_cast<int>(out.size());
    int ok = forward ? lou_translateString(table, in.data(), &inlen, out.data(), &outlen,
                                           nullptr, nullptr, 0)
                     : lou_backTranslateString(table, in.data(), &inlen, out.data(), &outlen,
                                               nullptr, nullptr, 0);
    if (!ok) return unavailable("liblouis could not translate the text.");
    if (inlen == static_cast<int>(in.size())) return narrow(out.data(), outlen);
  }
  return unavailable("liblouis could not translate the whole text.");
}

}  // namespace

Result<std::string> translate(std::string_view utf8, const char* table) {
  return run(utf8, true, table);
}
Result<std::string> backTranslate(std::string_view brf, const char* table) {
  return run(brf, false, table);
}

Result<std::string> brf(const std::vector<std::string>& paragraphs, int cells, int lines,
                        const char* table) {
  std::vector<std::string> out_lines;
  for (const auto& p : paragraphs) {
    auto b = translate(p, table);
    if (!b) return b;
    if (b->empty()) continue;
    if (!out_lines.empty()) out_lines.emplace_back();
    std::string line;
    std::size_t i = 0;
    const std::string& s = *b;
    while (i < s.size()) {
      std::size_t end = s.find(' ', i);
      if (end == std::string::npos) end = s.size();
      std::string word = s.substr(i, end - i);
      i = end + 1;
      if (word.empty()) continue;
      while (static_cast<int>(word.size()) > cells) {  // longer than a line: split it
        if (!line.empty()) out_lines.push_back(line), line.clear();
        out_lines.push_back(word.substr(0, static_cast<std::size_t>(cells)));
        word.erase(0, static_cast<std::size_t>(cells));
      }
      if (line.empty()) {
        line = word;
      } else if (static_cast<int>(line.size() + 1 + word.size()) <= cells) {
        line += ' ' + word;
      } else {
        out_lines.push_back(line);
        line = word;
      }
    }
    if (!line.empty()) out_lines.push_back(line);
  }
  std::string out;
  for (std::size_t k = 0; k < out_lines.size(); ++k) {
    if (k > 0 && k % static_cast<std::size_t>(lines) == 0) out += '\f';
    out += out_lines[k] + "\r\n";
  }
  return out;
}

}  // namespace charter::braille
