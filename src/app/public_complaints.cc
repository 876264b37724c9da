#include "app/public_complaints.h"

#include <cctype>

namespace charter {
namespace {

Error broken(std::string field, std::string rule, std::string message) {
  return Error{ErrorKind::kInvalid, std::move(field), std::move(rule), std::move(message)};
}

std::string trimmed(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

bool plausibleEmail(const std::string& e) {
  const auto at = e.find('@');
  if (at == std::string::npos || at == 0) return false;
  const auto dot = e.find('.', at + 2);
  if (dot == std::string::npos || dot + 1 >= e.size()) return false;
  for (char c : e)
    if (std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

bool plausiblePhone(const std::string& p) {
  int digits = 0;
  for (char c : p) {
    if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
    else if (c != ' ' && c != '+' && c != '(' && c != ')' && c != '-') return false;
  }
  return digits >= 7 && digits <= 20;
}

void checkContact(const PublicComplaint& c, std::vector<Error>& out) {
  if (c.email.empty() && c.phone.empty() && c.address.empty()) {
    out.push_back(broken("contact", "required",
                          "Enter at least one way to contact you: an email address, a phone "
                          "number or a postal address"));
    return;
  }
  if (!c.email.empty() && !plausibleEmail(c.email))
    out.push_back(broken("email", "format",
                          "Enter an email address in the correct format, like name@example.com"));
  if (!c.phone.empty() && !plausiblePhone(c.phone))
    out.push_back(broken("phone", "format",
                          "Enter a telephone number, like 01632 960 001 or 07700 900 982"));
  const std::pair<const char*, const std::string*> given[] = {
      {"email", &c.email}, {"phone", &c.phone}, {"address", &c.address}};
  for (const auto& [field, value] : given)
    if (value->size() > 300) out.push_back(broken(field, "too-long", "This must be 300 characters or fewer"));
}

}  // namespace

std::vector<Error> checkPublicComplaint(const PublicComplaint& c) {
  std::vector<Error> out;
  if (c.name.empty()) out.push_back(broken("name", "required", "Enter your name"));
  else if (c.name.size() > 200) out.push_back(broken("name", "too-long", "Your name must be 200 characters or fewer"));
  checkContact(c, out);
  if (c.what_happened.empty())
    out.push_back(broken("what_happened", "required", "Tell us what happened"));
  else if (c.what_happened.size() > 6000)
    out.push_back(broken("what_happened", "too-long", "What happened must be 6,000 characters or fewer"));
  if (c.what_you_want.empty())
    out.push_back(broken("what_you_want", "required", "Tell us what you would like us to do"));
  else if (c.what_you_want.size() > 3000)
    out.push_back(broken("what_you_want", "too-long",
                          "What you would like us to do must be 3,000 characters or fewer"));
  return out;
}

Result<CaseView> logPublicComplaint(CaseService& cases, const PublicComplaint& given, Instant at) {
  PublicComplaint c{trimmed(given.name), trimmed(given.email), trimmed(given.phone),
                    trimmed(given.address), trimmed(given.what_happened), trimmed(given.what_you_want)};
  if (auto errors = checkPublicComplaint(c); !errors.empty()) return tl::unexpected(errors.front());
  nlohmann::json person = {{"name", c.name}};
  if (!c.email.empty()) person["email"] = c.email;
  if (!c.phone.empty()) person["phone"] = c.phone;
  if (!c.address.empty()) person["address"] = c.address;
  nlohmann::json body = {
      {"kind", "complaint"}, {"channel", "web_form"}, {"received_at", formatInstant(at)},
      {"summary", "What happened: " + c.what_happened + "\n\nWhat they want us to do: " + c.what_you_want},
      {"person", person}};
  return cases.create(body, "public web form");
}

std::optional<Date> acknowledgementDue(const CaseView& view) {
  for (const auto& c : view.clocks)
    if (c.name == "stage1.acknowledge") return c.due;
  return std::nullopt;
}

}  // namespace charter
