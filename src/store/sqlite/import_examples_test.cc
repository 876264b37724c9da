// The CSV imports (app/imports.h) through the real SQLite report store: tsm.md §9 example 9
// (the NM01 open-case rule) from an ASB reports file, the stock and compliance examples from
// CSV files, and the import's promises: all rows or none, and a dry run writes nothing.
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/imports.h"
#include "measures/measure.h"
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
