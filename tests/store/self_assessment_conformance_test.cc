// The self-assessment store's conformance suite on a real SQLite file and, when CHARTER_PG_DSN
// is set (scripts/with-postgres.sh), a real PostgreSQL in a fresh schema per test: drafts saved
// and read back, publication that freezes a year (no write after it, on either database), the
// landlords kept apart, every statement scoped to a landlord, and, through SelfAssessmentService
// over the real case and report stores, a published year whose figures later cases never alter.
#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../support/pg_test_db.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "app/accounts.h"
#include "app/authz.h"
#include "app/landlords.h"
#include "app/code_provisions.h"
#include "app/self_assessment.h"
#include "store/core/self_assessment_store.h"
#include "store/pg/pg_account_store.h"
#include "store/pg/pg_report_store.h"
#include "store/pg/pg_self_assessment.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/account_store.h"
#include "store/sqlite/report_store.h"
#include "store/sqlite/self_assessment_store.h"

namespace charter {
namespace {

Instant at(const char* text) { return *parseInstant(text); }

using charter::testing::pgDsn;
using charter::testing::pgExec;

class PgSchema {
 public:
  explicit PgSchema(std::string base) : base_(std::move(base)) {
    std::random_device rd;
    name_ = fmt::format("sa_{:08x}{:08x}", rd(), rd());
    const bool uri = base_.rfind("postgres", 0) == 0 && base_.find("://") != std::string::npos;
    dsn_ = uri ? base_ + (base_.find('?') == std::string::npos ? "?" : "&") +
                     "options=-csearch_path%3D" + name_
               : base_ + " options='-csearch_path=" + name_ + "'";
    EXPECT_TRUE(pgExec(base_, "CREATE SCHEMA " + name_));
  }
  ~PgSchema() { pgExec(base_, "DROP SCHEMA IF EXISTS " + name_ + " CASCADE"); }
  const std::string& dsn() const { return dsn_; }

 private:
  std::string base_, name_, dsn_;
};

class SelfAssessmentConformance : public ::testing::TestWithParam<std::string> {
 protected:
  bool pg() const { return GetParam() == "postgresql"; }

