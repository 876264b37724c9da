#include "calendar/bank_holidays.h"

#include <map>
#include <set>

#include <gtest/gtest.h>

namespace charter {
namespace {

using namespace std::chrono;

Date D(std::string_view s) { return parseDate(s).value(); }

constexpr Nation kNations[] = {Nation::kEnglandAndWales, Nation::kScotland,
                               Nation::kNorthernIreland};

struct Published {
  Nation nation;
  const char* date;
  const char* name;
};

// Every bank holiday of every nation 2018-2027 as GOV.UK publishes them
// (gov.uk/bank-holidays.json: "title", plus " (substitute day)" where "notes" is
// "Substitute day"; ASCII apostrophes).
const Published kGovUk[] = {
    {Nation::kEnglandAndWales, "2018-01-01", "New Year's Day"},
    {Nation::kEnglandAndWales, "2018-03-30", "Good Friday"},
    {Nation::kEnglandAndWales, "2018-04-02", "Easter Monday"},
    {Nation::kEnglandAndWales, "2018-05-07", "Early May bank holiday"},
    {Nation::kEnglandAndWales, "2018-05-28", "Spring bank holiday"},
    {Nation::kEnglandAndWales, "2018-08-27", "Summer bank holiday"},
    {Nation::kEnglandAndWales, "2018-12-25", "Christmas Day"},
    {Nation::kEnglandAndWales, "2018-12-26", "Boxing Day"},
    {Nation::kEnglandAndWales, "2019-01-01", "New Year's Day"},
    {Nation::kEnglandAndWales, "2019-04-19", "Good Friday"},
    {Nation::kEnglandAndWales, "2019-04-22", "Easter Monday"},
    {Nation::kEnglandAndWales, "2019-05-06", "Early May bank holiday"},
    {Nation::kEnglandAndWales, "2019-05-27", "Spring bank holiday"},
    {Nation::kEnglandAndWales, "2019-08-26", "Summer bank holiday"},
    {Nation::kEnglandAndWales, "2019-12-25", "Christmas Day"},
    {Nation::kEnglandAndWales, "2019-12-26", "Boxing Day"},
    {Nation::kEnglandAndWales, "2020-01-01", "New Year's Day"},
    {Nation::kEnglandAndWales, "2020-04-10", "Good Friday"},
    {Nation::kEnglandAndWales, "2020-04-13", "Easter Monday"},
    {Nation::kEnglandAndWales, "2020-05-08", "Early May bank holiday (VE day)"},
    {Nation::kEnglandAndWales, "2020-05-25", "Spring bank holiday"},
    {Nation::kEnglandAndWales, "2020-08-31", "Summer bank holiday"},
    {Nation::kEnglandAndWales, "2020-12-25", "Christmas Day"},
    {Nation::kEnglandAndWales, "2020-12-28", "Boxing Day (substitute day)"},
    {Nation::kEnglandAndWales, "2021-01-01", "New Year's Day"},
    {Nation::kEnglandAndWales, "2021-04-02", "Good Friday"},
    {Nation::kEnglandAndWales, "2021-04-05", "Easter Monday"},
    {Nation::kEnglandAndWales, "2021-05-03", "Early May bank holiday"},
    {Nation::kEnglandAndWales, "2021-05-31", "Spring bank holiday"},
    {Nation::kEnglandAndWales, "2021-08-30", "Summer bank holiday"},
    {Nation::kEnglandAndWales, "2021-12-27", "Christmas Day (substitute day)"},
    {Nation::kEnglandAndWales, "2021-12-28", "Boxing Day (substitute day)"},
    {Nation::kEnglandAndWales, "2022-01-03", "New Year's Day (substitute day)"},
    {Nation::kEnglandAndWales, "2022-04-15", "Good Friday"},
    {Nation::kEnglandAndWales, "2022-04-18", "Easter Monday"},
    {Nation::kEnglandAndWales, "2022-05-02", "Early May bank holiday"},
    {Nation::kEnglandAndWales, "2022-06-02", "Spring bank holiday"},
    {Nation::kEnglandAndWales, "2022-06-03", "Platinum Jubilee bank holiday"},
    {Nation::kEnglandAndWales, "2022-08-29", "Summer bank holiday"},
    {Nation::kEnglandAndWales, "2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"},
    {Nation::kEnglandAndWales, "2022-12-26", "Boxing Day"},
    {Nation::kEnglandAndWales, "2022-12-27", "Christmas Day (substitute day)"},
    {Nation::kEnglandAndWales, "2023-01-02", "New Year's Day (substitute day)"},
    {Nation::kEnglandAndWales, "2023-04-07", "Good Friday"},
    {Nation::kEnglandAndWales, "2023-04-10", "Easter Monday"},
    {Nation::kEnglandAndWales, "2023-05-01", "Early May bank holiday"},
    {Nation::kEnglandAndWales, "2023-05-08", "Bank holiday for the coronation of King Charles III"},
    {Nation::kEnglandAndWales, "2023-05-29", "Spring bank holiday"},
    {Nation::kEnglandAndWales, "2023-08-28", "Summer bank holiday"},
    {Nation::kEnglandAndWales, "2023-12-25", "Christmas Day"},
    {Nation::kEnglandAndWales, "2023-12-26", "Boxing Day"},
    {Nation::kEnglandAndWales, "2024-01-01", "New Year's Day"},
    {Nation::kEnglandAndWales, "2024-03-29", "Good Friday"},
    {Nation::kEnglandAndWales, "2024-04-01", "Easter Monday"},
    {Nation::kEnglandAndWales, "2024-05-06", "Early May bank holiday"},
    {Nation::kEnglandAndWales, "2024-05-27", "Spring bank holiday"},
    {Nation::kEnglandAndWales, "2024-08-26", "Summer bank holiday"},
    {Nation::kEnglandAndWales, "2024-12-25", "Christmas Day"},
    {Nation::kEnglandAndWales, "2024-12-26", "Boxing Day"},
    {Nation::kEnglandAndWales, "2025-01-01", "New Year's Day"},
    {Nation::kEnglandAndWales, "2025-04-18", "Good Friday"},
    {Nation::kEnglandAndWales, "2025-04-21", "Easter Monday"},
    {Nation::kEnglandAndWales, "2025-05-05", "Early May bank holiday"},
    {Nation::kEnglandAndWales, "2025-05-26", "Spring bank holiday"},
    {Nation::kEnglandAndWales, "2025-08-25", "Summer bank holiday"},
    {Nation::kEnglandAndWales, "2025-12-25", "Christmas Day"},
    {Nation::kEnglandAndWales, "2025-12-26", "Boxing Day"},
    {Nation::kEnglandAndWales, "2026-01-01", "New Year's Day"},
    {Nation::kEnglandAndWales, "2026-04-03", "Good Friday"},
    {Nation::kEnglandAndWales, "2026-04-06", "Easter Monday"},
    {Nation::kEnglandAndWales, "2026-05-04", "Early May bank holiday"},
    {Nation::kEnglandAndWales, "2026-05-25", "Spring bank holiday"},
    {Nation::kEnglandAndWales, "2026-08-31", "Summer bank holiday"},
    {Nation::kEnglandAndWales, "2026-12-25", "Christmas Day"},
    {Nation::kEnglandAndWales, "2026-12-28", "Boxing Day (substitute day)"},
    {Nation::kEnglandAndWales, "2027-01-01", "New Year's Day"},
    {Nation::kEnglandAndWales, "2027-03-26", "Good Friday"},
    {Nation::kEnglandAndWales, "2027-03-29", "Easter Monday"},
    {Nation::kEnglandAndWales, "2027-05-03", "Early May bank holiday"},
    {Nation::kEnglandAndWales, "2027-05-31", "Spring bank holiday"},
    {Nation::kEnglandAndWales, "2027-08-30", "Summer bank holiday"},
    {Nation::kEnglandAndWales, "2027-12-27", "Christmas Day (substitute day)"},
    {Nation::kEnglandAndWales, "2027-12-28", "Boxing Day (substitute day)"},
    {Nation::kScotland, "2018-01-01", "New Year's Day"},
    {Nation::kScotland, "2018-01-02", "2nd January"},
    {Nation::kScotland, "2018-03-30", "Good Friday"},
    {Nation::kScotland, "2018-05-07", "Early May bank holiday"},
    {Nation::kScotland, "2018-05-28", "Spring bank holiday"},
    {Nation::kScotland, "2018-08-06", "Summer bank holiday"},
    {Nation::kScotland, "2018-11-30", "St Andrew's Day"},
    {Nation::kScotland, "2018-12-25", "Christmas Day"},
    {Nation::kScotland, "2018-12-26", "Boxing Day"},
    {Nation::kScotland, "2019-01-01", "New Year's Day"},
    {Nation::kScotland, "2019-01-02", "2nd January"},
    {Nation::kScotland, "2019-04-19", "Good Friday"},
    {Nation::kScotland, "2019-05-06", "Early May bank holiday"},
    {Nation::kScotland, "2019-05-27", "Spring bank holiday"},
    {Nation::kScotland, "2019-08-05", "Summer bank holiday"},
    {Nation::kScotland, "2019-12-02", "St Andrew's Day (substitute day)"},
    {Nation::kScotland, "2019-12-25", "Christmas Day"},
    {Nation::kScotland, "2019-12-26", "Boxing Day"},
    {Nation::kScotland, "2020-01-01", "New Year's Day"},
    {Nation::kScotland, "2020-01-02", "2nd January"},
    {Nation::kScotland, "2020-04-10", "Good Friday"},
    {Nation::kScotland, "2020-05-08", "Early May bank holiday (VE day)"},
    {Nation::kScotland, "2020-05-25", "Spring bank holiday"},
    {Nation::kScotland, "2020-08-03", "Summer bank holiday"},
    {Nation::kScotland, "2020-11-30", "St Andrew's Day"},
    {Nation::kScotland, "2020-12-25", "Christmas Day"},
    {Nation::kScotland, "2020-12-28", "Boxing Day (substitute day)"},
    {Nation::kScotland, "2021-01-01", "New Year's Day"},
    {Nation::kScotland, "2021-01-04", "2nd January (substitute day)"},
    {Nation::kScotland, "2021-04-02", "Good Friday"},
    {Nation::kScotland, "2021-05-03", "Early May bank holiday"},
    {Nation::kScotland, "2021-05-31", "Spring bank holiday"},
    {Nation::kScotland, "2021-08-02", "Summer bank holiday"},
    {Nation::kScotland, "2021-11-30", "St Andrew's Day"},
    {Nation::kScotland, "2021-12-27", "Christmas Day (substitute day)"},
    {Nation::kScotland, "2021-12-28", "Boxing Day (substitute day)"},
    {Nation::kScotland, "2022-01-03", "New Year's Day (substitute day)"},
    {Nation::kScotland, "2022-01-04", "2nd January (substitute day)"},
    {Nation::kScotland, "2022-04-15", "Good Friday"},
    {Nation::kScotland, "2022-05-02", "Early May bank holiday"},
    {Nation::kScotland, "2022-06-02", "Spring bank holiday"},
    {Nation::kScotland, "2022-06-03", "Platinum Jubilee bank holiday"},
    {Nation::kScotland, "2022-08-01", "Summer bank holiday"},
    {Nation::kScotland, "2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"},
    {Nation::kScotland, "2022-11-30", "St Andrew's Day"},
    {Nation::kScotland, "2022-12-26", "Boxing Day"},
    {Nation::kScotland, "2022-12-27", "Christmas Day (substitute day)"},
    {Nation::kScotland, "2023-01-02", "New Year's Day (substitute day)"},
    {Nation::kScotland, "2023-01-03", "2nd January (substitute day)"},
    {Nation::kScotland, "2023-04-07", "Good Friday"},
    {Nation::kScotland, "2023-05-01", "Early May bank holiday"},
    {Nation::kScotland, "2023-05-08", "Bank holiday for the coronation of King Charles III"},
    {Nation::kScotland, "2023-05-29", "Spring bank holiday"},
    {Nation::kScotland, "2023-08-07", "Summer bank holiday"},
    {Nation::kScotland, "2023-11-30", "St Andrew's Day"},
    {Nation::kScotland, "2023-12-25", "Christmas Day"},
    {Nation::kScotland, "2023-12-26", "Boxing Day"},
    {Nation::kScotland, "2024-01-01", "New Year's Day"},
    {Nation::kScotland, "2024-01-02", "2nd January"},
    {Nation::kScotland, "2024-03-29", "Good Friday"},
    {Nation::kScotland, "2024-05-06", "Early May bank holiday"},
    {Nation::kScotland, "2024-05-27", "Spring bank holiday"},
    {Nation::kScotland, "2024-08-05", "Summer bank holiday"},
    {Nation::kScotland, "2024-12-02", "St Andrew's Day (substitute day)"},
    {Nation::kScotland, "2024-12-25", "Christmas Day"},
    {Nation::kScotland, "2024-12-26", "Boxing Day"},
    {Nation::kScotland, "2025-01-01", "New Year's Day"},
    {Nation::kScotland, "2025-01-02", "2nd January"},
    {Nation::kScotland, "2025-04-18", "Good Friday"},
    {Nation::kScotland, "2025-05-05", "Early May bank holiday"},
    {Nation::kScotland, "2025-05-26", "Spring bank holiday"},
    {Nation::kScotland, "2025-08-04", "Summer bank holiday"},
    {Nation::kScotland, "2025-12-01", "St Andrew's Day (substitute day)"},
    {Nation::kScotland, "2025-12-25", "Christmas Day"},
    {Nation::kScotland, "2025-12-26", "Boxing Day"},
    {Nation::kScotland, "2026-01-01", "New Year's Day"},
    {Nation::kScotland, "2026-01-02", "2nd January"},
    {Nation::kScotland, "2026-04-03", "Good Friday"},
    {Nation::kScotland, "2026-05-04", "Early May bank holiday"},
    {Nation::kScotland, "2026-05-25", "Spring bank holiday"},
    {Nation::kScotland, "2026-08-03", "Summer bank holiday"},
    {Nation::kScotland, "2026-11-30", "St Andrew's Day"},
    {Nation::kScotland, "2026-12-25", "Christmas Day"},
    {Nation::kScotland, "2026-12-28", "Boxing Day (substitute day)"},
    {Nation::kScotland, "2027-01-01", "New Year's Day"},
    {Nation::kScotland, "2027-01-04", "2nd January (substitute day)"},
    {Nation::kScotland, "2027-03-26", "Good Friday"},
    {Nation::kScotland, "2027-05-03", "Early May bank holiday"},
    {Nation::kScotland, "2027-05-31", "Spring bank holiday"},
    {Nation::kScotland, "2027-08-02", "Summer bank holiday"},
    {Nation::kScotland, "2027-11-30", "St Andrew's Day"},
    {Nation::kScotland, "2027-12-27", "Christmas Day (substitute day)"},
    {Nation::kScotland, "2027-12-28", "Boxing Day (substitute day)"},
    {Nation::kNorthernIreland, "2018-01-01", "New Year's Day"},
    {Nation::kNorthernIreland, "2018-03-19", "St Patrick's Day (substitute day)"},
    {Nation::kNorthernIreland, "2018-03-30", "Good Friday"},
    {Nation::kNorthernIreland, "2018-04-02", "Easter Monday"},
    {Nation::kNorthernIreland, "2018-05-07", "Early May bank holiday"},
    {Nation::kNorthernIreland, "2018-05-28", "Spring bank holiday"},
    {Nation::kNorthernIreland, "2018-07-12", "Battle of the Boyne (Orangemen's Day)"},
    {Nation::kNorthernIreland, "2018-08-27", "Summer bank holiday"},
    {Nation::kNorthernIreland, "2018-12-25", "Christmas Day"},
    {Nation::kNorthernIreland, "2018-12-26", "Boxing Day"},
    {Nation::kNorthernIreland, "2019-01-01", "New Year's Day"},
    {Nation::kNorthernIreland, "2019-03-18", "St Patrick's Day (substitute day)"},
    {Nation::kNorthernIreland, "2019-04-19", "Good Friday"},
    {Nation::kNorthernIreland, "2019-04-22", "Easter Monday"},
    {Nation::kNorthernIreland, "2019-05-06", "Early May bank holiday"},
    {Nation::kNorthernIreland, "2019-05-27", "Spring bank holiday"},
    {Nation::kNorthernIreland, "2019-07-12", "Battle of the Boyne (Orangemen's Day)"},
    {Nation::kNorthernIreland, "2019-08-26", "Summer bank holiday"},
    {Nation::kNorthernIreland, "2019-12-25", "Christmas Day"},
    {Nation::kNorthernIreland, "2019-12-26", "Boxing Day"},
    {Nation::kNorthernIreland, "2020-01-01", "New Year's Day"},
    {Nation::kNorthernIreland, "2020-03-17", "St Patrick's Day"},
    {Nation::kNorthernIreland, "2020-04-10", "Good Friday"},
    {Nation::kNorthernIreland, "2020-04-13", "Easter Monday"},
    {Nation::kNorthernIreland, "2020-05-08", "Early May bank holiday (VE day)"},
    {Nation::kNorthernIreland, "2020-05-25", "Spring bank holiday"},
    {Nation::kNorthernIreland, "2020-07-13", "Battle of the Boyne (Orangemen's Day) (substitute day)"},
    {Nation::kNorthernIreland, "2020-08-31", "Summer bank holiday"},
    {Nation::kNorthernIreland, "2020-12-25", "Christmas Day"},
    {Nation::kNorthernIreland, "2020-12-28", "Boxing Day (substitute day)"},
    {Nation::kNorthernIreland, "2021-01-01", "New Year's Day"},
    {Nation::kNorthernIreland, "2021-03-17", "St Patrick's Day"},
    {Nation::kNorthernIreland, "2021-04-02", "Good Friday"},
    {Nation::kNorthernIreland, "2021-04-05", "Easter Monday"},
    {Nation::kNorthernIreland, "2021-05-03", "Early May bank holiday"},
    {Nation::kNorthernIreland, "2021-05-31", "Spring bank holiday"},
    {Nation::kNorthernIreland, "2021-07-12", "Battle of the Boyne (Orangemen's Day)"},
    {Nation::kNorthernIreland, "2021-08-30", "Summer bank holiday"},
    {Nation::kNorthernIreland, "2021-12-27", "Christmas Day (substitute day)"},
    {Nation::kNorthernIreland, "2021-12-28", "Boxing Day (substitute day)"},
    {Nation::kNorthernIreland, "2022-01-03", "New Year's Day (substitute day)"},
    {Nation::kNorthernIreland, "2022-03-17", "St Patrick's Day"},
    {Nation::kNorthernIreland, "2022-04-15", "Good Friday"},
    {Nation::kNorthernIreland, "2022-04-18", "Easter Monday"},
    {Nation::kNorthernIreland, "2022-05-02", "Early May bank holiday"},
    {Nation::kNorthernIreland, "2022-06-02", "Spring bank holiday"},
    {Nation::kNorthernIreland, "2022-06-03", "Platinum Jubilee bank holiday"},
    {Nation::kNorthernIreland, "2022-07-12", "Battle of the Boyne (Orangemen's Day)"},
    {Nation::kNorthernIreland, "2022-08-29", "Summer bank holiday"},
    {Nation::kNorthernIreland, "2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"},
    {Nation::kNorthernIreland, "2022-12-26", "Boxing Day"},
    {Nation::kNorthernIreland, "2022-12-27", "Christmas Day (substitute day)"},
    {Nation::kNorthernIreland, "2023-01-02", "New Year's Day (substitute day)"},
    {Nation::kNorthernIreland, "2023-03-17", "St Patrick's Day"},
    {Nation::kNorthernIreland, "2023-04-07", "Good Friday"},
    {Nation::kNorthernIreland, "2023-04-10", "Easter Monday"},
    {Nation::kNorthernIreland, "2023-05-01", "Early May bank holiday"},
    {Nation::kNorthernIreland, "2023-05-08", "Bank holiday for the coronation of King Charles III"},
    {Nation::kNorthernIreland, "2023-05-29", "Spring bank holiday"},
    {Nation::kNorthernIreland, "2023-07-12", "Battle of the Boyne (Orangemen's Day)"},
    {Nation::kNorthernIreland, "2023-08-28", "Summer bank holiday"},
    {Nation::kNorthernIreland, "2023-12-25", "Christmas Day"},
    {Nation::kNorthernIreland, "2023-12-26", "Boxing Day"},
    {Nation::kNorthernIreland, "2024-01-01", "New Year's Day"},
    {Nation::kNorthernIreland, "2024-03-18", "St Patrick's Day (substitute day)"},
    {Nation::kNorthernIreland, "2024-03-29", "Good Friday"},
    {Nation::kNorthernIreland, "2024-04-01", "Easter Monday"},
    {Nation::kNorthernIreland, "2024-05-06", "Early May bank holiday"},
    {Nation::kNorthernIreland, "2024-05-27", "Spring bank holiday"},
    {Nation::kNorthernIreland, "2024-07-12", "Battle of the Boyne (Orangemen's Day)"},
    {Nation::kNorthernIreland, "2024-08-26", "Summer bank holiday"},
    {Nation::kNorthernIreland, "2024-12-25", "Christmas Day"},
    {Nation::kNorthernIreland, "2024-12-26", "Boxing Day"},
    {Nation::kNorthernIreland, "2025-01-01", "New Year's Day"},
    {Nation::kNorthernIreland, "2025-03-17", "St Patrick's Day"},
    {Nation::kNorthernIreland, "2025-04-18", "Good Friday"},
    {Nation::kNorthernIreland, "2025-04-21", "Easter Monday"},
    {Nation::kNorthernIreland, "2025-05-05", "Early May bank holiday"},
    {Nation::kNorthernIreland, "2025-05-26", "Spring bank holiday"},
    {Nation::kNorthernIreland, "2025-07-14", "Battle of the Boyne (Orangemen's Day) (substitute day)"},
    {Nation::kNorthernIreland, "2025-08-25", "Summer bank holiday"},
    {Nation::kNorthernIreland, "2025-12-25", "Christmas Day"},
    {Nation::kNorthernIreland, "2025-12-26", "Boxing Day"},
    {Nation::kNorthernIreland, "2026-01-01", "New Year's Day"},
    {Nation::kNorthernIreland, "2026-03-17", "St Patrick's Day"},
    {Nation::kNorthernIreland, "2026-04-03", "Good Friday"},
    {Nation::kNorthernIreland, "2026-04-06", "Easter Monday"},
    {Nation::kNorthernIreland, "2026-05-04", "Early May bank holiday"},
    {Nation::kNorthernIreland, "2026-05-25", "Spring bank holiday"},
    {Nation::kNorthernIreland, "2026-07-13", "Battle of the Boyne (Orangemen's Day) (substitute day)"},
    {Nation::kNorthernIreland, "2026-08-31", "Summer bank holiday"},
    {Nation::kNorthernIreland, "2026-12-25", "Christmas Day"},
    {Nation::kNorthernIreland, "2026-12-28", "Boxing Day (substitute day)"},
    {Nation::kNorthernIreland, "2027-01-01", "New Year's Day"},
    {Nation::kNorthernIreland, "2027-03-17", "St Patrick's Day"},
    {Nation::kNorthernIreland, "2027-03-26", "Good Friday"},
    {Nation::kNorthernIreland, "2027-03-29", "Easter Monday"},
    {Nation::kNorthernIreland, "2027-05-03", "Early May bank holiday"},
    {Nation::kNorthernIreland, "2027-05-31", "Spring bank holiday"},
    {Nation::kNorthernIreland, "2027-07-12", "Battle of the Boyne (Orangemen's Day)"},
    {Nation::kNorthernIreland, "2027-08-30", "Summer bank holiday"},
    {Nation::kNorthernIreland, "2027-12-27", "Christmas Day (substitute day)"},
    {Nation::kNorthernIreland, "2027-12-28", "Boxing Day (substitute day)"},
};

TEST(BankHolidays, MatchGovUkListsFor2018To2027) {
  std::map<std::pair<Nation, int>, std::vector<Holiday>> expected;
  for (const auto& p : kGovUk) {
    Date d = D(p.date);
    expected[{p.nation, static_cast<int>(year_month_day{d}.year())}].push_back({d, p.name});
  }
  for (Nation n : kNations) {
    for (int y = 2018; y <= 2027; ++y) {
      EXPECT_EQ(bankHolidays(n, y), (expected[{n, y}])) << nationSlug(n) << " " << y;
    }
  }
}

TEST(BankHolidays, EasterAgainstKnownDates) {
  const std::pair<int, const char*> known[] = {
      {1995, "1995-04-16"}, {2000, "2000-04-23"}, {2008, "2008-03-23"}, {2011, "2011-04-24"},
      {2019, "2019-04-21"}, {2024, "2024-03-31"}, {2025, "2025-04-20"}, {2038, "2038-04-25"},
      {2099, "2099-04-12"}, {2100, "2100-03-28"}, {1818, "1818-03-22"}, {2285, "2285-03-22"},
      {1943, "1943-04-25"}};
  for (auto [y, d] : known) EXPECT_EQ(easterSunday(y), D(d)) << y;
}

TEST(BankHolidays, EasterIsASundayBetween22MarchAnd25April) {
  for (int y = kFirstCalendarYear; y <= kLastCalendarYear; ++y) {
    Date e = easterSunday(y);
    EXPECT_EQ(weekday{e}, Sunday) << y;
    EXPECT_GE(e, sys_days{year{y} / March / 22}) << y;
    EXPECT_LE(e, sys_days{year{y} / April / 25}) << y;
  }
}

// How far a proclamation year differs from the usual count.
int extraDays(Nation n, int y) {
  // Scotland, 2010 and 2011: no Mon 4 Jan substitute was proclaimed.
  int no_4_jan = n == Nation::kScotland && (y == 2010 || y == 2011) ? -1 : 0;
  switch (y) {
    case 1999: case 2002: case 2011: case 2012: case 2023: return 1 + no_4_jan;
    case 2022: return 2;
    default: return no_4_jan;
  }
}

int usualCount(Nation n, int y) {
  switch (n) {
    case Nation::kEnglandAndWales: return 8;
    case Nation::kScotland: return y >= 2007 ? 9 : 8;
    case Nation::kNorthernIreland: return 10;
  }
  return 0;
}

TEST(BankHolidays, CountsPerYear1995To2100) {
  for (Nation n : kNations) {
    for (int y = kFirstCalendarYear; y <= kLastCalendarYear; ++y) {
      int expected = usualCount(n, y) + extraDays(n, y);
      EXPECT_EQ(static_cast<int>(bankHolidays(n, y).size()), expected)
          << nationSlug(n) << " " << y;
    }
  }
}

TEST(BankHolidays, EveryHolidayIsAWeekdayOfItsYearSortedAndDistinct) {
  for (Nation n : kNations) {
    for (int y = kFirstCalendarYear; y <= kLastCalendarYear; ++y) {
      auto hs = bankHolidays(n, y);
      std::set<Date> seen;
      for (size_t i = 0; i < hs.size(); ++i) {
        weekday w{hs[i].date};
        EXPECT_TRUE(w != Saturday && w != Sunday) << hs[i].name << " " << formatDate(hs[i].date);
        EXPECT_EQ(year_month_day{hs[i].date}.year(), year{y});
        EXPECT_TRUE(seen.insert(hs[i].date).second) << formatDate(hs[i].date);
        if (i > 0) {
          EXPECT_LT(hs[i - 1].date, hs[i].date);
        }
        EXPECT_FALSE(hs[i].name.empty());
      }
    }
  }
}

bool has(const std::vector<Holiday>& hs, Date d, std::string_view name = {}) {
  for (const auto& h : hs) {
    if (h.date == d && (name.empty() || h.name == name)) return true;
  }
  return false;
}

TEST(BankHolidays, RuleDaysPresentInOrdinaryYears) {
  for (Nation n : kNations) {
    for (int y = kFirstCalendarYear; y <= kLastCalendarYear; ++y) {
      auto hs = bankHolidays(n, y);
      Date easter = easterSunday(y);
      EXPECT_TRUE(has(hs, easter - days{2}, "Good Friday")) << y;
      EXPECT_EQ(has(hs, easter + days{1}, "Easter Monday"), n != Nation::kScotland) << y;
      Date summer = n == Nation::kScotland ? sys_days{year{y} / August / Monday[1]}
                                           : sys_days{year{y} / August / Monday[last]};
      EXPECT_TRUE(has(hs, summer, "Summer bank holiday")) << y;
      bool moved_early_may = y == 1995 || y == 2020;
      EXPECT_EQ(has(hs, sys_days{year{y} / May / Monday[1]}), !moved_early_may) << y;
      bool moved_spring = y == 2002 || y == 2012 || y == 2022;
      EXPECT_EQ(has(hs, sys_days{year{y} / May / Monday[last]}), !moved_spring) << y;
    }
  }
}

TEST(BankHolidays, SubstituteDaysFollowTheirWeekendHoliday) {
  for (Nation n : kNations) {
    for (int y = kFirstCalendarYear; y <= kLastCalendarYear; ++y) {
      for (const auto& h : bankHolidays(n, y)) {
        if (h.name.find("(substitute day)") == std::string::npos) continue;
        // The Monday or Tuesday after the weekend (or Mon 4 Jun 2012, a moved spring holiday).
        weekday w{h.date};
        EXPECT_TRUE(w == Monday || w == Tuesday) << h.name << " " << formatDate(h.date);
      }
    }
  }
}

TEST(BankHolidays, ChristmasAtTheWeekend) {
  // 2004 and 2010: Christmas on a Saturday -> Mon 27 and Tue 28.
  for (int y : {2004, 2010}) {
    auto hs = bankHolidays(Nation::kEnglandAndWales, y);
    EXPECT_TRUE(has(hs, sys_days{year{y} / 12 / 27}, "Christmas Day (substitute day)"));
    EXPECT_TRUE(has(hs, sys_days{year{y} / 12 / 28}, "Boxing Day (substitute day)"));
  }
  // 2016: Christmas on a Sunday -> Boxing Day Mon 26, Christmas substitute Tue 27.
  auto hs = bankHolidays(Nation::kEnglandAndWales, 2016);
  EXPECT_TRUE(has(hs, D("2016-12-26"), "Boxing Day"));
  EXPECT_TRUE(has(hs, D("2016-12-27"), "Christmas Day (substitute day)"));
}

TEST(BankHolidays, ScottishNewYear) {
  auto s = [](int y) { return bankHolidays(Nation::kScotland, y); };
  // 1 Jan Saturday: Mon 3 and Tue 4 Jan (2000, 2005).
  for (int y : {2000, 2005}) {
    EXPECT_TRUE(has(s(y), sys_days{year{y} / 1 / 3}, "New Year's Day (substitute day)")) << y;
    EXPECT_TRUE(has(s(y), sys_days{year{y} / 1 / 4}, "2nd January (substitute day)")) << y;
  }
  // 1 Jan Friday (1999): Fri 1 and Mon 4 Jan (the 1998 proclamation appointed Mon 4 Jan 1999).
  EXPECT_TRUE(has(s(1999), D("1999-01-01"), "New Year's Day"));
  EXPECT_TRUE(has(s(1999), D("1999-01-04"), "2nd January (substitute day)"));
  // 2010 and 2011: no proclamation for Mon 4 Jan, so it was not a bank holiday.
  EXPECT_FALSE(has(s(2010), D("2010-01-04")));
  EXPECT_TRUE(has(s(2011), D("2011-01-03")));
  EXPECT_FALSE(has(s(2011), D("2011-01-04")));
  // 1 Jan Sunday (2012, 2017): Mon 2 and Tue 3 Jan.
  EXPECT_TRUE(has(s(2017), D("2017-01-02")));
  EXPECT_TRUE(has(s(2017), D("2017-01-03")));
  // England and Wales: a single New Year holiday.
  EXPECT_TRUE(has(bankHolidays(Nation::kEnglandAndWales, 2000), D("2000-01-03")));
  EXPECT_FALSE(has(bankHolidays(Nation::kEnglandAndWales, 2000), D("2000-01-04")));
}

TEST(BankHolidays, StAndrewsDayOnlyFrom2007) {
  EXPECT_FALSE(has(bankHolidays(Nation::kScotland, 2006), D("2006-11-30")));
  EXPECT_TRUE(has(bankHolidays(Nation::kScotland, 2007), D("2007-11-30"), "St Andrew's Day"));
  EXPECT_FALSE(has(bankHolidays(Nation::kEnglandAndWales, 2007), D("2007-11-30")));
}

TEST(BankHolidays, Proclamations) {
  for (Nation n : kNations) {
    auto h = [n](int y) { return bankHolidays(n, y); };
    EXPECT_TRUE(has(h(1995), D("1995-05-08"), "Early May bank holiday (VE day)"));
    EXPECT_FALSE(has(h(1995), D("1995-05-01")));
    EXPECT_TRUE(has(h(1999), D("1999-12-31"), "Millennium Day"));
    EXPECT_TRUE(has(h(1999), D("1999-12-27"), "Christmas Day (substitute day)"));
    EXPECT_TRUE(has(h(1999), D("1999-12-28"), "Boxing Day (substitute day)"));
    EXPECT_TRUE(has(h(2000), D("2000-01-03")));
    EXPECT_TRUE(has(h(2002), D("2002-06-03"), "Golden Jubilee bank holiday"));
    EXPECT_TRUE(has(h(2002), D("2002-06-04"), "Spring bank holiday"));
    EXPECT_FALSE(has(h(2002), D("2002-05-27")));
    EXPECT_TRUE(has(h(2011), D("2011-04-29"), "Royal wedding bank holiday"));
    EXPECT_TRUE(has(h(2012), D("2012-06-04"), "Spring bank holiday (substitute day)"));
    EXPECT_TRUE(has(h(2012), D("2012-06-05"), "Queen's Diamond Jubilee"));
    EXPECT_FALSE(has(h(2012), D("2012-05-28")));
    EXPECT_TRUE(has(h(2020), D("2020-05-08")));
    EXPECT_FALSE(has(h(2020), D("2020-05-04")));
    EXPECT_TRUE(has(h(2022), D("2022-06-02")));
    EXPECT_TRUE(has(h(2022), D("2022-06-03")));
    EXPECT_FALSE(has(h(2022), D("2022-05-30")));
    EXPECT_TRUE(has(h(2022), D("2022-09-19")));
    EXPECT_TRUE(has(h(2023), D("2023-05-08")));
    EXPECT_TRUE(has(h(2023), D("2023-05-01"), "Early May bank holiday"));
  }
}

TEST(BankHolidays, Year1995EnglandAndWalesInFull) {
  std::vector<Holiday> want = {{D("1995-01-02"), "New Year's Day (substitute day)"},
                               {D("1995-04-14"), "Good Friday"},
                               {D("1995-04-17"), "Easter Monday"},
                               {D("1995-05-08"), "Early May bank holiday (VE day)"},
                               {D("1995-05-29"), "Spring bank holiday"},
                               {D("1995-08-28"), "Summer bank holiday"},
                               {D("1995-12-25"), "Christmas Day"},
                               {D("1995-12-26"), "Boxing Day"}};
  EXPECT_EQ(bankHolidays(Nation::kEnglandAndWales, 1995), want);
}

TEST(BankHolidays, OutOfRangeYearsDoNotCrash) {
  EXPECT_TRUE(bankHolidays(Nation::kEnglandAndWales, 0).empty());
  EXPECT_TRUE(bankHolidays(Nation::kEnglandAndWales, 40000).empty());
  EXPECT_EQ(bankHolidays(Nation::kEnglandAndWales, 2101).size(), 8u);
}

TEST(Nation, ParsesSlugsAndRefusesOthers) {
  for (Nation n : kNations) EXPECT_EQ(parseNation(nationSlug(n)).value(), n);
  EXPECT_EQ(nationName(Nation::kEnglandAndWales), "England and Wales");
  auto bad = parseNation("wales", "landlord.nation");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(bad.error().field, "landlord.nation");
}

}  // namespace
}  // namespace charter
