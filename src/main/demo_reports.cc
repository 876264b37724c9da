#include "main/demo_reports.h"

#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "main/demo_years.h"
#include "measures/period.h"

namespace charter {
namespace {

// What every part of the demo's report data shares: the period, the homes and the random
// stream (one stream in a fixed order, so the data is the same for the same seed).
struct ReportDemo {
  int homes;
  Date end_day;
  std::vector<DemoYear> years;  // three whole financial years and this one, oldest first
  std::mt19937 rng;

  long sharedOwnership() const { return homes / 12; }
  long socialRent() const { return homes - sharedOwnership(); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
};

std::vector<StockCount> stockCounts(const ReportDemo& d) {
  std::vector<StockCount> stock;
  for (const auto& y : d.years) {
    const auto& p = y.period;
    stock.push_back({p.start, "social_rent", d.socialRent()});
    stock.push_back({p.start, "shared_ownership", d.sharedOwnership()});
  }
  return stock;
}

// Each home's and block's checks as at one year's end (or today for the year in progress).
void yearsChecks(ReportDemo& d, Date as_of, std::vector<ComplianceRecord>& checks) {
  for (long i = 0; i < d.homes; ++i) {
    const std::string ref = fmt::format("H{:06}", i);
    const bool in_block = i % 3 == 0;
    if (i % 5 != 0) checks.push_back({as_of, "gas", ref, "", true, !d.chance(0.002)});
    checks.push_back({as_of, "decent_homes", ref, "", true, !d.chance(0.006)});
    if (!in_block && i % 50 == 0) checks.push_back({as_of, "asbestos", ref, "", true, !d.chance(0.01)});
  }
  for (long b = 0; b <= d.homes / 24; ++b) {
    const std::string block = fmt::format("B{:04}", b);
    checks.push_back({as_of, "fire", "", block, true, !d.chance(0.02)});
    checks.push_back({as_of, "water", "", block, true, !d.chance(0.01)});
    checks.push_back({as_of, "asbestos", "", block, true, !d.chance(0.01)});
    if (b % 4 == 0) checks.push_back({as_of, "lift", "", block, true, !d.chance(0.03)});
  }
}

std::vector<HomeRecord> homeRecords(const ReportDemo& d) {
  std::vector<HomeRecord> hs;
  for (long i = 0; i < d.homes; ++i) {
    const std::string block = i % 3 == 0 ? fmt::format("B{:04}", i / 24) : "";
    hs.push_back({fmt::format("H{:06}", i), block,
                  i < d.socialRent() ? "social_rent" : "shared_ownership"});
  }
  return hs;
}

// One household's answers to the twelve TSM perception questions (0: don't know).
// `perception`: the year's mood (main/demo_years.h); shared owners are less happy.
void answerSurvey(ReportDemo& d, double perception, SurveyResponse& s) {
  const double mood = s.tenure == "shared_ownership" ? perception - 0.17 : perception;
  for (int q = 0; q < 12; ++q) {
    if ((q == 1 || q == 2) && !*s.had_repair) continue;
    if (q == 8 && !*s.complained) continue;
    if (q == 9 && !*s.communal) continue;
    const double m = q == 8 ? mood - 0.3 : mood;
    auto& answer = s.answers[static_cast<std::size_t>(q)];
    if (q >= 4 && q != 8 && q != 9 && d.chance(0.04)) {
      answer = 0;
    } else {
      answer = d.chance(m) ? (d.chance(0.5) ? 1 : 2) : 3 + static_cast<int>(d.rng() % 3);
    }
  }
}

// A perception survey spread across each year: about 10% of households.
std::vector<SurveyResponse> surveyResponses(ReportDemo& d) {
  std::vector<SurveyResponse> survey;
  int n = 0;
  for (const auto& y : d.years) {
    const auto& p = y.period;
    const int days = static_cast<int>((std::min(p.end, d.end_day) - p.start).count());
    if (days <= 0) continue;
    for (int i = 0; i < d.homes / 10; ++i) {
      SurveyResponse s;
      s.response_id = fmt::format("S{}", ++n);
      s.household_ref = fmt::format("H{:06}", i * 7 % d.homes);
      s.tenure = d.chance(0.08) ? "shared_ownership" : "social_rent";
      s.collected =
          p.start + std::chrono::days{static_cast<int>(d.rng() % static_cast<unsigned>(days))};
      s.method = d.chance(0.7) ? "phone" : "online";
      s.had_repair = d.chance(0.6);
      s.complained = d.chance(0.18);
      s.communal = d.chance(0.4);
      answerSurvey(d, y.perception, s);
      survey.push_back(std::move(s));
    }
  }
  return survey;
}

// Monthly series from other systems: ASB cases and repairs.
std::vector<SeriesRow> monthlySeries(ReportDemo& d) {
  std::vector<SeriesRow> series;
  for (const auto& year : d.years) {
    const auto& y = year.period;
    const int start_year = std::stoi(y.label.substr(0, 4));
    // Routine repairs on time improve with the rest (82% the oldest year, 91% this one).
    const double routine_on_time = 0.82 + 0.03 * static_cast<double>(&year - d.years.data());
    for (int i = 0; i < 12; ++i) {
      const unsigned month = static_cast<unsigned>((i + 3) % 12 + 1);
      const auto m = measures::month(month >= 4 ? start_year : start_year + 1, month);
      if (m.start > d.end_day) break;
      const double asb = d.homes * 0.025 / 12 * (0.8 + 0.4 * d.chance(0.5));
      series.push_back({"NM01-1", "", m.start, m.end, std::round(asb), 0, "ASB case system"});
      series.push_back({"NM01-2", "", m.start, m.end, std::round(asb * 0.04), 0, "ASB case system"});
      const double routine = d.homes * 2.5 / 12, emergency = d.homes * 0.6 / 12;
      series.push_back({"RP02-1", "social_rent", m.start, m.end, std::round(routine * routine_on_time), std::round(routine), "Repairs system"});
      series.push_back({"RP02-2", "social_rent", m.start, m.end, std::round(emergency * 0.97), std::round(emergency), "Repairs system"});
      series.push_back({"repairs.inspected", "", m.start, m.end, std::round(routine * 0.11), std::round(routine), "Repairs system"});
    }
  }
  return series;
}

}  // namespace

Status generateDemoReportData(ReportStore& store, int homes, Instant end, unsigned seed) {
  const Date end_day = std::chrono::floor<std::chrono::days>(end);
  ReportDemo d{homes, end_day, demoYears(end), std::mt19937(seed + 4)};
  if (auto s = store.importStock(stockCounts(d)); !s) return s;
  std::vector<ComplianceRecord> checks;
  for (const auto& y : d.years) yearsChecks(d, std::min(y.period.end, end_day), checks);
  if (auto s = store.importHomes(homeRecords(d)); !s) return s;
  if (auto s = store.importCompliance(checks); !s) return s;
  if (auto s = store.importSurvey(surveyResponses(d)); !s) return s;
  return store.importSeries(monthlySeries(d));
}

}  // namespace charter
