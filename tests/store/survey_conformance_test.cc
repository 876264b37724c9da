// The survey store's conformance suite on a real SQLite file and, when CHARTER_PG_DSN is set
// (scripts/with-postgres.sh), a real PostgreSQL in a fresh schema per test: offering again
// keeps the first offer and its token, an offer takes one answer (a second is refused and
// changes nothing), a token opens only its own landlord's survey, the satisfaction_percent
// tally counts answers by day, kind, stage and category through the report store, and every
// statement is scoped to a landlord.
#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../support/pg_test_db.h"

#include "app/case_service.h"
#include "store/core/survey_store.h"
#include "store/pg/pg_database.h"
#include "store/pg/pg_report_store.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/report_store.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

Instant at(const char* text) { return *parseInstant(text); }
Date day(const char* text) { return *parseDate(text); }

using charter::testing::pgDsn;
using charter::testing::pgExec;

class SurveyConformance : public ::testing::TestWithParam<std::string> {
 protected:
  bool pg() const { return GetParam() == "postgresql"; }

  void SetUp() override {
    std::random_device rd;
    if (pg()) {
      if (pgDsn() == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
      base_ = pgDsn();
      schema_ = fmt::format("sv_{:08x}{:08x}", rd(), rd());
      ASSERT_TRUE(pgExec(base_, "CREATE SCHEMA " + schema_));
      const bool uri = base_.find("://") != std::string::npos;
      dsn_ = uri ? base_ + (base_.find('?') == std::string::npos ? "?" : "&") +
                       "options=-csearch_path%3D" + schema_
                 : base_ + " options='-csearch_path=" + schema_ + "'";
      PgOptions o;
      o.dsn = dsn_;
      auto s = PgStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      store_ = std::move(*s);
      auto db = pg::PgDatabase::open(dsn_, 2);
      ASSERT_TRUE(db) << db.error().message;
      surveys_ = std::make_unique<store_core::SqlSurveyStore>(std::move(*db));
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             fmt::format("charter-surveys-{:08x}{:08x}", rd(), rd());
      std::filesystem::create_directories(dir_);
      SqliteOptions o;
      o.path = dir_ / "charter.db";
      auto s = SqliteStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      surveys_ = std::make_unique<store_core::SqlSurveyStore>(
          std::make_unique<sqlite::StoreDatabase>(**s));
      store_ = std::move(*s);
    }
    service_ = std::make_unique<CaseService>(*store_, *builtinPolicy("hos-code-2024"), time_);
  }
  void TearDown() override {
    service_.reset();
    surveys_.reset();
    store_.reset();
    if (!schema_.empty()) pgExec(base_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  CaseId newCase() {
    auto created = service_->create({{"kind", "complaint"},
                                     {"received_at", "2025-03-24T10:00:00Z"},
                                     {"channel", "email"},
                                     {"summary", "Boiler still broken"},
                                     {"person", {{"name", "Ada Resident"}}}},
                                    "Test Officer");
    EXPECT_TRUE(created) << created.error().message;
    return created ? created->state.id : 0;
  }

  static SurveyOffer offer(CaseId id, std::string trigger, std::string kind, int stage,
                           std::string category, const char* when) {
    SurveyOffer o;
    o.case_id = id;
    o.trigger = std::move(trigger);
    o.kind = std::move(kind);
    o.stage = stage;
    o.category = std::move(category);
    o.question = o.kind == "complaint" ? "complaint_handling" : "service";
    o.offered_at = at(when);
    o.token = newSurveyToken(1);
    return o;
  }

  Status answer(CaseId id, const std::string& trigger, Satisfaction s, const char* when,
                std::string comment = "") {
    return surveys_->answer(1, id, trigger, SurveyAnswer{s, std::move(comment)}, at(when),
                            day(std::string(when).substr(0, 10).c_str()), "link");
  }

  std::unique_ptr<ReportStore> reports() {
    if (pg()) return std::move(PgReportStore::open(dsn_, 1).value());
    return std::move(SqliteReportStore::open(dir_ / "charter.db", 1).value());
  }

  FixedTimeSource time_{at("2025-03-24T12:00:00Z")};
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<SurveyStore> surveys_;
  std::unique_ptr<CaseService> service_;
  std::string base_, schema_, dsn_;
  std::filesystem::path dir_;
};

TEST_P(SurveyConformance, OfferingAgainKeepsTheFirstOfferAndItsToken) {
  const CaseId id = newCase();
  auto first = offer(id, "complaint.stage1", "complaint", 1, "", "2025-04-01T10:00:00Z");
  ASSERT_TRUE(surveys_->offer(1, {first}));
  auto again = first;
  again.token = newSurveyToken(1);
  auto second = offer(id, "complaint.stage2", "complaint", 2, "", "2025-05-01T10:00:00Z");
  ASSERT_TRUE(surveys_->offer(1, {again, second}));
  auto list = surveys_->forCase(1, id);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].trigger, "complaint.stage1");
  EXPECT_EQ((*list)[0].token, first.token);
  EXPECT_EQ((*list)[0].offered_at, first.offered_at);
  EXPECT_EQ((*list)[0].stage, 1);
  EXPECT_FALSE((*list)[0].satisfaction);
  EXPECT_EQ((*list)[1].trigger, "complaint.stage2");
  auto found = surveys_->byToken(1, first.token);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->case_id, id);
  EXPECT_EQ((*found)->trigger, "complaint.stage1");
}

