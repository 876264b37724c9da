// The public "Our promises" page's figures in words: each measure's figure, target, met tag and
// trend, and the commitments register (policy/policy.h, Commitment) for one year, with the
// commitments not measured and why. What it returns is template data (templates/pages/promises)
// and carries no internal codes or file references: only titles, figures and plain words.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/reports_service.h"
#include "util/i18n.h"

namespace charter::web {

// What partials/met_tag sees: a green "Met", a red "Not met", or why there is neither.
// Its words in `lang` ("met_text", "not_met_text"; the template's own are English).
nlohmann::json metData(const measures::MeasureResult& m, i18n::Lang lang = i18n::Lang::kEn);
// "at least 80%", "at most 45", or "–" without a target.
std::string targetText(const measures::MeasureResult& m, i18n::Lang lang = i18n::Lang::kEn);

// A measure's published value for each of a year and the years before it (ReportService::trend,
// three years), worked out once per code for the page.
class YearTrends {
 public:
  YearTrends(ReportService& reports, const measures::Period& year) : reports_(reports), year_(year) {}
  // nullptr when the trend cannot be worked out (no such measure).
  const std::vector<TrendPoint>* of(const std::string& code);

 private:
  ReportService& reports_;
  measures::Period year_;
  std::map<std::string, std::optional<std::vector<TrendPoint>>> cache_;
};

// The trend in words, oldest first, each year named as people read it ("2023 to 2024: 85.0%"),
// the last one called "this year so far" when `to_date`, then whether the latest figure is up or
// down on the one before and whether that is better or worse: "2023 to 2024: 85.0%; 2024 to
// 2025: 90.0%. Up on the year before, which is better." "" without any figure.
// In Welsh with `lang` kCy ("2023 i 2024: 85.0%; eleni hyd yma: 90.0%. Yn uwch ...").
std::string trendText(const std::vector<TrendPoint>& points, const measures::MeasureResult& m,
                      bool to_date, i18n::Lang lang = i18n::Lang::kEn);

// The register for one year: each measured commitment with the figure, target, met tag and
// trend of each measure that measures it (a standard stands for the measures timing it). An
// empty array when the policy has no register.
nlohmann::json registerYear(const Policy& policy, ReportService& reports,
                            const std::vector<measures::MeasureResult>& results, YearTrends& trends,
                            bool to_date, i18n::Lang lang = i18n::Lang::kEn);

// The commitments not measured: {"text", "reason"} each, in the policy's order.
nlohmann::json notMeasured(const Policy& policy);

}  // namespace charter::web
