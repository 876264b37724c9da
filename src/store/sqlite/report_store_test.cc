// Every worked example of tsm.md §9 through the real stores (SQLite here; PostgreSQL too in
// report_conformance_tests, see report_test_backend.h): complaints driven through
// CaseService (the real lifecycle and clocks), stock, homes, compliance, survey CSV and series
// through the report store's imports, measures evaluated by src/measures. No mocks.
#include "store/sqlite/report_test_backend.h"

#include <filesystem>
#include <map>
#include <random>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/case_service.h"
#include "app/reports.h"
#include "app/reports_service.h"  // measures, as the app layer re-exports them
#include "calendar/working_calendar.h"
#include "store/core/report_groups.h"

namespace charter {
namespace {

using measures::parsePeriod;
using measures::Period;
using nlohmann::json;
using store_core::ukLocalDate;

// Upheld and partly upheld responses carry a remedy (Code 7.1).
const json kApology = json::array({{{"type", "apology"}, {"description", "We are sorry"}}});

Instant at(const std::string& text) { return *parseInstant(text); }
Date day(const char* text) { return *parseDate(text); }
Period period(const char* label) { return *parsePeriod(label); }

class ReportTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why;
    backend_ = makeReportBackend(GetParam(), &why);
    if (!backend_) {
      ASSERT_FALSE(why.empty()) << "no backend " << GetParam();
      GTEST_SKIP() << why;
    }
    policy_ = *builtinPolicy("hos-code-2024");
    service_ = std::make_unique<CaseService>(backend_->cases(), policy_, time_);
    reports_ = &backend_->reports();
  }
  void TearDown() override {
    service_.reset();
    backend_.reset();
  }

  CaseId complaint(const std::string& received, const std::string& tenure = "social_rent") {
    json body = {{"kind", "complaint"},       {"received_at", received}, {"channel", "phone"},
                 {"summary", "Repair not done"}, {"person", {{"name", "A Resident"}}}};
    if (!tenure.empty()) body["tenure"] = tenure;
    auto v = service_->create(body, "Officer");
    EXPECT_TRUE(v) << v.error().message;
    return v ? v->state.id : 0;
  }
  void act(CaseId id, json body) {  // stage 2 by another account (Code 6.13)
    auto now = service_->get(id);
    auto v = service_->act(id, body, now && now->state.stage == 2 ? "Reviewer" : "Officer");
    ASSERT_TRUE(v) << body.dump() << ": " << v.error().message;
  }
  void acknowledge(CaseId id, const std::string& when, int stage = 1) {
    act(id, {{"action", "acknowledge"}, {"at", when},
             {"definition", "The repair and the delay"},
             {"handler", stage == 1 ? "Stage One Officer" : "Review Manager"}});
  }
  void respond(CaseId id, const std::string& when, const std::string& finding = "upheld") {
    json body = {{"action", "respond"}, {"at", when}, {"decision", finding},
                 {"elements", json::array({{{"summary", "Repair"}, {"finding", finding},
                                            {"reasons", "Checked the records"}}})}};
    if (finding != "not_upheld") body["remedies"] = kApology;
    act(id, body);
  }
  void escalate(CaseId id, const std::string& when) {
    act(id, {{"action", "request_escalation"}, {"at", when}});
  }
  measures::MeasureResult measure(const std::string& code, const char* label) {
    for (const auto& m : measures::measuresFor(*policy_)) {
      if (m.code != code) continue;
      auto r = measures::evaluate(m, period(label), *reports_, *policy_);
      EXPECT_TRUE(r) << r.error().message;
      return r ? *r : measures::MeasureResult{};
    }
    ADD_FAILURE() << "no measure " << code;
    return {};
  }
  void stock(long lcra, long lcho, const char* as_of = "2026-03-31") {
    ASSERT_TRUE(reports_->importStock({{day(as_of), "social_rent", lcra},
                                       {day(as_of), "shared_ownership", lcho}}));
  }

  FixedTimeSource time_{at("2026-04-20T12:00:00Z")};
  std::unique_ptr<ReportBackend> backend_;
  PolicyPtr policy_;
  std::unique_ptr<CaseService> service_;
  ReportStore* reports_ = nullptr;
};

