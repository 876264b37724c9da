// The service projections (migrations/0020_services.sql) through the real stores (SQLite here;
// PostgreSQL too in report_conformance_tests): repairs, appointments, call-backs and
// compliments driven through CaseService with policies/example-003.toml, read back as the
// service tallies behind `series` measures and as the ServiceReports breakdowns.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "app/case_service.h"
#include "app/service_reports.h"
#include "store/sqlite/report_test_backend.h"

namespace charter {
namespace {

using measures::parsePeriod;
using nlohmann::json;

PolicyPtr seed003() {
  const char* dir = std::getenv("CHARTER_SOURCE_DIR");
  return loadPolicyFile(std::filesystem::path(dir ? dir : ".") / "policies" / "example-003.toml")
      .value();
}

class ServiceReportTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why;
    backend_ = makeReportBackend(GetParam(), &why);
    if (!backend_) {
      ASSERT_FALSE(why.empty()) << "no backend " << GetParam();
      GTEST_SKIP() << why;
    }
    service_ = std::make_unique<CaseService>(backend_->cases(), seed003(), time_);
    services_ = &backend_->reports().services();
  }
  void TearDown() override {
    service_.reset();
    backend_.reset();
  }

  CaseId create(json body) {
    body["received_at"] = body.value("received_at", "2025-07-01T09:00:00Z");
    body["channel"] = "phone";
    body["summary"] = "Leak";
    time_.set(*parseInstant("2025-12-01T12:00:00Z"));
    auto v = service_->create(body, "Officer");
    EXPECT_TRUE(v) << v.error().message << " " << v.error().field;
    return v ? v->state.id : 0;
  }
  void act(CaseId id, json body) {
    auto v = service_->act(id, body, "Officer");
    ASSERT_TRUE(v) << body.dump() << ": " << v.error().message;
  }
  measures::SeriesPoint tally(const std::string& code, const char* period) {
    auto s = backend_->reports().series(code, "", *parsePeriod(period));
    EXPECT_TRUE(s && *s) << code;
    return s && *s ? **s : measures::SeriesPoint{-1, -1};
  }

  std::unique_ptr<ReportBackend> backend_;
  FixedTimeSource time_{*parseInstant("2025-12-01T12:00:00Z")};
  std::unique_ptr<CaseService> service_;
  ServiceReports* services_ = nullptr;
};

TEST_P(ServiceReportTest, RepairsAppointmentsAndInspectionsByCategoryAndContractor) {
  CaseId acme = create({{"kind", "service_request"}, {"category", "routine"}});
  act(acme, {{"action", "book_appointment"}, {"at", "2025-07-01T10:00:00Z"},
             {"date", "2025-07-03"}, {"slot", "am"}, {"contractor", "Acme"}});
  act(acme, {{"action", "appointment_missed"}, {"at", "2025-07-03T16:00:00Z"}});
  act(acme, {{"action", "book_appointment"}, {"at", "2025-07-03T16:30:00Z"},
             {"date", "2025-07-08"}, {"slot", "pm"}, {"contractor", "Acme"}});
  act(acme, {{"action", "appointment_kept"}, {"at", "2025-07-08T15:00:00Z"}});
  act(acme, {{"action", "complete_repair"}, {"at", "2025-07-08T15:30:00Z"}});
  act(acme, {{"action", "post_inspect"}, {"at", "2025-07-09T10:00:00Z"}, {"outcome", "pass"}});
  CaseId bolt = create({{"kind", "service_request"}, {"category", "urgent"}});
  act(bolt, {{"action", "book_appointment"}, {"at", "2025-07-01T10:00:00Z"},
             {"date", "2025-07-10"}, {"slot", "all_day"}, {"contractor", "Bolt"}});
  act(bolt, {{"action", "appointment_kept"}, {"at", "2025-07-10T14:00:00Z"}});
  act(bolt, {{"action", "complete_repair"}, {"at", "2025-07-10T15:00:00Z"}});  // late: due 8 July

  auto kept = tally("appointments.kept", "2025-07");
  EXPECT_EQ(kept.numerator, 2);
  EXPECT_EQ(kept.denominator, 3);
  auto inspected = tally("repairs.inspected", "2025-07");
  EXPECT_EQ(inspected.numerator, 1);
  EXPECT_EQ(inspected.denominator, 2);
  auto by = services_->serviceBreakdown(*parsePeriod("2025-07"), "contractor");
  ASSERT_TRUE(by);
  ASSERT_EQ(by->size(), 2u);
  EXPECT_EQ((*by)[0].key, "Acme");
  EXPECT_EQ((*by)[0].counted, 1);
  EXPECT_EQ((*by)[1].key, "Bolt");
  EXPECT_EQ((*by)[1].total, 1);
  EXPECT_EQ((*by)[1].counted, 0);
  auto cat = services_->serviceBreakdown(*parsePeriod("2025-07"), "category");
  ASSERT_TRUE(cat);
  ASSERT_EQ(cat->size(), 2u);
  EXPECT_EQ((*cat)[0].key, "routine");
  EXPECT_FALSE(services_->serviceBreakdown(*parsePeriod("2025-07"), "colour"));
  // Nothing in August.
  auto none = backend_->reports().series("appointments.kept", "", *parsePeriod("2025-08"));
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST_P(ServiceReportTest, FirstContactAndCompliments) {
  create({{"kind", "enquiry"}, {"resolved_at_first_contact", true}});
  create({{"kind", "enquiry"}, {"resolved_at_first_contact", false}});
  create({{"kind", "enquiry"}});  // not recorded: not counted
  auto first = tally("contacts.resolved_first_time", "2025-07");
  EXPECT_EQ(first.numerator, 1);
  EXPECT_EQ(first.denominator, 2);
  CaseId mine = create({{"kind", "compliment"}, {"about", "casey"}});
  create({{"kind", "compliment"}, {"about", "Casey Jones"}, {"received_at", "2025-07-02T09:00:00Z"}});
  create({{"kind", "compliment"}, {"about", "Repairs team"}});
  act(mine, {{"action", "share_compliment"}, {"at", "2025-07-02T10:00:00Z"}, {"with", "casey"}});
  auto shared = tally("compliments.shared", "2025-07");
  EXPECT_EQ(shared.numerator, 1);
  EXPECT_EQ(shared.denominator, 3);
  auto list = services_->complimentsAbout({"CASEY", "casey jones"}, 10);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].about, "Casey Jones");  // newest first
  EXPECT_EQ((*list)[1].case_id, mine);
  EXPECT_EQ((*list)[1].shared, 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, ServiceReportTest, ::testing::ValuesIn(reportBackendNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
