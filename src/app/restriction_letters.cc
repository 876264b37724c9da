#include "app/restriction_letters.h"
#include "util/date_words.h"

#include <fmt/format.h>

namespace charter {
namespace {

using json = nlohmann::json;

std::string_view kindMeaning(std::string_view kind) {
  if (kind == "single_point_of_contact")
    return "Please contact us only through the officer named in this letter; other staff will "
           "pass your calls and messages to them.";
  if (kind == "written_only") return "Please contact us only by letter or email, not by phone or in person.";
  if (kind == "set_times") return "Please contact us only at the times agreed with you.";
  return "For now we will provide only essential services, such as gas safety checks and "
         "emergency repairs.";
}

json baseData(const PersonRestrictions& p, const Person& resident, std::string_view landlord,
              std::string_view ombudsman, Date today, const Signer& signer, std::string title) {
  json d;
  d["title"] = title;
  d["landlord"] = std::string(landlord);
  d["reference"] = p.person_ref;
  d["date"] = formatDateFull(today);
  d["resident"] = {{"name", resident.name}, {"address", resident.address}};
  d["salutation"] = resident.name.empty() ? "Dear resident" : "Dear " + resident.name;
  d["ombudsman_contact"] = std::string(ombudsman);
  d["signer"] = {{"name", signer.name.empty() ? "The complaints team" : signer.name},
                 {"job_title", signer.job_title}};
  return d;
}

}  // namespace

Result<PersonLetter> personLetter(const PersonRestrictions& p, int seq, const Person& resident,
                                  std::string_view landlord_name, std::string_view ombudsman_contact,
                                  Date today, const Signer& signer,
                                  const LetterTemplates& templates) {
  for (const auto& w : p.warnings) {
    if (w.seq != seq) continue;
    json d = baseData(p, resident, landlord_name, ombudsman_contact, today, signer,
                      "A warning about your behaviour");
    d["behaviour"] = w.behaviour;
    d["warned_on"] = formatDateFull(w.warned_on);
    auto html = renderLetterTemplate("contact_warning", d, templates);
    if (!html) return tl::unexpected(html.error());
    return PersonLetter{d["title"].get<std::string>(), *html};
  }
  for (const auto& r : p.restrictions) {
    if (r.seq != seq) continue;
    json d = baseData(p, resident, landlord_name, ombudsman_contact, today, signer,
                      "How you can contact us: our decision");
    d["behaviour"] = r.behaviour;
    d["immediate_reason"] = r.immediate_reason;
    d["kind_title"] = std::string(restrictionKindTitle(r.kind));
    d["kind_meaning"] = std::string(kindMeaning(r.kind));
    d["starts_on"] = formatDateFull(r.starts_on);
    d["review_on"] = formatDateFull(r.first_review_on);
    d["warned_on"] = "";
    for (const auto& w : p.warnings)
      if (!r.immediate && w.warned_on <= r.starts_on) d["warned_on"] = formatDateFull(w.warned_on);
    auto html = renderLetterTemplate("restriction", d, templates);
    if (!html) return tl::unexpected(html.error());
    return PersonLetter{d["title"].get<std::string>(), *html};
  }
  return notFound(fmt::format("There is no letter {} for this person.", seq));
}

}  // namespace charter
