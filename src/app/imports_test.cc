// The CSV import parsers: each kind's good file, and the errors a person making the file by
// hand is likely to hit, each naming the line and the column.
#include "app/imports.h"

#include <gtest/gtest.h>

namespace charter {
namespace {

using namespace std::chrono;

Date d(int y, unsigned m, unsigned day) { return sys_days{year{y} / month{m} / std::chrono::day{day}}; }

TEST(ImportKinds, ParseAndName) {
  for (auto s : {"stock", "homes", "compliance", "survey", "series", "asb", "calls", "visits"}) {
    auto k = parseImportKind(s);
    ASSERT_TRUE(k) << s;
    EXPECT_EQ(slug(*k), s);
  }
  auto bad = parseImportKind("repairs");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "kind");
}

TEST(StockCsv, GoodFileAnyColumnOrderBomAndBlankLines) {
  auto rows = parseStockCsv("\xEF\xBB\xBFTenure,As_Of,homes,notes\r\n"
                            "social_rent,2025-04-01,9200,from the asset register\r\n\r\n"
                            "shared_ownership,2025-04-01, 800 ,\r\n");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].as_of, d(2025, 4, 1));
  EXPECT_EQ((*rows)[0].tenure, "social_rent");
  EXPECT_EQ((*rows)[0].homes, 9200);
  EXPECT_EQ((*rows)[1].homes, 800);
}

TEST(StockCsv, ErrorsNameLineAndColumn) {
  auto bad_date = parseStockCsv("as_of,tenure,homes\nsocial_rent,2025-04-01,1\n");
  ASSERT_FALSE(bad_date);
  EXPECT_EQ(bad_date.error().field, "csv");
  EXPECT_EQ(bad_date.error().rule, "format");
  EXPECT_NE(bad_date.error().message.find("line 2, as_of"), std::string::npos)
      << bad_date.error().message;

  auto negative = parseStockCsv("as_of,tenure,homes\n2025-04-01,social_rent,10\n"
                                "2025-04-01,shared_ownership,-3\n");
  ASSERT_FALSE(negative);
  EXPECT_NE(negative.error().message.find("line 3, homes"), std::string::npos);

  auto tenure = parseStockCsv("as_of,tenure,homes\n2025-04-01,council,10\n");
  ASSERT_FALSE(tenure);
  EXPECT_EQ(tenure.error().rule, "enum");
  EXPECT_NE(tenure.error().message.find("line 2, tenure"), std::string::npos);

  auto missing = parseStockCsv("as_of,homes\n2025-04-01,10\n");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().rule, "required");
  EXPECT_NE(missing.error().message.find("TENURE"), std::string::npos);

  EXPECT_FALSE(parseStockCsv(""));
  EXPECT_FALSE(parseStockCsv("as_of,tenure,homes\n2025-04-01,\"social_rent,10\n"));
  EXPECT_FALSE(parseStockCsv("as_of,tenure,homes,HOMES\n"));
  EXPECT_FALSE(parseStockCsv(std::string("as_of,tenure,homes\n2025-04-01,social_rent,1\0\n", 45)));
}

TEST(HomesCsv, HousesAndFlats) {
  auto rows = parseHomesCsv("home_ref,block_ref,tenure\nH1,,social_rent\nH2,B1,social_rent\n"
                            "\"H3\",\"B1\",shared_ownership\n");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].block_ref, "");
  EXPECT_EQ((*rows)[2].home_ref, "H3");
  EXPECT_EQ((*rows)[2].block_ref, "B1");
  auto space = parseHomesCsv("home_ref,block_ref,tenure\nH 1,,social_rent\n");
  ASSERT_FALSE(space);
  EXPECT_NE(space.error().message.find("line 2, home_ref"), std::string::npos);
  EXPECT_FALSE(parseHomesCsv("home_ref,tenure\n,social_rent\n"));
}

TEST(ComplianceCsv, HomeAndBlockChecks) {
  auto rows = parseComplianceCsv(
      "as_of,check,home_ref,block_ref,required,compliant\n"
      "2026-03-31,gas,H1,,yes,yes\n"
      "2026-03-31,fire,,B1,,no\n"
      "2026-03-31,gas,H2,,no,no\n");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_TRUE((*rows)[0].compliant);
  EXPECT_EQ((*rows)[1].block_ref, "B1");
  EXPECT_TRUE((*rows)[1].required);  // empty means required
  EXPECT_FALSE((*rows)[1].compliant);
  EXPECT_FALSE((*rows)[2].required);

  auto both = parseComplianceCsv("as_of,check,home_ref,block_ref,compliant\n2026-03-31,gas,H1,B1,yes\n");
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().rule, "one-of");
  auto neither = parseComplianceCsv("as_of,check,home_ref,block_ref,compliant\n2026-03-31,gas,,,yes\n");
  ASSERT_FALSE(neither);
  auto check = parseComplianceCsv("as_of,check,home_ref,compliant\n2026-03-31,electrical,H1,yes\n");
  ASSERT_FALSE(check);
  EXPECT_NE(check.error().message.find("line 2, check"), std::string::npos);
  auto yn = parseComplianceCsv("as_of,check,home_ref,compliant\n2026-03-31,gas,H1,maybe\n");
  ASSERT_FALSE(yn);
  EXPECT_NE(yn.error().message.find("line 2, compliant"), std::string::npos);
  auto empty = parseComplianceCsv("as_of,check,home_ref,compliant\n2026-03-31,gas,H1,\n");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().rule, "required");
  EXPECT_FALSE(parseComplianceCsv("as_of,check,compliant\n"));  // no home_ref nor block_ref
}

