#include "app/csv.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace charter::csv {

namespace {

// Splits one line; false when a quote is left open (a record may not span lines here: the
// import files are one record a line, and an open quote is nearly always a broken file).
bool split(std::string_view line, std::vector<std::string>& out) {
  out.assign(1, std::string());
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return !quoted;
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

}  // namespace

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Table::cell(const Row& row, std::string_view name) const {
  auto it = columns_.find(name);
  if (it == columns_.end() || it->second >= row.cells.size()) return {};
  return row.cells[it->second];
}

Result<Table> read(std::string_view text, std::initializer_list<const char*> required) {
  if (text.find('\0') != std::string_view::npos)
    return invalid("csv", "format", "the file holds a NUL byte: is it a CSV text file?");
  // A UTF-8 byte order mark (Excel writes one) is not part of the first column's name.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Table t;
  bool have_header = false;
  std::size_t pos = 0;
  int line_no = 0;
  std::vector<std::string> cells;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r,") == std::string_view::npos) continue;
    if (!split(line, cells))
      return invalid("csv", "format", fmt::format("line {}: a quote is not closed", line_no));
    for (auto& c : cells) c = trim(std::move(c));
    if (!have_header) {
      have_header = true;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const std::string name = upper(cells[i]);
        if (name.empty()) continue;
        if (!t.columns_.emplace(name, i).second)
          return invalid("csv", "unique",
                         fmt::format("line {}: the header names {} twice", line_no, cells[i]));
      }
      for (const char* need : required) {
        if (!t.has(need))
          return invalid("csv", "required",
                         fmt::format("line {}: the header needs a {} column", line_no,
                                     fmt::format("{}", need)));
      }
      continue;
    }
    t.rows.push_back(Row{line_no, cells});
  }
  if (!have_header) return invalid("csv", "required", "the file is empty: it needs a header row");
  return t;
}

tl::unexpected<Error> cellError(const Row& row, std::string_view column, std::string rule,
                                std::string_view what) {
  std::string col(column);
  for (auto& c : col) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return invalid("csv", std::move(rule), fmt::format("line {}, {}: {}", row.line, col, what));
}

Result<Date> date(const Table& t, const Row& row, std::string_view column) {
  const std::string v = t.cell(row, column);
  if (v.empty()) return cellError(row, column, "required", "empty (give a date, YYYY-MM-DD)");
  auto d = parseDate(v, column);
  if (!d) return cellError(row, column, "format", "not a date (YYYY-MM-DD): " + v.substr(0, 40));
  return *d;
}

Result<long> count(const Table& t, const Row& row, std::string_view column) {
  const std::string v = t.cell(row, column);
  if (v.empty()) return cellError(row, column, "required", "empty (give a whole number)");
  long n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n < 0 || n > 1'000'000'000'000L)
    return cellError(row, column, "format", "not a whole number from 0: " + v.substr(0, 40));
  return n;
}

Result<double> number(const Table& t, const Row& row, std::string_view column) {
  const std::string v = t.cell(row, column);
  if (v.empty()) return cellError(row, column, "required", "empty (give a number)");
  double x = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x, std::chars_format::fixed);
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(x) || std::abs(x) > 1e15)
    return cellError(row, column, "format", "not a number: " + v.substr(0, 40));
  return x;
}

Result<std::optional<bool>> yesNo(const Table& t, const Row& row, std::string_view column) {
  const std::string v = upper(t.cell(row, column));
  if (v.empty()) return std::optional<bool>();
  if (v == "YES" || v == "Y" || v == "1" || v == "TRUE") return std::optional<bool>(true);
  if (v == "NO" || v == "N" || v == "0" || v == "FALSE") return std::optional<bool>(false);
  return cellError(row, column, "enum", "must be yes or no");
}

Result<std::string> oneOf(const Table& t, const Row& row, std::string_view column,
                          std::initializer_list<std::string_view> allowed) {
  const std::string v = t.cell(row, column);
  for (auto a : allowed)
    if (v == a) return v;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return cellError(row, column, v.empty() ? "required" : "enum", "must be one of " + list);
}

namespace {

// "-3", "+1.5", "12": a number a spreadsheet shows as a number, not a formula.
bool plainNumber(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  bool point = false;
  for (char c : s) {
    if (c == '.' && !point) {
      point = true;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

bool formulaLike(std::string_view s) {
  if (s.empty()) return false;
  const char c = s.front();
  const bool trigger = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
  return trigger && !plainNumber(s);
}

}  // namespace

std::string cell(std::string_view text) {
  std::string s = formulaLike(text) ? "'" + std::string(text) : std::string(text);
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string row(std::initializer_list<std::string> cells) {
  std::string out;
  bool first = true;
  for (const auto& c : cells) {
    if (!first) out += ',';
    out += cell(c);
    first = false;
  }
  return out + "\r\n";
}

}  // namespace charter::csv
