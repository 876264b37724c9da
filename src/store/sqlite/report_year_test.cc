// A year of mixed complaint journeys (conversions from service requests, tenures, extensions
// at both stages, refusals, escalations, late and unanswered steps), drawn from a seeded RNG and
// driven through CaseService on the real stores (SQLite here; PostgreSQL too in
// report_conformance_tests). Every CH01, CH02 and policy 001 §5 figure of the annual report is
// compared with a count the test makes itself from what it asked for, not from the stores.
#include "store/sqlite/report_test_backend.h"

#include <map>
#include <random>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/case_service.h"
#include "app/reports.h"
#include "app/reports_service.h"
#include "calendar/working_calendar.h"

namespace charter {
namespace {

using nlohmann::json;

Date day(const char* text) { return *parseDate(text); }
Instant at(Date d, int hour, int minute = 0) {
  return Instant{d} + std::chrono::hours{hour} + std::chrono::minutes{minute};
}

const Date kYearStart = day("2025-04-01");
const Date kYearEnd = day("2026-03-31");
bool inYear(Date d) { return d >= kYearStart && d <= kYearEnd; }
bool inYear(const std::optional<Date>& d) { return d && inYear(*d); }

// What the test asked for, one complaint: enough to count every figure independently.
struct Journey {
  std::string tenure;  // as recorded on the complaint ("" = not recorded: social rent)
  std::string service_area, theme;
  bool converted = false;
  std::optional<Date> sr_received;  // the service request it was raised from
  Date received{};
  bool refused = false;
  std::optional<Date> ack1;
  int ack1_wd = 0;                    // working days from receipt (day zero) to acknowledgement
  int ext1 = 0;                       // working days a stage 1 extension adds (0: none)
  std::optional<Date> resp1;
  int resp1_wd = 0;                   // from the acknowledgement
  int elements = 0, elements_upheld = 0;
  std::optional<Date> escalated;
  std::optional<Date> ack2;
  int ack2_wd = 0;
  int ext2 = 0;
  std::optional<Date> resp2;
  int resp2_wd = 0;
  bool overturned = false;

  std::string lcraOrLcho() const { return tenure.empty() ? "social_rent" : tenure; }
};

// Counts of one figure split the Regulator's way: every tenure, LCRA, LCHO.
struct Split {
  std::map<std::string, long> n;  // "" | social_rent | shared_ownership
  void add(const Journey& j) {
    ++n[""];
    ++n[j.lcraOrLcho()];
  }
  long of(const std::string& tenure) const {
    auto it = n.find(tenure);
    return it == n.end() ? 0 : it->second;
  }
};

class ReportYearTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why;
    backend_ = makeReportBackend(GetParam(), &why);
    if (!backend_) {
      ASSERT_FALSE(why.empty()) << "no backend " << GetParam();
      GTEST_SKIP() << why;
    }
    policy_ = *builtinPolicy("hos-code-2024");
    cal_ = policy_->working_calendar.get();
    service_ = std::make_unique<CaseService>(backend_->cases(), policy_, time_);
  }
  void TearDown() override {
    service_.reset();
    backend_.reset();
  }

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  Date wd(Date from, int n) { return cal_->addWorkingDays(from, n); }

  CaseId act(CaseId id, json body, const std::string& actor) {
    auto v = service_->act(id, body, actor);
    EXPECT_TRUE(v) << body.dump() << ": " << v.error().rule << " " << v.error().message;
    return v ? v->state.id : 0;
  }

  json elements(bool stage2, Journey& j, std::string& decision) {
    const int n = uniform(1, 3);
    json list = json::array();
    int upheld = 0;
    for (int i = 0; i < n; ++i) {
      std::string finding;
      if (stage2) {
        finding = chance(0.3) ? "overturned" : "upheld";
        if (finding == "overturned") j.overturned = true;
      } else {
        const int r = uniform(0, 2);
        finding = r == 0 ? "upheld" : r == 1 ? "partly_upheld" : "not_upheld";
        if (finding != "not_upheld") ++upheld;
      }
      list.push_back({{"summary", fmt::format("Part {}", i + 1)}, {"finding", finding},
                      {"reasons", "The records were checked"}});
    }
    if (!stage2) {
      j.elements = n;
      j.elements_upheld = upheld;
    }
    decision = stage2 ? (j.overturned ? "upheld" : "not_upheld")
                      : upheld == 0 ? "not_upheld" : upheld == n ? "upheld" : "partly_upheld";
    return list;
  }

