#include "store/pg/pg_attachment_store.h"

#include "store/core/attachment_store.h"
#include "store/pg/pg_database.h"

namespace charter {

Result<std::unique_ptr<AttachmentStore>> openPgAttachmentStore(const std::string& dsn,
                                                               int connections) {
  auto db = pg::PgDatabase::open(dsn, connections);
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<AttachmentStore>(
      std::make_unique<store_core::SqlAttachmentStore>(std::move(*db)));
}

}  // namespace charter
