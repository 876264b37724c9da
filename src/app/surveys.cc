#include "app/surveys.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "app/accounts.h"
#include "app/case_service.h"

namespace charter {
namespace {

// The landlord a token names ("<landlord>.<random>"), or nullopt for anything else.
std::optional<LandlordId> landlordOf(const std::string& token) {
  const auto dot = token.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 >= token.size()) return std::nullopt;
  LandlordId id = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + dot, id);
  if (ec != std::errc() || end != token.data() + dot || id <= 0) return std::nullopt;
  return id;
}

tl::unexpected<Error> noSuchSurvey() {
  return notFound("There is no such survey. The link may be incomplete.");
}

}  // namespace

std::string newSurveyToken(LandlordId landlord) {
  return fmt::format("{}.{}", landlord, randomToken(32));
}

Result<std::vector<SurveyOffer>> Surveys::list(const Principal& who, CaseId id,
                                               std::string_view purpose) {
  auto view = cases_.get(who, id, purpose);
  if (!view) return tl::unexpected(view.error());
  auto service = cases_.service(who);
  if (!service) return tl::unexpected(service.error());
  return recordOwed(who.landlord, view->state, (*service)->policy().surveys);
}

Result<std::string> Surveys::linkToken(LandlordId landlord, CaseId id,
                                       const std::string& trigger) {
  auto service = cases_.landlords().cases(landlord);
  if (!service) return tl::unexpected(service.error());
  auto view = (*service)->get(id);
  if (!view) return tl::unexpected(view.error());
  auto offers = recordOwed(landlord, view->state, (*service)->policy().surveys);
  if (!offers) return tl::unexpected(offers.error());
  for (const auto& o : *offers)
    if (o.trigger == trigger) return o.token;
  return notFound(fmt::format("Case {} owes no survey '{}'", caseReference(id), trigger));
}

Result<std::vector<SurveyOffer>> Surveys::recordOwed(LandlordId landlord, const CaseState& state,
                                                     const std::vector<SurveyTrigger>& triggers) {
  auto recorded = store_.forCase(landlord, state.id);
  if (!recorded) return recorded;
  std::vector<SurveyOffer> owed;
  for (const auto& o : surveyOccasions(triggers, state)) {
    const bool known = std::any_of(recorded->begin(), recorded->end(),
                                   [&](const SurveyOffer& r) { return r.trigger == o.trigger; });
    if (known) continue;
    owed.push_back(surveyOffer(landlord, state.id, o));
  }
  if (owed.empty()) return recorded;
  if (auto ok = store_.offer(landlord, owed); !ok) return tl::unexpected(ok.error());
  return store_.forCase(landlord, state.id);
}

SurveyOffer surveyOffer(LandlordId landlord, CaseId id, const SurveyOccasion& occasion) {
  SurveyOffer offer;
  offer.case_id = id;
  offer.trigger = occasion.trigger;
  offer.kind = occasion.kind;
  offer.stage = occasion.stage;
  offer.category = occasion.category;
  offer.question = occasion.question;
  offer.offered_at = occasion.at;
  offer.token = newSurveyToken(landlord);
  return offer;
}

Result<SurveyOffer> Surveys::respond(const Principal& who, CaseId id, const std::string& trigger,
                                     const nlohmann::json& body) {
  auto offers = list(who, id, "api");
  if (!offers) return tl::unexpected(offers.error());
  for (const auto& o : *offers) {
    if (o.trigger != trigger) continue;
    return record(who.landlord, o, body, actorName(who));
  }
  return notFound(fmt::format("This case has no survey '{}'", trigger));
}

Result<LinkedSurvey> Surveys::byToken(const std::string& token) {
  auto landlord = landlordOf(token);
  if (!landlord) return noSuchSurvey();
  auto offer = store_.byToken(*landlord, token);
  if (!offer) return tl::unexpected(offer.error());
  if (!*offer) return noSuchSurvey();
  return LinkedSurvey{*landlord, std::move(**offer), caseReference((*offer)->case_id)};
}

Result<LinkedSurvey> Surveys::respondByToken(const std::string& token,
                                             const nlohmann::json& body) {
  auto linked = byToken(token);
  if (!linked) return linked;
  auto answered = record(linked->landlord, linked->offer, body, "link");
  if (!answered) return tl::unexpected(answered.error());
  linked->offer = std::move(*answered);
  return linked;
}

Result<SurveyOffer> Surveys::record(LandlordId landlord, const SurveyOffer& offer,
                                    const nlohmann::json& body, const std::string& by) {
  auto answer = readSurveyAnswer(body);
  if (!answer) return tl::unexpected(answer.error());
  if (offer.satisfaction)
    return conflict("survey-answered", "This survey has already been answered");
  auto service = cases_.landlords().cases(landlord);
  if (!service) return tl::unexpected(service.error());
  const Instant now = time_.now();
  const Date day = (*service)->policy().working_calendar->localDate(now);
  if (auto ok = store_.answer(landlord, offer.case_id, offer.trigger, *answer, now, day, by); !ok)
    return tl::unexpected(ok.error());
  SurveyOffer out = offer;
  out.satisfaction = answer->satisfaction;
  out.comment = answer->comment;
  out.answered_at = now;
  out.answered_by = by;
  return out;
}

}  // namespace charter
