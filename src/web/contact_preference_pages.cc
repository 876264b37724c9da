#include "web/contact_preference_pages.h"

#include <cctype>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "web/date_input.h"
#include "web/language.h"
#include "web/layout.h"

namespace charter::web {
namespace {

using json = nlohmann::json;

const std::map<std::string, std::string>& channelWords() {
  static const std::map<std::string, std::string> m = {
      {"letter", "By letter"}, {"email", "By email"}, {"sms", "By text message"},
      {"phone", "By phone"}, {"portal", "Through their online account"}};
  return m;
}

const std::map<std::string, std::string>& formatWords() {
  static const std::map<std::string, std::string> m = {
      {"standard", "standard print"}, {"large_print", "large print"}, {"braille", "braille"},
      {"audio", "audio"}, {"easy_read", "easy read"}};
  return m;
}

std::vector<Option> channelOptions(bool you, i18n::Lang lang) {
  if (you) {
    std::vector<Option> out = {{"", tr(lang, "cp_none"), ""}};
    for (const char* c : {"letter", "email", "sms", "phone", "portal"})
      out.push_back({c, tr(lang, std::string("cp_channel_") + c), ""});
    return out;
  }
  return {{"", "No preference recorded", ""},
          {"letter", "By letter", ""},
          {"email", "By email", ""},
          {"sms", "By text message", ""},
          {"phone", "By phone", ""},
          {"portal", "Through their online account", ""}};
}

std::vector<Option> formatOptions(i18n::Lang lang) {
  std::vector<Option> out = {{"", tr(lang, "cp_none"), ""}};
  for (const char* f : {"standard", "large_print", "braille", "audio", "easy_read"})
    out.push_back({f, tr(lang, std::string("cp_format_") + f), ""});
  return out;
}

std::string languageWords(const std::string& language, i18n::Lang lang) {
  if (language == "cy" || language == "en") return tr(lang, "cp_language_" + language);
  return language;
}

// The fields in the resident's words, in `lang`.
std::string residentFields(const std::string& prefix, const Form& f, const ContactPreference& held,
                           const FormErrors& e, i18n::Lang lang) {
  const bool sent = f.has("csrf_token");
  auto val = [&](const char* k, const std::string& dflt) { return sent ? f.get(prefix + k) : dflt; };
  const std::string review = held.review_date ? formatDate(*held.review_date) : "";
  return select(prefix + "channel", tr(lang, "cp_how"), channelOptions(true, lang),
                val("channel", held.channel), e) +
         select(prefix + "format", tr(lang, "cp_format"), formatOptions(lang),
                val("format", held.format), e, tr(lang, "cp_format_hint")) +
         textInput(prefix + "language", tr(lang, "cp_language"), val("language", held.language), e,
                   tr(lang, "cp_language_hint"), "text", "govuk-input--width-10") +
         checkbox(prefix + "needs_interpreter", tr(lang, "cp_interpreter"),
                  sent ? f.has(prefix + "needs_interpreter") : held.needs_interpreter) +
         dateInput(prefix + "review_date", tr(lang, "cp_review"),
                   datePartsOf(f, prefix + "review_date", sent ? "" : review), e,
                   tr(lang, "cp_review_hint"), lang);
}

}  // namespace

std::string contactPreferenceFields(const std::string& prefix, const Form& f,
                                    const ContactPreference& held, const FormErrors& e,
                                    bool you, i18n::Lang lang) {
  if (you) return residentFields(prefix, f, held, e, lang);
  const bool sent = f.has("csrf_token");
  auto val = [&](const char* k, const std::string& dflt) {
    return sent ? f.get(prefix + k) : dflt;
  };
  const std::string review = held.review_date ? formatDate(*held.review_date) : "";
  return select(prefix + "channel", "How do they want to hear from us?",
                channelOptions(false, lang), val("channel", held.channel), e) +
         select(prefix + "format", "In which format?", formatOptions(i18n::Lang::kEn),
                val("format", held.format), e,
                "Letters are then produced in this format: large print, braille or audio.") +
         textInput(prefix + "language", "Language (optional)", val("language", held.language), e,
                   "For example, cy for Welsh, or Polish.", "text", "govuk-input--width-10") +
         checkbox(prefix + "needs_interpreter", "They need an interpreter",
                  sent ? f.has(prefix + "needs_interpreter") : held.needs_interpreter) +
         dateInput(prefix + "review_date", "Review this by (optional)",
                   datePartsOf(f, prefix + "review_date", sent ? "" : review), e,
                   "When to check it still suits them. For example, 31 3 2027.");
}

std::vector<std::string> contactPreferenceIds(const std::string& prefix) {
  std::vector<std::string> out;
  for (const char* k : {"channel", "format", "language", "needs_interpreter", "review_date"})
    out.push_back(fieldId(prefix + k));
  return out;
}

json contactPreferenceBody(const std::string& prefix, const Form& f, FormErrors& errors) {
  json out = json::object();
  for (const char* k : {"channel", "format", "language"}) {
    std::string v = f.get(prefix + k);
    if (!v.empty()) out[k] = v;
  }
  if (f.has(prefix + "needs_interpreter")) out["needs_interpreter"] = true;
  DateRead review = readDate(datePartsOf(f, prefix + "review_date"), prefix + "review_date",
                             "the review date", false, errors);
  if (review.date) out["review_date"] = formatDate(*review.date);
  return out;
}

std::string contactText(const ContactPreference& c, i18n::Lang lang) {
  std::vector<std::string> parts;
  if (lang == i18n::Lang::kCy) {
    if (channelWords().count(c.channel))
      parts.push_back(tr(lang, c.channel == "portal" ? std::string("cp_channel_portal_yours")
                                                     : "cp_channel_" + c.channel));
    if (formatWords().count(c.format)) parts.push_back(tr(lang, "cp_in_" + c.format));
  } else {
    if (auto it = channelWords().find(c.channel); it != channelWords().end())
      parts.push_back(it->second);
    if (auto it = formatWords().find(c.format); it != formatWords().end())
      parts.push_back("in " + it->second);
  }
  if (!c.language.empty())
    parts.push_back(fmt::format(fmt::runtime(tr(lang, "cp_language_is")), languageWords(c.language, lang)));
  if (c.needs_interpreter) parts.push_back(tr(lang, "cp_needs_interpreter"));
  std::string out = fmt::format("{}", fmt::join(parts, ", "));
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string contactHtml(const ContactPreference& c, Date today) {
  if (c.empty()) return "Not recorded";
  std::string out = escape(contactText(c));
  if (auto due = contact::reviewDueSince(c, today)) {
    out += (out.empty() ? "" : "<br>") + tag("Review due since " + formatDateLong(*due), "red");
  } else if (c.review_date) {
    out += (out.empty() ? "" : ". ") + escape("Review by " + formatDateLong(*c.review_date));
  }
  return out;
}

std::string contactEventText(const Event& e) {
  if (e.type != event_type::kContactPreferenceChanged) return "";
  ContactPreference now = contactFrom(e.data.value("contact", json::object()));
  std::string text = now.empty() ? "Contact preference cleared"
                                 : "How they want to hear from us changed: " + contactText(now);
  if (now.review_date) text += ". Review by " + formatDateLong(*now.review_date);
  const std::string reason = e.data.value("reason", std::string());
  return reason.empty() ? text : text + ". Reason: " + reason;
}

std::string letterInsteadText(const json& d) {
  auto it = d.find("instead_of");
  if (it == d.end() || !it->is_object()) return "";
  const std::string channel = d.value("channel", std::string());
  const std::string format = d.value("format", std::string());
  const std::string want_channel = it->value("channel", std::string());
  const std::string want_format = it->value("format", std::string());
  std::vector<std::string> parts;
  if (!want_channel.empty() && channel != want_channel)
    parts.push_back(fmt::format("{} instead of {}", contact::letterChannelWords(channel),
                                contact::letterChannelWords(want_channel)));
  if (!format.empty() && contact::letterFormatWords(format) != contact::letterFormatWords(want_format))
    parts.push_back(fmt::format("in {} instead of {}", contact::letterFormatWords(format),
                                contact::letterFormatWords(want_format)));
  if (parts.empty()) return "";
  std::string text = "Sent " + fmt::format("{}", fmt::join(parts, " and "));
  return text + ": " + d.value("reason", std::string());
}

}  // namespace charter::web
