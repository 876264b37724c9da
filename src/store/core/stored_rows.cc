#include "store/core/stored_rows.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace charter::store_core {
namespace {

// The decimal digits of `i` in `buf` (32 bytes).
std::string_view digitsOf(std::int64_t i, char* buf) {
  const auto end = std::to_chars(buf, buf + 32, i).ptr;
  return {buf, static_cast<size_t>(end - buf)};
}

// The text a value to write is paired by (an integer as its digits, a real as fmt writes it).
std::string_view keyOfValue(const SqlValue& v, char* buf) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return digitsOf(*i, buf);
  if (const auto* d = std::get_if<double>(&v)) {
    const auto out = fmt::format_to_n(buf, 31, "{}", *d);
    return {buf, out.size < 31 ? out.size : 31};
  }
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

}  // namespace

void StoredRows::clear(size_t cases, size_t tables) {
  tables_ = tables;
  if (rows_.size() < cases * tables) rows_.resize(cases * tables);
  for (auto& list : rows_) list.clear();
  cells_.clear();
  bytes_.clear();
}

void StoredRows::add(size_t pos, size_t table, const RowReader& row, size_t columns,
                     const std::vector<bool>& real) {
  const auto first = static_cast<std::uint32_t>(cells_.size());
  for (size_t c = 0; c < columns; ++c) {
    const int col = static_cast<int>(c);
    Cell cell;
    if (c < real.size() && real[c]) {
      if (!row.isNull(col)) {
        cell.kind = Cell::Kind::kReal;
        cell.real = row.f64(col);
      }
    } else {
      const SqlCell v = row.cell(col);
      if (v.kind == SqlCell::Kind::kInteger) {
        cell.kind = Cell::Kind::kInteger;
        cell.integer = v.integer;
      } else if (v.kind == SqlCell::Kind::kText) {
        cell.kind = Cell::Kind::kText;
        cell.offset = bytes_.size();
        cell.size = static_cast<std::uint32_t>(v.text.size());
        bytes_.append(v.text);
      }
    }
    cells_.push_back(cell);
  }
  rows_[pos * tables_ + table].push_back({first, static_cast<std::uint32_t>(columns)});
}

std::string StoredRows::text(size_t pos, size_t table, size_t col) const {
  const auto& rows = list(pos, table);
  if (rows.empty() || col >= rows.front().size) return {};
  char buf[32];
  return std::string(keyOf(cells_[rows.front().first + col], buf));
}

std::string_view StoredRows::keyOf(const Cell& c, char* buf) const {
  switch (c.kind) {
    case Cell::Kind::kInteger:
      return digitsOf(c.integer, buf);
    case Cell::Kind::kReal:
      return keyOfValue(SqlValue(c.real), buf);
    case Cell::Kind::kText:
      return textOf(c);
    case Cell::Kind::kNull:
      break;
  }
  return {};
}

bool StoredRows::same(const SqlValue& want, const Cell& have) const {
  char buf[32];
  if (std::holds_alternative<std::nullptr_t>(want)) return have.kind == Cell::Kind::kNull;
  if (const auto* i = std::get_if<std::int64_t>(&want)) {
    switch (have.kind) {
      case Cell::Kind::kInteger:
        return have.integer == *i;
      case Cell::Kind::kReal:
        return have.real == static_cast<double>(*i);
      case Cell::Kind::kText:
        return textOf(have) == digitsOf(*i, buf);
      case Cell::Kind::kNull:
        return false;
    }
  }
  if (const auto* d = std::get_if<double>(&want)) {
    return have.kind == Cell::Kind::kReal && have.real == *d;
  }
  const std::string& s = std::get<std::string>(want);
  if (have.kind == Cell::Kind::kText) return textOf(have) == s;
  if (have.kind == Cell::Kind::kInteger) return digitsOf(have.integer, buf) == s;
  return false;
}

bool StoredRows::sameRows(size_t pos, size_t table, const std::vector<const SqlValues*>& want) {
  const auto& have = list(pos, table);
  const size_t n = want.size();
  if (n != have.size()) return false;
  auto sameRow = [&](const SqlValues& w, const Row& h) {
    if (w.size() != h.size) return false;
    for (size_t c = 0; c < w.size(); ++c) {
      if (!same(w[c], cells_[h.first + c])) return false;
    }
    return true;
  };
  if (n == 1) return sameRow(*want[0], have[0]);
  // Rows of a case differ in their third column (the key's last part): paired in its order.
  digits_.resize(2 * n);  // before the keys point into it
  want_keys_.clear();
  have_keys_.clear();
  for (std::uint32_t r = 0; r < n; ++r) {
    const SqlValues& w = *want[r];
    want_keys_.push_back({w.size() > 2 ? keyOfValue(w[2], digits_[r].data()) : "", r});
    const Row& h = have[r];
    have_keys_.push_back({h.size > 2 ? keyOf(cells_[h.first + 2], digits_[n + r].data()) : "", r});
  }
  auto byKey = [](const Keyed& a, const Keyed& b) { return a.key < b.key; };
  std::stable_sort(want_keys_.begin(), want_keys_.end(), byKey);
  std::stable_sort(have_keys_.begin(), have_keys_.end(), byKey);
  for (size_t r = 0; r < n; ++r) {
    if (!sameRow(*want[want_keys_[r].index], have[have_keys_[r].index])) return false;
  }
  return true;
}

}  // namespace charter::store_core
