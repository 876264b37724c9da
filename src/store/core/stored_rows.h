// The stored projection rows of a chunk of cases, as rebuild (store/core/rebuild.h) reads them
// back to compare with the rows a rewrite would write: each value kept as the database holds
// it (NULL, integer, real, or text copied into one buffer shared by the chunk), with no string
// or vector allocated per value or row once the buffers have grown to a chunk's size.
//
// Equality is the one rebuild has always used: a value to write equals a stored one when both
// are NULL; an integer equals a stored integer or real of the same value, or the stored text
// of its decimal digits; a real equals only a stored real of the same value (a column is read
// as reals where some row to write holds a real there); text equals the same stored text, or
// a stored integer whose decimal digits it is. A case's rows of one table are paired in the
// order of their third column's text (the last part of every case table's key).
//
// Cost: add is O(columns) plus the text's bytes; sameRows O(r log r) for r rows. Not
// thread-safe: one per reader.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/core/sql.h"

namespace charter::store_core {

class StoredRows {
 public:
  // Forgets every row, keeping the buffers, for a chunk of `cases` case positions and
  // `tables` tables.
  void clear(size_t cases, size_t tables);
  // Appends the first `columns` columns of `row` as one of case position `pos`'s rows of
  // `table`; column c is read as a real where real[c] (when c < real.size()).
  void add(size_t pos, size_t table, const RowReader& row, size_t columns,
           const std::vector<bool>& real);
  // How many rows case position `pos` has stored in `table`.
  size_t count(size_t pos, size_t table) const { return list(pos, table).size(); }
  // Column `col` of the first of case position `pos`'s rows of `table` as text (an integer
  // as its digits; "" when NULL or when there is no row).
  std::string text(size_t pos, size_t table, size_t col) const;
  // Whether case position `pos`'s rows of `table` are exactly `want` (any order), by the
  // equality above.
  bool sameRows(size_t pos, size_t table, const std::vector<const SqlValues*>& want);

 private:
  struct Cell {
    enum class Kind : std::uint8_t { kNull, kInteger, kReal, kText };
    Kind kind = Kind::kNull;
    std::uint32_t size = 0;  // text: its bytes, from `offset` in bytes_
    std::int64_t integer = 0;
    double real = 0;
    size_t offset = 0;
  };
  struct Row {
    std::uint32_t first;  // its first cell in cells_
    std::uint32_t size;   // cells
  };
  // A row with the text its rows are paired by (in keys_ or in a value or in bytes_).
  struct Keyed {
    std::string_view key;
    std::uint32_t index;  // of the row in its list
  };

  const std::vector<Row>& list(size_t pos, size_t table) const {
    return rows_[pos * tables_ + table];
  }
  std::string_view textOf(const Cell& c) const { return {bytes_.data() + c.offset, c.size}; }
  bool same(const SqlValue& want, const Cell& have) const;
  std::string_view keyOf(const Cell& c, char* digits) const;

  size_t tables_ = 0;
  std::vector<std::vector<Row>> rows_;  // [pos * tables_ + table]
  std::vector<Cell> cells_;
  std::string bytes_;
  // Scratch of sameRows, kept for the next call.
  std::vector<Keyed> want_keys_, have_keys_;
  std::vector<std::array<char, 32>> digits_;
};

}  // namespace charter::store_core
