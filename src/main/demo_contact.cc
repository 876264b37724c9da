#include "main/demo_contact.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "main/demo_years.h"

namespace charter {

namespace {

constexpr std::array<const char*, 6> kOfficers = {"Amira Khan", "Ben Okafor", "Chloe Price",
                                                   "Dev Patel", "Ellen Hughes", "Femi Adeyemi"};

struct ContactDemo {
  std::mt19937 rng;
  bool chance(double p) { return std::bernoulli_distribution(p)(rng); }
  // A wait with the given mean, in whole units (exponential: most short, a few long).
  long wait(double mean) {
    return static_cast<long>(std::floor(std::exponential_distribution<double>(1.0 / mean)(rng)));
  }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  const char* officer() { return kOfficers[static_cast<std::size_t>(between(0, 5))]; }
};

bool weekday(Date d) {
  const std::chrono::weekday w{d};
  return w != std::chrono::Saturday && w != std::chrono::Sunday;
}

// Opening hours 08:30-17:00, to the second.
LocalTime during(ContactDemo& d, Date day) {
  return LocalTime{day.time_since_epoch()} +
         std::chrono::seconds{d.between(8 * 3600 + 1800, 17 * 3600)};
}

// Waits lengthen in winter (more calls about heating and damp), so the trend moves.
double winterLoad(Date day) {
  const unsigned m = static_cast<unsigned>(std::chrono::year_month_day{day}.month());
  return m == 12 || m <= 2 ? 1.35 : 1.0;
}

// `slower`: how much longer than this year's waits the day's year had (1 this year).
void callsOn(ContactDemo& d, Date day, int n, double slower, std::vector<CallRecord>& out) {
  for (int i = 0; i < n; ++i) {
    CallRecord c;
    c.call_id = fmt::format("TEL-{}-{:04}", dayNumber(day), i + 1);
    c.started = during(d, day);
    c.wait_seconds = d.wait(12.0 * slower * winterLoad(day));
    c.answered = c.wait_seconds < 90 ? !d.chance(0.03) : d.chance(0.5);
    c.transferred = c.answered && d.chance(0.15);
    if (c.transferred) c.transfer_wait_seconds = d.wait(10.0 * winterLoad(day));
    out.push_back(std::move(c));
  }
}

void visitsOn(ContactDemo& d, Date day, int n, std::vector<ReceptionVisit>& out) {
  for (int i = 0; i < n; ++i) {
    ReceptionVisit v;
    v.visit_id = fmt::format("REC-{}-{:02}", dayNumber(day), i + 1);
    v.arrived = during(d, day);
    if (d.chance(0.7)) v.came_to_see = d.officer();
    if (d.chance(0.02)) {  // left before being seen
      out.push_back(std::move(v));
      continue;
    }
    const bool unavailable = !v.came_to_see.empty() && d.chance(0.2);
    v.seen_by = v.came_to_see.empty() ? d.officer() : v.came_to_see;
    while (unavailable && v.seen_by == v.came_to_see) v.seen_by = d.officer();
    const long minutes = d.wait((unavailable ? 4.0 : 6.0) * winterLoad(day));
    v.seen = v.arrived + std::chrono::minutes{minutes} + std::chrono::seconds{d.between(0, 59)};
    out.push_back(std::move(v));
  }
}

}  // namespace

Status generateDemoContact(ReportStore& store, int homes, double scale, Instant end,
                           unsigned seed) {
  ContactDemo d{std::mt19937(seed + 11)};
  const Date last = std::chrono::floor<std::chrono::days>(end) - std::chrono::days{1};
  const int calls_a_day = std::max(1, static_cast<int>(std::lround(homes / 100.0 * scale)));
  const int visits_a_day = std::max(1, static_cast<int>(std::lround(homes / 1000.0 * scale)));
  std::vector<CallRecord> calls;
  std::vector<ReceptionVisit> visits;
  // From the first of the demo's years: waits a tenth longer for each year back.
  const auto years = demoYears(end);
  for (Date day = years.front().period.start; day <= last; day += std::chrono::days{1}) {
    if (!weekday(day)) continue;
    const auto before = std::count_if(years.begin(), years.end(),
                                      [&](const DemoYear& y) { return y.period.start > day; });
    callsOn(d, day, std::max(1, calls_a_day * d.between(80, 120) / 100),
            1.0 + 0.1 * static_cast<double>(before), calls);
    visitsOn(d, day, std::max(1, visits_a_day * d.between(50, 150) / 100), visits);
  }
  if (auto s = store.importCalls(calls); !s) return s;
  return store.importVisits(visits);
}

}  // namespace charter
