// A schema migration compiled into the binary: migrations/NNNN_name.sql, or the dialect's
// NNNN_name.sqlite.sql / NNNN_name.pg.sql where it replaces the shared file. Each store's
// build generates its list (charter_embed_migrations in store/core/CMakeLists.txt).
#pragma once

namespace charter::store_core {

struct Migration {
  int version;       // NNNN
  const char* name;  // "0001_init"
  const char* file;  // the file embedded: "0001_init.sql" or "0001_init.sqlite.sql"
  const char* sql;   // its text, applied in one transaction
};

}  // namespace charter::store_core
