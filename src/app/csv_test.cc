// The CSV writer every download uses: RFC 4180 quoting, and no cell a spreadsheet would run.
#include "app/csv.h"

#include <gtest/gtest.h>

namespace charter {
namespace {

TEST(CsvWriter, PlainCellsAndQuoting) {
  EXPECT_EQ(csv::cell("Repairs"), "Repairs");
  EXPECT_EQ(csv::cell(""), "");
  EXPECT_EQ(csv::cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv::cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv::cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv::row({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(CsvWriter, FormulaLikeCellsOpenAsText) {
  EXPECT_EQ(csv::cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv::cell("=1+2"), "'=1+2");
  EXPECT_EQ(csv::cell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(csv::cell("-2+3"), "'-2+3");
  EXPECT_EQ(csv::cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv::cell("\t=1"), "'\t=1");
  EXPECT_EQ(csv::cell("\r=1"), "\"'\r=1\"");
  // Numbers stay numbers.
  EXPECT_EQ(csv::cell("-3"), "-3");
  EXPECT_EQ(csv::cell("-1.5"), "-1.5");
  EXPECT_EQ(csv::cell("+7"), "+7");
  EXPECT_EQ(csv::cell("-"), "'-");
  EXPECT_EQ(csv::cell("-1."), "'-1.");
  // Only the first character counts.
  EXPECT_EQ(csv::cell("a=b"), "a=b");
}

TEST(CsvWriter, WhatItWritesReadsBack) {
  const std::string text = "NAME,NOTE\r\n" + csv::row({"=cmd", "x,\"y\""});
  auto t = csv::read(text, {"NAME"});
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->cell(t->rows[0], "NAME"), "'=cmd");
  EXPECT_EQ(t->cell(t->rows[0], "NOTE"), "x,\"y\"");
}

}  // namespace
}  // namespace charter
