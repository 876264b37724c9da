// The AttachmentStore (store/core/attachment_store.h) on the same PostgreSQL database as the
// PgStore, through its own small pool of libpq connections, as the person, learning and
// self-assessment stores are: an upload and a download (or two downloads) run side by side.
#pragma once

#include <memory>
#include <string>

#include "app/attachments.h"

namespace charter {

// Connects; the schema must already be migrated (PgStore::open). kUnavailable when the server
// cannot be reached.
Result<std::unique_ptr<AttachmentStore>> openPgAttachmentStore(const std::string& dsn,
                                                               int connections = 2);

}  // namespace charter