  void SetUp() override {
    if (pg()) {
      if (pgDsn() == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
      schema_ = std::make_unique<PgSchema>(pgDsn());
      PgOptions o;
      o.dsn = schema_->dsn();
      auto s = PgStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      store_ = std::move(*s);
      auto a = PgAccountStore::open(schema_->dsn(), 2);
      ASSERT_TRUE(a) << a.error().message;
      accounts_store_ = std::move(*a);
      auto sa = PgSelfAssessmentStore::open(schema_->dsn());
      ASSERT_TRUE(sa) << sa.error().message;
      sa_ = std::move(*sa);
    } else {
      std::random_device rd;
      dir_ = std::filesystem::temp_directory_path() /
             ("charter-sa-test-" + std::to_string(rd()) + std::to_string(rd()));
      std::filesystem::create_directories(dir_);
      SqliteOptions o;
      o.path = dir_ / "charter.db";
      auto s = SqliteStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      accounts_store_ = std::make_unique<SqliteAccountStore>(**s);
      sa_ = std::make_unique<SqliteSelfAssessmentStore>(**s);
      store_ = std::move(*s);
    }
    policy_ = *builtinPolicy("hos-code-2024");
  }
  void TearDown() override {
    service_.reset();
    reports_.reset();
    report_store_.reset();
    cases_.reset();
    registry_.reset();
    accounts_.reset();
    sa_.reset();
    accounts_store_.reset();
    store_.reset();
    schema_.reset();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  static SelfAssessmentRecord draft(const std::string& period, const std::string& answers) {
    SelfAssessmentRecord r;
    r.period = period;
    r.answers = answers;
    r.updated_by = "Casey";
    r.updated_at = at("2025-03-20T10:00:00Z");
    return r;
  }

  // The service over the real case and report stores, and a complaints team member.
  void startService() {
    AccountOptions o;
    o.opslimit = 1;
    o.memlimit = 8192;
    accounts_ = makeAccountService(*accounts_store_, time_, o);
    registry_ = std::make_unique<LandlordRegistry>(*store_, *accounts_store_, time_, policy_);
    ASSERT_TRUE(registry_->load());
    cases_ = std::make_unique<AuthorisedCases>(*registry_);
    auto p = accounts_->addAccount(NewAccount{1, "casey", "Casey Team", "kettle pigeon marble",
                                              Role::kComplaintsAdmin, ""});
    ASSERT_TRUE(p) << p.error().message;
    team_ = *p;
    if (pg()) {
      auto r = PgReportStore::open(schema_->dsn(), 1);
      ASSERT_TRUE(r) << r.error().message;
      report_store_ = std::move(*r);
    } else {
      auto r = SqliteReportStore::open(dir_ / "charter.db", 1);
      ASSERT_TRUE(r) << r.error().message;
      report_store_ = std::move(*r);
    }
    reports_ = std::make_unique<ReportService>(*report_store_, policy_);
    ReportServiceFor for_landlord = [this](LandlordId id) -> Result<ReportService*> {
      if (id != 1) return notFound("no such landlord");
      return reports_.get();
    };
    service_ = std::make_unique<SelfAssessmentService>(*sa_, for_landlord, time_);
  }

  void complaint(const char* received, const std::string& account) {
    nlohmann::json body = {{"kind", "complaint"}, {"received_at", received}, {"channel", "phone"},
                           {"summary", "Damp in the bedroom"},
                           {"person", {{"name", "Ada " + account}, {"account", account}}}};
    auto v = cases_->create(team_, body);
    ASSERT_TRUE(v) << v.error().message;
  }

  std::unique_ptr<PgSchema> schema_;
  std::filesystem::path dir_;
  FixedTimeSource time_{at("2025-03-24T12:00:00Z")};
  PolicyPtr policy_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<AccountStore> accounts_store_;
  std::unique_ptr<SelfAssessmentStore> sa_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<LandlordRegistry> registry_;
  std::unique_ptr<AuthorisedCases> cases_;
  std::unique_ptr<ReportStore> report_store_;
  std::unique_ptr<ReportService> reports_;
  std::unique_ptr<SelfAssessmentService> service_;
  Principal team_;
};

TEST_P(SelfAssessmentConformance, DraftIsSavedReplacedAndReadBack) {
  EXPECT_FALSE(*sa_->find(1, "2024-25"));
  ASSERT_TRUE(sa_->saveDraft(1, draft("2024-25", "[]")));
  auto d = draft("2024-25", R"([{"provision":"1.2","answer":"yes","commentary":"ok"}])");
  d.reviewed_on = Date{std::chrono::sys_days{std::chrono::year{2025} / 3 / 18}};
  d.reviewed_by = "The Board";
  d.response = "Noted with thanks.";
  d.review_recorded_by = "Casey";
  ASSERT_TRUE(sa_->saveDraft(1, d));
  auto got = sa_->find(1, "2024-25");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->answers, d.answers);
  EXPECT_EQ((*got)->updated_at, d.updated_at);
  EXPECT_EQ((*got)->reviewed_on, d.reviewed_on);
  EXPECT_EQ((*got)->reviewed_by, "The Board");
  EXPECT_EQ((*got)->response, "Noted with thanks.");
  EXPECT_FALSE((*got)->published_at);
  EXPECT_EQ(sa_->list(1)->size(), 1u);
}

TEST_P(SelfAssessmentConformance, PublishedYearIsFrozen) {
  ASSERT_TRUE(sa_->saveDraft(1, draft("2023-24", "[]")));
  ASSERT_TRUE(sa_->publish(1, "2023-24", at("2024-06-20T09:00:00Z"), "Casey", R"({"rows":[]})"));
  auto again = sa_->saveDraft(1, draft("2023-24", R"([{"provision":"1.2","answer":"no"}])"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(again.error().rule, "published");
  auto twice = sa_->publish(1, "2023-24", at("2024-06-21T09:00:00Z"), "Other", "{}");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().rule, "published");
  auto got = *sa_->find(1, "2023-24");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->answers, "[]");
  EXPECT_EQ(got->snapshot, R"({"rows":[]})");
  EXPECT_EQ(got->published_by, "Casey");
  EXPECT_EQ(got->published_at, at("2024-06-20T09:00:00Z"));
  auto none = sa_->publish(1, "2022-23", at("2024-06-20T09:00:00Z"), "Casey", "{}");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ErrorKind::kNotFound);
}

TEST_P(SelfAssessmentConformance, LandlordsAreKeptApart) {
  ASSERT_TRUE(sa_->saveDraft(1, draft("2024-25", "[]")));
  EXPECT_FALSE(*sa_->find(2, "2024-25"));
  EXPECT_TRUE(sa_->list(2)->empty());
  EXPECT_FALSE(sa_->publish(2, "2024-25", at("2025-03-20T10:00:00Z"), "X", "{}"));
  EXPECT_FALSE((*sa_->find(1, "2024-25"))->published_at);
}

TEST(SelfAssessmentStatements, EveryStatementIsScopedToALandlord) {
  for (const auto& s : store_core::selfAssessmentStatements()) {
    const bool insert = s.rfind("INSERT INTO self_assessments (landlord_id,", 0) == 0 &&
                        s.find("VALUES ($1,") != std::string::npos;
    EXPECT_TRUE(insert || s.find("WHERE landlord_id = $1") != std::string::npos) << s;
  }
}

TEST_P(SelfAssessmentConformance, PublishingNeedsTheReviewAndEveryAnswerThenFreezesTheFigures) {
  startService();
  complaint("2025-03-10T10:00:00Z", "A1");
  auto v = service_->view(1, "2024-25");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->figures.stage1_received, 1);
  EXPECT_EQ(v->rows.size(), codeMustProvisions().size());

