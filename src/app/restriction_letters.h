// The letters of a contact warning and of a restriction (001 §4.16.8: "clearly communicated to
// the customer"): templates/letters/contact_warning.mustache and restriction.mustache, with the
// letter partials. The restriction letter gives the reasons, what the restriction means, its
// review date and how to ask for a review; the warning letter the behaviour and what follows if
// it goes on. Neither stops the resident complaining, and both say so.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app/letters.h"
#include "domain/restrictions.h"

namespace charter {

struct PersonLetter {
  std::string title;
  std::string html;
};

// The letter of the person stream's event `seq` (a warning or an imposed restriction), to
// `resident` (its name and address; the reference is the person's), in `lang` (Welsh from the
// templates' cy/ folder, its words from the catalogue, util/i18n_resident.cc; the Ombudsman's
// details as given, so pass ombudsmanContact(policy, lang)). kNotFound when `seq` is neither.
Result<PersonLetter> personLetter(const PersonRestrictions& p, int seq, const Person& resident,
                                  std::string_view landlord_name, std::string_view ombudsman_contact,
                                  Date today, const Signer& signer,
                                  const LetterTemplates& templates,
                                  i18n::Lang lang = i18n::Lang::kEn);

}  // namespace charter