// Working days of 2025-26 to spread receipts over (Mondays to Thursdays outside holidays).
std::vector<std::string> workingMornings(int n) {
  std::vector<std::string> out;
  Date d = day("2025-04-07");
  while (static_cast<int>(out.size()) < n) {
    const std::chrono::weekday wd{d};
    if (wd != std::chrono::Saturday && wd != std::chrono::Sunday && wd != std::chrono::Friday &&
        d != day("2025-05-05") && d != day("2025-05-26") && d != day("2025-08-25") &&
        d < day("2025-12-15")) {
      out.push_back(formatDate(d) + "T09:00:00Z");
    }
    d += std::chrono::days{1};
    if (d >= day("2025-12-15")) d = day("2025-04-07");
  }
  return out;
}

// Examples 1-3: CH01 per 1,000 homes, by stage and tenure.
TEST_P(ReportTest, Ch01StageOneAndTwoPerThousandHomesByTenure) {
  const auto days = workingMornings(4200);
  std::vector<CaseId> lcra;
  for (int i = 0; i < 4200; ++i) lcra.push_back(complaint(days[static_cast<std::size_t>(i)]));
  for (int i = 0; i < 40; ++i) complaint(days[static_cast<std::size_t>(i)], "shared_ownership");
  for (int i = 0; i < 610; ++i) {
    const CaseId id = lcra[static_cast<std::size_t>(i)];
    const std::string d = days[static_cast<std::size_t>(i)].substr(0, 10);
    acknowledge(id, d + "T11:00:00Z");
    respond(id, d + "T15:00:00Z");
    escalate(id, d + "T16:00:00Z");
  }
  stock(52000, 1900);
  auto s1 = measure("CH01-1", "2025-26");
  EXPECT_EQ(s1.numerator, 4200);
  EXPECT_EQ(s1.denominator, 52000);
  EXPECT_DOUBLE_EQ(*s1.published(), 80.8);
  auto s2 = measure("CH01-2", "2025-26");
  EXPECT_EQ(s2.numerator, 610);
  EXPECT_DOUBLE_EQ(*s2.published(), 11.7);
  auto lcho = measure("CH01-1-LCHO", "2025-26");
  EXPECT_EQ(lcho.numerator, 40);
  EXPECT_EQ(lcho.denominator, 1900);
  EXPECT_DOUBLE_EQ(*lcho.published(), 21.1);  // reported separately, never pooled
  // The cases behind the number are exactly those counted.
  auto spec = measures::measuresFor(*policy_);
  auto it = std::find_if(spec.begin(), spec.end(), [](auto& m) { return m.code == "CH01-2"; });
  auto behind = measures::casesBehind(*it, period("2025-26"), *reports_, *policy_, "numerator");
  ASSERT_TRUE(behind);
  EXPECT_EQ(behind->size(), 610u);
  EXPECT_EQ(behind->front(), lcra.front());
}

// Examples 4-5: CH02 = responses in time / responses sent, per stage.
TEST_P(ReportTest, Ch02ResponsesWithinTheCodeTimescales) {
  const auto days = workingMornings(3950);
  for (int i = 0; i < 3950; ++i) {
    const std::string d = days[static_cast<std::size_t>(i)].substr(0, 10);
    const CaseId id = complaint(d + "T09:00:00Z");
    acknowledge(id, d + "T10:00:00Z");
    // Due 10 working days after the acknowledgement; 632 answered 20 calendar days later (late).
    const Date answered = day(d.c_str()) + std::chrono::days{i < 3318 ? 1 : 20};
    respond(id, formatDate(answered) + "T12:00:00Z");
    if (i < 580) {
      escalate(id, formatDate(answered) + "T13:00:00Z");
      acknowledge(id, formatDate(answered) + "T14:00:00Z", 2);
      const Date final_day = answered + std::chrono::days{i < 487 ? 2 : 40};
      act(id, {{"action", "respond"}, {"at", formatDate(final_day) + "T12:00:00Z"},
               {"decision", "upheld"},
               {"elements", json::array({{{"summary", "Repair"}, {"finding", "upheld"},
                                          {"reasons", "Reviewed"}}})},
               {"remedies", kApology}});
    }
  }
  auto s1 = measure("CH02-1", "2025-26");
  EXPECT_EQ(s1.denominator, 3950);
  EXPECT_EQ(s1.numerator, 3318);
  EXPECT_DOUBLE_EQ(*s1.published(), 84.0);
  auto s2 = measure("CH02-2", "2025-26");
  EXPECT_EQ(s2.denominator, 580);
  EXPECT_EQ(s2.numerator, 487);
  EXPECT_DOUBLE_EQ(*s2.published(), 84.0);
}

