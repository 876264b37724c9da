// The working-day calendar's hot calls (every clock of every case asks them) and the one-off
// cost of building its tables.
#include <benchmark/benchmark.h>

#include "calendar/working_calendar.h"

namespace charter {
namespace {

using namespace std::chrono;

const CalendarPtr& sharedCalendar() {
  static const CalendarPtr cal = WorkingCalendar::build(CalendarSpec{}).value();
  return cal;
}

// Dates spread over 2018-2027 so the tables are read from many places, not one cache line.
Date dateAt(int64_t i) {
  static const Date base = sys_days{year{2018} / January / 1};
  return base + days{(i * 7919) % 3650};
}

void BM_Build(benchmark::State& state) {
  for (auto _ : state) {
    auto cal = WorkingCalendar::build(CalendarSpec{});
    benchmark::DoNotOptimize(cal);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Build)->Unit(benchmark::kMillisecond);

void BM_IsWorkingDay(benchmark::State& state) {
  const auto& cal = sharedCalendar();
  int64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(cal->isWorkingDay(dateAt(i++)));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IsWorkingDay);

void BM_AddWorkingDays(benchmark::State& state) {
  const auto& cal = sharedCalendar();
  int64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(cal->addWorkingDays(dateAt(i++), 20));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddWorkingDays);

// The ICO's calendar month (a subject access request's due date): the same date a month on,
// the month's last day when there is none, then the next working day.
void BM_AddMonths(benchmark::State& state) {
  const auto& cal = sharedCalendar();
  int64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(cal->addMonths(dateAt(i++), 1));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddMonths);

void BM_CountWorkingDays(benchmark::State& state) {
  const auto& cal = sharedCalendar();
  int64_t i = 0;
  for (auto _ : state) {
    Date from = dateAt(i++);
    benchmark::DoNotOptimize(cal->countWorkingDays(from, from + days{45}));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CountWorkingDays);

// dayZero also formats the local time and the explanation for the resident.
void BM_DayZero(benchmark::State& state) {
  const auto& cal = sharedCalendar();
  int64_t i = 0;
  for (auto _ : state) {
    Instant t = Instant{dateAt(i) + minutes{(i * 37) % 1440}};
    ++i;
    benchmark::DoNotOptimize(cal->dayZero(t));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DayZero);

}  // namespace
}  // namespace charter
