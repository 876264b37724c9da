#include "app/labels.h"

#include <cctype>
#include <utility>

#include "domain/case.h"

namespace charter {

std::string slugWords(std::string_view slug) {
  std::string out(slug);
  for (char& c : out) {
    if (c == '_' || c == '-' || c == '.') c = ' ';
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string kindLabel(const std::string& k) {
  auto kind = parseCaseKind(k);
  if (!kind) return k;
  std::string name(displayName(*kind));
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

std::string channelLabel(const std::string& c) {
  static const std::pair<std::string_view, std::string_view> kLabels[] = {
      {"phone", "Phone"}, {"email", "Email"}, {"web_form", "Web form"},
      {"online_account", "Online account"}, {"letter", "Letter"}, {"in_person", "In person"},
      {"representative", "Through a representative"}, {"social_media", "Social media"}};
  for (auto [k, v] : kLabels)
    if (k == c) return std::string(v);
  return c;
}

std::string findingLabel(std::string_view f) {
  if (f == "upheld") return "Upheld";
  if (f == "partly_upheld") return "Partly upheld";
  if (f == "not_upheld") return "Not upheld";
  if (f == "overturned") return "Stage 1 finding overturned";
  return slugWords(f);
}

std::string breakdownLabel(const std::string& key) {
  if (key.empty()) return "(not recorded)";
  if (parseCaseKind(key)) return kindLabel(key);
  if (parseChannel(key)) return channelLabel(key);
  if (key.find_first_of("_-") != std::string::npos && key.find(' ') == std::string::npos) return slugWords(key);
  return key;
}

}  // namespace charter