// Example 6: an extension made under the Code counts as in time by default, late when strict.
TEST_P(ReportTest, Ch02ExtensionVariants) {
  const CaseId id = complaint("2024-09-02T09:00:00Z");
  acknowledge(id, "2024-09-02T10:00:00Z");
  auto v = service_->get(id);
  ASSERT_TRUE(v);
  for (const auto& c : v->clocks)
    if (c.name == "stage1.respond") EXPECT_EQ(c.due, day("2024-09-16"));
  act(id, {{"action", "extend"}, {"at", "2024-09-13T10:00:00Z"}, {"new_due", "2024-09-30"},
           {"reason", "Awaiting a surveyor's report"}});
  respond(id, "2024-09-27T12:00:00Z");
  escalate(id, "2024-09-30T12:00:00Z");
  acknowledge(id, "2024-10-01T10:00:00Z", 2);
  v = service_->get(id);
  ASSERT_TRUE(v);
  for (const auto& c : v->clocks)
    if (c.name == "stage2.respond") EXPECT_EQ(c.due, day("2024-10-29"));
  // The cap: +20 working days from 29 Oct is 26 Nov; a day later needs a good reason.
  auto beyond = service_->act(id, {{"action", "extend"}, {"at", "2024-10-20T10:00:00Z"},
                                   {"new_due", "2024-11-27"}, {"reason", "Complex"}}, "Officer");
  EXPECT_FALSE(beyond);
  act(id, {{"action", "extend"}, {"at", "2024-10-20T10:00:00Z"}, {"new_due", "2024-11-26"},
           {"reason", "Complex"}});
  auto with = measure("CH02-1", "2024-25");
  EXPECT_EQ(with.denominator, 1);
  EXPECT_EQ(with.numerator, 1);
  auto strict = measure("CH02-1-STRICT", "2024-25");
  EXPECT_EQ(strict.denominator, 1);
  EXPECT_EQ(strict.numerator, 0);
}

// Example 7: received in one year, answered in the next.
TEST_P(ReportTest, Ch02CohortIsTheResponseYear) {
  const CaseId id = complaint("2025-03-25T10:00:00Z");
  acknowledge(id, "2025-03-26T10:00:00Z");
  respond(id, "2025-04-08T10:00:00Z");
  EXPECT_EQ(measure("CH01-1", "2024-25").numerator, 1);
  EXPECT_EQ(measure("CH01-1", "2025-26").numerator, 0);
  EXPECT_EQ(measure("CH02-1", "2024-25").denominator, 0);
  EXPECT_EQ(measure("CH02-1", "2025-26").denominator, 1);
  EXPECT_EQ(measure("CH01-1", "2025-26-Q1").numerator, 0);
  EXPECT_EQ(measure("CH02-1", "2025-04").numerator, 1);
}

// Example 8: NM01 from an imported series (ASB cases are counted in the ASB system).
TEST_P(ReportTest, Nm01PerThousandHomesCombined) {
  stock(50100, 1900);
  ASSERT_TRUE(reports_->importSeries({{"NM01-1", "", day("2025-04-01"), day("2026-03-31"), 1300, 0, "ASB system"},
                                      {"NM01-2", "", day("2025-04-01"), day("2026-03-31"), 48, 0, "ASB system"}}));
  auto all = measure("NM01-1", "2025-26");
  EXPECT_EQ(all.denominator, 52000);
  EXPECT_DOUBLE_EQ(*all.published(), 25.0);
  auto hate = measure("NM01-2", "2025-26");
  EXPECT_DOUBLE_EQ(*hate.published(), 0.9);
  EXPECT_LE(*hate.value, *all.value);
}