TEST_P(SurveyConformance, AnOfferTakesOneAnswerAndASecondChangesNothing) {
  const CaseId id = newCase();
  ASSERT_TRUE(surveys_->offer(1, {offer(id, "complaint.stage1", "complaint", 1, "",
                                        "2025-04-01T10:00:00Z")}));
  ASSERT_TRUE(answer(id, "complaint.stage1", Satisfaction::kDissatisfied,
                     "2025-04-03T09:00:00Z", "It took too long"));
  auto again = answer(id, "complaint.stage1", Satisfaction::kVerySatisfied,
                      "2025-04-04T09:00:00Z");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(again.error().rule, "survey-answered");
  auto missing = answer(id, "repair.completed", Satisfaction::kSatisfied, "2025-04-04T09:00:00Z");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  auto list = surveys_->forCase(1, id);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  const SurveyOffer& o = list->front();
  EXPECT_EQ(o.satisfaction, Satisfaction::kDissatisfied);
  EXPECT_EQ(o.comment, "It took too long");
  EXPECT_EQ(o.answered_at, at("2025-04-03T09:00:00Z"));
  EXPECT_EQ(o.answered_by, "link");
}

TEST_P(SurveyConformance, TheTallyCountsAnswersByDayKindStageAndCategory) {
  const CaseId a = newCase(), b = newCase(), c = newCase(), d = newCase();
  ASSERT_TRUE(surveys_->offer(
      1, {offer(a, "complaint.stage1", "complaint", 1, "", "2025-04-01T10:00:00Z"),
          offer(a, "complaint.stage2", "complaint", 2, "", "2025-05-01T10:00:00Z"),
          offer(b, "complaint.stage1", "complaint", 1, "", "2025-04-02T10:00:00Z"),
          offer(c, "repair.completed", "service_request", 0, "urgent", "2025-04-02T10:00:00Z"),
          offer(d, "repair.completed", "service_request", 0, "routine",
                "2025-04-02T10:00:00Z")}));
  ASSERT_TRUE(answer(a, "complaint.stage1", Satisfaction::kSatisfied, "2025-04-02T09:00:00Z"));
  ASSERT_TRUE(answer(a, "complaint.stage2", Satisfaction::kVeryDissatisfied,
                     "2025-05-02T09:00:00Z"));
  ASSERT_TRUE(answer(b, "complaint.stage1", Satisfaction::kNeither, "2025-04-03T09:00:00Z"));
  ASSERT_TRUE(answer(c, "repair.completed", Satisfaction::kVerySatisfied, "2025-04-03T09:00:00Z"));
  ASSERT_TRUE(answer(d, "repair.completed", Satisfaction::kSatisfied, "2026-04-03T09:00:00Z"));
  auto store = reports();
  const auto year = *measures::parsePeriod("2025-26");
  auto tally = [&](measures::SatisfactionQuery q) {
    auto t = store->satisfaction(q, year);
    EXPECT_TRUE(t) << t.error().message;
    return t ? std::pair{t->answers, t->satisfied} : std::pair{-1L, -1L};
  };
  EXPECT_EQ(tally({"complaint", 1, ""}), (std::pair{2L, 1L}));
  EXPECT_EQ(tally({"complaint", 2, ""}), (std::pair{1L, 0L}));
  EXPECT_EQ(tally({"complaint", 0, ""}), (std::pair{3L, 1L}));
  EXPECT_EQ(tally({"service_request", 0, ""}), (std::pair{1L, 1L}));  // d answered in 2026-27
  EXPECT_EQ(tally({"service_request", 0, "routine"}), (std::pair{0L, 0L}));
  EXPECT_EQ(tally({"", 0, ""}), (std::pair{4L, 2L}));
  EXPECT_EQ(tally({"asb_report", 0, ""}), (std::pair{0L, 0L}));
}

TEST_P(SurveyConformance, LandlordsAreKeptApart) {
  const CaseId id = newCase();
  auto o = offer(id, "complaint.stage1", "complaint", 1, "", "2025-04-01T10:00:00Z");
  ASSERT_TRUE(surveys_->offer(1, {o}));
  auto other = surveys_->byToken(2, o.token);
  ASSERT_TRUE(other);
  EXPECT_FALSE(*other);
  auto none = surveys_->forCase(2, id);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(surveys_->answer(2, id, "complaint.stage1", {Satisfaction::kSatisfied, ""},
                                at("2025-04-02T09:00:00Z"), day("2025-04-02"), "link"));
  // Every read and update is scoped by landlord_id = $1; the insert leads with it.
  for (const auto& s : store_core::surveyStatements())
    EXPECT_TRUE(s.find("landlord_id = $1") != std::string::npos ||
                (s.rfind("INSERT INTO survey_offers (landlord_id,", 0) == 0 &&
                 s.find("VALUES ($1,") != std::string::npos))
        << s;
}

INSTANTIATE_TEST_SUITE_P(Stores, SurveyConformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
