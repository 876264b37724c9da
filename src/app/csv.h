// A small CSV reader for the imports (RFC 4180 quoting, one record a line, a header row), and
// the writer of every CSV download (reports, measures, the TSM return).
//
// Columns are found by name (case-insensitive), so a file may order them as it likes and carry
// extra columns. Every error names the line and the column, so the person who made the file can
// find and fix it: field "csv", message "line 7, tenure: must be ...".
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"
#include "util/time.h"

namespace charter::csv {

struct Row {
  int line = 0;  // 1-based line in the file
  std::vector<std::string> cells;
};

class Table {
 public:
  // The cell of column `name` (upper case), "" when the column or the cell is absent.
  std::string cell(const Row& row, std::string_view name) const;
  bool has(std::string_view name) const { return columns_.count(std::string(name)) > 0; }

  std::vector<Row> rows;

 private:
  friend Result<Table> read(std::string_view, std::initializer_list<const char*>);
  std::map<std::string, std::size_t, std::less<>> columns_;
};

// Reads `text`: the first non-empty line is the header and must name every `required` column
// (upper case); blank lines are skipped. A quote left open, a NUL byte or a duplicate column
// name is refused.
Result<Table> read(std::string_view text, std::initializer_list<const char*> required);

// The error for a cell: field "csv", message "line N, column: what".
tl::unexpected<Error> cellError(const Row& row, std::string_view column, std::string rule,
                                std::string_view what);

// Cell parsers: nullopt (and `error` set) when the cell is not of the form. An empty cell is
// refused unless the caller treats it first.
Result<Date> date(const Table& t, const Row& row, std::string_view column);
Result<long> count(const Table& t, const Row& row, std::string_view column);  // 0 .. 10^12
Result<double> number(const Table& t, const Row& row, std::string_view column);  // finite
// yes / y / 1 / true and no / n / 0 / false; nullopt for an empty cell.
Result<std::optional<bool>> yesNo(const Table& t, const Row& row, std::string_view column);
// The cell must be one of `allowed`.
Result<std::string> oneOf(const Table& t, const Row& row, std::string_view column,
                          std::initializer_list<std::string_view> allowed);

std::string upper(std::string s);

// Writing. A cell that a spreadsheet would read as a formula (it starts with '=', '+', '-',
// '@', a tab or a carriage return) is written with a leading apostrophe, so it opens as the
// text it is (OWASP, CSV injection); a plain number ("-3", "+1.5") is left as it is. A cell
// holding a comma, quote or line break is quoted (RFC 4180).
std::string cell(std::string_view text);
// One record: the cells, comma-separated, ending "\r\n".
std::string row(std::initializer_list<std::string> cells);

}  // namespace charter::csv