// Example 10: RP02, LCRA only; monthly series add up to the year.
TEST_P(ReportTest, Rp02FromSeriesLcraOnly) {
  std::vector<SeriesRow> rows = {
      {"RP02-1", "social_rent", day("2025-04-01"), day("2025-09-30"), 20000, 20500, "repairs"},
      {"RP02-1", "social_rent", day("2025-10-01"), day("2026-03-31"), 16490, 20500, "repairs"},
      {"RP02-2", "social_rent", day("2025-04-01"), day("2026-03-31"), 9555, 9800, "repairs"},
      {"RP02-1", "shared_ownership", day("2025-04-01"), day("2026-03-31"), 1, 1000, "repairs"}};
  ASSERT_TRUE(reports_->importSeries(rows));
  auto ne = measure("RP02-1", "2025-26");
  EXPECT_EQ(ne.numerator, 36490);
  EXPECT_EQ(ne.denominator, 41000);
  EXPECT_DOUBLE_EQ(*ne.published(), 89.0);
  EXPECT_DOUBLE_EQ(*measure("RP02-2", "2025-26").published(), 97.5);
}

// Examples 11-13: RP01 and BS01-BS02 from a compliance import; block checks fan out to homes.
TEST_P(ReportTest, ComplianceMeasuresCountHomes) {
  std::vector<HomeRecord> homes;
  std::vector<ComplianceRecord> records;
  const Date ye = day("2026-03-31");
  for (int i = 0; i < 52000; ++i) {
    const std::string ref = fmt::format("H{:05}", i);
    homes.push_back({ref, "", "social_rent"});
    records.push_back({ye, "decent_homes", ref, "", true, i >= 312});
    if (i < 30000) records.push_back({ye, "gas", ref, "", true, i >= 60});
  }
  for (auto [block, n] : {std::pair{"A", 30}, std::pair{"B", 40}, std::pair{"C", 50}}) {
    for (int i = 0; i < n; ++i) homes.push_back({fmt::format("{}-{}", block, i), block, "social_rent"});
    records.push_back({ye, "fire", "", block, true, std::string(block) != "C"});
  }
  ASSERT_TRUE(reports_->importHomes(homes));
  ASSERT_TRUE(reports_->importCompliance(records));
  stock(52000, 0);
  auto rp01 = measure("RP01", "2025-26");
  EXPECT_EQ(rp01.numerator, 312);
  EXPECT_DOUBLE_EQ(*rp01.published(), 0.6);
  auto bs01 = measure("BS01", "2025-26");
  EXPECT_EQ(bs01.denominator, 30000);
  EXPECT_EQ(bs01.numerator, 29940);
  EXPECT_DOUBLE_EQ(*bs01.published(), 99.8);
  auto bs02 = measure("BS02", "2025-26");
  EXPECT_EQ(bs02.denominator, 120);
  EXPECT_EQ(bs02.numerator, 70);
  EXPECT_DOUBLE_EQ(*bs02.published(), 58.3);  // not 2 of 3 blocks = 66.7%
  EXPECT_DOUBLE_EQ(measures::roundHalfUp(80211.0 / 80390.0 * 100), 99.8);
}

// A CSV of survey responses for examples 14-17: 1,046 LCRA respondents.
std::string surveyCsv() {
  std::string csv =
      "response_id,household_ref,tenure,collected_on,method,weight,had_repair,complained,communal,"
      "TP01,TP02,TP03,TP04,TP05,TP06,TP07,TP08,TP09,TP10,TP11,TP12\n";
  for (int i = 0; i < 1046; ++i) {
    // TP01: 420 very, 330 fairly, 140 neither, 86 fairly dissatisfied, 70 very dissatisfied.
    const int tp01 = i < 420 ? 1 : i < 750 ? 2 : i < 890 ? 3 : i < 976 ? 4 : 5;
    // TP02: 640 had a repair, 470 of them satisfied.
    const bool repair = i < 640;
    const std::string tp02 = repair ? (i < 470 ? "2" : "4") : "";
    // TP05: 30 don't know, 790 satisfied.
    const std::string tp05 = i < 30 ? "DK" : i < 820 ? "1" : "3";
    // TP08: 300 strongly agree, 500 agree, 20 don't know.
    const std::string tp08 = i < 300 ? "1" : i < 800 ? "2" : i < 820 ? "NA" : "4";
    csv += fmt::format("R{},HH{},social_rent,2025-0{}-15,phone,1,{},no,no,{},{},,,{},,,{},,,,\n", i,
                       i, 6 + i % 3, repair ? "yes" : "no", tp01, tp02, tp05, tp08);
  }
  return csv;
}

