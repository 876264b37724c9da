// The schema migrations compiled into the binary (generated from migrations/*.sql by CMake).
#pragma once

#include <vector>

namespace charter {

struct EmbeddedMigration {
  int version;       // NNNN
  const char* name;  // "0001_init"
  const char* file;  // the file embedded: "0001_init.sql" or "0001_init.sqlite.sql"
  const char* sql;   // its text, applied in one transaction
};

// Every migration, in ascending version order.
const std::vector<EmbeddedMigration>& embeddedMigrations();

}  // namespace charter
