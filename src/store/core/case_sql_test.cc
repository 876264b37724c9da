#include "store/core/case_sql.h"

#include <gtest/gtest.h>

#include "app/case_query.h"
#include "store/core/case_statements.h"

namespace charter::store_core {
namespace {

TEST(CaseSql, FinishedStatusesComeFromTheDomainRule) {
  EXPECT_EQ(finishedStatusList(), "('closed', 'refused', 'withdrawn')");
  EXPECT_TRUE(isFinished(CaseStatus::kRefused));
  EXPECT_FALSE(isFinished(CaseStatus::kResponded));
}

TEST(CaseSql, TheListQueryDiffersOnlyWhereTheDialectsDo) {
  CaseQuery q;
  q.kind = CaseKind::kComplaint;
  q.overdue = false;
  q.text = "50%_off";
  q.limit = 10;
  const CaseListSql lite = caseListSql(kSqlite, 7, q);
  const CaseListSql pg = caseListSql(kPostgres, 7, q);
  EXPECT_NE(lite.sql.find("c.landlord_id = ?1 AND c.kind = ?2"), std::string::npos) << lite.sql;
  EXPECT_NE(pg.sql.find("c.landlord_id = $1 AND c.kind = $2"), std::string::npos) << pg.sql;
  EXPECT_NE(lite.sql.find("NOT IN ('closed', 'refused', 'withdrawn')), 0)"), std::string::npos);
  EXPECT_NE(pg.sql.find("), false)"), std::string::npos);
  EXPECT_NE(lite.sql.find("c.summary LIKE ?4 ESCAPE"), std::string::npos) << lite.sql;
  EXPECT_NE(pg.sql.find("c.summary ILIKE $4 ESCAPE"), std::string::npos) << pg.sql;
  // Apart from LIKE/ILIKE and the false literal, the two are the same text.
  std::string converted = sqliteText(pg.sql);
  for (size_t at = converted.find(" ILIKE "); at != std::string::npos;
       at = converted.find(" ILIKE ", at)) {
    converted.replace(at, 7, " LIKE ");
  }
  converted.replace(converted.find(", false)"), 8, ", 0)");
  EXPECT_EQ(converted, lite.sql);
  ASSERT_EQ(lite.params.size(), 5u);  // landlord, kind, today, pattern, limit + 1
  EXPECT_EQ(std::get<std::int64_t>(lite.params[0]), 7);
  EXPECT_EQ(std::get<std::string>(lite.params[1]), "complaint");
  EXPECT_EQ(std::get<std::string>(lite.params[3]), "%50\\%\\_off%");
  EXPECT_EQ(std::get<std::int64_t>(lite.params[4]), 11);
  EXPECT_EQ(lite.params, pg.params);
}

TEST(CaseSql, SqliteTextNumbersThePlaceholders) {
  EXPECT_EQ(sqliteText("a = $1 AND b = $12 AND c = '$'"), "a = ?1 AND b = ?12 AND c = '$'");
  EXPECT_NE(sqliteText(kInsertEvent.sql).find("VALUES (?1, ?2"), std::string::npos);
}

TEST(CaseQueryCheck, StageAndLimitAreCheckedOnceInApp) {
  CaseQuery q;
  q.stage = 3;
  auto bad = checkCaseQuery(q);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "stage");
  q.stage = 2;
  q.limit = 100000;
  q.text = "";
  auto ok = checkCaseQuery(q);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->limit, kMaxCasePage);
  EXPECT_FALSE(ok->text);
  auto parsed = parseCaseListParams({{"kind", "enquiry"}, {"status", "closed"}}, Date{});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, CaseKind::kEnquiry);
  EXPECT_EQ(parsed->status, CaseStatus::kClosed);
  EXPECT_EQ(parseCaseListParams({{"sort", "x"}}, Date{}).error().rule, "unknown-parameter");
}

}  // namespace
}  // namespace charter::store_core