  void respond(CaseId id, Journey& j, bool stage2, Date on, const std::string& actor) {
    std::string decision;
    json els = elements(stage2, j, decision);
    json body = {{"action", "respond"}, {"at", formatInstant(at(on, 14))},
                 {"decision", decision}, {"elements", els}};
    if (decision != "not_upheld") {
      body["remedies"] = {{{"type", "apology"}, {"description", "We are sorry"}}};
    }
    act(id, body, actor);
  }

  // A working day between 3 March and 31 October 2025 (some receipts fall in 2024-25).
  Date receiptDay() {
    for (;;) {
      Date d = day("2025-03-03") + std::chrono::days{uniform(0, 242)};
      if (!cal_->whyNotWorking(d)) return d;
    }
  }

  static std::string pickTenure(int r) {
    return r == 0 ? "social_rent" : r == 1 ? "shared_ownership" : "";
  }

  // The complaint's receipt: logged directly, or raised from a service request.
  CaseId receive(Journey& j) {
    j.received = receiptDay();
    j.service_area = std::vector<std::string>{"Repairs", "Estates", "Tenancy"}[uniform(0, 2)];
    j.theme = std::vector<std::string>{"Delay", "Communication", "Quality"}[uniform(0, 2)];
    const std::string tenure = pickTenure(uniform(0, 2));
    json person = {{"name", "A Resident"}};
    j.converted = chance(0.3);
    if (!j.converted) {
      j.tenure = tenure;
      json body = {{"kind", "complaint"}, {"received_at", formatInstant(at(j.received, 9))},
                   {"channel", "phone"}, {"summary", "Repair not done"}, {"person", person},
                   {"service_area", j.service_area}, {"theme", j.theme}};
      if (!tenure.empty()) body["tenure"] = tenure;
      auto v = service_->create(body, "Officer");
      EXPECT_TRUE(v) << v.error().message;
      return v ? v->state.id : 0;
    }
    j.sr_received = j.received - std::chrono::days{3};
    json sr = {{"kind", "service_request"}, {"received_at", formatInstant(at(*j.sr_received, 9))},
               {"channel", "phone"}, {"summary", "Boiler repair"}, {"person", person},
               {"service_area", j.service_area}, {"theme", j.theme}};
    if (!tenure.empty()) sr["tenure"] = tenure;
    auto made = service_->create(sr, "Officer");
    EXPECT_TRUE(made) << made.error().message;
    if (!made) return 0;
    json convert = {{"action", "convert_to_complaint"},
                    {"at", formatInstant(at(j.received, 9))}};
    j.tenure = tenure;  // copied from the service request
    if (chance(0.3)) {  // or stated on the conversion
      j.tenure = pickTenure(uniform(0, 1));
      convert["tenure"] = j.tenure;
    }
    return act(made->state.id, convert, "Officer");
  }

  void stage1(CaseId id, Journey& j) {
    if (chance(0.06)) {
      j.refused = true;
      act(id, {{"action", "refuse"}, {"at", formatInstant(at(wd(j.received, uniform(1, 3)), 10))},
               {"reason", "previously-considered"}, {"evidence", "Answered at stage 2 last year"}},
          "Officer");
      return;
    }
    if (chance(0.04)) return;  // never acknowledged
    j.ack1_wd = chance(0.8) ? uniform(0, 5) : uniform(6, 8);
    j.ack1 = wd(j.received, j.ack1_wd);
    act(id, {{"action", "acknowledge"}, {"at", formatInstant(at(*j.ack1, 10, 30))},
             {"definition", "The repair and the delay"}, {"handler", "Stage One Officer"}},
        "Officer");
    if (chance(0.35)) {
      j.ext1 = uniform(1, 10);
      act(id, {{"action", "extend"}, {"at", formatInstant(at(wd(*j.ack1, 2), 11))},
               {"new_due", formatDate(wd(*j.ack1, 10 + j.ext1))},
               {"reason", "Awaiting the contractor's report"}},
          "Officer");
    }
    if (chance(0.08)) return;  // not answered yet
    j.resp1_wd = uniform(3, 10 + j.ext1 + 3);
    j.resp1 = wd(*j.ack1, j.resp1_wd);
    respond(id, j, false, *j.resp1, "Officer");
  }

