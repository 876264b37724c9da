#include "measures/asb.h"

#include <algorithm>
#include <map>

namespace charter::measures {

std::vector<AsbCase> asbCases(std::vector<AsbReport> reports) {
  std::stable_sort(reports.begin(), reports.end(), [](const AsbReport& a, const AsbReport& b) {
    return a.party_ref != b.party_ref ? a.party_ref < b.party_ref : a.reported < b.reported;
  });
  std::vector<AsbCase> out;
  for (const auto& r : reports) {
    AsbCase* open = !out.empty() && out.back().party_ref == r.party_ref ? &out.back() : nullptr;
    // The case is still open on the report's day unless it closed before it.
    if (open != nullptr && open->closed && *open->closed < r.reported) open = nullptr;
    if (open == nullptr) {
      out.push_back(AsbCase{r.party_ref, r.reported, std::nullopt, false, {}});
      open = &out.back();
    }
    open->report_refs.push_back(r.report_ref);
    open->hate_incident = open->hate_incident || r.hate_incident;
    // The closing date may be carried on any report of the case; the latest one counts.
    if (r.closed && (!open->closed || *open->closed < *r.closed)) open->closed = r.closed;
  }
  return out;
}

std::vector<AsbMonth> asbCasesByMonth(const std::vector<AsbCase>& cases,
                                      const std::vector<AsbReport>& reports) {
  std::vector<AsbMonth> out;
  if (reports.empty()) return out;
  auto [lo, hi] = std::minmax_element(reports.begin(), reports.end(),
                                      [](const AsbReport& a, const AsbReport& b) {
                                        return a.reported < b.reported;
                                      });
  std::map<int, AsbMonth> months;  // year * 12 + month - 1
  auto key = [](Date d) {
    const std::chrono::year_month_day ymd{d};
    return static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
  };
  for (int k = key(lo->reported); k <= key(hi->reported); ++k)
    months[k] = AsbMonth{measures::month(k / 12, static_cast<unsigned>(k % 12 + 1)), 0, 0};
  for (const auto& c : cases) {
    auto it = months.find(key(c.opened));
    if (it == months.end()) continue;  // cannot happen: every case opens on a report's day
    ++it->second.cases;
    if (c.hate_incident) ++it->second.hate_cases;
  }
  for (auto& [k, m] : months) out.push_back(std::move(m));
  return out;
}

}  // namespace charter::measures
