// SqlAttachmentStore: the AttachmentStore port (app/attachments.h) over the attachments table
// of migrations/0017_attachments.sql, written once for both databases. The bytes are stored as
// base64 text; every statement is scoped by landlord_id = $1 (attachmentStatements()).
// Writes are one statement each, durable when they answer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/attachments.h"
#include "store/core/sql.h"

namespace charter::store_core {

// Every statement, in PostgreSQL's form, for the landlord-scoping test.
std::vector<std::string> attachmentStatements();

// Standard base64 (RFC 4648, with padding), and back (nullopt on anything else).
std::string base64Encode(std::string_view bytes);
std::optional<std::string> base64Decode(std::string_view text);

class SqlAttachmentStore final : public AttachmentStore {
 public:
  explicit SqlAttachmentStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

  Status add(LandlordId landlord, const Attachment& file) override;
  Result<std::vector<AttachmentInfo>> list(LandlordId landlord, CaseId id) override;
  Result<std::optional<Attachment>> get(LandlordId landlord, CaseId id,
                                        std::string_view name) override;
  Result<long> removeAll(LandlordId landlord, CaseId id) override;

 private:
  std::unique_ptr<SqlDatabase> db_;
};

}  // namespace charter::store_core
