#include "store/core/sql.h"

#include <gtest/gtest.h>

#include "store/core/report_sql.h"

namespace charter::store_core {
namespace {

// $1..$n in order, each once: SQLite's bare "?" (prepared in linear time); anything else keeps
// the numbers; PostgreSQL's text is untouched.
TEST(DialectSql, ParametersInOrderBecomeBareQuestionMarks) {
  EXPECT_EQ(dialectSql(Dialect::kSqlite, "a = $1 AND b = $2 AND c = $3"),
            "a = ? AND b = ? AND c = ?");
  EXPECT_EQ(dialectSql(Dialect::kSqlite, "a = $2 AND b = $1"), "a = ?2 AND b = ?1");
  EXPECT_EQ(dialectSql(Dialect::kSqlite, "a = $1 OR b = $1"), "a = ?1 OR b = ?1");
  EXPECT_EQ(dialectSql(Dialect::kSqlite, "a = $1 AND b = $3"), "a = ?1 AND b = ?3");
  EXPECT_EQ(dialectSql(Dialect::kSqlite, "x IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"),
            "x IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  EXPECT_EQ(dialectSql(Dialect::kSqlite, "SELECT 1"), "SELECT 1");
  EXPECT_EQ(dialectSql(Dialect::kSqlite, "a = $"), "a = $");
  EXPECT_EQ(dialectSql(Dialect::kPostgres, "a = $1 AND b = $2"), "a = $1 AND b = $2");
}

// The imports' multi-row upserts number their parameters in order, so SQLite prepares them
// with bare "?" (the demo's safety checks for 10,000 homes: seconds, not tens of seconds).
TEST(DialectSql, ImportUpsertsUseBareParameters) {
  std::vector<SqlValues> rows;
  for (int i = 0; i < 3; ++i) {
    rows.push_back({std::int64_t{i}, std::string("social_rent"), std::int64_t{9}});
  }
  const auto commands = upsertRows(kUpsertStock, 1, rows, 1);
  ASSERT_EQ(commands.size(), 1u);
  const std::string lite = dialectSql(Dialect::kSqlite, commands[0].text());
  EXPECT_EQ(lite.find('$'), std::string::npos) << lite;
  EXPECT_NE(lite.find("VALUES (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?) ON"), std::string::npos) << lite;
}

}  // namespace
}  // namespace charter::store_core