TEST(SeriesCsv, RowsAndRanges) {
  auto rows = parseSeriesCsv(
      "code,tenure,start,end,numerator,denominator,source\n"
      "NM01-1,,2025-04-01,2025-04-30,21,,ASB case system\n"
      "RP02-1,social_rent,2025-04-01,2025-04-30,1833.5,2083,Repairs system\n");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].tenure, "");
  EXPECT_EQ((*rows)[0].denominator, 0);
  EXPECT_DOUBLE_EQ((*rows)[1].numerator, 1833.5);
  EXPECT_EQ((*rows)[1].end, d(2025, 4, 30));
  auto backwards = parseSeriesCsv("code,start,end,numerator\nNM01-1,2025-04-30,2025-04-01,1\n");
  ASSERT_FALSE(backwards);
  EXPECT_NE(backwards.error().message.find("line 2, end"), std::string::npos);
  for (const char* n : {"nan", "inf", "1e400", "-1", "12abc", "0x10"}) {
    auto bad = parseSeriesCsv(std::string("code,start,end,numerator\nNM01-1,2025-04-01,2025-04-30,") + n + "\n");
    EXPECT_FALSE(bad) << n;
  }
}

TEST(SurveyCsv, SharedReaderKeepsTheRules) {
  auto rows = parseSurveyCsv("response_id,tenure,collected_on,weight,had_repair,TP01,TP02\n"
                             "R1,social_rent,2025-06-01,1.25,yes,1,DK\n"
                             "R2,shared_ownership,2025-06-02,,no,REFUSED,\n");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_DOUBLE_EQ((*rows)[0].weight, 1.25);
  EXPECT_EQ((*rows)[0].answers[1], 0);
  EXPECT_EQ((*rows)[1].answers[0], -1);
  EXPECT_FALSE((*rows)[1].answers[1].has_value());
  EXPECT_EQ((*rows)[1].had_repair, false);
  for (const char* w : {"0", "-1", "inf", "nan", "x"}) {
    auto bad = parseSurveyCsv(std::string("response_id,tenure,collected_on,weight\nR1,social_rent,2025-06-01,") + w + "\n");
    ASSERT_FALSE(bad) << w;
    EXPECT_NE(bad.error().message.find("line 2, weight"), std::string::npos) << w;
  }
}

TEST(AsbCsv, ReportsToMonthlySeries) {
  auto reports = parseAsbCsv("report_ref,party_ref,reported_on,case_closed_on,hate_incident\n"
                             "A1,P1,2025-06-03,2025-07-01,\nA2,P1,2025-07-15,,yes\n");
  ASSERT_TRUE(reports) << reports.error().message;
  ASSERT_EQ(reports->size(), 2u);
  EXPECT_EQ(reports->at(0).closed, d(2025, 7, 1));
  EXPECT_TRUE(reports->at(1).hate_incident);
  auto series = asbSeries(*reports);
  ASSERT_EQ(series.size(), 4u);  // June and July, both parts
  EXPECT_EQ(series[0].code, "NM01-1");
  EXPECT_EQ(series[0].numerator, 1);
  EXPECT_EQ(series[1].code, "NM01-2");
  EXPECT_EQ(series[1].numerator, 0);
  EXPECT_EQ(series[3].numerator, 1);
  auto closed_before = parseAsbCsv("report_ref,party_ref,reported_on,case_closed_on\nA1,P1,2025-06-03,2025-06-01\n");
  ASSERT_FALSE(closed_before);
  EXPECT_NE(closed_before.error().message.find("line 2, case_closed_on"), std::string::npos);
  EXPECT_FALSE(parseAsbCsv("report_ref,party_ref,reported_on\nA1,,2025-06-03\n"));
  // Found by fuzz_csv_asb: a stray date would make a row for every month in between.
  auto span = parseAsbCsv("report_ref,party_ref,reported_on\nA1,P1,0001-01-01\nA2,P2,9999-12-31\n");
  ASSERT_FALSE(span);
  EXPECT_EQ(span.error().rule, "range");
  EXPECT_NE(span.error().message.find("0001-01-01"), std::string::npos) << span.error().message;
  EXPECT_TRUE(parseAsbCsv("report_ref,party_ref,reported_on\nA1,P1,2016-04-01\nA2,P2,2026-03-31\n"));
}

