#include "store/core/mail_store.h"

#include "store/core/attachment_store.h"

namespace charter::store_core {
namespace {

// A claim wins when there is no row, or the row was claimed, never finished, before $4.
constexpr Sql kClaim{
    "mail_claim",
    "INSERT INTO mail_in (landlord_id, message_key, received_ms, outcome, case_id, reason, "
    "detail, sender, subject, size, raw) VALUES ($1, $2, $3, '', 0, '', '', '', '', 0, '') "
    "ON CONFLICT (landlord_id, message_key) DO UPDATE SET received_ms = excluded.received_ms "
    "WHERE mail_in.outcome = '' AND mail_in.received_ms < $4"};
constexpr Sql kFind{"mail_find",
                    "SELECT message_key, received_ms, outcome, case_id, reason, detail, sender, "
                    "subject, size, raw FROM mail_in WHERE landlord_id = $1 AND message_key = $2"};
constexpr Sql kFinish{"mail_finish",
                      "UPDATE mail_in SET outcome = $3, case_id = $4, reason = $5, detail = $6, "
                      "sender = $7, subject = $8, size = $9, raw = $10 "
                      "WHERE landlord_id = $1 AND message_key = $2"};
constexpr Sql kRelease{"mail_release",
                       "DELETE FROM mail_in WHERE landlord_id = $1 AND message_key = $2 "
                       "AND outcome = ''"};
constexpr Sql kQuarantined{
    "mail_quarantined",
    "SELECT message_key, received_ms, outcome, case_id, reason, detail, sender, subject, size, "
    "'' FROM mail_in WHERE landlord_id = $1 AND outcome = 'quarantined' "
    "ORDER BY received_ms DESC, message_key LIMIT $2"};
constexpr Sql kAll[] = {kClaim, kFind, kFinish, kRelease, kQuarantined};

// The row with its bytes still in base64 (decoded by find()).
MailRecord mailRow(const RowReader& r) {
  MailRecord m;
  m.message_key = r.text(0);
  m.received_at = r.instant(1);
  m.outcome = r.text(2);
  m.case_id = r.i64(3);
  m.reason = r.text(4);
  m.detail = r.text(5);
  m.from = r.text(6);
  m.subject = r.text(7);
  m.size = r.i64(8);
  m.raw = r.text(9);
  return m;
}

}  // namespace

std::vector<std::string> mailStatements() {
  std::vector<std::string> out;
  for (const Sql& s : kAll) out.emplace_back(s.text);
  return out;
}

Result<bool> SqlMailStore::claim(LandlordId landlord, std::string_view key, Instant now,
                                 Instant stale_before) {
  auto changed = db_->writeOne(landlord, Command(kClaim, {landlord, std::string(key),
                                                          sqlMillis(now), sqlMillis(stale_before)}));
  if (!changed) return tl::unexpected(changed.error());
  return *changed > 0;
}

Result<std::optional<MailRecord>> SqlMailStore::find(LandlordId landlord, std::string_view key) {
  auto row = readOne<MailRecord>(*db_, Command(kFind, {landlord, std::string(key)}), mailRow);
  if (!row || !*row) return row;
  auto bytes = base64Decode((*row)->raw);
  if (!bytes) return internalError("A kept message is not valid base64.");
  (*row)->raw = std::move(*bytes);
  return row;
}

Status SqlMailStore::finish(LandlordId landlord, const MailRecord& m) {
  auto r = db_->writeOne(landlord, Command(kFinish, {landlord, m.message_key, m.outcome,
                                                     std::int64_t{m.case_id}, m.reason, m.detail,
                                                     m.from, m.subject, std::int64_t{m.size},
                                                     base64Encode(m.raw)}));
  if (!r) return tl::unexpected(r.error());
  if (*r == 0) return notFound("There is no claim on this message to finish.");
  return {};
}

Status SqlMailStore::release(LandlordId landlord, std::string_view key) {
  auto r = db_->writeOne(landlord, Command(kRelease, {landlord, std::string(key)}));
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<std::vector<MailRecord>> SqlMailStore::quarantined(LandlordId landlord, int limit) {
  return readRows<MailRecord>(*db_, Command(kQuarantined, {landlord, std::int64_t{limit}}),
                              mailRow);
}

}  // namespace charter::store_core
