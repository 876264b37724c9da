#include "store/core/stored_rows.h"

#include <gtest/gtest.h>

namespace charter::store_core {
namespace {

// A result row holding `values` as a dialect hands them over: SQLite's integers as integers
// (`texts` false) or every value as text, as PostgreSQL does (`texts` true).
class ValuesRow final : public RowReader {
 public:
  ValuesRow(SqlValues values, bool texts) : values_(std::move(values)), texts_(texts) {
    for (const auto& v : values_) {
      if (const auto* i = std::get_if<std::int64_t>(&v)) rendered_.push_back(std::to_string(*i));
      else if (const auto* d = std::get_if<double>(&v)) rendered_.push_back(std::to_string(*d));
      else if (const auto* s = std::get_if<std::string>(&v)) rendered_.push_back(*s);
      else rendered_.emplace_back();
    }
  }
  std::int64_t i64(int c) const override { return std::get<std::int64_t>(values_[c]); }
  double f64(int c) const override {
    if (const auto* d = std::get_if<double>(&values_[c])) return *d;
    return std::stod(rendered_[c]);
  }
  std::string text(int c) const override { return rendered_[c]; }
  bool isNull(int c) const override {
    return std::holds_alternative<std::nullptr_t>(values_[c]);
  }
  SqlCell cell(int c) const override {
    if (isNull(c)) return {};
    if (!texts_ && std::holds_alternative<std::int64_t>(values_[c])) {
      return {SqlCell::Kind::kInteger, i64(c), {}};
    }
    return {SqlCell::Kind::kText, 0, rendered_[c]};
  }

 private:
  SqlValues values_;
  std::vector<std::string> rendered_;
  bool texts_;
};

bool same(const std::vector<SqlValues>& want, const std::vector<SqlValues>& stored, bool texts,
          const std::vector<bool>& real = {}) {
  StoredRows rows;
  rows.clear(2, 1);
  for (const auto& r : stored) rows.add(1, 0, ValuesRow(r, texts), r.size(), real);
  std::vector<const SqlValues*> pointers;
  for (const auto& r : want) pointers.push_back(&r);
  return rows.sameRows(1, 0, pointers);
}

TEST(StoredRows, IntegersEqualTheirDigitsStoredEitherWay) {
  for (bool texts : {false, true}) {
    EXPECT_TRUE(same({{std::int64_t{1}, std::int64_t{7}, std::string("a")}},
                     {{std::int64_t{1}, std::int64_t{7}, std::string("a")}}, texts));
    EXPECT_FALSE(same({{std::int64_t{1}, std::int64_t{8}, std::string("a")}},
                      {{std::int64_t{1}, std::int64_t{7}, std::string("a")}}, texts));
    // Text to write equals a stored integer's digits, as it always has.
    EXPECT_TRUE(same({{std::int64_t{1}, std::string("7"), nullptr}},
                     {{std::int64_t{1}, std::int64_t{7}, nullptr}}, texts));
    EXPECT_FALSE(same({{std::int64_t{1}, std::int64_t{7}, nullptr}},
                      {{std::int64_t{1}, std::int64_t{7}, std::string("")}}, texts));
  }
  // Stored text that is not the digits (a leading zero) differs.
  EXPECT_FALSE(same({{std::int64_t{1}, std::int64_t{7}}}, {{std::int64_t{1}, std::string("07")}},
                    false));
}

TEST(StoredRows, RealsAreComparedWhereTheColumnIsReal) {
  const std::vector<bool> real = {false, true};
  EXPECT_TRUE(same({{std::int64_t{1}, 12.5}}, {{std::int64_t{1}, 12.5}}, true, real));
  EXPECT_TRUE(same({{std::int64_t{1}, std::int64_t{12}}}, {{std::int64_t{1}, 12.0}}, false, real));
  EXPECT_FALSE(same({{std::int64_t{1}, 12.5}}, {{std::int64_t{1}, 12.25}}, true, real));
  EXPECT_FALSE(same({{std::int64_t{1}, 12.5}}, {{std::int64_t{1}, nullptr}}, true, real));
}

// Rows of a case are paired by their third column's text, whatever order either side has.
TEST(StoredRows, RowsArePairedByTheirKeyInAnyOrder) {
  for (bool texts : {false, true}) {
    const std::vector<SqlValues> want = {{std::int64_t{1}, std::int64_t{2}, std::string("stage1"), std::int64_t{5}},
                                         {std::int64_t{1}, std::int64_t{2}, std::string("ack"), std::int64_t{3}}};
    const std::vector<SqlValues> stored = {want[1], want[0]};
    EXPECT_TRUE(same(want, stored, texts));
    std::vector<SqlValues> moved = stored;
    moved[0][3] = std::int64_t{4};
    EXPECT_FALSE(same(want, moved, texts));
    EXPECT_FALSE(same(want, {want[0]}, texts));
    // Integer keys: 10 sorts before 9 as text on both sides.
    const std::vector<SqlValues> numbered = {{std::int64_t{1}, std::int64_t{2}, std::int64_t{9}},
                                             {std::int64_t{1}, std::int64_t{2}, std::int64_t{10}}};
    EXPECT_TRUE(same(numbered, {numbered[1], numbered[0]}, texts));
  }
}

TEST(StoredRows, TextOfTheFirstRowAndBuffersKeptAcrossChunks) {
  StoredRows rows;
  for (int chunk = 0; chunk < 2; ++chunk) {
    rows.clear(3, 2);
    rows.add(2, 1, ValuesRow({std::int64_t{1}, std::int64_t{3}, std::string("CH-3")}, false), 3, {});
    EXPECT_EQ(rows.text(2, 1, 2), "CH-3");
    EXPECT_EQ(rows.text(2, 1, 1), "3");
    EXPECT_EQ(rows.text(1, 1, 2), "");
    EXPECT_EQ(rows.count(2, 1), 1u);
    EXPECT_EQ(rows.count(2, 0), 0u);
  }
}

}  // namespace
}  // namespace charter::store_core