// Examples 14-17: satisfied over valid answers; don't know out of the base; filters.
TEST_P(ReportTest, PerceptionMeasuresFromASurveyCsv) {
  auto rows = parseSurveyCsv(surveyCsv());
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_TRUE(reports_->importSurvey(*rows));
  stock(52000, 1800);
  auto tp01 = measure("TP01", "2025-26");
  EXPECT_EQ(tp01.numerator, 750);
  EXPECT_EQ(tp01.denominator, 1046);
  EXPECT_DOUBLE_EQ(*tp01.published(), 71.7);
  EXPECT_EQ(tp01.sample_required, 1046);  // example 18: N = 52,000 at ±3%
  auto tp05 = measure("TP05", "2025-26");
  EXPECT_EQ(tp05.denominator, 1016);
  EXPECT_DOUBLE_EQ(*tp05.published(), 77.8);
  EXPECT_NE(*tp05.published(), 75.5);  // don't know wrongly kept in the base
  auto tp02 = measure("TP02", "2025-26");
  EXPECT_EQ(tp02.denominator, 640);
  EXPECT_DOUBLE_EQ(*tp02.published(), 73.4);
  auto tp08 = measure("TP08", "2025-26");
  EXPECT_EQ(tp08.denominator, 1026);
  EXPECT_DOUBLE_EQ(*tp08.published(), 78.0);
  EXPECT_FALSE(measure("TP01-LCHO", "2025-26").value);  // no LCHO responses
  EXPECT_EQ(measure("TP01-LCHO", "2025-26").sample_required, 317);  // N = 1,800 at ±5%
}

// Example 20: weighting by age band.
TEST_P(ReportTest, WeightedSatisfaction) {
  std::vector<SurveyResponse> rows;
  auto add = [&](int n, int satisfied, double weight, const char* band) {
    for (int i = 0; i < n; ++i) {
      SurveyResponse r;
      r.response_id = fmt::format("{}-{}", band, i);
      r.tenure = "social_rent";
      r.collected = day("2025-07-01");
      r.weight = weight;
      r.answers[0] = i < satisfied ? 2 : 4;
      rows.push_back(r);
    }
  };
  add(100, 55, 2.0, "u35");
  add(500, 340, 1.0, "35-64");
  add(400, 328, 0.75, "65+");
  ASSERT_TRUE(reports_->importSurvey(rows));
  auto tp01 = measure("TP01", "2025-26");
  EXPECT_EQ(tp01.note, "weighted");
  EXPECT_DOUBLE_EQ(*tp01.published(), 69.6);
  EXPECT_DOUBLE_EQ(measures::roundHalfUp(723.0 / 1000 * 100), 72.3);  // unweighted
}

TEST_P(ReportTest, SurveyCsvErrorsNameTheLine) {
  auto bad = parseSurveyCsv("response_id,tenure,collected_on,TP01\nR1,social_rent,2025-06-01,7\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos);
  EXPECT_FALSE(parseSurveyCsv("response_id,tenure\n"));
}

TEST_P(ReportTest, OutcomesAndVolumes) {
  const CaseId a = complaint("2025-06-02T09:00:00Z");
  acknowledge(a, "2025-06-02T10:00:00Z");
  respond(a, "2025-06-05T10:00:00Z", "partly_upheld");
  const CaseId b = complaint("2025-06-03T09:00:00Z");
  act(b, {{"action", "refuse"}, {"at", "2025-06-04T09:00:00Z"}, {"reason", "legal-proceedings"},
          {"evidence", "Claim form"}, {"court_filing_date", "2025-05-01"}});
  auto o = reports_->outcomes(period("2025-26"));
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->stage1_received, 2);
  EXPECT_EQ(o->stage1_responded, 1);
  EXPECT_EQ(o->elements_upheld, 1);
  ASSERT_EQ(o->refusals.size(), 1u);
  EXPECT_EQ(o->refusals[0].key, "legal-proceedings");
  auto v = reports_->volumes(period("2025-26"), "tenure", "");
  ASSERT_TRUE(v);
  ASSERT_EQ(v->size(), 1u);
  EXPECT_EQ((*v)[0].count, 2);
  EXPECT_FALSE(reports_->volumes(period("2025-26"), "person_name; DROP", ""));
}

