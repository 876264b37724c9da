// Satisfaction surveys after a service (docs/surveys.md; domain/surveys.h says when one is
// owed and what an answer may be).
//
// Offers. A case owes one survey per trigger of the policy it has reached (surveyOccasions).
// The offer is recorded, with an unguessable token for its link, the first time anyone looks
// at the case's surveys (the portal, the staff case page, the API) or follows a message's
// link: recording is idempotent (SurveyStore::offer keeps an existing offer and its token), and
// an offer's time is when the milestone happened, so when it is written never shows.
//
// Answers. Each offer takes one answer, recorded in one statement guarded by "not yet
// answered": a second answer is a kConflict (rule "survey-answered") and changes nothing; an
// answer is never half-written. A resident answers their own case's surveys signed in, or
// anyone holding the link's token without signing in; staff who may see the case may record
// an answer given to them (by phone, on paper).
//
// Errors: kNotFound for a case the principal cannot see, a survey the case does not owe, or a
// token that opens nothing; kInvalid naming the field and rule for a bad answer; the store's.
// Threading: any thread (as AuthorisedCases and the store).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/authz.h"
#include "domain/surveys.h"
#include "util/time.h"

namespace charter {

struct SurveyOffer {
  CaseId case_id = 0;
  std::string trigger;   // SurveyTrigger::id: the survey's id within the case
  std::string kind;
  int stage = 0;
  std::string category;
  std::string question;  // "service" | "complaint_handling"
  Instant offered_at{};
  std::string token;
  // The answer; nullopt until given.
  std::optional<Satisfaction> satisfaction;
  std::string comment;
  std::optional<Instant> answered_at;
  std::string answered_by;  // "link", or the account that recorded it
};

// The surveys' port, implemented once for both databases (store/core/survey_store.h). Every
// call is durable when it answers.
class SurveyStore {
 public:
  virtual ~SurveyStore() = default;
  // Records each offer not yet recorded (by case and trigger) with its token; an offer already
  // recorded keeps its token and answer.
  virtual Status offer(LandlordId landlord, const std::vector<SurveyOffer>& offers) = 0;
  // The case's offers, oldest first.
  virtual Result<std::vector<SurveyOffer>> forCase(LandlordId landlord, CaseId id) = 0;
  virtual Result<std::optional<SurveyOffer>> byToken(LandlordId landlord,
                                                     const std::string& token) = 0;
  // Records the answer to an offer not yet answered: kConflict "survey-answered" when it was,
  // kNotFound when there is no such offer. `day` is the landlord-local date of `at`.
  virtual Status answer(LandlordId landlord, CaseId id, const std::string& trigger,
                        const SurveyAnswer& answer, Instant at, Date day,
                        const std::string& by) = 0;
};

// A survey opened by its link: the offer and what the page shows about the case.
struct LinkedSurvey {
  LandlordId landlord = 0;
  SurveyOffer offer;
  std::string reference;  // "CH-000123"
};

class Surveys {
 public:
  // All must outlive it.
  Surveys(AuthorisedCases& cases, SurveyStore& store, const TimeSource& time)
      : cases_(cases), store_(store), time_(time) {}

  // The case's surveys, oldest first, recording those owed and not yet offered.
  Result<std::vector<SurveyOffer>> list(const Principal& who, CaseId id,
                                        std::string_view purpose = "api");
  // Answers the case's survey `trigger` ({"satisfaction", "comment"}: readSurveyAnswer).
  Result<SurveyOffer> respond(const Principal& who, CaseId id, const std::string& trigger,
                              const nlohmann::json& body);

  // The link token of case `id`'s survey `trigger`, recording its offer when it is not yet
  // recorded (a survey message about to be sent: app/outbox.h surveyMessages). No principal:
  // the caller is the outbox sender. kNotFound when the case does not owe that survey.
  Result<std::string> linkToken(LandlordId landlord, CaseId id, const std::string& trigger);

  // The survey a link's token opens ("<landlord>.<random>"), without signing in.
  Result<LinkedSurvey> byToken(const std::string& token);
  Result<LinkedSurvey> respondByToken(const std::string& token, const nlohmann::json& body);

 private:
  // The case's recorded offers, after recording those `state` owes and were not yet.
  Result<std::vector<SurveyOffer>> recordOwed(LandlordId landlord, const CaseState& state,
                                              const std::vector<SurveyTrigger>& triggers);
  Result<SurveyOffer> record(LandlordId landlord, const SurveyOffer& offer,
                             const nlohmann::json& body, const std::string& by);

  AuthorisedCases& cases_;
  SurveyStore& store_;
  const TimeSource& time_;
};

// The link's token for a new offer of `landlord`: "<landlord>.<32 random bytes, base64url>".
std::string newSurveyToken(LandlordId landlord);
// The offer of `occasion` on case `id`, with a new link token (not yet recorded).
SurveyOffer surveyOffer(LandlordId landlord, CaseId id, const SurveyOccasion& occasion);

}  // namespace charter
