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
  // "50%_off": % and _ split the query into terms, so no term needs escaping; each is one LIKE
  // on the search text (PostgreSQL: the row's; SQLite: the FTS5 table's, for the landlord,
  // for terms of three characters or more, and the row's for shorter ones like "50").
  EXPECT_NE(pg.sql.find("AND c.search_text LIKE $4 AND c.search_text LIKE $5 ORDER BY c.case_id"),
            std::string::npos)
      << pg.sql;
  EXPECT_NE(lite.sql.find("AND c.case_id IN (SELECT rowid - ?4 FROM case_search WHERE rowid "
                          "BETWEEN ?4 AND ?5 AND search_text LIKE ?6) AND c.search_text LIKE ?7 "
                          "ORDER BY"),
            std::string::npos)
      << lite.sql;
  ASSERT_EQ(pg.params.size(), 6u);  // landlord, kind, today, two terms, limit + 1
  EXPECT_EQ(std::get<std::int64_t>(pg.params[0]), 7);
  EXPECT_EQ(std::get<std::string>(pg.params[1]), "complaint");
  EXPECT_EQ(std::get<std::string>(pg.params[3]), "%50%");
  EXPECT_EQ(std::get<std::string>(pg.params[4]), "%off%");
  EXPECT_EQ(std::get<std::int64_t>(pg.params[5]), 11);
  ASSERT_EQ(lite.params.size(), 8u);  // ... and the landlord's FTS5 rowid range
  EXPECT_EQ(std::get<std::int64_t>(lite.params[3]), 7 * kSearchRowidSpan);
  EXPECT_EQ(std::get<std::int64_t>(lite.params[4]), 8 * kSearchRowidSpan - 1);
  EXPECT_EQ(std::get<std::string>(lite.params[5]), "%off%");
  EXPECT_EQ(std::get<std::string>(lite.params[6]), "%50%");
  EXPECT_EQ(std::get<std::int64_t>(lite.params[7]), 11);
}

// The trigram index answers terms of three characters or more (counted in characters).
TEST(CaseSql, ShortTermsAreTestedOnTheRowNotTheTrigramIndex) {
  const auto [indexed, short_terms] = splitByTrigrams({"7", "ok", "boiler", "é1", "éé", "ééé"});
  EXPECT_EQ(indexed, (std::vector<std::string>{"boiler", "ééé"}));
  EXPECT_EQ(short_terms, (std::vector<std::string>{"7", "ok", "é1", "éé"}));
}

TEST(CaseSql, NewestFirstPagesDownwardAndDatesBoundTheReceipt) {
  CaseQuery q;
  q.newest_first = true;
  q.after = 40;
  q.service_area = "Repairs";
  q.received_since = fromEpochMillis(1000);
  q.received_before = fromEpochMillis(2000);
  const CaseListSql pg = caseListSql(kPostgres, 1, q);
  EXPECT_NE(pg.sql.find("c.service_area = $2 AND c.received_ms >= $3 AND c.received_ms < $4 "
                        "AND c.case_id < $5 ORDER BY c.case_id DESC LIMIT $6"),
            std::string::npos)
      << pg.sql;
  // SQLite: the page's ids first (the covering index, migration 0036), then their rows.
  // PostgreSQL reads the rows whole.
  const std::string lite = caseListSql(kSqlite, 1, q).sql;
  EXPECT_EQ(lite.find("SELECT c.case_id, c.reference"), 0u) << lite;
  EXPECT_NE(lite.find("WHERE c.landlord_id = ?1 AND c.case_id IN (SELECT c.case_id FROM cases c "
                      "WHERE c.landlord_id = ?1 AND c.service_area = ?2"),
            std::string::npos)
      << lite;
  EXPECT_NE(lite.find("LIMIT ?6) ORDER BY c.case_id DESC"), std::string::npos) << lite;
  EXPECT_EQ(pg.sql.find("IN (SELECT c.case_id"), std::string::npos) << pg.sql;
  q.text = "%% __";
  EXPECT_NE(caseListSql(kPostgres, 1, q).sql.find("AND false"), std::string::npos);
  EXPECT_EQ(caseListSql(kSqlite, 1, q).sql.find("IN (SELECT c.case_id"), std::string::npos);
  EXPECT_TRUE(searchDensitySql(1, q).sql.empty());
}

// A whole reference is the case's primary key and its reference, in every plan; asked to look
// in the text (CaseService::list, when no such case passes the filters), it is a term.
TEST(CaseSql, AWholeReferenceIsThePrimaryKey) {
  CaseQuery q;
  q.kind = CaseKind::kComplaint;
  q.text = " ch 2500000";
  for (SearchPlan plan : {SearchPlan::kIndex, SearchPlan::kScan, SearchPlan::kFirstRows}) {
    const CaseListSql pg = caseListSql(kPostgres, 1, q, plan);
    EXPECT_NE(pg.sql.find("c.kind = $2 AND c.case_id = $3 AND c.reference = $4 ORDER BY"),
              std::string::npos)
        << pg.sql;
    EXPECT_EQ(std::get<std::int64_t>(pg.params[2]), 2500000);
    EXPECT_EQ(std::get<std::string>(pg.params[3]), "CH-2500000");
    EXPECT_EQ(caseListSql(kSqlite, 1, q, plan).sql.find("search_text"), std::string::npos);
  }
  EXPECT_TRUE(searchDensitySql(1, q).sql.empty());
  EXPECT_FALSE(triesFirstRows(q));
  q.phone_in_text = true;
  EXPECT_NE(caseListSql(kPostgres, 1, q).sql.find("c.search_text LIKE $3"), std::string::npos);
  EXPECT_EQ(caseListSql(kPostgres, 1, q).sql.find("c.case_id = "), std::string::npos);
  EXPECT_FALSE(searchDensitySql(1, q).sql.empty());
}

TEST(CaseSql, SqliteSearchesTheIndexForFewMatchesAndScansForMany) {
  CaseQuery q;
  q.text = "Okafor heating";
  const CaseListSql density = searchDensitySql(3, q);
  EXPECT_EQ(density.sql,
            "SELECT count(*) FROM (SELECT 1 FROM case_search WHERE rowid BETWEEN ?1 AND ?2 AND "
            "search_text LIKE ?3 AND search_text LIKE ?4 LIMIT 1000)");
  EXPECT_EQ(std::get<std::int64_t>(density.params[0]), 3 * kSearchRowidSpan);
  EXPECT_EQ(std::get<std::string>(density.params[2]), "%okafor%");
  const std::string index = caseListSql(kSqlite, 3, q, SearchPlan::kIndex).sql;
  const std::string scan = caseListSql(kSqlite, 3, q, SearchPlan::kScan).sql;
  EXPECT_NE(index.find("FROM case_search"), std::string::npos) << index;
  EXPECT_EQ(scan.find("case_search"), std::string::npos) << scan;
  EXPECT_NE(scan.find("c.search_text LIKE ?2 AND c.search_text LIKE ?3"), std::string::npos)
      << scan;
  // PostgreSQL writes the terms on the row whatever the plan.
  EXPECT_EQ(caseListSql(kPostgres, 3, q, SearchPlan::kIndex).sql,
            caseListSql(kPostgres, 3, q, SearchPlan::kScan).sql);
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