  auto early = service_->publish(1, "2024-25", "Casey");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().rule, "code-8.2");

  ASSERT_TRUE(service_->recordReview(
      1, "2024-25", {Date{std::chrono::sys_days{std::chrono::year{2025} / 3 / 21}}, "The Board",
                     "We accept the assessment.", "Casey"}));
  auto incomplete = service_->publish(1, "2024-25", "Casey");
  ASSERT_FALSE(incomplete);
  EXPECT_EQ(incomplete.error().rule, "incomplete");

  std::vector<SelfAssessmentAnswer> answers;
  for (const auto& row : v->rows)
    if (row.decided_by != "data") answers.push_back({row.provision, "yes", "Evidence held."});
  auto saved = service_->saveAnswers(1, "2024-25", answers, "Casey");
  ASSERT_TRUE(saved) << saved.error().field << " " << saved.error().message;
  // Saving answers clears the review: the governing body reviews what is published.
  auto cleared = service_->publish(1, "2024-25", "Casey");
  ASSERT_FALSE(cleared);
  EXPECT_EQ(cleared.error().rule, "code-8.2");
  ASSERT_TRUE(service_->recordReview(
      1, "2024-25", {Date{std::chrono::sys_days{std::chrono::year{2025} / 3 / 22}}, "The Board",
                     "We accept the assessment.", "Casey"}));
  auto published = service_->publish(1, "2024-25", "Casey");
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_EQ(published->status, "published");
  EXPECT_EQ(published->to_complete, 0);

  complaint("2025-03-11T10:00:00Z", "A2");  // a later case in the same year
  auto live = reports_->annualReport(*measures::parsePeriod("2024-25"));
  ASSERT_TRUE(live);
  EXPECT_EQ(live->outcomes.stage1_received, 2);
  auto frozen = service_->published(1, "2024-25");
  ASSERT_TRUE(frozen) << frozen.error().message;
  EXPECT_EQ(frozen->figures.stage1_received, 1);
  EXPECT_EQ(frozen->review->reviewed_by, "The Board");
  EXPECT_EQ(frozen->rows.size(), codeMustProvisions().size());
  auto late = service_->saveAnswers(1, "2024-25", {{"1.2", "no", "changed"}}, "Casey");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().rule, "published");
}

INSTANTIATE_TEST_SUITE_P(Stores, SelfAssessmentConformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
