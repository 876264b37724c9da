#include "api/report_json.h"

namespace charter::api {

using json = nlohmann::json;

namespace {

json optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json optional(const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); }

json breakdowns(const std::vector<Breakdown>& bs) {
  json a = json::array();
  for (const auto& b : bs) a.push_back({{"key", b.key}, {"count", b.count}});
  return a;
}

json outcomesJson(const AnnualReport& r) {
  const auto& o = r.outcomes;
  return {{"stage1_received", o.stage1_received}, {"stage2_received", o.stage2_received},
          {"stage1_responded", o.stage1_responded}, {"stage2_responded", o.stage2_responded},
          {"elements", o.elements}, {"elements_upheld", o.elements_upheld},
          {"stage2_overturned", o.stage2_overturned}, {"extensions", o.extensions},
          {"remedies", o.remedies}, {"compensation", o.compensation},
          {"resolved_at_stage1", o.resolved_at_stage1}, {"refusals", breakdowns(o.refusals)}};
}

json selfAssessmentJson(const AnnualReport& r) {
  json sa = json::array();
  for (const auto& s : r.self_assessment) {
    sa.push_back({{"section", s.section}, {"provision", s.provision},
                  {"requirement", s.requirement}, {"comply", s.comply},
                  {"evidence", s.evidence}, {"commentary", s.commentary}});
  }
  return sa;
}

json learningJson(const LearningFigures& l) {
  return {{"raised", l.raised}, {"completed", l.completed},
          {"completed_on_time", l.completed_on_time}, {"overdue", l.overdue},
          {"published", l.published}, {"improvements", l.improvements},
          {"raised_by_service_area", breakdowns(l.raised_by_service_area)}};
}

json ombudsmanJson(const OmbudsmanFigures& m) {
  return {{"referrals", m.referrals}, {"determinations", m.determinations},
          {"by_outcome", breakdowns(m.by_outcome)}, {"fault_findings", m.fault_findings},
          {"orders_made", m.orders_made}, {"orders_due", m.orders_due},
          {"orders_on_time", m.orders_on_time}, {"orders_open_overdue", m.orders_open_overdue},
          {"compensation", m.compensation}, {"chfos_issued", m.chfos_issued},
          {"chfos_due", m.chfos_due}, {"chfos_on_time", m.chfos_on_time},
          {"chfos_open_overdue", m.chfos_open_overdue}};
}

}  // namespace

json measureJson(const measures::MeasureResult& m) {
  return json{{"code", m.code},
              {"title", m.title},
              {"value", optional(m.published())},
              {"numerator", m.numerator},
              {"denominator", m.denominator},
              {"target", optional(m.target)},
              {"met", optional(m.met)},
              {"unit", m.unit},
              {"tenure", m.tenure},
              {"higher_is_better", m.higher_is_better},
              {"note", m.note}};
}

json publicMeasureJson(const measures::MeasureResult& m) {
  return {{"code", m.code}, {"title", m.title}, {"value", optional(m.published())},
          {"unit", m.unit}, {"tenure", m.tenure}, {"target", optional(m.target)},
          {"met", optional(m.met)}};
}

json commitmentsJson(const Policy& policy) {
  json out = json::array();
  for (const auto& c : policy.commitments)
    out.push_back({{"text", c.text}, {"source", c.source}, {"measured_by", c.measured_by},
                   {"not_measured", c.not_measured}});
  return out;
}

json annualReportJson(const AnnualReport& r, const std::string& period) {
  json ms = json::array();
  for (const auto& m : r.measures) ms.push_back(measureJson(m));
  json out = {{"period", period},
              {"volumes", {{"by_kind", breakdowns(r.by_kind)},
                           {"by_service_area", breakdowns(r.by_service_area)},
                           {"by_theme", breakdowns(r.by_theme)},
                           {"by_channel", breakdowns(r.by_channel)}}},
              {"outcomes", outcomesJson(r)},
              {"measures", std::move(ms)},
              {"self_assessment", selfAssessmentJson(r)}};
  if (r.learning) out["learning"] = learningJson(*r.learning);
  if (r.ombudsman) out["ombudsman"] = ombudsmanJson(*r.ombudsman);
  return out;
}

}  // namespace charter::api
