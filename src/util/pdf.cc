#include "util/pdf.h"

#include <hpdf.h>

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

namespace charter::pdf {
namespace {

constexpr float kPageWidth = 595.276f;   // A4, points
constexpr float kPageHeight = 841.89f;

// Unicode code points 0x80-0x9F of Windows-1252, which differ from Latin-1.
constexpr std::pair<char32_t, unsigned char> kCp1252[] = {
    {0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85},
    {0x2020, 0x86}, {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A},
    {0x2039, 0x8B}, {0x0152, 0x8C}, {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92},
    {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97},
    {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B}, {0x0153, 0x9C},
    {0x017E, 0x9E}, {0x0178, 0x9F}};

void onError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* first = static_cast<std::string*>(user_data);
  if (first->empty()) first->assign(fmt::format("libharu error 0x{:04X} ({})", error_no, detail_no));
}

}  // namespace

std::string toWinAnsi(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0;
    int len = 0;
    if (c < 0x80) { cp = c; len = 1; }
    else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; len = 2; }
    else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; len = 3; }
    else if ((c & 0xF8) == 0xF0) { cp = c & 0x07; len = 4; }
    else { ++i; continue; }
    if (i + len > s.size()) break;
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) { ok = false; break; }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!ok) { ++i; continue; }
    i += len;
    if (cp == '\t') { out += "    "; continue; }
    if (cp < 0x20 && cp != '\n') continue;
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) { out += static_cast<char>(cp); continue; }
    auto it = std::find_if(std::begin(kCp1252), std::end(kCp1252),
                           [cp](const auto& p) { return p.first == cp; });
    if (it != std::end(kCp1252)) { out += static_cast<char>(it->second); continue; }
    // Welsh w and y with a circumflex are not in WinAnsi: the letter without it, not "?".
    if (cp == 0x0174 || cp == 0x0176) { out += cp == 0x0174 ? 'W' : 'Y'; continue; }
    if (cp == 0x0175 || cp == 0x0177) { out += cp == 0x0175 ? 'w' : 'y'; continue; }
    out += '?';
  }
  return out;
}

struct Document::Impl {
  Options opt;
  std::string error;
  HPDF_Doc doc = nullptr;
  HPDF_Font regular = nullptr;
  HPDF_Font bold = nullptr;
  std::vector<HPDF_Page> pages;
  HPDF_Page page = nullptr;
  float y = 0;
  bool finished = false;

  float width() const { return kPageWidth - 2 * opt.margin; }
  float bottom() const { return opt.margin + (opt.page_numbers || !opt.footer.empty() ? 20 : 0); }

  float textWidth(HPDF_Font font, float size, std::string_view text) const {
    if (text.empty()) return 0;
    HPDF_TextWidth w = HPDF_Font_TextWidth(
        font, reinterpret_cast<const HPDF_BYTE*>(text.data()), static_cast<HPDF_UINT>(text.size()));
    return static_cast<float>(w.width) * size / 1000.0f;
  }

  void newPage() {
    page = HPDF_AddPage(doc);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    pages.push_back(page);
    y = kPageHeight - opt.margin;
  }

  // Ensures `height` points fit below y; otherwise starts a new page.
  void need(float height) {
    if (!page || y - height < bottom()) newPage();
  }

  void drawText(HPDF_Font font, float size, float x, float baseline, std::string_view text) {
    if (text.empty()) return;
    std::string t(text);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, size);
    HPDF_Page_TextOut(page, x, baseline, t.c_str());
    HPDF_Page_EndText(page);
  }

  // Wraps WinAnsi text (with '\n' as hard breaks) to `max_width`.
  std::vector<std::string> wrap(HPDF_Font font, float size, const std::string& text,
                                float max_width) const {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (true) {
      std::size_t nl = text.find('\n', start);
      std::string para = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      std::string line;
      std::size_t p = 0;
      bool any = false;
      while (p <= para.size()) {
        std::size_t sp = para.find(' ', p);
        std::string word = para.substr(p, sp == std::string::npos ? std::string::npos : sp - p);
        p = sp == std::string::npos ? para.size() + 1 : sp + 1;
        if (word.empty()) continue;
        std::string candidate = line.empty() ? word : line + " " + word;
        if (textWidth(font, size, candidate) <= max_width) {
          line = std::move(candidate);
          continue;
        }
        if (!line.empty()) { lines.push_back(line); any = true; }
        // A word longer than the line is cut wherever it must be.
        line.clear();
        for (char ch : word) {
          if (!line.empty() && textWidth(font, size, line + ch) > max_width) {
            lines.push_back(line);
            line.clear();
          }
          line += ch;
        }
      }
      if (!line.empty() || !any) lines.push_back(line);
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    return lines;
  }

  float leading(float size) const { return size * opt.line_spacing; }

  void lines(HPDF_Font font, float size, const std::vector<std::string>& ls, float x) {
    for (const auto& l : ls) {
      need(leading(size));
      y -= leading(size);
      drawText(font, size, x, y + size * 0.3f, l);
    }
  }
};

