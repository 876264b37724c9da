#include "app/restriction_letters.h"
#include "util/date_words.h"

#include <fmt/format.h>

namespace charter {
namespace {

using json = nlohmann::json;

std::string kindMeaning(std::string_view kind, i18n::Lang lang) {
  if (kind == "single_point_of_contact" || kind == "written_only" || kind == "set_times")
    return i18n::text(lang, "restriction_means_" + std::string(kind));
  return i18n::text(lang, "restriction_means_essential_services_only");
}

std::string kindTitle(std::string_view kind, i18n::Lang lang) {
  if (lang == i18n::Lang::kEn) return std::string(restrictionKindTitle(kind));
  const std::string key = "restriction_" + std::string(kind);
  const std::string words = i18n::text(lang, key);
  return words == key ? std::string(restrictionKindTitle(kind)) : words;
}

json baseData(const PersonRestrictions& p, const Person& resident, std::string_view landlord,
              std::string_view ombudsman, Date today, const Signer& signer,
              std::string_view title_key, i18n::Lang lang) {
  json d;
  d["language"] = std::string(i18n::code(lang));
  d["title"] = i18n::text(lang, title_key);
  d["landlord"] = std::string(landlord);
  d["reference"] = p.person_ref;
  d["date"] = i18n::formatDateFull(today, lang);
  d["resident"] = {{"name", resident.name}, {"address", resident.address}};
  d["salutation"] = resident.name.empty()
                        ? i18n::text(lang, "letter_dear_resident")
                        : fmt::format(fmt::runtime(i18n::text(lang, "letter_dear")), resident.name);
  d["ombudsman_contact"] = std::string(ombudsman);
  d["signer"] = {{"name", signer.name.empty() ? i18n::text(lang, "letter_complaints_team") : signer.name},
                 {"job_title", signer.job_title}};
  return d;
}

}  // namespace

Result<PersonLetter> personLetter(const PersonRestrictions& p, int seq, const Person& resident,
                                  std::string_view landlord_name, std::string_view ombudsman_contact,
                                  Date today, const Signer& signer,
                                  const LetterTemplates& templates, i18n::Lang lang) {
  auto date = [lang](Date d) { return i18n::formatDateFull(d, lang); };
  for (const auto& w : p.warnings) {
    if (w.seq != seq) continue;
    json d = baseData(p, resident, landlord_name, ombudsman_contact, today, signer,
                      "letter_title_contact_warning", lang);
    d["behaviour"] = w.behaviour;
    d["warned_on"] = date(w.warned_on);
    auto html = renderLetterTemplate("contact_warning", d, templates);
    if (!html) return tl::unexpected(html.error());
    return PersonLetter{d["title"].get<std::string>(), *html};
  }
  for (const auto& r : p.restrictions) {
    if (r.seq != seq) continue;
    json d = baseData(p, resident, landlord_name, ombudsman_contact, today, signer,
                      "letter_title_restriction", lang);
    d["behaviour"] = r.behaviour;
    d["immediate_reason"] = r.immediate_reason;
    d["kind_title"] = kindTitle(r.kind, lang);
    d["kind_meaning"] = kindMeaning(r.kind, lang);
    d["starts_on"] = date(r.starts_on);
    d["review_on"] = date(r.first_review_on);
    d["warned_on"] = "";
    for (const auto& w : p.warnings)
      if (!r.immediate && w.warned_on <= r.starts_on) d["warned_on"] = date(w.warned_on);
    auto html = renderLetterTemplate("restriction", d, templates);
    if (!html) return tl::unexpected(html.error());
    return PersonLetter{d["title"].get<std::string>(), *html};
  }
  return notFound(fmt::format("There is no letter {} for this person.", seq));
}

}  // namespace charter
