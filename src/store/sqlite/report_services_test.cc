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

// Anti-social behaviour reports (migrations/0027_asb.sql): NM01 from the cases by the TSM's
// open-case rule (a second report about the same party while its case is open is not a new
// case), the contact and plan clocks on time, and satisfaction at closure. Charter's own cases
// win over an imported NM01 series for a period in which it holds any; a period without ASB
// reports in Charter takes the imported figure.
TEST_P(ServiceReportTest, AsbCasesGiveNm01AndTheAsbMeasures) {
  auto asb = [&](const char* level, const char* party, const char* at, bool hate = false) {
    json body = {{"kind", "asb_report"}, {"category", level}, {"received_at", at}};
    if (*party != 0) body["party_ref"] = party;
    if (hate) body["hate_incident"] = true;
    return create(body);
  };
  CaseId a = asb("level1", "FLAT-12", "2025-07-01T09:00:00Z", true);
  act(a, {{"action", "contact_reporter"}, {"at", "2025-07-01T15:00:00Z"}});
  act(a, {{"action", "agree_action_plan"}, {"at", "2025-07-03T10:00:00Z"},
          {"plan", "Warning letter"}, {"review_on", "2025-07-17"}});
  act(a, {{"action", "close"}, {"at", "2025-07-20T10:00:00Z"}, {"outcome", "resolved"},
          {"satisfaction", "satisfied"}});
  CaseId b = asb("level2", "FLAT-12", "2025-07-10T09:00:00Z");  // joins a's open case
  act(b, {{"action", "contact_reporter"}, {"at", "2025-07-18T09:00:00Z"}});  // due 15 July
  asb("level3", "", "2025-07-15T09:00:00Z");                   // no party: a case of its own
  asb("level3", "FLAT-12", "2025-08-05T09:00:00Z");            // after a's case closed: new

  auto nm01 = tally("NM01-1", "2025-07");
  EXPECT_EQ(nm01.numerator, 2);
  EXPECT_EQ(tally("NM01-2", "2025-07").numerator, 1);
  EXPECT_EQ(tally("NM01-1", "2025-26-Q2").numerator, 3);
  auto contact = tally("asb.contact_in_time", "2025-07");
  EXPECT_EQ(contact.numerator, 1);
  EXPECT_EQ(contact.denominator, 2);
  auto plan = tally("asb.plan_in_time", "2025-07");
  EXPECT_EQ(plan.numerator, 1);
  EXPECT_EQ(plan.denominator, 1);
  auto satisfied = tally("asb.satisfied", "2025-07");
  EXPECT_EQ(satisfied.numerator, 1);
  EXPECT_EQ(satisfied.denominator, 1);

  ASSERT_TRUE(backend_->reports().importSeries(
      {{"NM01-1", "", *parseDate("2025-07-01"), *parseDate("2025-07-31"), 9, 0, "ASB system"},
       {"NM01-1", "", *parseDate("2025-06-01"), *parseDate("2025-06-30"), 5, 0, "ASB system"}}));
  EXPECT_EQ(tally("NM01-1", "2025-07").numerator, 2);  // Charter's own cases
  EXPECT_EQ(tally("NM01-1", "2025-06").numerator, 5);  // none in Charter: the import
}

INSTANTIATE_TEST_SUITE_P(Stores, ServiceReportTest, ::testing::ValuesIn(reportBackendNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