// Compensation restated at stage 2 is counted once: the stage 2 award for the same element
// replaces stage 1's, and an additional one adds to it (Code 7.1; domain/follow_through.h).
TEST_P(ReportTest, CompensationRestatedAtStageTwoIsCountedOnce) {
  const json element = json::array({{{"summary", "Repair"}, {"finding", "upheld"}, {"reasons", "Late"}}});
  const CaseId a = complaint("2025-06-02T09:00:00Z");
  acknowledge(a, "2025-06-02T10:00:00Z");
  act(a, {{"action", "respond"}, {"at", "2025-06-05T10:00:00Z"}, {"decision", "upheld"},
          {"elements", element},
          {"remedies", {{{"type", "financial"}, {"description", "Award"}, {"amount", 100}}}}});
  escalate(a, "2025-06-06T10:00:00Z");
  acknowledge(a, "2025-06-06T11:00:00Z", 2);
  act(a, {{"action", "respond"}, {"at", "2025-06-20T10:00:00Z"}, {"decision", "upheld"},
          {"elements", element},
          {"remedies", {{{"type", "financial"}, {"description", "Revised award"}, {"amount", 180}},
                        {{"type", "financial"}, {"description", "Time and trouble"},
                         {"amount", 20}, {"additional", true}}}}});
  auto o = reports_->outcomes(period("2025-26"));
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_DOUBLE_EQ(o->compensation, 200);  // 180 replaces 100; 20 on top
  EXPECT_EQ(o->remedies, 2);
}

