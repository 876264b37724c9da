#include "util/i18n.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "util/date_words.h"

namespace charter::i18n {

// The pages' words (util/i18n_pages.cc), the code's words for residents
// (util/i18n_resident.cc) and the public performance pages' (util/i18n_public.cc).
std::span<const Entry> pageEntries();
std::span<const Entry> residentEntries();
std::span<const Entry> publicEntries();

namespace {

// The letters' words: what letterData() puts in a letter besides the template's own text.
constexpr Entry kLetterWords[] = {
    {"letter_title_acknowledgement", "Acknowledgement of your complaint", "Cydnabod eich cwyn"},
    {"letter_title_extension", "We need more time to respond",
     "Mae angen mwy o amser arnom i ymateb"},
    {"letter_title_stage1_response", "Our stage 1 response to your complaint",
     "Ein hymateb cam 1 i'ch cwyn"},
    {"letter_title_refusal", "We cannot take your complaint forward",
     "Ni allwn fwrw ymlaen â'ch cwyn"},
    {"letter_title_stage2_acknowledgement",
     "Acknowledgement of your request for a stage 2 review",
     "Cydnabod eich cais am adolygiad cam 2"},
    {"letter_title_stage2_response", "Our final (stage 2) response",
     "Ein hymateb terfynol (cam 2)"},
    {"letter_title_issue_added", "We have added your new issue to your complaint",
     "Rydym wedi ychwanegu eich mater newydd at eich cwyn"},
    {"letter_stage", "stage {}", "Cam {}"},
    {"letter_dear", "Dear {}", "Annwyl {}"},
    {"letter_dear_resident", "Dear resident", "Annwyl breswylydd"},
    {"letter_complaints_team", "The complaints team", "Y tîm cwynion"},
    {"letter_apology", "We are sorry for what went wrong.",
     "Mae'n ddrwg gennym am yr hyn a aeth o'i le."},
    {"letter_yours_sincerely", "Yours sincerely", "Yn gywir"},
    {"finding_upheld", "Upheld", "Wedi'i chadarnhau"},
    {"finding_upheld_stage2", "Stage 1 finding upheld", "Canfyddiad cam 1 wedi'i gadarnhau"},
    {"finding_partly_upheld", "Partly upheld", "Wedi'i chadarnhau'n rhannol"},
    {"finding_not_upheld", "Not upheld", "Heb ei chadarnhau"},
    {"finding_overturned", "Stage 1 finding overturned", "Canfyddiad cam 1 wedi'i wrthdroi"},
    {"remedy_apology", "Apology", "Ymddiheuriad"},
    {"remedy_acknowledgement", "Acknowledging what went wrong", "Cydnabod beth aeth o'i le"},
    {"remedy_explanation", "An explanation, assistance or reasons",
     "Esboniad, cymorth neu resymau"},
    {"remedy_action_on_delay", "Action on the delay", "Gweithredu ar yr oedi"},
    {"remedy_reconsidered_decision", "Reconsidering or changing a decision",
     "Ailystyried neu newid penderfyniad"},
    {"remedy_record_amended", "Amending a record", "Newid cofnod"},
    {"remedy_financial", "Financial remedy", "Iawndal ariannol"},
    {"remedy_works", "Works to put things right", "Gwaith i unioni pethau"},
    {"remedy_policy_change", "A change to our policy or procedure",
     "Newid i'n polisi neu ein trefn"},
    {"pdf_page", "Page", "Tudalen"},
    {"pdf_of", "of", "o"},
    {"format_html", "Web page", "Tudalen we"},
    {"format_pdf", "PDF", "PDF"},
    {"format_text", "Plain text", "Testun plaen"},
    {"format_large-print", "Large print (PDF)", "Print bras (PDF)"},
    {"format_braille", "Braille (BRF)", "Braille (BRF)"},
    {"format_audio", "Audio (Ogg)", "Sain (Ogg)"},
};

constexpr std::array<const char*, 7> kDaysCy = {"Sul",  "Llun",   "Mawrth", "Mercher",
                                                "Iau",  "Gwener", "Sadwrn"};
constexpr std::array<const char*, 12> kMonthsCy = {
    "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai",     "Mehefin",
    "Gorffennaf", "Awst", "Medi",   "Hydref", "Tachwedd", "Rhagfyr"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::vector<Entry>& all() {
  static const std::vector<Entry> v = [] {
    std::vector<Entry> out(std::begin(kLetterWords), std::end(kLetterWords));
    for (auto more : {pageEntries(), residentEntries(), publicEntries()})
      out.insert(out.end(), more.begin(), more.end());
    return out;
  }();
  return v;
}

}  // namespace

std::string_view code(Lang l) { return l == Lang::kCy ? "cy" : "en"; }

std::optional<Lang> parse(std::string_view c) {
  const std::string s = lower(c);
  if (s == "en" || s == "en-gb") return Lang::kEn;
  if (s == "cy" || s == "cy-gb") return Lang::kCy;
  return std::nullopt;
}

PersonLanguage personLanguage(std::string_view recorded) {
  std::string s = lower(recorded);
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  if (s.empty() || s == "en" || s == "en-gb" || s == "english" || s == "saesneg") return {};
  if (s == "cy" || s == "cy-gb" || s == "welsh" || s == "cymraeg") return {Lang::kCy, false};
  return {Lang::kEn, true};
}

std::span<const Entry> entries() { return all(); }

std::string text(Lang l, std::string_view key) {
  for (const auto& e : all())
    if (e.key == key) return std::string(l == Lang::kCy && !e.cy.empty() ? e.cy : e.en);
  return std::string(key);
}

std::string formatDateFull(Date d, Lang l) {
  if (l == Lang::kEn) return charter::formatDateFull(d);
  const std::chrono::year_month_day ymd{d};
  return fmt::format("dydd {} {} {} {}", kDaysCy[std::chrono::weekday{d}.c_encoding()],
                     static_cast<unsigned>(ymd.day()),
                     kMonthsCy[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()));
}

std::string formatDateLong(Date d, Lang l) {
  if (l == Lang::kEn) return charter::formatDateLong(d);
  const std::chrono::year_month_day ymd{d};
  return fmt::format("{} {} {}", static_cast<unsigned>(ymd.day()),
                     kMonthsCy[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
}

std::string formatMonthYear(Date d, Lang l) {
  if (l == Lang::kEn) {
    const std::string s = charter::formatDateLong(d);  // "Mon 2 Jun 2025"
    const auto first = s.find(' ');
    return s.substr(s.find(' ', first + 1) + 1);
  }
  const std::chrono::year_month_day ymd{d};
  return fmt::format("{} {}", kMonthsCy[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()));
}

}  // namespace charter::i18n
