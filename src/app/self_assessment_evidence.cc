// The evidence of each self-assessment row from the year's annual report. A row is decided by
// data only where a figure answers the provision by itself: a timescale the Code sets (6.2,
// 6.3, 6.11, 6.14) is met when every case counted met it, and not met otherwise. Everything
// else Charter knows is shown as evidence, and the row waits for the landlord's answer.
#include <functional>
#include <map>

#include <fmt/format.h>

#include "app/code_provisions.h"
#include "app/labels.h"
#include "app/reports_service.h"
#include "util/money.h"

namespace charter {
namespace {

using Row = SelfAssessmentRow;

const measures::MeasureResult* measureOf(const AnnualReport& r, const std::string& code) {
  for (const auto& m : r.measures)
    if (m.code == code && m.tenure.empty()) return &m;
  for (const auto& m : r.measures)
    if (m.code == code) return &m;
  return nullptr;
}

long countOf(const std::vector<Breakdown>& bs, const std::string& key) {
  for (const auto& b : bs)
    if (b.key == key) return b.count;
  return 0;
}

std::string share(double n, double d) {
  return fmt::format("{:.0f} of {:.0f} ({:.1f}%)", n, d, measures::roundHalfUp(100.0 * n / d));
}

// A Code timescale: met when every case counted by `code` met it; no cases, no decision.
void timescale(Row& row, const AnnualReport& r, const std::string& code, const std::string& what) {
  const auto* m = measureOf(r, code);
  if (m == nullptr) {
    row.evidence = fmt::format("The policy does not measure the {}, so the landlord assesses "
                               "this row.", what);
    return;
  }
  row.link = fmt::format("/performance/{}?period={}", code, r.period.label);
  if (m->denominator <= 0) {
    row.evidence = fmt::format("No {} fell due in {}.", what, r.period.label);
    return;
  }
  row.figure = share(m->numerator, m->denominator);
  row.evidence = fmt::format("{}: {} within the Code's timescale ({}).", m->title, row.figure, code);
  row.decided_by = "data";
  row.status = m->numerator >= m->denominator ? "met" : "not_met";
}

void refusals(Row& row, const AnnualReport& r) {
  long total = 0;
  std::string by;
  for (const auto& b : r.outcomes.refusals) {
    total += b.count;
    by += fmt::format("{}{}: {}", by.empty() ? "" : "; ", slugWords(b.key), b.count);
  }
  row.evidence = total == 0 ? "No complaints refused in the year."
                            : fmt::format("{} complaints refused, each with an exclusion reason and "
                                          "its evidence recorded (by reason: {}).", total, by);
}

void ombudsman(Row& row, const AnnualReport& r) {
  if (!r.ombudsman) return;
  const auto& m = *r.ombudsman;
  row.evidence = fmt::format("{} Ombudsman referrals and {} determinations recorded; {} orders due, "
                             "{} complied with on time; {} still overdue. {} Complaint Handling "
                             "Failure Orders issued in the year; {} due, {} complied with on "
                             "time; {} still overdue.",
                             m.referrals, m.determinations, m.orders_due, m.orders_on_time,
                             m.orders_open_overdue, m.chfos_issued, m.chfos_due, m.chfos_on_time,
                             m.chfos_open_overdue);
}

void learning(Row& row, const AnnualReport& r) {
  if (!r.learning) return;
  const auto& l = *r.learning;
  row.evidence = fmt::format("{} learning actions raised, {} completed ({} on time), {} overdue; {} "
                             "improvements published on \"You said, we did\".",
                             l.raised, l.completed, l.completed_on_time, l.overdue, l.published);
}

using Filler = std::function<void(Row&, const AnnualReport&)>;

const std::map<std::string, Filler, std::less<>>& fillers() {
  static const std::map<std::string, Filler, std::less<>> k = {
      {"1.4", [](Row& row, const AnnualReport& r) {
         row.evidence = fmt::format("{} service requests recorded in the year, reported apart from "
                                    "complaints.", countOf(r.by_kind, "service_request"));
       }},
      {"2.1", refusals},
      {"2.4", refusals},
      {"3.2", [](Row& row, const AnnualReport& r) {
         row.evidence = fmt::format("Complaints received through {} channels in the year.",
                                    r.by_channel.size());
       }},
      {"4.1", ombudsman},
      {"6.2", [](Row& row, const AnnualReport& r) {
         timescale(row, r, "complaints.stage1.acknowledged", "stage 1 acknowledgement");
       }},
      {"6.3", [](Row& row, const AnnualReport& r) { timescale(row, r, "CH02-1", "stage 1 response"); }},
      {"6.4", [](Row& row, const AnnualReport& r) {
         row.evidence = fmt::format("{} complaints answered at stage 1 after an extension.", r.outcomes.extensions);
       }},
      {"6.11", [](Row& row, const AnnualReport& r) {
         timescale(row, r, "complaints.stage2.acknowledged", "stage 2 acknowledgement");
       }},
      {"6.14", [](Row& row, const AnnualReport& r) { timescale(row, r, "CH02-2", "stage 2 response"); }},
      {"7.1", [](Row& row, const AnnualReport& r) {
         row.evidence = fmt::format("{} complaint elements upheld or partly upheld at stage 1.",
                                    r.outcomes.elements_upheld);
       }},
      {"7.3", [](Row& row, const AnnualReport& r) {
         row.evidence = fmt::format("{} remedies offered; compensation {}.", r.outcomes.remedies,
                                    formatPounds(r.outcomes.compensation));
       }},
      {"8.1", [](Row& row, const AnnualReport& r) {
         if (!r.ombudsman) return;
         row.evidence = fmt::format("The Ombudsman's findings against the landlord in the year: {} "
                                    "(severe maladministration, maladministration or service "
                                    "failure); findings of non-compliance with the Code: {} "
                                    "Complaint Handling Failure Orders.",
                                    r.ombudsman->fault_findings, r.ombudsman->chfos_issued);
       }},
      {"9.1", learning},
      {"9.7", ombudsman},
  };
  return k;
}

}  // namespace

std::vector<SelfAssessmentRow> selfAssessment(const AnnualReport& r, const Policy& policy) {
  (void)policy;  // the timescales are the measures' (policy-defined) clocks
  std::vector<SelfAssessmentRow> rows;
  rows.reserve(codeMustProvisions().size());
  for (const auto& p : codeMustProvisions()) {
    Row row;
    row.section = std::string(p.section);
    row.provision = std::string(p.provision);
    row.requirement = std::string(p.requirement);
    row.status = "to_complete";
    if (auto it = fillers().find(p.provision); it != fillers().end()) it->second(row, r);
    if (row.status == "met") row.comply = "Yes";
    if (row.status == "not_met") row.comply = "No";
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace charter
