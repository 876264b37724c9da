// A complaint made by anyone, without an account (the Code: a complaint may be made by any
// channel): the public web form's fields, checked, then logged through the landlord's
// CaseService like every other contact: kind complaint, channel web_form, received now, the
// person as given, the summary "What happened" and "What they want us to do".
//
// Rules (each a kInvalid Error naming the form's field):
//   name           required ("required"), at most 200 characters ("too-long")
//   email, phone, address   at least one ("contact", "required"); email must hold an @ and a
//                  dot after it ("format"); phone 7..20 digits, spaces, +, ( ) or - ("format");
//                  each at most 300 characters ("too-long")
//   what_happened  required, at most 6,000 characters
//   what_you_want  required, at most 3,000 characters
// Threading: stateless; as safe as the CaseService given.
#pragma once

#include <string>
#include <vector>

#include "app/case_service.h"

namespace charter {

struct PublicComplaint {
  std::string name;
  std::string email;
  std::string phone;
  std::string address;
  std::string what_happened;
  std::string what_you_want;
};

// Every rule the complaint breaks, in the form's order; empty when it may be logged.
std::vector<Error> checkPublicComplaint(const PublicComplaint& c);

// Checks (the first broken rule is the error), then logs the complaint as received at `at`,
// recorded by the actor "public web form".
Result<CaseView> logPublicComplaint(CaseService& cases, const PublicComplaint& c, Instant at);

// The date the complaint's acknowledgement is due (its stage 1 acknowledge clock), if any.
std::optional<Date> acknowledgementDue(const CaseView& view);

}  // namespace charter
