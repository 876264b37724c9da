#include "app/reports.h"

#include <fmt/format.h>

#include "app/csv.h"

namespace charter {

Result<std::vector<SurveyResponse>> parseSurveyCsv(std::string_view text) {
  auto table = csv::read(text, {"RESPONSE_ID", "TENURE", "COLLECTED_ON"});
  if (!table) return tl::unexpected(table.error());
  const csv::Table& t = *table;
  std::vector<SurveyResponse> out;
  out.reserve(t.rows.size());
  for (const auto& row : t.rows) {
    SurveyResponse r;
    r.response_id = t.cell(row, "RESPONSE_ID");
    if (r.response_id.empty()) return csv::cellError(row, "response_id", "required", "empty");
    r.household_ref = t.cell(row, "HOUSEHOLD_REF");
    auto tenure = csv::oneOf(t, row, "TENURE", {"social_rent", "shared_ownership"});
    if (!tenure) return tl::unexpected(tenure.error());
    r.tenure = *tenure;
    auto d = csv::date(t, row, "COLLECTED_ON");
    if (!d) return tl::unexpected(d.error());
    r.collected = *d;
    r.method = t.cell(row, "METHOD");
    if (!t.cell(row, "WEIGHT").empty()) {
      auto w = csv::number(t, row, "WEIGHT");
      if (!w) return tl::unexpected(w.error());
      if (!(*w > 0)) return csv::cellError(row, "weight", "range", "must be above 0");
      r.weight = *w;
    }
    for (auto [name, field] : {std::pair{"HAD_REPAIR", &r.had_repair},
                               std::pair{"COMPLAINED", &r.complained},
                               std::pair{"COMMUNAL", &r.communal}}) {
      auto v = csv::yesNo(t, row, name);
      if (!v) return tl::unexpected(v.error());
      *field = *v;
    }
    for (int q = 0; q < 12; ++q) {
      const std::string name = fmt::format("TP{:02}", q + 1);
      const std::string v = csv::upper(t.cell(row, name));
      auto& answer = r.answers[static_cast<std::size_t>(q)];
      if (v.empty()) continue;
      if (v == "DK" || v == "NA" || v == "N/A") {
        answer = 0;
      } else if (v == "REFUSED") {
        answer = -1;
      } else if (v.size() == 1 && v[0] >= '1' && v[0] <= '5') {
        answer = v[0] - '0';
      } else {
        return csv::cellError(row, name, "enum", "answers are 1-5, DK, NA or REFUSED");
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace charter