Document::Document(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
  impl_->doc = HPDF_New(&onError, &impl_->error);
  if (!impl_->doc) {
    impl_->error = "libharu could not start";
    return;
  }
  HPDF_SetCompressionMode(impl_->doc, HPDF_COMP_ALL);
  impl_->regular = HPDF_GetFont(impl_->doc, "Helvetica", "WinAnsiEncoding");
  impl_->bold = HPDF_GetFont(impl_->doc, "Helvetica-Bold", "WinAnsiEncoding");
  auto info = [&](HPDF_InfoType type, const std::string& value) {
    if (!value.empty()) HPDF_SetInfoAttr(impl_->doc, type, toWinAnsi(value).c_str());
  };
  info(HPDF_INFO_TITLE, impl_->opt.title);
  info(HPDF_INFO_AUTHOR, impl_->opt.author);
  info(HPDF_INFO_SUBJECT, impl_->opt.subject);
  info(HPDF_INFO_CREATOR, "Charter");
}

Document::~Document() {
  if (impl_->doc) HPDF_Free(impl_->doc);
}

void Document::heading(std::string_view text, int level) {
  if (!impl_->doc) return;
  float size = impl_->opt.font_size * (level <= 1 ? 1.7f : level == 2 ? 1.35f : 1.1f);
  auto ls = impl_->wrap(impl_->bold, size, toWinAnsi(text), impl_->width());
  // Keep a heading with at least two lines of what follows.
  impl_->need(impl_->leading(size) * static_cast<float>(ls.size()) +
              2 * impl_->leading(impl_->opt.font_size) + size * 0.5f);
  impl_->y -= size * 0.5f;
  impl_->lines(impl_->bold, size, ls, impl_->opt.margin);
  impl_->y -= size * 0.25f;
}

void Document::paragraph(std::string_view text, bool bold) {
  if (!impl_->doc) return;
  float size = impl_->opt.font_size;
  auto ls = impl_->wrap(bold ? impl_->bold : impl_->regular, size, toWinAnsi(text), impl_->width());
  impl_->lines(bold ? impl_->bold : impl_->regular, size, ls, impl_->opt.margin);
  impl_->y -= size * 0.6f;
}

void Document::bullets(const std::vector<std::string>& items) {
  if (!impl_->doc) return;
  float size = impl_->opt.font_size;
  float indent = size * 1.4f;
  for (const auto& item : items) {
    auto ls = impl_->wrap(impl_->regular, size, toWinAnsi(item), impl_->width() - indent);
    impl_->need(impl_->leading(size));
    float first_baseline = impl_->y - impl_->leading(size) + size * 0.3f;
    impl_->lines(impl_->regular, size, ls, impl_->opt.margin + indent);
    // The bullet sits on the item's first line (on the page where that line landed).
    if (!ls.empty() && first_baseline > impl_->bottom())
      impl_->drawText(impl_->regular, size, impl_->opt.margin + size * 0.3f, first_baseline,
                      "\x95");
  }
  impl_->y -= size * 0.6f;
}

void Document::rows(const std::vector<std::pair<std::string, std::string>>& label_values) {
  if (!impl_->doc) return;
  float size = impl_->opt.font_size;
  float label_w = impl_->width() * 0.35f;
  float gap = 10;
  for (const auto& [label, value] : label_values) {
    auto ll = impl_->wrap(impl_->bold, size, toWinAnsi(label), label_w - gap);
    auto vl = impl_->wrap(impl_->regular, size, toWinAnsi(value), impl_->width() - label_w);
    std::size_t n = std::max(ll.size(), vl.size());
    for (std::size_t i = 0; i < n; ++i) {
      impl_->need(impl_->leading(size));
      impl_->y -= impl_->leading(size);
      float base = impl_->y + size * 0.3f;
      if (i < ll.size()) impl_->drawText(impl_->bold, size, impl_->opt.margin, base, ll[i]);
      if (i < vl.size())
        impl_->drawText(impl_->regular, size, impl_->opt.margin + label_w, base, vl[i]);
    }
    impl_->y -= size * 0.4f;
  }
  impl_->y -= size * 0.4f;
}

