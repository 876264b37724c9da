// SqlMailStore: the MailStore port (app/mail_in.h) over the mail_in table of
// migrations/0029_mail_in.sql, written once for both databases (the same upsert runs on SQLite
// and PostgreSQL). Every statement is scoped by landlord_id = $1 (mailStatements()); each
// write is one statement, durable when it answers. A quarantined message's bytes are kept as
// base64 text, as the attachments are.
// Threading: as the SqlDatabase it is given (any thread).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/mail_in.h"
#include "store/core/sql.h"

namespace charter::store_core {

// Every statement, in PostgreSQL's form, for the landlord-scoping test.
std::vector<std::string> mailStatements();

class SqlMailStore final : public MailStore {
 public:
  explicit SqlMailStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

  Result<bool> claim(LandlordId landlord, std::string_view key, Instant now,
                     Instant stale_before) override;
  Result<std::optional<MailRecord>> find(LandlordId landlord, std::string_view key) override;
  Status finish(LandlordId landlord, const MailRecord& r) override;
  Status release(LandlordId landlord, std::string_view key) override;
  Result<std::vector<MailRecord>> quarantined(LandlordId landlord, int limit) override;

 private:
  std::unique_ptr<SqlDatabase> db_;
};

}  // namespace charter::store_core
