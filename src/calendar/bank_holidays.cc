#include "calendar/bank_holidays.h"

#include <algorithm>
#include <array>
#include <chrono>

#include <fmt/format.h>

namespace charter {
namespace {

using namespace std::chrono;

// Names follow GOV.UK's bank-holidays list (gov.uk/bank-holidays.json) with ASCII apostrophes;
// a day GOV.UK marks "Substitute day" gets the suffix below.
constexpr const char* kSubstituteSuffix = " (substitute day)";

// The St Andrew's Day Bank Holiday (Scotland) Act 2007 made 30 November a bank holiday from
// 2007; before that Scotland had no such day.
constexpr int kFirstStAndrewsDayYear = 2007;

constexpr unsigned kAll = 0b111;
constexpr unsigned bit(Nation n) { return 1u << static_cast<unsigned>(n); }
constexpr unsigned kScotland = 1u << static_cast<unsigned>(Nation::kScotland);

// A one-off change by royal proclamation: `name` appointed on y-m-d, or, with name == nullptr,
// the day the rules would give on y-m-d taken away (a moved holiday is one of each).
struct Proclamation {
  int y;
  unsigned m, d;
  unsigned nations;
  const char* name;
};

constexpr std::array<Proclamation, 19> kProclamations = {{
    // 50th anniversary of VE Day: the early May holiday moved from Mon 1 May.
    {1995, 5, 1, kAll, nullptr},
    {1995, 5, 8, kAll, "Early May bank holiday (VE day)"},
    // The Millennium. 1 and 2 Jan 2000 then fell at the weekend and took their usual
    // substitutes (Mon 3 Jan; in Scotland Mon 3 and Tue 4 Jan), which the rules give.
    {1999, 12, 31, kAll, "Millennium Day"},
    // The Golden Jubilee: the spring holiday moved from Mon 27 May to Tue 4 Jun.
    {2002, 5, 27, kAll, nullptr},
    {2002, 6, 3, kAll, "Golden Jubilee bank holiday"},
    {2002, 6, 4, kAll, "Spring bank holiday"},
    // No proclamation was made for Scotland's usual substitute on Mon 4 Jan in 2010 or 2011
    // (confirmed by the Scottish Government in 2014), so those days were not bank holidays.
    {2010, 1, 4, kScotland, nullptr},
    {2011, 1, 4, kScotland, nullptr},
    {2011, 4, 29, kAll, "Royal wedding bank holiday"},
    // The Diamond Jubilee: the spring holiday moved from Mon 28 May (GOV.UK: substitute day).
    {2012, 5, 28, kAll, nullptr},
    {2012, 6, 4, kAll, "Spring bank holiday (substitute day)"},
    {2012, 6, 5, kAll, "Queen's Diamond Jubilee"},
    // 75th anniversary of VE Day: the early May holiday moved from Mon 4 May.
    {2020, 5, 4, kAll, nullptr},
    {2020, 5, 8, kAll, "Early May bank holiday (VE day)"},
    // The Platinum Jubilee: the spring holiday moved from Mon 30 May.
    {2022, 5, 30, kAll, nullptr},
    {2022, 6, 2, kAll, "Spring bank holiday"},
    {2022, 6, 3, kAll, "Platinum Jubilee bank holiday"},
    {2022, 9, 19, kAll, "Bank Holiday for the State Funeral of Queen Elizabeth II"},
    {2023, 5, 8, kAll, "Bank holiday for the coronation of King Charles III"},
}};

Date ymd(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }

bool isWeekend(Date d) {
  weekday w{d};
  return w == Saturday || w == Sunday;
}

Date firstMonday(int y, unsigned m) { return sys_days{year{y} / month{m} / Monday[1]}; }
Date lastMonday(int y, unsigned m) { return sys_days{year{y} / month{m} / Monday[last]}; }

bool taken(const std::vector<Holiday>& hs, Date d) {
  return std::any_of(hs.begin(), hs.end(), [d](const Holiday& h) { return h.date == d; });
}

Date nextFreeWeekday(const std::vector<Holiday>& hs, Date d) {
  while (isWeekend(d) || taken(hs, d)) d += days{1};
  return d;
}

// Fixed-date holidays. One on a weekday keeps its date; one at the weekend moves to the first
// weekday after it not already a holiday, in date order. So Christmas on a Saturday gives Mon 27
// (Christmas) and Tue 28 (Boxing Day), and Christmas on a Sunday gives Mon 26 (Boxing Day) and
// Tue 27 (Christmas, substitute), as GOV.UK lists them.
void addFixed(std::vector<Holiday>& out, const std::vector<Holiday>& fixed) {
  for (const auto& h : fixed) {
    if (!isWeekend(h.date)) out.push_back(h);
  }
  for (const auto& h : fixed) {
    if (isWeekend(h.date)) out.push_back({nextFreeWeekday(out, h.date), h.name + kSubstituteSuffix});
  }
}

// Scotland's two New Year holidays are the first two weekdays from 1 January, named in order:
// for 1 Jan on a Sunday GOV.UK gives Mon 2 Jan as New Year's Day (substitute) and Tue 3 Jan as
// 2nd January (substitute).
void addScottishNewYear(std::vector<Holiday>& out, int y) {
  Date d = ymd(y, 1, 1);
  for (const auto& [nominal, name] : {std::pair{ymd(y, 1, 1), "New Year's Day"},
                                      std::pair{ymd(y, 1, 2), "2nd January"}}) {
    while (isWeekend(d)) d += days{1};
    out.push_back({d, d == nominal ? std::string(name) : std::string(name) + kSubstituteSuffix});
    d += days{1};
  }
}

std::vector<Holiday> fixedHolidays(Nation nation, int y) {
  std::vector<Holiday> fixed;
  if (nation != Nation::kScotland) fixed.push_back({ymd(y, 1, 1), "New Year's Day"});
  if (nation == Nation::kNorthernIreland) {
    fixed.push_back({ymd(y, 3, 17), "St Patrick's Day"});
    fixed.push_back({ymd(y, 7, 12), "Battle of the Boyne (Orangemen's Day)"});
  }
  if (nation == Nation::kScotland && y >= kFirstStAndrewsDayYear) {
    fixed.push_back({ymd(y, 11, 30), "St Andrew's Day"});
  }
  fixed.push_back({ymd(y, 12, 25), "Christmas Day"});
  fixed.push_back({ymd(y, 12, 26), "Boxing Day"});
  return fixed;
}

std::vector<Holiday> movableHolidays(Nation nation, int y) {
  Date easter = easterSunday(y);
  std::vector<Holiday> out = {{easter - days{2}, "Good Friday"},
                              {firstMonday(y, 5), "Early May bank holiday"},
                              {lastMonday(y, 5), "Spring bank holiday"}};
  if (nation == Nation::kScotland) {
    out.push_back({firstMonday(y, 8), "Summer bank holiday"});
  } else {
    out.push_back({easter + days{1}, "Easter Monday"});
    out.push_back({lastMonday(y, 8), "Summer bank holiday"});
  }
  return out;
}

void applyProclamations(std::vector<Holiday>& hs, Nation nation, int y) {
  for (const auto& p : kProclamations) {
    if (p.y != y || (p.nations & bit(nation)) == 0) continue;
    Date d = ymd(p.y, p.m, p.d);
    if (p.name == nullptr) {
      std::erase_if(hs, [d](const Holiday& h) { return h.date == d; });
    } else {
      hs.push_back({d, p.name});
    }
  }
}

}  // namespace

Result<Nation> parseNation(std::string_view slug, std::string_view field) {
  for (Nation n : {Nation::kEnglandAndWales, Nation::kScotland, Nation::kNorthernIreland}) {
    if (slug == nationSlug(n)) return n;
  }
  return invalid(std::string(field), "nation",
                 fmt::format("must be england-and-wales, scotland or northern-ireland, got \"{}\"",
                             slug.substr(0, 40)));
}

namespace {

struct NationNames {
  std::string_view slug, name;
};

// Indexed by Nation.
constexpr std::array<NationNames, 3> kNationNames = {{
    {"england-and-wales", "England and Wales"},
    {"scotland", "Scotland"},
    {"northern-ireland", "Northern Ireland"},
}};

const NationNames& namesOf(Nation n) {
  auto i = static_cast<size_t>(n);
  return kNationNames[i < kNationNames.size() ? i : 0];
}

}  // namespace

std::string_view nationSlug(Nation n) { return namesOf(n).slug; }
std::string_view nationName(Nation n) { return namesOf(n).name; }

// The anonymous Gregorian algorithm (Meeus, "Astronomical Algorithms", ch. 8).
Date easterSunday(int y) {
  int a = y % 19, b = y / 100, c = y % 100;
  int d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month_ = (h + l - 7 * m + 114) / 31;
  int day_ = (h + l - 7 * m + 114) % 31 + 1;
  return ymd(y, static_cast<unsigned>(month_), static_cast<unsigned>(day_));
}

std::vector<Holiday> bankHolidays(Nation nation, int y) {
  // The rules hold for any Gregorian year; outside 1..9999 a date cannot be formed safely.
  if (y < 1 || y > 9999) return {};
  std::vector<Holiday> out = movableHolidays(nation, y);
  if (nation == Nation::kScotland) addScottishNewYear(out, y);
  addFixed(out, fixedHolidays(nation, y));
  applyProclamations(out, nation, y);
  std::sort(out.begin(), out.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return out;
}

}  // namespace charter
