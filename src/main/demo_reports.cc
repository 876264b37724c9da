#include "main/demo_reports.h"

#include <random>

#include <fmt/format.h>

#include "measures/period.h"
#include "store/sqlite/report_store.h"

namespace charter {

Status generateDemoReportData(const std::filesystem::path& db, int homes, Instant end, unsigned seed) {
  auto store = SqliteReportStore::open(db, 1);
  if (!store) return tl::unexpected(store.error());
  auto& r = **store;
  std::mt19937 rng(seed + 4);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const Date end_day = std::chrono::floor<std::chrono::days>(end);
  const auto year = measures::financialYearOf(end_day);
  const long lcho = homes / 12, lcra = homes - lcho;
  std::vector<StockCount> stock;
  for (auto p : year.trend(3)) {
    stock.push_back({p.start, "social_rent", lcra});
    stock.push_back({p.start, "shared_ownership", lcho});
  }
  if (auto s = r.importStock(stock); !s) return s;

  std::vector<HomeRecord> hs;
  std::vector<ComplianceRecord> checks;
  for (const auto& p : year.trend(3)) {
    // Compliance as at each year's end (or today for the year in progress).
    const Date as_of = std::min(p.end, end_day);
    for (long i = 0; i < homes; ++i) {
      const std::string ref = fmt::format("H{:06}", i);
      const std::string block = i % 3 == 0 ? fmt::format("B{:04}", i / 24) : "";
      if (p.label == year.label)
        hs.push_back({ref, block, i < lcra ? "social_rent" : "shared_ownership"});
      if (i % 5 != 0) checks.push_back({as_of, "gas", ref, "", true, !chance(0.002)});
      checks.push_back({as_of, "decent_homes", ref, "", true, !chance(0.006)});
      if (block.empty() && i % 50 == 0) checks.push_back({as_of, "asbestos", ref, "", true, !chance(0.01)});
    }
    for (long b = 0; b <= homes / 24; ++b) {
      const std::string block = fmt::format("B{:04}", b);
      checks.push_back({as_of, "fire", "", block, true, !chance(0.02)});
      checks.push_back({as_of, "water", "", block, true, !chance(0.01)});
      checks.push_back({as_of, "asbestos", "", block, true, !chance(0.01)});
      if (b % 4 == 0) checks.push_back({as_of, "lift", "", block, true, !chance(0.03)});
    }
  }
  if (auto s = r.importHomes(hs); !s) return s;
  if (auto s = r.importCompliance(checks); !s) return s;

  // A perception survey spread across each year: about 10% of households.
  std::vector<SurveyResponse> survey;
  int n = 0;
  for (const auto& p : year.trend(3)) {
    const int days = static_cast<int>((std::min(p.end, end_day) - p.start).count());
    if (days <= 0) continue;
    for (int i = 0; i < homes / 10; ++i) {
      SurveyResponse s;
      s.response_id = fmt::format("S{}", ++n);
      s.household_ref = fmt::format("H{:06}", i * 7 % homes);
      s.tenure = chance(0.08) ? "shared_ownership" : "social_rent";
      s.collected = p.start + std::chrono::days{static_cast<int>(rng() % static_cast<unsigned>(days))};
      s.method = chance(0.7) ? "phone" : "online";
      s.had_repair = chance(0.6);
      s.complained = chance(0.18);
      s.communal = chance(0.4);
      const double mood = s.tenure == "shared_ownership" ? 0.55 : 0.72;
      for (int q = 0; q < 12; ++q) {
        if ((q == 1 || q == 2) && !*s.had_repair) continue;
        if (q == 8 && !*s.complained) continue;
        if (q == 9 && !*s.communal) continue;
        const double m = q == 8 ? mood - 0.3 : mood;
        if (q >= 4 && q != 8 && q != 9 && chance(0.04)) {
          s.answers[static_cast<std::size_t>(q)] = 0;  // don't know
        } else {
          s.answers[static_cast<std::size_t>(q)] = chance(m) ? (chance(0.5) ? 1 : 2) : 3 + static_cast<int>(rng() % 3);
        }
      }
      survey.push_back(std::move(s));
    }
  }
  if (auto s = r.importSurvey(survey); !s) return s;

  // Monthly series from other systems: ASB cases, repairs, calls.
  std::vector<SeriesRow> series;
  for (const auto& y : year.trend(3)) {
    const int start_year = std::stoi(y.label.substr(0, 4));
    for (int i = 0; i < 12; ++i) {
      const unsigned month = static_cast<unsigned>((i + 3) % 12 + 1);
      const auto m = measures::month(month >= 4 ? start_year : start_year + 1, month);
      if (m.start > end_day) break;
      const double asb = homes * 0.025 / 12 * (0.8 + 0.4 * chance(0.5));
      series.push_back({"NM01-1", "", m.start, m.end, std::round(asb), 0, "ASB case system"});
      series.push_back({"NM01-2", "", m.start, m.end, std::round(asb * 0.04), 0, "ASB case system"});
      const double routine = homes * 2.5 / 12, emergency = homes * 0.6 / 12;
      series.push_back({"RP02-1", "social_rent", m.start, m.end, std::round(routine * 0.88), std::round(routine), "Repairs system"});
      series.push_back({"RP02-2", "social_rent", m.start, m.end, std::round(emergency * 0.97), std::round(emergency), "Repairs system"});
      const double calls = homes * 1.5;
      series.push_back({"calls.answered_20s", "", m.start, m.end, std::round(calls * 0.78), calls, "Telephony"});
      series.push_back({"repairs.inspected", "", m.start, m.end, std::round(routine * 0.11), std::round(routine), "Repairs system"});
    }
  }
  return r.importSeries(series);
}

}  // namespace charter
