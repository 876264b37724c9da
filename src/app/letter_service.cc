#include "app/letter_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "app/attachments.h"
#include "app/landlords.h"
#include "domain/contact_preferences.h"
#include "util/i18n.h"

namespace charter {
namespace {

using nlohmann::json;

void addTranslation(LetterSummary& s, const CaseState& state) {
  for (const auto& t : translationTasks(state)) {
    if (t.letter != s.number) continue;
    s.translation_language = t.language;
    s.translation_due = t.due;
    s.translation_attachment = t.attachment.value_or("");
  }
}

LetterSummary summaryOf(const Event& e, const CaseState& state) {
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
  s.language = e.data.value("language", std::string("en"));
  addTranslation(s, state);
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

// The letter's language: "language" when given, else the person's (util/i18n.h).
Result<i18n::PersonLanguage> languageOf(const json& body, const ContactPreference& pref) {
  auto it = body.find("language");
  if (it == body.end() || it->is_null()) return i18n::personLanguage(pref.language);
  auto lang = it->is_string() ? i18n::parse(it->get<std::string>()) : std::nullopt;
  if (!lang) return invalid("language", "one_of", "The language must be en (English) or cy (Welsh).");
  return i18n::PersonLanguage{*lang, false};
}

std::string missingText(const RenderedLetter& letter) {
  std::string items;
  for (const auto& m : letter.missing) items += (items.empty() ? "" : "; ") + m;
  return items;
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

void nameTheHandler(json& data, AccountStore& accounts, LandlordId landlord) {
  const std::string handler = data.value("handler", std::string());
  if (handler.empty()) return;
  auto a = accounts.accountByUsername(landlord, handler);
  if (a && *a && !(*a)->display_name.empty()) data["handler"] = (*a)->display_name;
}

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
    if (e.type == "letter_issued") out.push_back(summaryOf(e, view->state));
  return out;
}

Result<LetterSummary> LetterService::issue(const Principal& who, CaseId id, const json& body) {
  auto view = cases_.get(who, id, "api");
  if (!view) return tl::unexpected(view.error());
  if (!allowed(who, Permission::kIssueLetters)) return forbidden();
  auto kind = kindOf(body);
  if (!kind) return tl::unexpected(kind.error());
  const ContactPreference& pref = view->state.person.contact;
  auto delivery = deliveryOf(body, pref);
  if (!delivery) return tl::unexpected(delivery.error());
  auto lang = languageOf(body, pref);
  if (!lang) return tl::unexpected(lang.error());
  auto service = cases_.service(who);
  if (!service) return tl::unexpected(service.error());
  const Signer signer = signerFor(who);
  const Policy& policy = (*service)->policy();
  const Date today = (*service)->today();
  json data = letterData(*kind, *view, policy, landlordName(who), today, signer, lang->lang);
  nameTheHandler(data, cases_.landlords().accountStore(), who.landlord);
  auto letter = renderLetter(*kind, data, templates_);
  if (!letter) return tl::unexpected(letter.error());
  if (!letter->missing.empty())
    return conflict("content", fmt::format("The {} cannot be issued: it does not say everything "
                                           "the Code requires. It is missing: {}.",
                                           title(*kind), missingText(*letter)),
                    "letter");
  json event = letterEventData(*letter);
  event.update(*delivery);
  event["signed_by"] = data["signer"]["name"];
  event.update(languageFields(*lang, pref, policy, today));
  auto stored = (*service)->recordLetter(id, event, actorName(who));
  if (!stored) return tl::unexpected(stored.error());
  return summaryOf(stored->state.events.back(), stored->state);
}

Result<LetterSummary> LetterService::attachTranslation(const Principal& who, CaseId id, int number,
                                                       const json& body) {
  auto view = cases_.get(who, id, "api");
  if (!view) return tl::unexpected(view.error());
  if (!allowed(who, Permission::kIssueLetters)) return forbidden();
  const Event* e = letterAt(view->state, number);
  if (!e) return notFound(fmt::format("There is no letter {} on case {}.", number, view->state.reference));
  auto name = body.is_object() ? body.find("attachment") : body.end();
  if (!body.is_object() || name == body.end() || !name->is_string() || name->get<std::string>().empty())
    return invalid("attachment", "required", "Name the attachment that holds the translated letter.");
  const std::string attachment = name->get<std::string>();
  std::optional<TranslationTask> task;
  for (const auto& t : openTranslations(view->state))
    if (t.letter == number) task = t;
  if (!task)
    return conflict("translation", fmt::format("Letter {} has no translation waiting.", number), "letter");
  if (attachments_ == nullptr || !attachments_->get(who, id, attachment))
    return invalid("attachment", "exists",
                   fmt::format("There is no attachment '{}' on this case: upload the translated "
                               "letter first.", attachment));
  auto service = cases_.service(who);
  if (!service) return tl::unexpected(service.error());
  // CaseService::recordLetter records it as a letter_translated event (not a letter issued).
  json data = {{"event", std::string(event_type::kLetterTranslated)}, {"letter", number},
               {"language", task->language}, {"attachment", attachment}};
  auto stored = (*service)->recordLetter(id, data, actorName(who));
  if (!stored) return tl::unexpected(stored.error());
  return summaryOf(*letterAt(stored->state, number), stored->state);
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
