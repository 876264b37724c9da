#include "store/core/outbox_store.h"

#include <fmt/format.h>

namespace charter::store_core {
namespace {

#define CHARTER_OUTBOX_COLUMNS                                                                 \
  "landlord_id, case_id, event_seq, kind, channel, recipient, subject, body, status, attempts, " \
  "created_ms, next_attempt_ms, sent_ms, last_error"

constexpr Sql kInsert{"outbox_insert",
                      "INSERT INTO outbox (" CHARTER_OUTBOX_COLUMNS ") VALUES "
                      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"};
constexpr Sql kDue{"outbox_due",
                   "SELECT " CHARTER_OUTBOX_COLUMNS " FROM outbox WHERE landlord_id = $1 "
                   "AND status IN ('pending', 'sending') AND next_attempt_ms <= $2 "
                   "AND channel = $4 ORDER BY created_ms, case_id, event_seq, kind LIMIT $3"};
constexpr Sql kOfCase{"outbox_of_case",
                      "SELECT " CHARTER_OUTBOX_COLUMNS " FROM outbox WHERE landlord_id = $1 "
                      "AND case_id = $2 ORDER BY created_ms, event_seq, kind"};
// $1..$4 the key; $5, $6 the status and attempts the caller read.
constexpr Sql kClaim{"outbox_claim",
                     "UPDATE outbox SET status = 'sending', attempts = attempts + 1, "
                     "next_attempt_ms = $7 WHERE landlord_id = $1 AND case_id = $2 AND "
                     "event_seq = $3 AND kind = $4 AND status = $5 AND attempts = $6"};
constexpr Sql kSent{"outbox_sent",
                    "UPDATE outbox SET status = 'sent', sent_ms = $7, last_error = '' "
                    "WHERE landlord_id = $1 AND case_id = $2 AND event_seq = $3 AND kind = $4 "
                    "AND status = $5 AND attempts = $6"};
constexpr Sql kFailed{"outbox_failed",
                      "UPDATE outbox SET status = $7, next_attempt_ms = $8, last_error = $9 "
                      "WHERE landlord_id = $1 AND case_id = $2 AND event_seq = $3 AND kind = $4 "
                      "AND status = $5 AND attempts = $6"};

constexpr Sql kBacklog{"outbox_backlog",
                       "SELECT channel, status, COUNT(*), MIN(created_ms) FROM outbox "
                       "WHERE landlord_id = $1 AND status IN ('pending', 'sending', 'failed') "
                       "GROUP BY channel, status ORDER BY channel, status"};

#undef CHARTER_OUTBOX_COLUMNS

OutboxMessage row(const RowReader& r) {
  OutboxMessage m;
  m.landlord = r.i64(0);
  m.case_id = r.i64(1);
  m.event_seq = static_cast<int>(r.i64(2));
  m.kind = r.text(3);
  m.channel = r.text(4);
  m.recipient = r.text(5);
  m.subject = r.text(6);
  m.body = r.text(7);
  m.status = r.text(8);
  m.attempts = static_cast<int>(r.i64(9));
  m.created = r.instant(10);
  m.next_attempt = r.instant(11);
  if (!r.isNull(12)) m.sent = r.instant(12);
  m.last_error = r.text(13);
  return m;
}

// The key and the guard: what the message was when the caller read or claimed it.
SqlValues guardValues(const OutboxMessage& m) {
  return {m.landlord, m.case_id, std::int64_t{m.event_seq}, m.kind, m.status,
          std::int64_t{m.attempts}};
}

Result<bool> changedOne(SqlDatabase& db, LandlordId landlord, const Command& c) {
  auto n = db.writeOne(landlord, c);
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

}  // namespace

Status insertOutbox(SqlSession& s, LandlordId landlord, const OutboxMessage& m) {
  return exec(s, Command(kInsert, {landlord, m.case_id, std::int64_t{m.event_seq}, m.kind,
                                   m.channel, m.recipient, m.subject, m.body, m.status,
                                   std::int64_t{m.attempts}, sqlMillis(m.created),
                                   sqlMillis(m.next_attempt),
                                   m.sent ? sqlMillis(*m.sent) : SqlValue(nullptr),
                                   m.last_error}));
}

Result<std::vector<OutboxMessage>> SqlOutboxStore::due(LandlordId landlord,
                                                       std::string_view channel, Instant now,
                                                       int limit) {
  return readRows<OutboxMessage>(
      *db_,
      Command(kDue, {landlord, sqlMillis(now), std::int64_t{limit}, std::string(channel)}), row);
}

Result<bool> SqlOutboxStore::claim(OutboxMessage& m, Instant lease_until) {
  SqlValues p = guardValues(m);
  p.push_back(sqlMillis(lease_until));
  auto claimed = changedOne(*db_, m.landlord, Command(kClaim, std::move(p)));
  if (claimed && *claimed) {
    m.status = std::string(kMessageSending);
    ++m.attempts;
    m.next_attempt = lease_until;
  }
  return claimed;
}

Result<bool> SqlOutboxStore::markSent(const OutboxMessage& claimed, Instant at) {
  SqlValues p = guardValues(claimed);
  p.push_back(sqlMillis(at));
  return changedOne(*db_, claimed.landlord, Command(kSent, std::move(p)));
}

Result<bool> SqlOutboxStore::markFailed(const OutboxMessage& claimed, Instant next, bool give_up,
                                        const std::string& reason) {
  SqlValues p = guardValues(claimed);
  p.push_back(std::string(give_up ? kMessageFailed : kMessagePending));
  p.push_back(sqlMillis(next));
  p.push_back(reason.substr(0, 1000));
  return changedOne(*db_, claimed.landlord, Command(kFailed, std::move(p)));
}

Result<std::vector<OutboxMessage>> SqlOutboxStore::forCase(LandlordId landlord, CaseId id) {
  return readRows<OutboxMessage>(*db_, Command(kOfCase, {landlord, id}), row);
}

Result<std::vector<OutboxBacklog>> SqlOutboxStore::backlog(LandlordId landlord) {
  return readRows<OutboxBacklog>(*db_, Command(kBacklog, {landlord}), [](const RowReader& r) {
    return OutboxBacklog{r.text(0), r.text(1), r.i64(2), r.instant(3)};
  });
}

std::vector<std::string> outboxStatements() {
  return {kInsert.text, kDue.text, kOfCase.text, kClaim.text, kSent.text, kFailed.text,
          kBacklog.text};
}

}  // namespace charter::store_core
