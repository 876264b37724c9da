// How a person wants to hear from the landlord (domain/case.h ContactPreference), used rather
// than only recorded: changed on a case as an event, checked for its review date (Code 5.10),
// and turned into the default channel and format of a letter, with the reason the sender gives
// when they choose otherwise.
//
// `change_contact_preference` (a lifecycle action, any time, also on a finished case) replaces
// the whole preference: channel (kContactChannels), format (kContactFormats), language (text),
// needs_interpreter (true/false), review_date (an ISO date, not before the day of the change),
// reason (optional text). A field left out is cleared. Bad values are kInvalid naming the field.
// The event `contact_preference_changed` carries {"contact": contactJson(new), "before":
// contactJson(old), "reason"}; folding it sets Person::contact.
//
// A letter goes by the preferred channel and in the preferred format unless the sender says
// why not: letterChoice() is kInvalid on "reason" (rule "required") when either differs from
// the preference and no reason is given.
//
// Pure: no I/O, no clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/aftercare.h"
#include "domain/case.h"
#include "domain/fields.h"

namespace charter {

namespace event_type {
inline constexpr std::string_view kContactPreferenceChanged = "contact_preference_changed";
}  // namespace event_type

// The fields of a preference, as in the API's person.contact and the action's body.
inline constexpr std::array<std::string_view, 5> kContactFields = {
    "channel", "format", "language", "needs_interpreter", "review_date"};

namespace contact {

// The preference in `r` (the fields above; absent ones empty). Errors name the field.
Result<ContactPreference> read(const fields::Reader& r);

// The day the preference fell due for review, when that is on or before `today`; nullopt when
// there is no review date or it is still ahead (Code 5.10: "Review due since ...").
std::optional<Date> reviewDueSince(const ContactPreference& c, Date today);

// change_contact_preference (see above).
Result<std::vector<Event>> change(const AftercareStep& a);

// The letter channel (app/letter_service.h kLetterChannels: post, email, portal) the preference
// asks for; "" when it names none a letter can go by (sms, phone, or not recorded).
std::string letterChannel(const ContactPreference& c);
// The letter format (app/letter_formats.h kLetterFormats) the preference asks for: large-print,
// braille or audio for those formats, otherwise pdf.
std::string letterFormat(const ContactPreference& c);

// What the sender chose for a letter, and why it differs from the preference.
struct LetterChoice {
  std::string channel;  // a letter channel, or "" when not said
  std::string format;   // a letter format, or "" when not said
  std::string reason;
};
// The letter_issued data fields for `choice` against `c`: "channel", "format" (each only when
// chosen), and when either differs from the preference "instead_of" ({"channel", "format"}: what
// was preferred) and "reason". kInvalid on "reason" when something differs and no reason is
// given, in words that say what differs.
Result<nlohmann::json> letterChoice(const ContactPreference& c, const LetterChoice& choice);

// "post", "email", ... in words: "by post", "by email", "through the online account", "by hand".
std::string letterChannelWords(std::string_view channel);
// "large-print" in words: "large print"; "pdf" and "html": "standard print".
std::string letterFormatWords(std::string_view format);

}  // namespace contact
}  // namespace charter
