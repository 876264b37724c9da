#include "main/demo_years.h"

#include <algorithm>
#include <array>

namespace charter {
namespace {

// How each year went, oldest first; the last row is the current year. Stage 1 on time rising
// each year (the oldest year's chances are higher than its figure: under the 2022 Code the
// stage 1 clock ran from receipt, so slow acknowledgements made answers late too); stage 1 complaints per 1,000 homes (these, plus ~21 from service requests that
// became complaints) rising as the landlord made complaining easier. The past years carry
// fewer of the other contacts (service requests, enquiries...) so the demo stays quick to make.
struct Trend {
  double complaints_per_1000, other_contacts, acknowledged, stage1, stage2, escalated, perception;
};
constexpr std::array<Trend, 4> kTrend = {
    Trend{30, 0.3, 0.93, 0.88, 0.74, 0.21, 0.64},
    Trend{35, 0.4, 0.88, 0.83, 0.8, 0.19, 0.68},
    Trend{40, 0.5, 0.92, 0.9, 0.86, 0.17, 0.71},
    Trend{45, 1.0, 0.95, 0.92, 0.9, 0.15, 0.74},
};

Instant midnight(Date d) { return std::chrono::sys_days{d}; }

}  // namespace

std::vector<DemoYear> demoYears(Instant end) {
  const Date today = std::chrono::floor<std::chrono::days>(end);
  const auto current = measures::financialYearOf(today);
  std::vector<DemoYear> years;
  const auto periods = current.trend(static_cast<int>(kTrend.size()));
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const auto& p = periods[i];
    const Trend& t = kTrend[i];
    DemoYear y;
    y.period = p;
    y.from = midnight(p.start);
    y.current = i + 1 == periods.size();
    y.to = y.current ? end : midnight(p.end + std::chrono::days{1});
    const double whole = static_cast<double>((midnight(p.end + std::chrono::days{1}) - y.from) /
                                             std::chrono::minutes{1});
    y.share = std::clamp(static_cast<double>((y.to - y.from) / std::chrono::minutes{1}) / whole,
                         0.0, 1.0);
    y.complaints_per_1000 = t.complaints_per_1000;
    y.other_contacts = t.other_contacts;
    y.acknowledged_on_time = t.acknowledged;
    y.stage1_on_time = t.stage1;
    y.stage2_on_time = t.stage2;
    y.escalated = t.escalated;
    y.perception = t.perception;
    years.push_back(y);
  }
  return years;
}

}  // namespace charter
