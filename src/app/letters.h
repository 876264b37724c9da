// Letters to residents: acknowledgement, extension, stage 1 response, refusal, stage 2
// acknowledgement and stage 2 final response.
//
// A letter is rendered from a Mustache template (templates/letters/<kind>.mustache, which a
// landlord may override with a file of the same name in its own folder) with the case's data,
// then checked against what the Code requires that letter to say (R19, R22, R23; Code 2.4,
// 5.6-5.7, 6.4-6.5, 6.9, 6.16, 6.19). A requirement is met only when the case has the content
// AND the rendered letter carries it (the template marks each section with data-code="..."), so
// an edited template that drops a section is refused too. Refusals name every missing item.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/case_service.h"
#include "domain/letters_owed.h"
#include "util/i18n.h"
#include "util/result.h"

namespace charter {

// One thing the Code requires a letter to say.
struct Requirement {
  std::string id;     // the data-code marker: "complaint-definition"
  std::string label;  // "the complaint definition (the issues and the outcomes sought)"
  std::string provision;  // "Code 5.6"
};
const std::vector<Requirement>& requirementsFor(LetterKind k);

// Where letter templates come from: the landlord's folder first, then the built-in one.
class LetterTemplates {
 public:
  explicit LetterTemplates(std::vector<std::filesystem::path> folders);
  // The template text for a name ("stage1_response", or a partial such as "ombudsman"), in
  // `lang`: Welsh templates are in each folder's cy/ subfolder. kNotFound when there is none
  // (a Welsh letter never falls back to the English template).
  Result<std::string> load(std::string_view name, i18n::Lang lang = i18n::Lang::kEn) const;

 private:
  std::vector<std::filesystem::path> folders_;
};

// Who signs a letter: the person issuing it, by name and job title. An empty name signs for
// the landlord's complaints team (an API token, or an account with no name of its own).
struct Signer {
  std::string name;
  std::string job_title;
};

// The data a template sees (documented in templates/letters/README.md), in `lang`: its
// "language" ("en", "cy") picks the templates, and the title, stage, findings, remedies, dates
// and salutation come from the catalogue (util/i18n.h) in that language.
// The Ombudsman's contact details for a letter in `lang`: the policy's ombudsman_contact, or in
// Welsh its ombudsman_contact_cy; when a policy gives no Welsh, its English with the labels
// ("Telephone", "Email", "Website", "Housing Ombudsman Service") put into Welsh.
std::string ombudsmanContact(const Policy& policy, i18n::Lang lang);

nlohmann::json letterData(LetterKind kind, const CaseView& view, const Policy& policy,
                          std::string_view landlord_name, Date today, const Signer& signer = {},
                          i18n::Lang lang = i18n::Lang::kEn);

struct RenderedLetter {
  LetterKind kind{};
  std::string title;
  std::string html;                 // the letter's HTML fragment (no page chrome)
  std::vector<std::string> missing; // requirement labels not met; empty = may be issued
};

// Renders the template `name` (with the letter partials) with `data`, unchecked: for letters
// the Code does not list, such as the contact warning and restriction letters
// (app/restriction_letters.h). kInvalid for a broken template.
Result<std::string> renderLetterTemplate(std::string_view name, const nlohmann::json& data,
                                         const LetterTemplates& templates);

// Renders the letter (in data's "language") and checks it. kInvalid only for a broken
// template; kNotFound when there is no template in that language.
Result<RenderedLetter> renderLetter(LetterKind kind, const nlohmann::json& data,
                                    const LetterTemplates& templates);
// Which requirements `data` and `html` fail (the Code check on its own; exposed for tests). A
// Welsh letter (data "language" "cy") must also be marked Welsh: lang="cy" on the letter.
std::vector<std::string> missingItems(LetterKind kind, const nlohmann::json& data,
                                      std::string_view html);

// The event data stored with an issued letter: {letter, title, html, blocks}.
nlohmann::json letterEventData(const RenderedLetter& letter);
// The PDF of a stored letter (from the blocks of its HTML). `large_print`: the clear-print
// layout (20 pt sans-serif, left-aligned, 1.5 line spacing).
Result<std::string> letterPdf(const nlohmann::json& event_data, std::string_view landlord_name,
                              bool large_print = false);

// Text blocks of an HTML fragment: [{"t":"h1|h2|h3|p|li|dt|dd","s":"text"}], the text plain
// (every character reference decoded: "&apos;" is "'"), for the PDF, text, braille and audio.
nlohmann::json htmlBlocks(std::string_view html);
// The blocks of a stored letter, always derived from its HTML (so a letter stored before a
// decoding fix reads correctly too).
nlohmann::json letterBlocks(const nlohmann::json& event_data);
// Plain text with every HTML character reference decoded (named and numeric).
std::string unescapeHtml(std::string_view s);

}  // namespace charter
