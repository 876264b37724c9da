// The CSV imports (app/imports.h) through the real SQLite report store: tsm.md §9 example 9
// (the NM01 open-case rule) from an ASB reports file, the stock and compliance examples from
// CSV files, and the import's promises: all rows or none, and a dry run writes nothing.
#include <algorithm>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/case_service.h"
#include "app/imports.h"
#include "app/reports_service.h"
#include "app/tsm_publication.h"
#include "store/sqlite/report_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("charter-import-{}-{}", ::getpid(), std::random_device{}());
    std::filesystem::create_directories(dir_);
    auto store = SqliteStore::open({.path = dir_ / "charter.db", .synchronous_full = false});
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    policy_ = *builtinPolicy("hos-code-2024");
    auto reports = SqliteReportStore::open(dir_ / "charter.db", 1);
    ASSERT_TRUE(reports) << reports.error().message;
    reports_ = std::move(*reports);
  }
  void TearDown() override {
    reports_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  ImportSummary import(ImportKind kind, const std::string& text, bool dry_run = false) {
    auto s = runImport(*reports_, kind, text, dry_run);
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : ImportSummary{};
  }
  measures::MeasureResult measure(const std::string& code, const char* label) {
    for (const auto& m : measures::measuresFor(*policy_)) {
      if (m.code != code) continue;
      auto r = measures::evaluate(m, *measures::parsePeriod(label), *reports_, *policy_);
      EXPECT_TRUE(r) << r.error().message;
      return r ? *r : measures::MeasureResult{};
    }
    ADD_FAILURE() << "no measure " << code;
    return {};
  }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
  PolicyPtr policy_;
  std::unique_ptr<SqliteReportStore> reports_;
};

constexpr const char* kStock2026 =
    "as_of,tenure,homes\n2026-03-31,social_rent,1000\n2026-03-31,shared_ownership,0\n";

// Example 9: reports on 3, 10 and 20 Jun about the same perpetrator while the case is open are
// one case; the case closes on 1 Jul and a report on 15 Jul is a second case. A second party's
// report in June (a hate incident) is a case of its own.
TEST_F(ImportTest, Example9AsbOpenCaseRuleThroughTheStore) {
  import(ImportKind::kStock, kStock2026);
  auto s = import(ImportKind::kAsb,
                  "report_ref,party_ref,reported_on,case_closed_on,hate_incident\n"
                  "ASB-1,PERP-7,2025-06-03,,no\n"
                  "ASB-2,PERP-7,2025-06-10,,no\n"
                  "ASB-3,PERP-7,2025-06-20,2025-07-01,no\n"
                  "ASB-4,PERP-7,2025-07-15,,no\n"
                  "ASB-5,PERP-9,2025-06-12,,yes\n");
  EXPECT_EQ(s.rows, 5);
  EXPECT_EQ(s.cases, 3);
  EXPECT_EQ(s.written, 4);  // June and July, NM01-1 and NM01-2
  auto all = measure("NM01-1", "2025-26");
  EXPECT_EQ(all.numerator, 3);  // 2 for PERP-7 (not 4 reports, not 1), 1 for PERP-9
  EXPECT_EQ(all.denominator, 1000);
  EXPECT_DOUBLE_EQ(*all.published(), 3.0);
  auto hate = measure("NM01-2", "2025-26");
  EXPECT_EQ(hate.numerator, 1);
  EXPECT_LE(hate.numerator, all.numerator);
  EXPECT_EQ(measure("NM01-1", "2025-06").numerator, 2);  // opened in June: PERP-7's first, PERP-9
  EXPECT_EQ(measure("NM01-1", "2025-07").numerator, 1);  // PERP-7's second case
}

// A policy with everything the publication states beside the figures, less `leave_out`.
PolicyPtr publishingPolicy(const std::string& leave_out = "") {
  std::string toml =
      "id = \"tsm-publication\"\nname = \"Publishes the TSMs\"\nextends = \"hos-code-2024\"\n"
      "[tsm_publication]\n";
  for (const char* key : {"rp02_targets", "b_timing", "c_methods", "d_sample_method",
                          "e_representativeness", "f_weighting", "g_contractor", "h_exclusions",
                          "i_sample_size_shortfall", "j_incentives", "k_other_issues"})
    if (key != leave_out) toml += fmt::format("{} = \"Stated for the test\"\n", key);
  auto p = parsePolicy(toml, "test.toml");
  EXPECT_TRUE(p) << p.error().message;
  return p ? *p : nullptr;
}

std::vector<std::string> items(const std::vector<PublicationGap>& gaps) {
  std::vector<std::string> out;
  for (const auto& g : gaps) out.push_back(g.item);
  return out;
}