// A generated year of complaints driven through the real lifecycle; CH01 and CH02 worked out
// independently here (from what the test did and the working calendar) and compared with the
// measures for the year and each quarter.
TEST_P(ReportTest, GeneratedYearMatchesAnIndependentCount) {
  time_.set(at("2026-09-01T12:00:00Z"));
  std::mt19937 rng(20250401);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const WorkingCalendar& cal = *policy_->working_calendar;
  struct Expect {
    std::map<std::string, long> ch01_1, ch01_1_lcho, ch01_2, ch02_1_all, ch02_1_met, ch02_2_all,
        ch02_2_met;
  };
  std::map<std::string, Expect> by_period;  // "2025-26", "2025-26-Q1", ...
  auto periodsOf = [&](Date d) {
    std::vector<std::string> out;
    for (const char* label : {"2025-26", "2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4"})
      if (period(label).contains(d)) out.push_back(label);
    return out;
  };
  auto add = [&](Date d, auto member, bool hit = true) {
    for (const auto& l : periodsOf(d)) (by_period["y"].*member)[l] += hit ? 1 : 0;
  };
  auto stamp = [](Date d, int hour, int minute) {
    return formatDate(d) + fmt::format("T{:02}:{:02}:00Z", hour, minute);
  };
  Date d = day("2025-03-10");
  for (int i = 0; i < 1500; ++i) {
    d += std::chrono::days{pick(0, 1) * (i % 4 == 0 ? 1 : 0)};
    if (d > day("2026-03-25")) break;
    const bool lcho = pick(0, 9) == 0;
    // Any hour, weekends and evenings included (day zero moves; receipt date does not).
    const Instant received = at(stamp(d, pick(0, 22), pick(0, 59)));
    const CaseId id = complaint(formatInstant(received), lcho ? "shared_ownership" : "social_rent");
    const Date received_day = cal.localDate(received);
    add(received_day, lcho ? &Expect::ch01_1_lcho : &Expect::ch01_1);
    const Date ack = received_day + std::chrono::days{pick(0, 6)};
    acknowledge(id, stamp(ack, 23, 10));
    if (pick(0, 9) == 0) continue;  // still open
    const Date resp = ack + std::chrono::days{pick(1, 24)};
    respond(id, stamp(resp, 23, 20), pick(0, 1) ? "upheld" : "not_upheld");
    // Local dates (23:xx UTC is the next day during British Summer Time).
    const Date ack_local = cal.localDate(at(stamp(ack, 23, 10)));
    const Date resp_local = cal.localDate(at(stamp(resp, 23, 20)));
    const bool s1_in_time = resp_local <= cal.addWorkingDays(ack_local, 10);
    if (!lcho) {
      add(resp_local, &Expect::ch02_1_all);
      add(resp_local, &Expect::ch02_1_met, s1_in_time);
    }
    if (pick(0, 6) != 0) continue;
    const Date esc = resp + std::chrono::days{pick(0, 5)};
    escalate(id, stamp(esc, 23, 30));
    if (!lcho) add(cal.localDate(at(stamp(esc, 23, 30))), &Expect::ch01_2);
    const Date ack2 = esc + std::chrono::days{pick(0, 6)};
    acknowledge(id, stamp(ack2, 23, 40), 2);
    const Date resp2 = ack2 + std::chrono::days{pick(5, 40)};
    act(id, {{"action", "respond"}, {"at", stamp(resp2, 23, 50)}, {"decision", "upheld"},
             {"elements", json::array({{{"summary", "Repair"}, {"finding", "upheld"},
                                        {"reasons", "Reviewed"}}})},
             {"remedies", kApology}});
    if (!lcho) {
      const Date ack2_local = cal.localDate(at(stamp(ack2, 23, 40)));
      const Date resp2_local = cal.localDate(at(stamp(resp2, 23, 50)));
      add(resp2_local, &Expect::ch02_2_all);
      add(resp2_local, &Expect::ch02_2_met, resp2_local <= cal.addWorkingDays(ack2_local, 20));
    }
  }
  const Expect& e = by_period["y"];
  long total = 0;
  for (const char* label : {"2025-26", "2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2025-26-Q4"}) {
    auto get = [&](const std::map<std::string, long>& m) {
      auto it = m.find(label);
      return it == m.end() ? 0L : it->second;
    };
    SCOPED_TRACE(label);
    EXPECT_EQ(measure("CH01-1", label).numerator, get(e.ch01_1));
    EXPECT_EQ(measure("CH01-1-LCHO", label).numerator, get(e.ch01_1_lcho));
    EXPECT_EQ(measure("CH01-2", label).numerator, get(e.ch01_2));
    EXPECT_EQ(measure("CH02-1", label).denominator, get(e.ch02_1_all));
    EXPECT_EQ(measure("CH02-1", label).numerator, get(e.ch02_1_met));
    EXPECT_EQ(measure("CH02-2", label).denominator, get(e.ch02_2_all));
    EXPECT_EQ(measure("CH02-2", label).numerator, get(e.ch02_2_met));
    total += get(e.ch01_1);
  }
  EXPECT_GT(e.ch01_1.at("2025-26"), 1000);
  EXPECT_GT(e.ch02_2_all.at("2025-26"), 50);
  EXPECT_EQ(total, 2 * e.ch01_1.at("2025-26"));  // the quarters add up to the year
}

