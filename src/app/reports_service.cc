#include "app/reports_service.h"

#include <fmt/format.h>

#include "app/csv.h"
#include "measures/arithmetic.h"

namespace charter {

using measures::MeasureResult;
using measures::Period;

Result<std::vector<MeasureResult>> ReportService::measures(const Period& p) {
  return measures::evaluateAll(*policy_, p, store_);
}

std::optional<MeasureSpec> ReportService::spec(const std::string& code) const {
  for (auto& m : measures::measuresFor(*policy_))
    if (m.code == code) return m;
  return std::nullopt;
}

Result<std::vector<TrendPoint>> ReportService::trend(const std::string& code, const Period& p, int n) {
  auto m = spec(code);
  if (!m) return notFound(fmt::format("no measure {}", code));
  std::vector<TrendPoint> out;
  for (const auto& q : p.trend(n)) {
    auto r = measures::evaluate(*m, q, store_, *policy_);
    if (!r) return tl::unexpected(r.error());
    out.push_back({q.label, r->published()});
  }
  return out;
}

Result<std::vector<CaseId>> ReportService::casesBehind(const std::string& code, const Period& p,
                                                       const std::string& part) {
  auto m = spec(code);
  if (!m) return notFound(fmt::format("no measure {}", code));
  return measures::casesBehind(*m, p, store_, *policy_, part);
}

Result<AnnualReport> ReportService::annualReport(const Period& p) {
  AnnualReport r;
  r.period = p;
  r.landlord_name = landlord_name_.empty() ? policy_->name : landlord_name_;
  auto ms = measures(p);
  if (!ms) return tl::unexpected(ms.error());
  r.measures = std::move(*ms);
  for (auto [by, out] : {std::pair{"kind", &r.by_kind}, std::pair{"service_area", &r.by_service_area},
                         std::pair{"theme", &r.by_theme}, std::pair{"channel", &r.by_channel}}) {
    auto v = store_.volumes(p, by, std::string(by) == "kind" ? "" : "complaint");
    if (!v) return tl::unexpected(v.error());
    *out = std::move(*v);
  }
  auto o = store_.outcomes(p);
  if (!o) return tl::unexpected(o.error());
  r.outcomes = std::move(*o);
  if (learning_) {
    auto l = learning_->learningFigures(learning_landlord_, p);
    if (!l) return tl::unexpected(l.error());
    r.learning = std::move(*l);
    auto om = learning_->ombudsmanFigures(learning_landlord_, p);
    if (!om) return tl::unexpected(om.error());
    r.ombudsman = std::move(*om);
  }
  r.self_assessment = selfAssessment(r, *policy_);
  return r;
}

namespace {

const MeasureResult* find(const AnnualReport& r, const std::string& code) {
  for (const auto& m : r.measures)
    if (m.code == code) return &m;
  return nullptr;
}

std::string valueOf(const AnnualReport& r, const std::string& code) {
  const auto* m = find(r, code);
  if (!m || !m->value) return "no figure";
  return fmt::format("{} {} ({:.0f} of {:.0f})", code, measures::formatValue(*m), m->numerator,
                     m->denominator);
}

std::string percentText(long n, long d) {
  if (d == 0) return "none";
  return fmt::format("{:.1f}% ({} of {})", measures::roundHalfUp(100.0 * n / d), n, d);
}

// Evidence from the learning actions and the Ombudsman's findings, where the report has them.
void fillLearningEvidence(const AnnualReport& r, std::vector<SelfAssessmentRow>& rows) {
  for (auto& row : rows) {
    if (r.learning && row.provision == "9.1-9.3") {
      const auto& l = *r.learning;
      row.evidence += fmt::format("; {} learning actions raised, {} completed ({} on time), {} "
                                  "overdue, {} service improvements published",
                                  l.raised, l.completed, l.completed_on_time, l.overdue, l.published);
    }
    if (r.ombudsman && row.provision == "4.1") {
      const auto& m = *r.ombudsman;
      row.evidence = fmt::format("{} Ombudsman referrals and {} determinations recorded in the "
                                 "period; orders complied with on time: {}",
                                 m.referrals, m.determinations,
                                 percentText(m.orders_on_time, m.orders_due));
    }
  }
  if (r.ombudsman) {
    const auto& m = *r.ombudsman;
    rows.push_back({"8 Reporting", "8.1(c)", "Ombudsman findings against the landlord reported", "",
                    fmt::format("{} determinations finding severe maladministration, "
                                "maladministration or service failure; compensation ordered £{:.2f}",
                                m.fault_findings, m.compensation),
                    ""});
  }
  if (r.learning) {
    rows.push_back({"8 Reporting", "8.1(d)", "Service improvements made from learning", "",
                    fmt::format("{} learning actions completed with the improvement made",
                                r.learning->completed),
                    ""});
  }
}

}  // namespace

std::vector<SelfAssessmentRow> selfAssessment(const AnnualReport& r, const Policy& policy) {
  const auto& o = r.outcomes;
  const Standard* ack = policy.standard("stage1.acknowledge");
  const Standard* s1 = policy.standard("stage1.respond");
  const Standard* s2 = policy.standard("stage2.respond");
  auto days = [](const Standard* s) {
    return s ? describeDuration(s->amount, s->unit) : std::string("not set");
  };
  std::string refusals;
  for (const auto& b : o.refusals) refusals += fmt::format("{}{}: {}", refusals.empty() ? "" : "; ", b.key, b.count);
  std::vector<SelfAssessmentRow> rows = {
      {"1 Definitions", "1.2", "Uses the Code's definition of a complaint", "Yes",
       "Charter records every contact with the Code's definition of a complaint as a kind of its own", ""},
      {"1 Definitions", "1.4", "Service requests recorded, monitored and reviewed", "Yes",
       fmt::format("{} service requests recorded in the period",
                   [&] { for (auto& b : r.by_kind) if (b.key == "service_request") return b.count; return 0L; }()), ""},
      {"1 Definitions", "1.5", "A complaint is raised when a resident is dissatisfied with a service request response", "Yes",
       "Service requests convert to linked complaints without closing the request", ""},
      {"2 Exclusions", "2.1", "Complaints accepted unless there is a valid, evidenced reason", "Yes",
       "Refusals need an exclusion reason from the policy and evidence", ""},
      {"2 Exclusions", "2.2-2.4", "Exclusions fair and explained with the right to go to the Ombudsman", "",
       refusals.empty() ? "No refusals in the period" : "Refusals by reason: " + refusals, ""},
      {"3 Accessibility", "3.1-3.2", "Complaints accepted through any channel and any member of staff", "Yes",
       fmt::format("Complaints received through {} channels", r.by_channel.size()), ""},
      {"4 Staff", "4.1", "A complaints officer liaises with the Ombudsman and reports to the governing body", "", "", ""},
      {"5 Process", "5.2-5.3", "Two stages only: no stage 0, no third stage", "Yes",
       "The lifecycle has exactly two stages", ""},
      {"5 Process", "5.6", "The complaint definition is set out at each stage", "Yes",
       "An acknowledgement cannot be recorded without the complaint definition", ""},
      {"5 Process", "5.10", "Disabilities, vulnerabilities and reasonable adjustments recorded", "Yes",
       "Recorded on the person and shown on every case", ""},
      {"6 Stage 1", "6.2", fmt::format("Acknowledged within {}", days(ack)), "", "", ""},
      {"6 Stage 1", "6.3", fmt::format("Responded within {} of acknowledgement", days(s1)), "",
       valueOf(r, "CH02-1"), ""},
      {"6 Stage 1", "6.4", "Extensions no more than 10 working days without good reason", "Yes",
       fmt::format("{} complaints answered at stage 1 after an extension", o.extensions), ""},
      {"6 Stage 2", "6.13", "The stage 2 reviewer is not the stage 1 handler", "Yes",
       "Charter refuses a stage 2 acknowledgement or response by an account that acknowledged or "
       "responded at stage 1, or by the stage 1 handler", ""},
      {"6 Stage 2", "6.14", fmt::format("Responded within {} of acknowledgement", days(s2)), "",
       valueOf(r, "CH02-2"), ""},
      {"7 Remedies", "7.1-7.3", "Remedies set out what will happen and by when, followed to completion", "",
       fmt::format("{} remedies offered; compensation £{:.2f}", o.remedies, o.compensation), ""},
      {"8 Reporting", "8.1", "Annual complaints performance and service improvement report", "Yes",
       "This report", ""},
      {"8 Reporting", "8.2", "Reported to the governing body and published with its response", "", "", ""},
      {"9 Scrutiny", "9.1-9.3", "Complaints used as intelligence for service improvements", "",
       fmt::format("{} stage 1 elements upheld or partly upheld", o.elements_upheld), ""},
      {"9 Scrutiny", "9.5", "A Member Responsible for Complaints appointed", "", "", ""},
  };
  fillLearningEvidence(r, rows);
  // Timescale rows: "Yes" when the measure meets the Code (a target of 100% is not implied;
  // the landlord assesses), evidence the figure.
  for (auto& row : rows) {
    if (row.provision == "6.3" || row.provision == "6.14") {
      const auto* m = find(r, row.provision == "6.3" ? "CH02-1" : "CH02-2");
      if (m && m->value) row.commentary = "Responses outside the timescale are listed case by case in Performance";
    }
  }
  return rows;
}

namespace {

std::string num(double v) {
  if (v == static_cast<long long>(v)) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.4f}", v);
}

std::string published(const MeasureResult& m) {
  auto v = m.published();
  if (!v) return "";
  return m.unit.empty() ? fmt::format("{:.0f}", *v) : fmt::format("{:.1f}", *v);
}

}  // namespace

