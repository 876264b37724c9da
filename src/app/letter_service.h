// Letters on a case for a principal: the list, issuing one (with the Code content check) and
// one letter in a format (app/letter_formats.h). The JSON API and the pages share it, so
// both apply the case's authorisation: whoever may see the case may read its letters (a
// resident only their own case's), and issuing needs Permission::kIssueLetters.
//
// Errors: kNotFound for a case or letter the principal cannot see; kForbidden to issue without
// the permission; kInvalid on "letter" for an unknown kind (or on "channel", or on "reason" when
// the channel or format is not the one the person asked for and no reason is given), on "format" for
// a format this server cannot produce; kConflict (rule "content") when the letter does not say
// everything the Code requires, its message naming every missing item.
// Threading: as AuthorisedCases (any thread).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/accounts_store.h"
#include "app/authz.h"
#include "app/letter_formats.h"
#include "app/letters.h"
#include "app/translations.h"

namespace charter {

struct LetterSummary {
  int number = 0;  // the letter_issued event's sequence number on the case
  std::string kind;   // "acknowledgement"
  std::string title;  // "Acknowledgement of your complaint"
  Instant created{};
  std::optional<Instant> sent;  // when it was issued to the resident
  std::string channel;          // "post", "email", "portal", "by_hand"; empty: not recorded
  std::string signed_by;
  std::string format;  // the format it was produced in (kLetterFormats); "" before formats
  std::string reason;  // why it went otherwise than the person asked; "" when it did not
  std::string language = "en";  // the language it is in: "en" or "cy"
  // For a person whose language is neither (app/translations.h): the language it is being
  // translated into, by when, and the attachment holding the translation once it is back.
  std::string translation_language;
  std::optional<Date> translation_due;
  std::string translation_attachment;
};

// How a letter may go to the resident.
inline constexpr std::string_view kLetterChannels[] = {"post", "email", "portal", "by_hand"};

// Who signs what `who` issues: the account's display name and job title; for an API token or
// an account whose name is only its login, the complaints team (no job title).
Signer signerFor(const Principal& who);

class AttachmentService;

// The handler a letter names, as the resident reads it: a staff account's username (as typed
// in the acknowledgement's handler field) becomes the account's name ("investigator" -> "Ivy
// Okonkwo"); any other name, or none, is kept. One account look-up. Changes data["handler"].
void nameTheHandler(nlohmann::json& data, AccountStore& accounts, LandlordId landlord);

class LetterService {
 public:
  // `landlord_name`, when not empty, replaces the landlord's recorded name on letters.
  LetterService(AuthorisedCases& cases, LetterTemplates templates, std::string landlord_name = {});

  Result<std::vector<LetterSummary>> list(const Principal& who, CaseId id);
  // body: {"letter": "<kind>", "channel": optional one of kLetterChannels, "format": optional
  // one of kLetterFormats but html, "reason": text, "language": optional "en" or "cy"}. Channel
  // and format default to the person's contact preference; choosing otherwise needs "reason"
  // (kInvalid on "reason"). The language defaults to the person's: Welsh for "cy"/"Welsh"/
  // "Cymraeg"; for another language the letter is English with a translation request
  // (app/translations.h), due the policy's translation_working_days working days on.
  Result<LetterSummary> issue(const Principal& who, CaseId id, const nlohmann::json& body);
  // body: {"attachment": name of the case's attachment holding the translated letter}. Closes
  // the letter's translation request (a letter_translated event). kInvalid on "attachment" when
  // missing or not on the case; kConflict (rule "translation") when the letter has no open
  // translation request; kForbidden without Permission::kIssueLetters.
  Result<LetterSummary> attachTranslation(const Principal& who, CaseId id, int number,
                                          const nlohmann::json& body);
  // Where translated letters are looked up (the case's attachments); none: attachTranslation
  // answers kInvalid on "attachment". Set before the server takes requests.
  void setAttachments(AttachmentService* attachments) { attachments_ = attachments; }
  Result<LetterFile> file(const Principal& who, CaseId id, int number, std::string_view format);

 private:
  std::string landlordName(const Principal& who);

  AuthorisedCases& cases_;
  LetterTemplates templates_;
  std::string landlord_name_;
  AttachmentService* attachments_ = nullptr;
};

}  // namespace charter