// The monthly rollups (0009, kept by triggers) against the case rows they summarise: a
// whole-month period reads the rollups, a period that is not whole months reads case_facts and
// clocks, so a year must equal the sum of two such halves, after updates and after a rebuild.
TEST_P(ReportTest, RollupsMatchTheCaseRows) {
  time_.set(at("2026-09-01T12:00:00Z"));
  std::mt19937 rng(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const auto mornings = workingMornings(60);
  for (std::size_t i = 0; i < mornings.size(); ++i) {
    const CaseId id = complaint(mornings[i], pick(0, 3) == 0 ? "shared_ownership" : "");
    if (pick(0, 4) == 0) continue;
    const Date d = *parseDate(mornings[i].substr(0, 10));
    acknowledge(id, formatDate(d + std::chrono::days{pick(0, 6)}) + "T10:00:00Z");
    if (pick(0, 3) == 0) continue;
    respond(id, formatDate(d + std::chrono::days{pick(8, 30)}) + "T11:00:00Z",
            pick(0, 1) ? "upheld" : "not_upheld");
    if (pick(0, 2) == 0) escalate(id, formatDate(d + std::chrono::days{pick(31, 40)}) + "T12:00:00Z");
  }
  const Period year = period("2025-26");
  Period first = year, second = year;
  first.end = day("2025-08-14");
  second.start = day("2025-08-15");
  first.label = "first part";
  second.label = "second part";
  auto check = [&] {
    for (const char* tenure : {"", "social_rent", "shared_ownership"}) {
      SCOPED_TRACE(tenure);
      for (int stage : {1, 2}) {
        measures::CaseCount c{.kind = "complaint", .stage = stage, .tenure = tenure};
        EXPECT_EQ(*reports_->countCases(c, year),
                  *reports_->countCases(c, first) + *reports_->countCases(c, second));
        EXPECT_EQ(reports_->caseIdsCounted(c, year)->size(),
                  static_cast<std::size_t>(*reports_->countCases(c, year)));
      }
      for (const char* clock : {"stage1.acknowledge", "stage1.respond", "stage2.acknowledge"}) {
        SCOPED_TRACE(clock);
        const auto y = *reports_->tallyClocks(clock, tenure, year);
        const auto a = *reports_->tallyClocks(clock, tenure, first);
        const auto b = *reports_->tallyClocks(clock, tenure, second);
        EXPECT_EQ(y.stopped, a.stopped + b.stopped);
        EXPECT_EQ(y.met_with_extensions, a.met_with_extensions + b.met_with_extensions);
        EXPECT_EQ(y.met_strict, a.met_strict + b.met_strict);
        EXPECT_EQ(reports_->caseIdsClocks(clock, tenure, "all", false, year)->size(),
                  static_cast<std::size_t>(y.stopped));
      }
    }
    const auto v = *reports_->volumes(year, "tenure", "complaint");
    long in_year = 0;
    for (const auto& b : v) in_year += b.count;
    EXPECT_EQ(in_year, *reports_->countCases({.kind = "complaint"}, first) +
                           *reports_->countCases({.kind = "complaint"}, second));
  };
  check();
  EXPECT_GT(*reports_->countCases({.kind = "complaint", .stage = 2}, year), 3);
  const auto before = *reports_->tallyClocks("stage1.respond", "", year);
  ASSERT_TRUE(service_->rebuild());
  check();
  const auto after = *reports_->tallyClocks("stage1.respond", "", year);
  EXPECT_EQ(before.stopped, after.stopped);
  EXPECT_EQ(before.met_strict, after.met_strict);
}


INSTANTIATE_TEST_SUITE_P(Stores, ReportTest, ::testing::ValuesIn(reportBackendNames()),
                         [](const auto& info) { return info.param; });

TEST(UkLocalDate, BritishSummerTime) {
  EXPECT_EQ(ukLocalDate(at("2025-03-30T00:30:00Z")), day("2025-03-30"));
  EXPECT_EQ(ukLocalDate(at("2025-06-01T23:30:00Z")), day("2025-06-02"));  // BST
  EXPECT_EQ(ukLocalDate(at("2025-10-26T23:30:00Z")), day("2025-10-26"));  // GMT again
  EXPECT_EQ(ukLocalDate(at("2025-03-31T23:30:00Z")), day("2025-04-01"));
}

}  // namespace
#ifndef CHARTER_REPORT_BACKENDS_ELSEWHERE
std::vector<std::string> reportBackendNames() { return {"sqlite"}; }
std::unique_ptr<ReportBackend> makeReportBackend(const std::string& name, std::string* why) {
  if (name != "sqlite") return nullptr;
  auto b = sqliteReportBackend(why);
  EXPECT_TRUE(b) << *why;
  return b;
}
#endif

}  // namespace charter