void Document::table(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows, std::vector<float> widths) {
  if (!impl_->doc || header.empty()) return;
  std::size_t cols = header.size();
  if (widths.size() != cols) widths.assign(cols, 1.0f / static_cast<float>(cols));
  float size = impl_->opt.font_size * 0.9f;
  float pad = 4;
  auto drawRow = [&](const std::vector<std::string>& cells, bool bold) {
    HPDF_Font font = bold ? impl_->bold : impl_->regular;
    std::vector<std::vector<std::string>> wrapped(cols);
    std::size_t n = 1;
    for (std::size_t c = 0; c < cols; ++c) {
      std::string cell = c < cells.size() ? toWinAnsi(cells[c]) : std::string();
      wrapped[c] = impl_->wrap(font, size, cell, impl_->width() * widths[c] - 2 * pad);
      n = std::max(n, wrapped[c].size());
    }
    float height = impl_->leading(size) * static_cast<float>(n) + pad;
    bool new_page = !impl_->page || impl_->y - height < impl_->bottom();
    return std::make_tuple(wrapped, height, new_page);
  };
  auto emit = [&](const std::vector<std::vector<std::string>>& wrapped, float height, bool bold) {
    HPDF_Font font = bold ? impl_->bold : impl_->regular;
    float x = impl_->opt.margin;
    for (std::size_t c = 0; c < cols; ++c) {
      float yy = impl_->y;
      for (const auto& l : wrapped[c]) {
        yy -= impl_->leading(size);
        impl_->drawText(font, size, x + pad, yy + size * 0.3f, l);
      }
      x += impl_->width() * widths[c];
    }
    impl_->y -= height;
    HPDF_Page_SetLineWidth(impl_->page, bold ? 1.0f : 0.4f);
    HPDF_Page_MoveTo(impl_->page, impl_->opt.margin, impl_->y);
    HPDF_Page_LineTo(impl_->page, impl_->opt.margin + impl_->width(), impl_->y);
    HPDF_Page_Stroke(impl_->page);
  };
  auto head = drawRow(header, true);
  impl_->need(std::get<1>(head) * 2);
  emit(std::get<0>(head), std::get<1>(head), true);
  for (const auto& r : rows) {
    auto [wrapped, height, new_page] = drawRow(r, false);
    if (new_page) {
      impl_->newPage();
      emit(std::get<0>(head), std::get<1>(head), true);
    }
    emit(wrapped, height, false);
  }
  impl_->y -= impl_->opt.font_size * 0.8f;
}

void Document::space(float points) {
  if (!impl_->doc) return;
  impl_->need(points);
  impl_->y -= points;
}

void Document::keepLines(int lines) {
  if (!impl_->doc) return;
  impl_->need(static_cast<float>(lines) * impl_->opt.font_size * impl_->opt.line_spacing);
}

void Document::pageBreak() {
  if (!impl_->doc) return;
  impl_->newPage();
}

Result<std::string> Document::finish() {
  if (impl_->finished) return internalError("pdf: finish() called twice");
  impl_->finished = true;
  if (!impl_->doc) return internalError(impl_->error);
  if (impl_->pages.empty()) impl_->newPage();
  std::size_t total = impl_->pages.size();
  float size = impl_->opt.font_size * 0.8f;
  for (std::size_t i = 0; i < total; ++i) {
    impl_->page = impl_->pages[i];
    float base = impl_->opt.margin - size;
    if (!impl_->opt.footer.empty())
      impl_->drawText(impl_->regular, size, impl_->opt.margin, base, toWinAnsi(impl_->opt.footer));
    if (impl_->opt.page_numbers) {
      std::string n = fmt::format("{} {} {} {}", impl_->opt.page_word, i + 1, impl_->opt.of_word, total);
      float w = impl_->textWidth(impl_->regular, size, n);
      impl_->drawText(impl_->regular, size, kPageWidth - impl_->opt.margin - w, base, n);
    }
  }
  if (HPDF_SaveToStream(impl_->doc) != HPDF_OK || !impl_->error.empty())
    return internalError(impl_->error.empty() ? "pdf: could not save" : impl_->error);
  HPDF_ResetStream(impl_->doc);
  std::string out(HPDF_GetStreamSize(impl_->doc), '\0');
  HPDF_UINT32 got = static_cast<HPDF_UINT32>(out.size());
  // Reading to the very end may report end-of-stream; only a short read is a failure.
  HPDF_ReadFromStream(impl_->doc, reinterpret_cast<HPDF_BYTE*>(out.data()), &got);
  if (got != out.size() || out.rfind("%PDF-", 0) != 0) return internalError("pdf: short read");
  return out;
}

}  // namespace charter::pdf
