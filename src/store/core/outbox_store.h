// The outbox (app/outbox.h) for both databases: insertOutbox queues a message on a session
// inside a case write's transaction (each engine's CaseTxn::enqueue), and SqlOutboxStore is the
// sender's and the case page's side, over a SqlDatabase (SQLite through the case store's
// writer, PostgreSQL on its own connections). Every statement is scoped by landlord_id = $1
// (outboxStatements() lists them for the check in tests/store/).
//
// A claim and both marks are one UPDATE each, guarded by (status, attempts) as the caller read
// them: the row changes only if nobody changed it since, which is what makes a claim exclusive.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/outbox.h"
#include "store/core/sql.h"

namespace charter::store_core {

Status insertOutbox(SqlSession& s, LandlordId landlord, const OutboxMessage& m);

class SqlOutboxStore final : public OutboxStore {
 public:
  explicit SqlOutboxStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

  Result<std::vector<OutboxMessage>> due(LandlordId landlord, std::string_view channel,
                                         Instant now, int limit) override;
  Result<bool> claim(OutboxMessage& m, Instant lease_until) override;
  Result<bool> markSent(const OutboxMessage& claimed, Instant at) override;
  Result<bool> markFailed(const OutboxMessage& claimed, Instant next, bool give_up,
                          const std::string& reason) override;
  Result<std::vector<OutboxMessage>> forCase(LandlordId landlord, CaseId id) override;
  Result<std::vector<OutboxBacklog>> backlog(LandlordId landlord) override;

 private:
  std::unique_ptr<SqlDatabase> db_;
};

std::vector<std::string> outboxStatements();

}  // namespace charter::store_core
