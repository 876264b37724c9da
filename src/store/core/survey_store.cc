#include "store/core/survey_store.h"

#include <fmt/format.h>

namespace charter::store_core {
namespace {

#define CHARTER_SURVEY_COLUMNS                                                                 \
  "case_id, trigger_id, kind, stage, category, question, offered_ms, token, satisfaction, "    \
  "comment, answered_ms, answered_by"

constexpr Sql kOffer{
    "survey_offer",
    "INSERT INTO survey_offers (landlord_id, case_id, trigger_id, kind, stage, category, "
    "question, offered_ms, token) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
    "ON CONFLICT (landlord_id, case_id, trigger_id) DO NOTHING"};
constexpr Sql kOfCase{"survey_of_case",
                      "SELECT " CHARTER_SURVEY_COLUMNS " FROM survey_offers "
                      "WHERE landlord_id = $1 AND case_id = $2 ORDER BY offered_ms, trigger_id"};
constexpr Sql kByToken{"survey_by_token",
                       "SELECT " CHARTER_SURVEY_COLUMNS " FROM survey_offers "
                       "WHERE landlord_id = $1 AND token = $2"};
constexpr Sql kAnswer{
    "survey_answer",
    "UPDATE survey_offers SET satisfaction = $4, satisfied = $5, comment = $6, answered_ms = $7, "
    "answered_day = $8, answered_by = $9 WHERE landlord_id = $1 AND case_id = $2 AND "
    "trigger_id = $3 AND satisfaction IS NULL"};
constexpr Sql kExists{"survey_exists",
                      "SELECT count(*) FROM survey_offers WHERE landlord_id = $1 AND case_id = $2 "
                      "AND trigger_id = $3"};
// $4 kind ('' = any), $5 stage (0 = any), $6 category ('' = any).
constexpr Sql kTally{
    "survey_tally",
    "SELECT count(*), coalesce(sum(satisfied), 0) FROM survey_offers WHERE landlord_id = $1 "
    "AND answered_day BETWEEN $2 AND $3 AND (CAST($4 AS TEXT) = '' OR kind = $4) "
    "AND (CAST($5 AS BIGINT) = 0 OR stage = $5) AND (CAST($6 AS TEXT) = '' OR category = $6)"};

#undef CHARTER_SURVEY_COLUMNS

SurveyOffer row(const RowReader& r) {
  SurveyOffer o;
  o.case_id = r.i64(0);
  o.trigger = r.text(1);
  o.kind = r.text(2);
  o.stage = static_cast<int>(r.i64(3));
  o.category = r.text(4);
  o.question = r.text(5);
  o.offered_at = r.instant(6);
  o.token = r.text(7);
  if (!r.isNull(8)) o.satisfaction = satisfactionFrom(r.text(8));
  if (!r.isNull(9)) o.comment = r.text(9);
  if (!r.isNull(10)) o.answered_at = r.instant(10);
  if (!r.isNull(11)) o.answered_by = r.text(11);
  return o;
}

}  // namespace

Status SqlSurveyStore::offer(LandlordId landlord, const std::vector<SurveyOffer>& offers) {
  return db_->write(landlord, [&](SqlSession& s) -> Status {
    for (const auto& o : offers) {
      auto ok = exec(s, Command(kOffer, {landlord, o.case_id, o.trigger, o.kind,
                                         std::int64_t{o.stage}, o.category, o.question,
                                         sqlMillis(o.offered_at), o.token}));
      if (!ok) return ok;
    }
    return {};
  });
}

Result<std::vector<SurveyOffer>> SqlSurveyStore::forCase(LandlordId landlord, CaseId id) {
  return readRows<SurveyOffer>(*db_, Command(kOfCase, {landlord, id}), row);
}

Result<std::optional<SurveyOffer>> SqlSurveyStore::byToken(LandlordId landlord,
                                                           const std::string& token) {
  return readOne<SurveyOffer>(*db_, Command(kByToken, {landlord, token}), row);
}

Status SqlSurveyStore::answer(LandlordId landlord, CaseId id, const std::string& trigger,
                              const SurveyAnswer& a, Instant at, Date day,
                              const std::string& by) {
  auto changed = db_->writeOne(
      landlord,
      Command(kAnswer, {landlord, id, trigger, std::string(slug(a.satisfaction)),
                        std::int64_t{isSatisfied(a.satisfaction) ? 1 : 0},
                        a.comment.empty() ? SqlValue(nullptr) : SqlValue(a.comment),
                        sqlMillis(at), sqlDay(day), by}));
  if (!changed) return tl::unexpected(changed.error());
  if (*changed == 1) return {};
  auto exists = readWith<std::int64_t>(*db_, [&](SqlSession& s) {
    return scalar(s, Command(kExists, {landlord, id, trigger}));
  });
  if (!exists) return tl::unexpected(exists.error());
  if (*exists == 0) return notFound(fmt::format("This case has no survey '{}'", trigger));
  return conflict("survey-answered", "This survey has already been answered");
}

Result<measures::SatisfactionTally> satisfactionTally(SqlSession& s, LandlordId landlord,
                                                      const measures::SatisfactionQuery& q,
                                                      Date start, Date end) {
  measures::SatisfactionTally t;
  auto r = s.run(Command(kTally, {landlord, sqlDay(start), sqlDay(end), q.kind,
                                  std::int64_t{q.stage}, q.category}),
                 [&](const RowReader& row) {
                   t.answers = static_cast<long>(row.i64(0));
                   t.satisfied = static_cast<long>(row.i64(1));
                 });
  if (!r) return tl::unexpected(r.error());
  return t;
}

std::vector<std::string> surveyStatements() {
  return {kOffer.text, kOfCase.text, kByToken.text, kAnswer.text, kExists.text, kTally.text};
}

}  // namespace charter::store_core
