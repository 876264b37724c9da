#include "web/reports/promise_register.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace charter::web {

using measures::MeasureResult;
using nlohmann::json;

json metData(const MeasureResult& m, i18n::Lang lang) {
  return {{"met", m.met && *m.met}, {"not_met", m.met && !*m.met},
          {"no_figure", m.met ? "" : i18n::text(lang, m.target ? "pr_no_figure" : "pr_no_target")},
          {"met_text", i18n::text(lang, "pr_met")}, {"not_met_text", i18n::text(lang, "pr_not_met")}};
}

std::string targetText(const MeasureResult& m, i18n::Lang lang) {
  if (!m.target) return "–";
  const std::string v = m.unit == "%" ? fmt::format("{:g}%", *m.target) : fmt::format("{:g}", *m.target);
  return fmt::format(fmt::runtime(i18n::text(lang, m.higher_is_better ? "pr_at_least" : "pr_at_most")), v);
}

const std::vector<TrendPoint>* YearTrends::of(const std::string& code) {
  auto it = cache_.find(code);
  if (it == cache_.end()) {
    auto t = reports_.trend(code, year_, 3);
    it = cache_.emplace(code, t ? std::optional(std::move(*t)) : std::nullopt).first;
  }
  return it->second ? &*it->second : nullptr;
}

namespace {

// "2024-25" -> "2024 to 2025" (a financial year as GOV.UK writes it); other labels unchanged.
std::string yearName(const std::string& label, i18n::Lang lang) {
  if (label.size() != 7 || label[4] != '-') return label;
  return fmt::format(fmt::runtime(i18n::text(lang, "pr_year_name")), label.substr(0, 4),
                     label.substr(0, 2) + label.substr(5, 2));
}

std::string changeWords(const MeasureResult& m, double before, double now, i18n::Lang lang) {
  if (now == before) return i18n::text(lang, "pr_same");
  const bool up = now > before;
  const bool better = up == m.higher_is_better;
  // Better or worse only where a target says which way is better.
  std::string key = up ? "pr_up" : "pr_down";
  if (m.target) key += better ? "_better" : "_worse";
  return i18n::text(lang, key);
}

}  // namespace

std::string trendText(const std::vector<TrendPoint>& points, const MeasureResult& m, bool to_date,
                      i18n::Lang lang) {
  std::string out;
  std::vector<double> values;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    if (!p.value) continue;
    MeasureResult shown = m;
    shown.value = p.value;
    const bool last = i + 1 == points.size();
    out += fmt::format("{}{}: {}", out.empty() ? "" : "; ",
                       last && to_date ? i18n::text(lang, "pr_so_far") : yearName(p.period, lang),
                       measures::formatValue(shown));
    values.push_back(*p.value);
  }
  if (out.empty()) return "";
  out += ".";
  if (values.size() >= 2 && points.back().value)
    out += " " + changeWords(m, values[values.size() - 2], values.back(), lang);
  return out;
}

namespace {

// The results that measure `code`: the measure of that code, or for a standard every measure
// timing that clock.
std::vector<const MeasureResult*> resultsFor(const std::string& code, ReportService& reports,
                                             const std::vector<MeasureResult>& results) {
  std::vector<const MeasureResult*> out;
  for (const auto& r : results)
    if (r.code == code) out.push_back(&r);
  if (!out.empty()) return out;
  for (const auto& r : results) {
    auto spec = reports.spec(r.code);
    if (spec && spec->type == "clock_percent" && spec->clock == code) out.push_back(&r);
  }
  return out;
}

json figureRow(const MeasureResult& m, YearTrends& trends, bool to_date, i18n::Lang lang) {
  const auto* trend = trends.of(m.code);
  json row = metData(m, lang);
  row.update({{"title", m.title},
              {"value", m.value ? measures::formatValue(m) : i18n::text(lang, "pr_no_figure_yet")},
              {"target", targetText(m, lang)},
              {"trend_text", trend ? trendText(*trend, m, to_date, lang) : std::string()}});
  return row;
}

}  // namespace

json registerYear(const Policy& policy, ReportService& reports, const std::vector<MeasureResult>& results,
                  YearTrends& trends, bool to_date, i18n::Lang lang) {
  json out = json::array();
  for (const auto& c : policy.commitments) {
    if (c.measured_by.empty()) continue;
    std::set<std::string> seen;
    json rows = json::array();
    for (const auto& code : c.measured_by)
      for (const MeasureResult* m : resultsFor(code, reports, results))
        if (seen.insert(m->code).second) rows.push_back(figureRow(*m, trends, to_date, lang));
    out.push_back({{"text", c.text}, {"figures", rows}, {"no_figures", rows.empty()}});
  }
  return out;
}

json notMeasured(const Policy& policy) {
  json out = json::array();
  for (const auto& c : policy.commitments)
    if (c.measured_by.empty()) out.push_back({{"text", c.text}, {"reason", c.not_measured}});
  return out;
}

}  // namespace charter::web