// Example 21: the TSM export is refused unless every part is there: both parts of CH01, CH02,
// RP02 and NM01; the RP02 and CH02 target timescales; LCRA and LCHO wherever the split is
// separate; the survey's summary of approach a-k. Built up through the store, one gap at a time.
TEST_F(ImportTest, Example21PublicationCompleteness) {
  auto policy = publishingPolicy();
  ASSERT_TRUE(policy);
  ReportService reports(*reports_, policy);
  const auto year = *measures::parsePeriod("2025-26");
  auto gaps = [&]() {
    auto ms = reports.measures(year);
    EXPECT_TRUE(ms) << ms.error().message;
    auto responses = reports_->surveyResponses(year, "");
    EXPECT_TRUE(responses);
    return items(tsmPublicationGaps(*ms, *policy, *responses));
  };
  auto has = [](const std::vector<std::string>& v, const std::string& item) {
    return std::find(v.begin(), v.end(), item) != v.end();
  };
  auto empty = gaps();
  EXPECT_TRUE(has(empty, "CH01-1 (LCRA)"));
  EXPECT_TRUE(has(empty, "CH02-2 (LCHO)"));
  EXPECT_TRUE(has(empty, "NM01-2 (LCRA and LCHO)"));
  EXPECT_TRUE(has(empty, "RP02-1 (LCRA)"));
  EXPECT_TRUE(has(empty, "TP12 (LCHO)"));
  EXPECT_TRUE(has(empty, "survey approach (a)"));
  EXPECT_FALSE(has(empty, "RP02 target timescales"));  // stated in the policy
  EXPECT_FALSE(has(empty, "survey approach (b)"));

  // Complaints of both tenures through both stages, answered in the year.
  FixedTimeSource time(*parseInstant("2026-04-20T12:00:00Z"));
  CaseService cases(*store_, policy, time);
  for (const char* tenure : {"social_rent", "shared_ownership"}) {
    const nlohmann::json body = {{"kind", "complaint"}, {"received_at", "2025-06-02T09:00:00Z"},
                                 {"channel", "phone"}, {"summary", "Repair not done"},
                                 {"person", {{"name", "A Resident"}}}, {"tenure", tenure}};
    auto v = cases.create(body, "Officer");
    ASSERT_TRUE(v) << v.error().message;
    const CaseId id = v->state.id;
    const nlohmann::json elements = {{{"summary", "Repair"}, {"finding", "upheld"}, {"reasons", "Records"}}};
    for (nlohmann::json a : {nlohmann::json{{"action", "acknowledge"}, {"at", "2025-06-02T10:00:00Z"},
                                            {"definition", "The repair"}, {"handler", "Officer One"}},
                             nlohmann::json{{"action", "respond"}, {"at", "2025-06-05T10:00:00Z"},
                                            {"decision", "upheld"}, {"elements", elements},
                                            {"remedies", {{{"type", "apology"}, {"description", "Sorry"}}}}},
                             nlohmann::json{{"action", "request_escalation"}, {"at", "2025-06-06T10:00:00Z"}},
                             nlohmann::json{{"action", "acknowledge"}, {"at", "2025-06-06T11:00:00Z"},
                                            {"definition", "The review"}, {"handler", "Review Manager"}},
                             nlohmann::json{{"action", "respond"}, {"at", "2025-06-10T10:00:00Z"},
                                            {"decision", "upheld"}, {"elements", elements},
                                            {"remedies", {{{"type", "apology"}, {"description", "Sorry"}}}}}}) {
      const bool stage2 = a["at"] >= "2025-06-06T10:00:00Z";  // Code 6.13: another account
      auto r = cases.act(id, a, stage2 ? "Reviewer" : "Officer");
      ASSERT_TRUE(r) << a.dump() << ": " << r.error().message;
    }
  }
  import(ImportKind::kStock, "as_of,tenure,homes\n2026-03-31,social_rent,1000\n2026-03-31,shared_ownership,100\n");
  import(ImportKind::kAsb, "report_ref,party_ref,reported_on,hate_incident\nA1,P1,2025-06-03,yes\n");
  import(ImportKind::kSeries, "code,tenure,start,end,numerator,denominator\n"
                              "RP02-1,social_rent,2025-04-01,2026-03-31,90,100\n"
                              "RP02-2,social_rent,2025-04-01,2026-03-31,19,20\n");
  auto partial = gaps();
  EXPECT_FALSE(has(partial, "CH01-1 (LCRA)")) << ::testing::PrintToString(partial);
  EXPECT_FALSE(has(partial, "CH02-2 (LCHO)"));
  EXPECT_FALSE(has(partial, "NM01-2 (LCRA and LCHO)"));
  EXPECT_FALSE(has(partial, "RP02-2 (LCRA)"));
  EXPECT_TRUE(has(partial, "TP01 (LCRA)"));

  // Only LCRA answered the survey: LCHO is still missing, so the export is still refused.
  std::string survey = "response_id,tenure,collected_on,had_repair,complained,communal";
  for (int q = 1; q <= 12; ++q) survey += fmt::format(",TP{:02}", q);
  survey += "\n";
  auto answer = [&](const std::string& id, const std::string& tenure) {
    survey += id + "," + tenure + ",2025-09-01,yes,yes,yes";
    for (int q = 1; q <= 12; ++q) survey += ",1";
    survey += "\n";
  };
  answer("S1", "social_rent");
  import(ImportKind::kSurvey, survey);
  auto lcra_only = gaps();
  EXPECT_EQ(lcra_only.size(), 12u) << ::testing::PrintToString(lcra_only);
  EXPECT_TRUE(has(lcra_only, "TP01 (LCHO)"));
  EXPECT_FALSE(has(lcra_only, "TP01 (LCRA)"));

  answer("S2", "shared_ownership");
  import(ImportKind::kSurvey, survey);
  EXPECT_TRUE(gaps().empty()) << ::testing::PrintToString(gaps());

  // A policy that leaves out one item of the summary of approach is refused again.
  auto no_k = publishingPolicy("k_other_issues");
  auto ms = ReportService(*reports_, no_k).measures(year);
  ASSERT_TRUE(ms);
  EXPECT_EQ(items(tsmPublicationGaps(*ms, *no_k, 2)), std::vector<std::string>{"survey approach (k)"});
  auto no_rp02 = publishingPolicy("rp02_targets");
  EXPECT_EQ(items(tsmPublicationGaps(*ms, *no_rp02, 2)), std::vector<std::string>{"RP02 target timescales"});
}

