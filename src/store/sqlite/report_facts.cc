#include "store/sqlite/report_facts.h"

#include "store/sqlite/report_sql.h"

namespace charter {

namespace {

constexpr const char* kUpsertFacts =
    "INSERT INTO case_facts (landlord_id, case_id, kind, tenure, service_area, theme, channel, "
    "status, received_day, escalated_day, stage1_responded_day, stage2_responded_day, "
    "stage1_decision, elements, elements_upheld, stage2_overturned, refusal_reason, remedies, "
    "compensation, extensions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
    "$14, $15, $16, $17, $18, $19, $20) "
    "ON CONFLICT (landlord_id, case_id) DO UPDATE SET kind = excluded.kind, "
    "tenure = excluded.tenure, service_area = excluded.service_area, theme = excluded.theme, "
    "channel = excluded.channel, status = excluded.status, received_day = excluded.received_day, "
    "escalated_day = excluded.escalated_day, stage1_responded_day = excluded.stage1_responded_day, "
    "stage2_responded_day = excluded.stage2_responded_day, "
    "stage1_decision = excluded.stage1_decision, elements = excluded.elements, "
    "elements_upheld = excluded.elements_upheld, stage2_overturned = excluded.stage2_overturned, "
    "refusal_reason = excluded.refusal_reason, remedies = excluded.remedies, "
    "compensation = excluded.compensation, extensions = excluded.extensions";

Instant lastSundayOneAm(int y, unsigned m) {
  using namespace std::chrono;
  const sys_days last_day{year_month_day_last{year{y}, month_day_last{month{m}}}};
  const weekday wd{last_day};
  const sys_days sunday = last_day - days{(wd.c_encoding() + 7 - 0) % 7};
  return Instant{sunday} + hours{1};
}

std::optional<std::int64_t> day(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return dayNumber(ukLocalDate(*t));
}

}  // namespace

Date ukLocalDate(Instant t) {
  const int y = static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)}.year());
  const bool bst = t >= lastSundayOneAm(y, 3) && t < lastSundayOneAm(y, 10);
  return std::chrono::floor<std::chrono::days>(t + std::chrono::hours{bst ? 1 : 0});
}

Status writeCaseFacts(sqlite3* db, LandlordId landlord, CaseId id, const CaseState& s) {
  long elements = 0, upheld = 0, remedies = 0;
  double compensation = 0;
  for (const auto& e : s.stage1.elements) {
    ++elements;
    if (e.finding == "upheld" || e.finding == "partly_upheld") ++upheld;
  }
  bool overturned = false;
  for (const auto& e : s.stage2.elements)
    if (e.finding == "overturned") overturned = true;
  for (const auto* st : {&s.stage1, &s.stage2}) {
    for (const auto& r : st->remedies) {
      ++remedies;
      compensation += r.amount;
    }
  }
  const long extensions =
      static_cast<long>(s.stage1.extensions.size() + s.stage2.extensions.size());
  report_sql::Query q(db, kUpsertFacts);
  if (!q.ok()) return tl::unexpected(q.error("preparing the case facts"));
  q.bind(1, static_cast<std::int64_t>(landlord))
      .bind(2, static_cast<std::int64_t>(id))
      .bind(3, slug(s.kind))
      .bind(4, s.tenure)
      .bind(5, s.service_area)
      .bind(6, s.theme)
      .bind(7, slug(s.channel))
      .bind(8, slug(s.status))
      .bind(9, static_cast<std::int64_t>(dayNumber(ukLocalDate(s.received_at))))
      .bind(10, day(s.escalation_requested_at))
      .bind(11, day(s.stage1.responded_at))
      .bind(12, day(s.stage2.responded_at))
      .bind(13, s.stage1.decision)
      .bind(14, static_cast<std::int64_t>(elements))
      .bind(15, static_cast<std::int64_t>(upheld))
      .bind(16, static_cast<std::int64_t>(overturned ? 1 : 0))
      .bind(17, s.refusal_reason)
      .bind(18, static_cast<std::int64_t>(remedies))
      .bind(19, compensation)
      .bind(20, static_cast<std::int64_t>(extensions));
  if (q.step() != SQLITE_DONE) return tl::unexpected(q.error("writing the case facts"));
  return {};
}

}  // namespace charter