std::string measuresCsv(const std::vector<MeasureResult>& ms, const std::string& period) {
  std::string out = csv::row({"period", "code", "title", "tenure", "unit", "value", "numerator",
                            "denominator", "target", "met", "note"});
  for (const auto& m : ms) {
    out += csv::row({period, m.code, m.title, m.tenure, m.unit, published(m), num(m.numerator),
                   num(m.denominator), m.target ? num(*m.target) : "",
                   m.met ? (*m.met ? "yes" : "no") : "", m.note});
  }
  return out;
}

std::string tsmReturnCsv(const std::vector<MeasureResult>& ms, const Policy& policy,
                         const std::string& period) {
  std::string out = csv::row({"reporting_year", "tsm", "description", "tenure", "numerator",
                            "denominator", "result", "unit", "notes"});
  for (const auto& m : ms) {
    if (!measures::isTsm(m.code)) continue;
    const std::string tenure = m.tenure == "social_rent" ? "LCRA"
                               : m.tenure == "shared_ownership" ? "LCHO" : "LCRA and LCHO";
    std::string notes = m.note;
    if (m.code.rfind("CH02", 0) == 0) {
      const Standard* s = policy.standard(m.code.rfind("CH02-1", 0) == 0 ? "stage1.respond" : "stage2.respond");
      if (s) notes += fmt::format("; target timescale: {} from acknowledgement", describeDuration(s->amount, s->unit));
    }
    if (m.sample_required) notes += fmt::format("; responses required {}", *m.sample_required);
    if (m.margin_of_error) notes += fmt::format("; margin of error ±{:.1f}%", measures::roundHalfUp(*m.margin_of_error * 100));
    out += csv::row({period, m.code, m.title, tenure, num(m.numerator), num(m.denominator),
                   published(m), m.unit, notes});
  }
  return out;
}

