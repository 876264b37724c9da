// The self-assessment's rows from a built annual report: one per "must" provision; the Code's
// timescales decided by the year's figures (met only when every case counted met them), with
// the figure and the link to the cases behind it; everything else for the landlord, never a
// "Yes" of Charter's own; answers applied; the submission date.
#include <set>
#include <stdexcept>

#include <gtest/gtest.h>

#include "app/code_provisions.h"
#include "app/self_assessment.h"

namespace charter {
namespace {

measures::MeasureResult clockMeasure(const std::string& code, double n, double d) {
  measures::MeasureResult m;
  m.code = code;
  m.title = code + " title";
  m.type = "clock_percent";
  m.unit = "%";
  m.numerator = n;
  m.denominator = d;
  if (d > 0) m.value = 100.0 * n / d;
  return m;
}

AnnualReport report() {
  AnnualReport r;
  r.period = *measures::parsePeriod("2025-26");
  r.measures = {clockMeasure("complaints.stage1.acknowledged", 48, 50),
                clockMeasure("CH02-1", 40, 40), clockMeasure("CH02-2", 0, 0)};
  r.by_kind = {{"complaint", 50}, {"service_request", 310}};
  r.outcomes.refusals = {{"over_12_months", 2}, {"legal_proceedings", 1}};
  r.outcomes.extensions = 4;
  return r;
}

const SelfAssessmentRow& row(const std::vector<SelfAssessmentRow>& rows, const std::string& p) {
  for (const auto& r : rows)
    if (r.provision == p) return r;
  throw std::runtime_error("no row " + p);
}

const Policy& policy() {
  static PolicyPtr p = *builtinPolicy("hos-code-2024");
  return *p;
}

TEST(CodeProvisions, EveryMustProvisionOnceInTheCodesOrder) {
  const auto& all = codeMustProvisions();
  EXPECT_EQ(all.size(), 70u);
  EXPECT_EQ(all.front().provision, "1.2");  // 1.1 is introductory, not assessed
  EXPECT_EQ(all.back().provision, "9.8");
  std::set<std::string_view> seen;
  for (const auto& p : all) {
    EXPECT_TRUE(seen.insert(p.provision).second) << p.provision;
    EXPECT_FALSE(p.requirement.empty()) << p.provision;
  }
  EXPECT_NE(findCodeProvision("6.13"), nullptr);
  EXPECT_EQ(findCodeProvision("6.99"), nullptr);
}

TEST(SelfAssessmentRows, AcknowledgementWithinFiveWorkingDaysIsDecidedByTheFigure) {
  // Code 6.2: 48 of the 50 stage 1 complaints acknowledged in time: not met, with the figure
  // and the cases behind it.
  auto rows = selfAssessment(report(), policy());
  const auto& r = row(rows, "6.2");
  EXPECT_EQ(r.status, "not_met");
  EXPECT_EQ(r.decided_by, "data");
  EXPECT_EQ(r.comply, "No");
  EXPECT_EQ(r.figure, "48 of 50 (96.0%)");
  EXPECT_EQ(r.link, "/performance/complaints.stage1.acknowledged?period=2025-26");
}

TEST(SelfAssessmentRows, EveryResponseInTimeIsMet) {
  auto rows = selfAssessment(report(), policy());
  const auto& r = row(rows, "6.3");
  EXPECT_EQ(r.status, "met");
  EXPECT_EQ(r.comply, "Yes");
  EXPECT_EQ(r.figure, "40 of 40 (100.0%)");
}

TEST(SelfAssessmentRows, NoCasesOrNoMeasureLeavesTheRowToTheLandlord) {
  auto rows = selfAssessment(report(), policy());
  EXPECT_EQ(row(rows, "6.14").status, "to_complete");  // no stage 2 response fell due
  EXPECT_EQ(row(rows, "6.14").link, "/performance/CH02-2?period=2025-26");
  EXPECT_EQ(row(rows, "6.11").status, "to_complete");  // the policy measures no stage 2 acks
  EXPECT_NE(row(rows, "6.11").evidence.find("does not measure"), std::string::npos);
}

TEST(SelfAssessmentRows, NothingIsYesWithoutAFigureOrAnAnswer) {
  auto rows = selfAssessment(report(), policy());
  EXPECT_EQ(rows.size(), codeMustProvisions().size());
  for (const auto& r : rows) {
    if (r.decided_by == "data") continue;
    EXPECT_EQ(r.status, "to_complete") << r.provision;
    EXPECT_EQ(r.comply, "") << r.provision;
  }
  // Evidence is still shown where Charter has it.
  EXPECT_NE(row(rows, "1.4").evidence.find("310 service requests"), std::string::npos);
  EXPECT_NE(row(rows, "2.1").evidence.find("3 complaints refused"), std::string::npos);
  EXPECT_NE(row(rows, "6.4").evidence.find("4 complaints"), std::string::npos);
}

TEST(SelfAssessmentRows, LandlordAnswersDecideTheirRowsButNotTheFigures) {
  auto rows = selfAssessment(report(), policy());
  applyAnswers(rows, {{"5.14", "yes", "Policy approved May 2025"},
                      {"9.5", "no", "Appointment due September"},
                      {"6.2", "", "Two late: staff absence in August"}});
  EXPECT_EQ(row(rows, "5.14").status, "met");
  EXPECT_EQ(row(rows, "5.14").decided_by, "landlord");
  EXPECT_EQ(row(rows, "9.5").comply, "No");
  EXPECT_EQ(row(rows, "9.5").commentary, "Appointment due September");
  EXPECT_EQ(row(rows, "6.2").status, "not_met");  // the figure decides
  EXPECT_EQ(row(rows, "6.2").commentary, "Two late: staff absence in August");
}

TEST(SelfAssessmentRows, AnswersAndSnapshotRoundTrip) {
  std::vector<SelfAssessmentAnswer> a = {{"1.2", "yes", "ok \"quoted\""}, {"9.5", "no", "later"}};
  auto back = decodeAnswers(encodeAnswers(a));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].commentary, "ok \"quoted\"");
  EXPECT_EQ(back[1].answer, "no");
  SelfAssessmentView v;
  v.landlord_name = "Salix Homes";
  v.rows = selfAssessment(report(), policy());
  v.figures.stage1_received = 50;
  SelfAssessmentView w;
  decodeSnapshot(encodeSnapshot(v), w);
  EXPECT_EQ(w.landlord_name, "Salix Homes");
  EXPECT_EQ(w.figures.stage1_received, 50);
  ASSERT_EQ(w.rows.size(), v.rows.size());
  EXPECT_EQ(row(w.rows, "6.2").figure, "48 of 50 (96.0%)");
}

TEST(SelfAssessmentDue, ThirtiethOfJuneAfterTheYearEnds) {
  EXPECT_EQ(formatDate(selfAssessmentDue(*measures::parsePeriod("2025-26"))), "2026-06-30");
}

}  // namespace
}  // namespace charter