  void stage2(CaseId id, Journey& j) {
    if (!j.resp1 || !chance(0.45)) return;
    j.escalated = wd(*j.resp1, uniform(1, 10));
    act(id, {{"action", "request_escalation"}, {"at", formatInstant(at(*j.escalated, 9))}},
        "Officer");
    if (chance(0.05)) return;
    j.ack2_wd = chance(0.8) ? uniform(0, 5) : uniform(6, 8);
    j.ack2 = wd(*j.escalated, j.ack2_wd);
    act(id, {{"action", "acknowledge"}, {"at", formatInstant(at(*j.ack2, 10, 30))},
             {"definition", "Unhappy with the stage 1 answer"}, {"handler", "Review Manager"}},
        "Reviewer");
    if (chance(0.35)) {
      j.ext2 = uniform(1, 20);
      act(id, {{"action", "extend"}, {"at", formatInstant(at(wd(*j.ack2, 2), 11))},
               {"new_due", formatDate(wd(*j.ack2, 20 + j.ext2))},
               {"reason", "Awaiting an independent surveyor"}},
          "Reviewer");
    }
    if (chance(0.08)) return;
    j.resp2_wd = uniform(3, 20 + j.ext2 + 3);
    j.resp2 = wd(*j.ack2, j.resp2_wd);
    respond(id, j, true, *j.resp2, "Reviewer");
  }

  std::vector<Journey> year(int n) {
    std::vector<Journey> out;
    for (int i = 0; i < n; ++i) {
      Journey j;
      const CaseId id = receive(j);
      if (id == 0) continue;
      stage1(id, j);
      if (!j.refused) stage2(id, j);
      out.push_back(j);
    }
    return out;
  }

  std::mt19937 rng_{20250401};
  FixedTimeSource time_{*parseInstant("2026-04-20T12:00:00Z")};
  std::unique_ptr<ReportBackend> backend_;
  PolicyPtr policy_;
  const WorkingCalendar* cal_ = nullptr;
  std::unique_ptr<CaseService> service_;
};

// The Regulator's and the policy's figures from the journeys, by measure code and tenure.
struct Expected {
  Split ch01_1, ch01_2;
  Split s1_stops, s1_in_time, s1_in_time_strict;
  Split s2_stops, s2_in_time, s2_in_time_strict;
  long ack1_stops = 0, ack1_in_time = 0, ack2_stops = 0, ack2_in_time = 0;
  long elements = 0, elements_upheld = 0, resolved_at_stage1 = 0, extended_at_stage1 = 0;
  long stage2_reviews = 0, overturned = 0, refused = 0, service_requests = 0;
  std::map<std::string, long> by_area, by_theme;
};

Expected count(const std::vector<Journey>& journeys) {
  Expected e;
  for (const auto& j : journeys) {
    if (j.sr_received && inYear(*j.sr_received)) ++e.service_requests;
    if (inYear(j.received)) {
      e.ch01_1.add(j);
      ++e.by_area[j.service_area];
      ++e.by_theme[j.theme];
      if (j.refused) ++e.refused;
    }
    if (inYear(j.escalated)) e.ch01_2.add(j);
    if (inYear(j.ack1)) {
      ++e.ack1_stops;
      if (j.ack1_wd <= 5) ++e.ack1_in_time;
    }
    if (inYear(j.resp1)) {
      e.s1_stops.add(j);
      if (j.resp1_wd <= 10 + j.ext1) e.s1_in_time.add(j);
      if (j.resp1_wd <= 10) e.s1_in_time_strict.add(j);
      e.elements += j.elements;
      e.elements_upheld += j.elements_upheld;
      if (!j.escalated) ++e.resolved_at_stage1;
      if (j.ext1 > 0) ++e.extended_at_stage1;
    }
    if (inYear(j.ack2)) {
      ++e.ack2_stops;
      if (j.ack2_wd <= 5) ++e.ack2_in_time;
    }
    if (inYear(j.resp2)) {
      e.s2_stops.add(j);
      if (j.resp2_wd <= 20 + j.ext2) e.s2_in_time.add(j);
      if (j.resp2_wd <= 20) e.s2_in_time_strict.add(j);
      ++e.stage2_reviews;
      if (j.overturned) ++e.overturned;
    }
  }
  return e;
}

long breakdown(const std::vector<Breakdown>& list, const std::string& key) {
  for (const auto& b : list)
    if (b.key == key) return b.count;
  return 0;
}