// Examples 11 and 13 from CSV files: RP01 and BS02 with a block's FRA fanning out to its homes.
TEST_F(ImportTest, ComplianceFromCsvFansOutToHomes) {
  std::string homes = "home_ref,block_ref,tenure\n", checks = "as_of,check,home_ref,block_ref,compliant\n";
  int n = 0;
  for (auto [block, count] : {std::pair{"A", 30}, std::pair{"B", 40}, std::pair{"C", 50}}) {
    for (int i = 0; i < count; ++i) homes += fmt::format("H{},{},social_rent\n", ++n, block);
    checks += fmt::format("2026-03-31,fire,,{},{}\n", block, block == std::string("C") ? "no" : "yes");
  }
  for (int i = 1; i <= 120; ++i)
    checks += fmt::format("2026-03-31,decent_homes,H{},,{}\n", i, i <= 1 ? "no" : "yes");
  EXPECT_EQ(import(ImportKind::kHomes, homes).rows, 120);
  EXPECT_EQ(import(ImportKind::kCompliance, checks).rows, 123);
  import(ImportKind::kStock, "as_of,tenure,homes\n2026-03-31,social_rent,120\n");
  auto bs02 = measure("BS02", "2025-26");
  EXPECT_EQ(bs02.denominator, 120);
  EXPECT_EQ(bs02.numerator, 70);
  EXPECT_DOUBLE_EQ(*bs02.published(), 58.3);  // not 2 of 3 blocks = 66.7%
}

TEST_F(ImportTest, ABadLineWritesNothingAndADryRunWritesNothing) {
  auto bad = runImport(*reports_, ImportKind::kStock,
                       "as_of,tenure,homes\n2026-03-31,social_rent,1000\n2026-03-31,shared_ownership,lots\n",
                       false);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 3, homes"), std::string::npos);
  auto h = reports_->homes("", *parseDate("2026-03-31"));
  ASSERT_TRUE(h);
  EXPECT_FALSE(h->has_value());  // the good first line was not written either

  auto dry = import(ImportKind::kStock, kStock2026, true);
  EXPECT_TRUE(dry.dry_run);
  EXPECT_EQ(dry.rows, 2);
  h = reports_->homes("", *parseDate("2026-03-31"));
  EXPECT_FALSE(h->has_value());

  import(ImportKind::kStock, kStock2026);
  h = reports_->homes("social_rent", *parseDate("2026-03-31"));
  ASSERT_TRUE(h && h->has_value());
  EXPECT_EQ(**h, 1000);
}

}  // namespace
}  // namespace charter
