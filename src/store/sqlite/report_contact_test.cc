// Phones and reception (migrations/0026_calls_visits.sql) through the real stores (SQLite here;
// PostgreSQL too in report_conformance_tests): call and visit imports replace by id, the
// reception log, and the wait tallies behind calls_percent and visits_percent, evaluated with
// policies/example-003.toml's measures.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "app/imports.h"
#include "store/sqlite/report_test_backend.h"

namespace charter {
namespace {

using measures::parsePeriod;

LocalTime at(const char* text) { return *parseLocalTime(text, "at"); }

CallRecord call(const char* id, const char* started, long wait, bool answered,
                bool transferred = false, std::optional<long> second = std::nullopt) {
  return CallRecord{id, at(started), wait, answered, transferred, second};
}

ReceptionVisit visit(const char* id, const char* arrived, const char* to_see, const char* seen,
                     const char* by) {
  ReceptionVisit v{id, at(arrived), to_see, std::nullopt, by};
  if (seen != nullptr) v.seen = at(seen);
  return v;
}

class ContactReportTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why;
    backend_ = makeReportBackend(GetParam(), &why);
    if (!backend_) {
      ASSERT_FALSE(why.empty()) << "no backend " << GetParam();
      GTEST_SKIP() << why;
    }
  }
  ReportStore& store() { return backend_->reports(); }
  measures::WaitTally calls(long within, bool transferred, const char* period) {
    auto t = store().callWaits(within, transferred, *parsePeriod(period));
    EXPECT_TRUE(t) << t.error().message;
    return t ? *t : measures::WaitTally{-1, -1};
  }
  measures::WaitTally visits(long within, bool another, const char* period) {
    auto t = store().visitWaits(within, another, *parsePeriod(period));
    EXPECT_TRUE(t) << t.error().message;
    return t ? *t : measures::WaitTally{-1, -1};
  }

  std::unique_ptr<ReportBackend> backend_;
};

TEST_P(ContactReportTest, CallsAnsweredWithinTheWaitAndAnImportedIdCountsOnce) {
  ASSERT_TRUE(store().importCalls({
      call("c1", "2025-04-01 09:00:00", 5, true),
      call("c2", "2025-04-01 09:01:00", 20, true),          // on the limit: within
      call("c3", "2025-04-01 09:02:00", 21, true),          // late
      call("c4", "2025-04-02 10:00:00", 3, false),          // abandoned: never within
      call("c5", "2025-04-30 16:59:59", 8, true, true, 25), // transferred, second response late
      call("c6", "2025-05-01 08:30:00", 2, true, true),     // May; transferred, no second wait
  }));
  auto april = calls(20, false, "2025-04");
  EXPECT_EQ(april.total, 5);
  EXPECT_EQ(april.within, 3);
  auto transferred = calls(20, true, "2025-26-Q1");
  EXPECT_EQ(transferred.total, 2);
  EXPECT_EQ(transferred.within, 1);  // c6 by its own wait; c5's second response took 25s
  // The telephony system exports c3 again (answered faster after a correction): replaced.
  ASSERT_TRUE(store().importCalls({call("c3", "2025-04-01 09:02:00", 12, true)}));
  april = calls(20, false, "2025-04");
  EXPECT_EQ(april.total, 5);
  EXPECT_EQ(april.within, 4);
}

TEST_P(ContactReportTest, VisitsSeenByTheOfficerAskedForOrAnother) {
  ASSERT_TRUE(store().importVisits({
      visit("v1", "2025-04-01 09:00", "Ann", "2025-04-01 09:15", "Ann"),  // 15 min: within
      visit("v2", "2025-04-01 09:05", "", "2025-04-01 09:21", "Bob"),     // 16 min, anyone
      visit("v3", "2025-04-01 09:10", "Ann", "2025-04-01 09:20", "Bob"),  // another, 10 min
      visit("v4", "2025-04-01 09:30", "Ann", "2025-04-01 09:45", "Cat"),  // another, 15 min
      visit("v5", "2025-04-01 09:40", "Ann", nullptr, ""),                // left unseen
  }));
  auto officer = visits(15, false, "2025-04");
  EXPECT_EQ(officer.total, 3);
  EXPECT_EQ(officer.within, 1);
  auto another = visits(10, true, "2025-04");
  EXPECT_EQ(another.total, 2);
  EXPECT_EQ(another.within, 1);
  EXPECT_EQ(visits(15, false, "2025-05").total, 0);
}

