// Words for residents in English and Welsh (cy): a small message catalogue, key -> {en, cy},
// used by the letters (titles, labels and phrases the templates do not hold) and the resident
// pages (templates read the words as {{t.<key>}}). Every key has both languages; a unit test
// fails when one lacks its Welsh. A key not in the catalogue reads as itself, so a slip shows
// on the page rather than crashing it.
//
//   i18n::text(i18n::Lang::kCy, "portal_your_cases")  // "Eich achosion"
//   i18n::formatDateFull(d, i18n::Lang::kCy)           // "dydd Gwener 18 Rhagfyr 2026"
//
// A person's language is free text in their contact preference ("cy", "Welsh", "Cymraeg",
// "Polish"): personLanguage() reads it as English, Welsh or another language (which a letter
// answers with a translation request, app/translations.h).
//
// Pure: tables in static storage, no I/O; cost: a linear scan of a few hundred entries a
// lookup. Threading: safe from any thread.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/time.h"

namespace charter::i18n {

enum class Lang { kEn, kCy };

// "en" or "cy".
std::string_view code(Lang l);
// "en"/"en-GB"/"cy"/"cy-GB" (any case) -> the language; anything else -> nullopt.
std::optional<Lang> parse(std::string_view code);

// What a person's recorded language asks for.
struct PersonLanguage {
  Lang lang = Lang::kEn;  // the language letters and pages are in
  bool other = false;     // another language: a translation is needed (lang is then kEn)
};
// "" / "en" / "English" -> English; "cy" / "Welsh" / "Cymraeg" -> Welsh; anything else is
// another language (English, with `other` set).
PersonLanguage personLanguage(std::string_view recorded);

struct Entry {
  std::string_view key;
  std::string_view en;
  std::string_view cy;
};
// Every entry, the letters' and the pages' (for tests and for building a template's words).
std::span<const Entry> entries();

// The text of `key` in `l`; the key itself when there is no such key.
std::string text(Lang l, std::string_view key);

// "Monday 7 April 2025" / "dydd Llun 7 Ebrill 2025".
std::string formatDateFull(Date d, Lang l);
// "Mon 7 Apr 2025" (util/time.h formatDateLong) / "7 Ebrill 2025".
std::string formatDateLong(Date d, Lang l);
// "Apr 2025" / "Ebrill 2025".
std::string formatMonthYear(Date d, Lang l);

}  // namespace charter::i18n
