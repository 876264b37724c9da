#include "app/reports_service.h"

#include <fmt/format.h>

#include "app/csv.h"
#include "app/self_assessment.h"
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

std::string percentText(long n, long d) {
  if (d == 0) return "none";
  return fmt::format("{:.1f}% ({} of {})", measures::roundHalfUp(100.0 * n / d), n, d);
}

}  // namespace

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
    out += csv::row({"Ombudsman", "Complaint Handling Failure Orders (findings of non-compliance)", num(m.chfos_issued), ""});
    out += csv::row({"Ombudsman", "Complaint Handling Failure Orders complied with on time", percentText(m.chfos_on_time, m.chfos_due), ""});
  }
  for (const auto& s : r.self_assessment)
    out += csv::row({"Self-assessment " + s.section, s.provision, complyText(s), s.requirement + " | " + s.evidence});
  return out;
}

}  // namespace charter
