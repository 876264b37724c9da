#include "domain/contact_preferences.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace charter::contact {
namespace {

using json = nlohmann::json;
using fields::kLongText;

constexpr std::size_t kMaxLanguage = 35;

bool accessibleFormat(std::string_view letter_format) {
  return letter_format == "large-print" || letter_format == "braille" || letter_format == "audio";
}

}  // namespace

Result<ContactPreference> read(const fields::Reader& r) {
  CHARTER_TRY(channel, r.oneOf("channel", kContactChannels, false));
  CHARTER_TRY(format, r.oneOf("format", kContactFormats, false));
  CHARTER_TRY(language, r.text("language", kMaxLanguage, false));
  CHARTER_TRY(interpreter, r.flag("needs_interpreter"));
  CHARTER_TRY(review, r.date("review_date", false));
  return ContactPreference{channel, format, language, interpreter.value_or(false), review};
}

std::optional<Date> reviewDueSince(const ContactPreference& c, Date today) {
  if (c.review_date && *c.review_date <= today) return c.review_date;
  return std::nullopt;
}

Result<std::vector<Event>> change(const AftercareStep& a) {
  CHARTER_TRY(pref, read(a.body));
  if (pref.review_date && *pref.review_date < a.date) {
    return invalid("review_date", "range",
                   fmt::format("must be on or after the day of the change ({})",
                               formatDate(a.date)));
  }
  CHARTER_TRY(reason, a.body.text("reason", kLongText, false));
  json data = {{"contact", contactJson(pref)}, {"before", contactJson(a.state.person.contact)}};
  if (!reason.empty()) data["reason"] = reason;
  Event e;
  e.type = std::string(event_type::kContactPreferenceChanged);
  e.at = a.at;
  e.data = std::move(data);
  return std::vector<Event>{std::move(e)};
}

std::string letterChannel(const ContactPreference& c) {
  if (c.channel == "letter") return "post";
  if (c.channel == "email" || c.channel == "portal") return c.channel;
  return "";
}

std::string letterFormat(const ContactPreference& c) {
  if (c.format == "large_print") return "large-print";
  if (c.format == "braille" || c.format == "audio") return c.format;
  return "pdf";
}

std::string letterChannelWords(std::string_view channel) {
  if (channel == "post") return "by post";
  if (channel == "email") return "by email";
  if (channel == "portal") return "through the online account";
  if (channel == "by_hand") return "by hand";
  return std::string(channel);
}

std::string letterFormatWords(std::string_view format) {
  if (format == "large-print") return "large print";
  if (format == "braille" || format == "audio" || format == "text") return std::string(format);
  return "standard print";
}

Result<json> letterChoice(const ContactPreference& c, const LetterChoice& choice) {
  json out = json::object();
  if (!choice.channel.empty()) out["channel"] = choice.channel;
  if (!choice.format.empty()) out["format"] = choice.format;
  const std::string want_channel = letterChannel(c);
  const std::string want_format = letterFormat(c);
  std::vector<std::string> differs;
  if (!want_channel.empty() && !choice.channel.empty() && choice.channel != want_channel) {
    differs.push_back(fmt::format("{} instead of {}", letterChannelWords(choice.channel),
                                  letterChannelWords(want_channel)));
  }
  if (accessibleFormat(want_format) && !choice.format.empty() && choice.format != want_format) {
    differs.push_back(fmt::format("in {} instead of {}", letterFormatWords(choice.format),
                                  letterFormatWords(want_format)));
  }
  if (differs.empty()) return out;
  const std::string what = fmt::format("{}", fmt::join(differs, " and "));
  if (choice.reason.empty()) {
    return invalid("reason", "required",
                   fmt::format("Say why the letter goes {}: the resident asked for it that way",
                               what));
  }
  if (choice.reason.size() > kLongText) {
    return invalid("reason", "max_length",
                   fmt::format("must be {} characters or fewer", kLongText));
  }
  out["instead_of"] = {{"channel", want_channel}, {"format", want_format}};
  out["reason"] = choice.reason;
  return out;
}

}  // namespace charter::contact
