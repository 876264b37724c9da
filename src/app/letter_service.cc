#include "app/letter_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "app/landlords.h"
#include "domain/contact_preferences.h"

namespace charter {
namespace {

using nlohmann::json;

LetterSummary summaryOf(const Event& e) {
  LetterSummary s;
  s.number = e.seq;
  s.kind = e.data.value("letter", std::string());
  s.title = e.data.value("title", std::string("Letter"));
  s.created = e.at;
  s.sent = e.at;  // issuing a letter is sending it
  s.channel = e.data.value("channel", std::string());
  s.format = e.data.value("format", std::string());
  s.reason = e.data.value("reason", std::string());
  s.signed_by = e.data.value("signed_by", std::string());
  return s;
}

const Event* letterAt(const CaseState& s, int number) {
  if (number < 1 || number > static_cast<int>(s.events.size())) return nullptr;
  const Event& e = s.events[static_cast<std::size_t>(number - 1)];
  return e.type == "letter_issued" ? &e : nullptr;
}

Result<std::string> channelOf(const json& body) {
  auto it = body.find("channel");
  if (it == body.end() || it->is_null()) return std::string();
  if (it->is_string()) {
    const auto& c = it->get_ref<const std::string&>();
    if (std::find(std::begin(kLetterChannels), std::end(kLetterChannels), c) !=
        std::end(kLetterChannels))
      return c;
  }
  return invalid("channel", "one_of", "The channel must be one of post, email, portal, by_hand.");
}

Result<std::string> formatOf(const json& body) {
  auto it = body.find("format");
  if (it == body.end() || it->is_null()) return std::string();
  if (it->is_string()) {
    const auto& f = it->get_ref<const std::string&>();
    if (f != "html" && std::find(std::begin(kLetterFormats), std::end(kLetterFormats), f) !=
                           std::end(kLetterFormats))
      return f;
  }
  return invalid("format", "one_of",
                 "The format must be one of pdf, text, large-print, braille, audio.");
}

// The channel and format chosen (each defaulting to the person's preference) and, when either
// differs from what they asked for, the reason (domain/contact_preferences.h).
Result<json> deliveryOf(const json& body, const ContactPreference& pref) {
  auto channel = channelOf(body);
  if (!channel) return tl::unexpected(channel.error());
  auto format = formatOf(body);
  if (!format) return tl::unexpected(format.error());
  std::string reason;
  if (auto it = body.find("reason"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) return invalid("reason", "type", "The reason must be text.");
    reason = it->get<std::string>();
  }
  return contact::letterChoice(pref, {channel->empty() ? contact::letterChannel(pref) : *channel,
                                      format->empty() ? contact::letterFormat(pref) : *format,
                                      reason});
}

Result<LetterKind> kindOf(const json& body) {
  if (!body.is_object()) return invalid("", "type", "The body must be a JSON object.");
  auto it = body.find("letter");
  if (it == body.end() || !it->is_string())
    return invalid("letter", "required", "Say which letter to issue, e.g. \"acknowledgement\".");
  auto kind = parseLetterKind(it->get<std::string>());
  if (!kind) {
    std::string kinds;
    for (auto k : kAllLetterKinds) kinds += (kinds.empty() ? "" : ", ") + std::string(slug(k));
    return invalid("letter", "one_of", "The letter must be one of " + kinds + ".");
  }
  return *kind;
}

}  // namespace

Signer signerFor(const Principal& who) {
  if (who.api_token || who.display_name.empty() || who.display_name == who.username) return {};
  return {who.display_name, who.job_title};
}

LetterService::LetterService(AuthorisedCases& cases, LetterTemplates templates,
                             std::string landlord_name)
    : cases_(cases), templates_(std::move(templates)), landlord_name_(std::move(landlord_name)) {}

std::string LetterService::landlordName(const Principal& who) {
  if (!landlord_name_.empty()) return landlord_name_;
  auto record = cases_.landlords().landlord(who.landlord);
  return record && !record->name.empty() ? record->name : std::string("Your landlord");
}

Result<std::vector<LetterSummary>> LetterService::list(const Principal& who, CaseId id) {
  auto view = cases_.get(who, id, "api");
  if (!view) return tl::unexpected(view.error());
  std::vector<LetterSummary> out;
  for (const auto& e : view->state.events)
    if (e.type == "letter_issued") out.push_back(summaryOf(e));
  return out;
}

Result<LetterSummary> LetterService::issue(const Principal& who, CaseId id, const json& body) {
  auto view = cases_.get(who, id, "api");
  if (!view) return tl::unexpected(view.error());
  if (!allowed(who, Permission::kIssueLetters)) return forbidden();
  auto kind = kindOf(body);
  if (!kind) return tl::unexpected(kind.error());
  auto delivery = deliveryOf(body, view->state.person.contact);
  if (!delivery) return tl::unexpected(delivery.error());
  auto service = cases_.service(who);
  if (!service) return tl::unexpected(service.error());
  const Signer signer = signerFor(who);
  json data = letterData(*kind, *view, (*service)->policy(), landlordName(who),
                         (*service)->today(), signer);
  auto letter = renderLetter(*kind, data, templates_);
  if (!letter) return tl::unexpected(letter.error());
  if (!letter->missing.empty()) {
    std::string items;
    for (const auto& m : letter->missing) items += (items.empty() ? "" : "; ") + m;
    return conflict("content", fmt::format("The {} cannot be issued: it does not say everything "
                                           "the Code requires. It is missing: {}.",
                                           title(*kind), items),
                    "letter");
  }
  json event = letterEventData(*letter);
  event.update(*delivery);
  event["signed_by"] = data["signer"]["name"];
  auto stored = (*service)->recordLetter(id, event, actorName(who));
  if (!stored) return tl::unexpected(stored.error());
  return summaryOf(stored->state.events.back());
}

Result<LetterFile> LetterService::file(const Principal& who, CaseId id, int number,
                                       std::string_view format) {
  auto view = cases_.get(who, id, "api");
  if (!view) return tl::unexpected(view.error());
  const Event* e = letterAt(view->state, number);
  if (!e) return notFound(fmt::format("There is no letter {} on case {}.", number, view->state.reference));
  return letterFile(e->data, format, landlordName(who),
                    fmt::format("{}-letter-{}", view->state.reference, number));
}

}  // namespace charter
