// The message catalogue (util/i18n.h): every key in both languages, Welsh dates, languages.
#include "util/i18n.h"

#include <set>

#include <gtest/gtest.h>

namespace charter::i18n {
namespace {

Date day(const char* text) { return *parseDate(text); }

TEST(I18n, EveryKeyHasItsWelsh) {
  for (const auto& e : entries()) {
    EXPECT_FALSE(e.cy.empty()) << e.key << " has no Welsh";
    // A phrase left in English ("PDF" may be the same in both; a sentence may not).
    if (e.en.size() > 16) EXPECT_NE(e.en, e.cy) << e.key << " is English in its Welsh";
  }
}

TEST(I18n, KeysAreUnique) {
  std::set<std::string_view> seen;
  for (const auto& e : entries()) EXPECT_TRUE(seen.insert(e.key).second) << e.key << " twice";
}

TEST(I18n, TextPicksTheLanguageAndAnUnknownKeyReadsAsItself) {
  EXPECT_EQ(text(Lang::kEn, "nav_your_cases"), "Your cases");
  EXPECT_EQ(text(Lang::kCy, "nav_your_cases"), "Eich achosion");
  EXPECT_EQ(text(Lang::kCy, "no_such_key"), "no_such_key");
}

TEST(I18n, WelshDatesInFull) {
  EXPECT_EQ(formatDateFull(day("2026-12-18"), Lang::kCy), "dydd Gwener 18 Rhagfyr 2026");
  EXPECT_EQ(formatDateFull(day("2025-04-07"), Lang::kCy), "dydd Llun 7 Ebrill 2025");
  EXPECT_EQ(formatDateFull(day("2026-03-01"), Lang::kCy), "dydd Sul 1 Mawrth 2026");
  EXPECT_EQ(formatDateFull(day("2026-07-04"), Lang::kCy), "dydd Sadwrn 4 Gorffennaf 2026");
  EXPECT_EQ(formatDateFull(day("2026-12-18"), Lang::kEn), "Friday 18 December 2026");
}

TEST(I18n, WelshLongDatesAndMonths) {
  EXPECT_EQ(formatDateLong(day("2025-06-02"), Lang::kCy), "2 Mehefin 2025");
  EXPECT_EQ(formatDateLong(day("2025-06-02"), Lang::kEn), "Mon 2 Jun 2025");
  EXPECT_EQ(formatMonthYear(day("2025-06-02"), Lang::kCy), "Mehefin 2025");
  EXPECT_EQ(formatMonthYear(day("2025-06-02"), Lang::kEn), "Jun 2025");
}

TEST(I18n, PersonLanguageReadsWhatPeopleWrite) {
  EXPECT_EQ(personLanguage("cy").lang, Lang::kCy);
  EXPECT_EQ(personLanguage(" Welsh ").lang, Lang::kCy);
  EXPECT_EQ(personLanguage("Cymraeg").lang, Lang::kCy);
  EXPECT_FALSE(personLanguage("").other);
  EXPECT_FALSE(personLanguage("English").other);
  EXPECT_TRUE(personLanguage("Polish").other);
  EXPECT_EQ(personLanguage("Polish").lang, Lang::kEn);
  EXPECT_EQ(parse("CY"), Lang::kCy);
  EXPECT_EQ(parse("fr"), std::nullopt);
}

}  // namespace
}  // namespace charter::i18n