TEST_P(ContactReportTest, TheReceptionLogNumbersTheDaysVisitsAndMarksThemSeenOnce) {
  auto first = store().logArrival(at("2025-04-01 09:00:10"), "Ann");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, "20250401-1");
  auto second = store().logArrival(at("2025-04-01 09:02:00"), "");
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, "20250401-2");
  auto before = store().markSeen(*first, at("2025-04-01 08:59:00"), "Ann");
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().kind, ErrorKind::kInvalid);
  ASSERT_TRUE(store().markSeen(*first, at("2025-04-01 09:12:00"), "Ann"));
  auto again = store().markSeen(*first, at("2025-04-01 09:13:00"), "Ann");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  auto missing = store().markSeen("20250401-9", at("2025-04-01 09:13:00"), "Ann");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  auto day = store().visitsOn(*parseDate("2025-04-01"));
  ASSERT_TRUE(day);
  ASSERT_EQ(day->size(), 2u);
  EXPECT_EQ((*day)[0].visit_id, *first);
  EXPECT_EQ((*day)[0].seen_by, "Ann");
  ASSERT_TRUE((*day)[0].seen);
  EXPECT_EQ(formatLocalTime(*(*day)[0].seen), "2025-04-01 09:12:00");
  EXPECT_FALSE((*day)[1].seen);
  EXPECT_TRUE(store().visitsOn(*parseDate("2025-04-02"))->empty());
  auto waits = visits(15, false, "2025-04");
  EXPECT_EQ(waits.total, 2);
  EXPECT_EQ(waits.within, 1);
}

TEST_P(ContactReportTest, Policy003MeasuresReadTheImportedCsvs) {
  const char* calls_csv =
      "call_id,started,wait_seconds,outcome,transferred,transfer_wait_seconds\n"
      "A,2025-06-02 09:00,10,answered,no,\n"
      "B,2025-06-02 09:05,30,answered,yes,5\n"
      "C,2025-06-02 09:07,4,abandoned,no,\n"
      "A,2025-06-02 09:00,10,answered,no,\n";  // the same call exported twice
  auto imported = runImport(store(), ImportKind::kCalls, calls_csv, false);
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->rows, 4);
  EXPECT_EQ(imported->written, 3);
  EXPECT_EQ(imported->repeated, 1);
  const char* visits_csv =
      "arrived,came_to_see,seen,seen_by\n"
      "2025-06-02 10:00,Ann,2025-06-02 10:05,Ann\n"
      "2025-06-02 10:00,Ann,2025-06-02 10:20,Bob\n";
  ASSERT_TRUE(runImport(store(), ImportKind::kVisits, visits_csv, false));
  ASSERT_TRUE(runImport(store(), ImportKind::kVisits, visits_csv, false));  // replaces
  const char* dir = std::getenv("CHARTER_SOURCE_DIR");
  auto policy = loadPolicyFile(std::filesystem::path(dir ? dir : ".") / "policies" /
                               "example-003.toml");
  ASSERT_TRUE(policy) << policy.error().message;
  auto all = measures::evaluateAll(**policy, *parsePeriod("2025-06"), store());
  ASSERT_TRUE(all) << all.error().message;
  auto find = [&](const std::string& code) {
    for (const auto& m : *all)
      if (m.code == code) return m;
    ADD_FAILURE() << code;
    return measures::MeasureResult{};
  };
  const auto answered = find("calls.answered_20s");
  EXPECT_EQ(answered.numerator, 1);
  EXPECT_EQ(answered.denominator, 3);
  EXPECT_EQ(answered.met, false);
  const auto transferred = find("calls.transferred_20s");
  EXPECT_EQ(transferred.numerator, 1);
  EXPECT_EQ(transferred.denominator, 1);
  EXPECT_EQ(transferred.met, true);
  EXPECT_EQ(find("reception.seen_15min").denominator, 1);
  EXPECT_EQ(find("reception.seen_15min").numerator, 1);
  EXPECT_EQ(find("reception.another_officer_10min").denominator, 1);
  EXPECT_EQ(find("reception.another_officer_10min").numerator, 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, ContactReportTest, ::testing::ValuesIn(reportBackendNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