TEST_P(ReportYearTest, EveryFigureMatchesAnIndependentCount) {
  const std::vector<Journey> journeys = year(90);
  const Expected e = count(journeys);
  // The journeys cover what the figures split on (else the test proves little).
  ASSERT_GT(e.s1_stops.of("shared_ownership"), 0);
  ASSERT_GT(e.ch01_2.of(""), 3);
  ASSERT_GT(e.refused, 0);
  long extended_at_stage2_only = 0;
  for (const auto& j : journeys) {
    if (inYear(j.resp1) && j.ext1 == 0 && j.ext2 > 0) ++extended_at_stage2_only;
  }
  ASSERT_GT(extended_at_stage2_only, 0);

  const std::map<std::string, long> homes = {
      {"", 4600}, {"social_rent", 4000}, {"shared_ownership", 600}};
  ASSERT_TRUE(backend_->reports().importStock(
      {{kYearEnd, "social_rent", 4000}, {kYearEnd, "shared_ownership", 600}}));
  ReportService reports(backend_->reports(), policy_);
  auto report = reports.annualReport(*measures::parsePeriod("2025-26"));
  ASSERT_TRUE(report) << report.error().message;

  // CH01 and CH02, every variant and tenure split.
  int checked = 0;
  for (const auto& m : report->measures) {
    const std::string& t = m.tenure;
    SCOPED_TRACE(m.code + " tenure '" + t + "'");
    const bool strict = m.code.ends_with("-STRICT") ||
                        (!m.code.ends_with("-EXT") && policy_->ch02_published == "strict");
    if (m.code.starts_with("CH01-")) {
      const Split& n = m.code.starts_with("CH01-1") ? e.ch01_1 : e.ch01_2;
      EXPECT_EQ(m.numerator, n.of(t));
      EXPECT_EQ(m.denominator, homes.at(t));
      ++checked;
    } else if (m.code.starts_with("CH02-")) {
      const bool one = m.code.starts_with("CH02-1");
      const Split& stops = one ? e.s1_stops : e.s2_stops;
      const Split& in_time = one ? (strict ? e.s1_in_time_strict : e.s1_in_time)
                                 : (strict ? e.s2_in_time_strict : e.s2_in_time);
      EXPECT_EQ(m.denominator, stops.of(t));
      EXPECT_EQ(m.numerator, in_time.of(t));
      ++checked;
    }
  }
  // At least CH01-1/2 and CH02-1/2 by 3 tenures (and any other variant the policy publishes).
  EXPECT_GE(checked, 4 * 3);

  // Policy 001 §5: acknowledgements within 5 working days at each stage.
  for (int stage : {1, 2}) {
    MeasureSpec spec;
    spec.code = fmt::format("ack{}", stage);
    spec.type = "clock_percent";
    spec.unit = "%";
    spec.clock = fmt::format("stage{}.acknowledge", stage);
    auto m = measures::evaluate(spec, report->period, backend_->reports(), *policy_);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->denominator, stage == 1 ? e.ack1_stops : e.ack2_stops) << spec.clock;
    EXPECT_EQ(m->numerator, stage == 1 ? e.ack1_in_time : e.ack2_in_time) << spec.clock;
  }
  // The rest of §5 and the annual report's outcomes.
  const ComplaintOutcomes& o = report->outcomes;
  EXPECT_EQ(o.stage1_received, e.ch01_1.of(""));
  EXPECT_EQ(o.stage2_received, e.ch01_2.of(""));
  EXPECT_EQ(o.stage1_responded, e.s1_stops.of(""));
  EXPECT_EQ(o.elements, e.elements);
  EXPECT_EQ(o.elements_upheld, e.elements_upheld);
  EXPECT_EQ(o.resolved_at_stage1, e.resolved_at_stage1);
  EXPECT_EQ(o.stage2_reviews, e.stage2_reviews);
  EXPECT_EQ(o.stage2_overturned, e.overturned);
  EXPECT_EQ(breakdown(o.refusals, "previously-considered"), e.refused);
  // Answered at stage 1 after an extension: stage 1's extensions only (Code 6.4).
  EXPECT_EQ(o.extensions, e.extended_at_stage1);
  bool row_6_4 = false;
  for (const auto& row : report->self_assessment) {
    if (row.provision != "6.4") continue;
    row_6_4 = true;
    EXPECT_NE(row.evidence.find(fmt::format("{} complaints answered at stage 1 after an extension",
                                            e.extended_at_stage1)),
              std::string::npos)
        << row.evidence;
  }
  EXPECT_TRUE(row_6_4);
  EXPECT_EQ(breakdown(report->by_kind, "complaint"), e.ch01_1.of(""));
  EXPECT_EQ(breakdown(report->by_kind, "service_request"), e.service_requests);
  for (const auto& [area, n] : e.by_area) EXPECT_EQ(breakdown(report->by_service_area, area), n) << area;
  for (const auto& [theme, n] : e.by_theme) EXPECT_EQ(breakdown(report->by_theme, theme), n) << theme;
}

INSTANTIATE_TEST_SUITE_P(Stores, ReportYearTest, ::testing::ValuesIn(reportBackendNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