std::string annualReportCsv(const AnnualReport& r) {
  std::string out = csv::row({"section", "item", "value", "detail"});
  const auto& o = r.outcomes;
  out += csv::row({"Summary", "Period", r.period.label, r.period.displayName()});
  for (auto [name, list] : {std::pair{"Volumes by kind", &r.by_kind},
                            std::pair{"Complaints by service area", &r.by_service_area},
                            std::pair{"Complaints by theme", &r.by_theme},
                            std::pair{"Complaints by channel", &r.by_channel}}) {
    for (const auto& b : *list) out += csv::row({name, b.key.empty() ? "(not recorded)" : b.key, num(b.count), ""});
  }
  out += csv::row({"Stage 1", "Received", num(o.stage1_received), ""});
  out += csv::row({"Stage 1", "Responded", num(o.stage1_responded), ""});
  out += csv::row({"Stage 1", "Elements upheld or partly upheld", percentText(o.elements_upheld, o.elements), ""});
  out += csv::row({"Stage 1", "Resolved at stage 1", percentText(o.resolved_at_stage1, o.stage1_responded), ""});
  out += csv::row({"Stage 1", "Answered after an extension", num(o.extensions), ""});
  out += csv::row({"Stage 2", "Escalated", num(o.stage2_received), ""});
  out += csv::row({"Stage 2", "Reviews overturning stage 1", percentText(o.stage2_overturned, o.stage2_reviews), ""});
  out += csv::row({"Remedies", "Remedies offered", num(o.remedies), ""});
  out += csv::row({"Remedies", "Compensation offered (GBP)", fmt::format("{:.2f}", o.compensation), ""});
  for (const auto& b : o.refusals) out += csv::row({"Refusals", b.key, num(b.count), ""});
  for (const auto& m : r.measures)
    out += csv::row({"Measures", m.code, published(m), m.title});
  if (r.learning) {
    const auto& l = *r.learning;
    out += csv::row({"Learning", "Learning actions raised", num(l.raised), ""});
    out += csv::row({"Learning", "Learning actions completed", num(l.completed), ""});
    out += csv::row({"Learning", "Completed on time", percentText(l.completed_on_time, l.completed), ""});
    out += csv::row({"Learning", "Overdue", num(l.overdue), ""});
    out += csv::row({"Learning", "Service improvements published", num(l.published), ""});
    for (const auto& i : l.improvements) out += csv::row({"Service improvements", i, "", ""});
  }
  if (r.ombudsman) {
    const auto& m = *r.ombudsman;
    out += csv::row({"Ombudsman", "Referrals", num(m.referrals), ""});
    out += csv::row({"Ombudsman", "Determinations", num(m.determinations), ""});
    for (const auto& b : m.by_outcome) out += csv::row({"Ombudsman determinations", b.key, num(b.count), ""});
    out += csv::row({"Ombudsman", "Orders made", num(m.orders_made), ""});
    out += csv::row({"Ombudsman", "Orders complied with on time", percentText(m.orders_on_time, m.orders_due), ""});
    out += csv::row({"Ombudsman", "Compensation ordered (GBP)", fmt::format("{:.2f}", m.compensation), ""});
  }
  for (const auto& s : r.self_assessment)
    out += csv::row({"Self-assessment " + s.section, s.provision, s.comply, s.requirement + " | " + s.evidence});
  return out;
}

}  // namespace charter