TEST(CallsCsv, CallsWithTransfersAndARepeatedIdCountedOnce) {
  auto calls = parseCallsCsv(
      "Call_ID,Started,Wait_Seconds,Outcome,Transferred,Transfer_Wait_Seconds,Queue\n"
      "T-1,2025-04-01 09:00:05,12,answered,no,,Main\n"
      "T-2,2025-04-01T09:01,40,abandoned,,,Main\n"
      "T-3,2025-04-01 09:02,8,answered,yes,25,Repairs\n"
      "T-1,2025-04-01 09:00:05,11,answered,no,,Main\n");
  ASSERT_TRUE(calls) << calls.error().message;
  ASSERT_EQ(calls->calls.size(), 3u);
  EXPECT_EQ(calls->repeated, 1);
  EXPECT_EQ(calls->calls[0].call_id, "T-1");
  EXPECT_EQ(calls->calls[0].wait_seconds, 11);  // the later line stands
  EXPECT_EQ(formatLocalTime(calls->calls[0].started), "2025-04-01 09:00:05");
  EXPECT_FALSE(calls->calls[1].answered);
  EXPECT_FALSE(calls->calls[1].transferred);
  EXPECT_EQ(formatLocalTime(calls->calls[1].started), "2025-04-01 09:01:00");
  EXPECT_TRUE(calls->calls[2].transferred);
  EXPECT_EQ(calls->calls[2].transfer_wait_seconds, 25);
  EXPECT_EQ(localDay(calls->calls[2].started), d(2025, 4, 1));
}

TEST(CallsCsv, ErrorsNameLineAndColumn) {
  const std::string head = "call_id,started,wait_seconds,outcome,transferred,transfer_wait_seconds\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"A,2025-04-01 09:00,12,answered,no,\nB,2025-04-01,12,answered,no,\n",
       "line 3, started"},
      {"A,2025-04-01 09:00,-1,answered,no,\n", "line 2, wait_seconds"},
      {"A,2025-04-01 09:00,90000,answered,no,\n", "line 2, wait_seconds"},
      {"A,2025-04-01 09:00,12,busy,no,\n", "line 2, outcome"},
      {"A,2025-04-01 09:00,12,answered,perhaps,\n", "line 2, transferred"},
      {"A,2025-04-01 09:00,12,answered,no,5\n", "line 2, transfer_wait_seconds"},
      {",2025-04-01 09:00,12,answered,no,\n", "line 2, call_id"},
      {"A,2025-04-01 25:00,12,answered,no,\n", "line 2, started"},
  };
  for (const auto& [rows, where] : cases) {
    auto r = parseCallsCsv(head + rows);
    ASSERT_FALSE(r) << rows;
    EXPECT_EQ(r.error().field, "csv");
    EXPECT_NE(r.error().message.find(where), std::string::npos) << r.error().message;
  }
  auto no_outcome = parseCallsCsv("call_id,started,wait_seconds\nA,2025-04-01 09:00,1\n");
  ASSERT_FALSE(no_outcome);
  EXPECT_NE(no_outcome.error().message.find("OUTCOME"), std::string::npos)
      << no_outcome.error().message;
}

TEST(VisitsCsv, IdsFromTheArrivalTimeSoARepeatedImportReplaces) {
  auto visits = parseVisitsCsv(
      "arrived,came_to_see,seen,seen_by\n"
      "2025-04-01 09:00,Ann Lee,2025-04-01 09:10,Ann Lee\n"
      "2025-04-01 09:00,,2025-04-01 09:04,Bob Roe\n"
      "2025-04-01 09:30,Ann Lee,,\n");
  ASSERT_TRUE(visits) << visits.error().message;
  ASSERT_EQ(visits->visits.size(), 3u);
  EXPECT_EQ(visits->visits[0].visit_id, "2025-04-01T09:00:00/1");
  EXPECT_EQ(visits->visits[1].visit_id, "2025-04-01T09:00:00/2");
  EXPECT_FALSE(visits->visits[0].anotherOfficer());
  EXPECT_FALSE(visits->visits[1].anotherOfficer());  // asked for no one
  EXPECT_FALSE(visits->visits[2].seen);
  auto with_ids = parseVisitsCsv("visit_id,arrived,seen,seen_by,came_to_see\n"
                                 "R1,2025-04-01 09:00,2025-04-01 09:08,Cat,Ann\n"
                                 "R1,2025-04-01 09:00,2025-04-01 09:09,Cat,Ann\n");
  ASSERT_TRUE(with_ids);
  ASSERT_EQ(with_ids->visits.size(), 1u);
  EXPECT_EQ(with_ids->repeated, 1);
  EXPECT_TRUE(with_ids->visits[0].anotherOfficer());
}

TEST(VisitsCsv, ErrorsNameLineAndColumn) {
  const std::string head = "arrived,came_to_see,seen,seen_by\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2025-04-01 09:00,,2025-04-01 08:50,Ann\n", "line 2, seen"},
      {"2025-04-01 09:00,,2025-04-01 09:05,\n", "line 2, seen_by"},
      {"2025-04-01 09:00,,,Ann\n", "line 2, seen"},
      {"2025-04-01 09:00,,,\nyesterday,,,\n", "line 3, arrived"},
  };
  for (const auto& [rows, where] : cases) {
    auto r = parseVisitsCsv(head + rows);
    ASSERT_FALSE(r) << rows;
    EXPECT_NE(r.error().message.find(where), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace charter
