#include "store/core/self_assessment_store.h"

#include <fmt/format.h>

namespace charter::store_core {
namespace {

#define CHARTER_SA_COLUMNS                                                                   \
  "SELECT period, answers, updated_by, updated_at, reviewed_on, reviewed_by, response, "    \
  "review_recorded_by, published_at, published_by, snapshot FROM self_assessments "
constexpr Sql kFind{"sa_find", CHARTER_SA_COLUMNS "WHERE landlord_id = $1 AND period = $2"};
constexpr Sql kList{"sa_list", CHARTER_SA_COLUMNS "WHERE landlord_id = $1 ORDER BY period DESC"};
#undef CHARTER_SA_COLUMNS
// Inserts the draft, or replaces it while it is unpublished (0 rows changed once published).
constexpr Sql kSave{
    "sa_save",
    "INSERT INTO self_assessments (landlord_id, period, answers, updated_by, updated_at, "
    "reviewed_on, reviewed_by, response, review_recorded_by, published_at, published_by, "
    "snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, '', '') "
    "ON CONFLICT (landlord_id, period) DO UPDATE SET answers = excluded.answers, "
    "updated_by = excluded.updated_by, updated_at = excluded.updated_at, "
    "reviewed_on = excluded.reviewed_on, reviewed_by = excluded.reviewed_by, "
    "response = excluded.response, review_recorded_by = excluded.review_recorded_by "
    "WHERE self_assessments.published_at IS NULL"};
constexpr Sql kPublish{
    "sa_publish",
    "UPDATE self_assessments SET published_at = $3, published_by = $4, snapshot = $5 "
    "WHERE landlord_id = $1 AND period = $2 AND published_at IS NULL"};
constexpr Sql kCount{"sa_count",
                     "SELECT COUNT(*) FROM self_assessments WHERE landlord_id = $1 AND period = $2"};
constexpr Sql kAll[] = {kFind, kList, kSave, kPublish, kCount};

SelfAssessmentRecord recordRow(const RowReader& r) {
  SelfAssessmentRecord x;
  x.period = r.text(0);
  x.answers = r.text(1);
  x.updated_by = r.text(2);
  x.updated_at = r.instant(3);
  x.reviewed_on = r.maybeDay(4);
  x.reviewed_by = r.text(5);
  x.response = r.text(6);
  x.review_recorded_by = r.text(7);
  if (!r.isNull(8)) x.published_at = r.instant(8);
  x.published_by = r.text(9);
  x.snapshot = r.text(10);
  return x;
}

Status publishedConflict(const std::string& period) {
  return conflict("published",
                  fmt::format("The self-assessment for {} is published and can no longer change.",
                              period));
}

}  // namespace

std::vector<std::string> selfAssessmentStatements() {
  std::vector<std::string> out;
  for (const Sql& s : kAll) out.emplace_back(s.text);
  return out;
}

Result<std::optional<SelfAssessmentRecord>> SqlSelfAssessmentStore::find(
    LandlordId landlord, const std::string& period) {
  return readOne<SelfAssessmentRecord>(*db_, Command(kFind, {landlord, period}), recordRow);
}

Status SqlSelfAssessmentStore::saveDraft(LandlordId landlord, const SelfAssessmentRecord& d) {
  std::optional<Status> outcome;
  auto s = db_->write(landlord, [&](SqlSession& session) -> Status {
    auto changed = session.run(Command(
        kSave, {landlord, d.period, d.answers, d.updated_by, sqlMillis(d.updated_at),
                sqlDay(d.reviewed_on), d.reviewed_by, d.response, d.review_recorded_by}));
    if (!changed) return tl::unexpected(changed.error());
    if (*changed == 0) outcome = publishedConflict(d.period);
    return {};
  });
  if (!s) return s;
  return outcome.value_or(Status{});
}

Status SqlSelfAssessmentStore::publish(LandlordId landlord, const std::string& period, Instant at,
                                       const std::string& by, const std::string& snapshot) {
  std::optional<Status> outcome;
  auto s = db_->write(landlord, [&](SqlSession& session) -> Status {
    auto changed =
        session.run(Command(kPublish, {landlord, period, sqlMillis(at), by, snapshot}));
    if (!changed) return tl::unexpected(changed.error());
    if (*changed > 0) return {};
    auto exists = scalar(session, Command(kCount, {landlord, period}));
    if (!exists) return tl::unexpected(exists.error());
    outcome = *exists > 0 ? publishedConflict(period)
                          : Status(notFound(fmt::format("No self-assessment for {}.", period)));
    return {};
  });
  if (!s) return s;
  return outcome.value_or(Status{});
}

Result<std::vector<SelfAssessmentRecord>> SqlSelfAssessmentStore::list(LandlordId landlord) {
  return readRows<SelfAssessmentRecord>(*db_, Command(kList, {landlord}), recordRow);
}

}  // namespace charter::store_core
