// The PostgreSQL side of the store conformance suites: the server the test script started
// (CHARTER_PG_DSN, unset: the PostgreSQL cases skip) and a statement run outside any store
// (creating and dropping each test's schema).
#pragma once

#include <cstdlib>
#include <string>

#include <libpq-fe.h>

namespace charter::testing {

inline const char* pgDsn() {
  const char* dsn = std::getenv("CHARTER_PG_DSN");
  return dsn != nullptr && *dsn != '\0' ? dsn : nullptr;
}

// `dsn` (a URI or key=value) with the session's search_path set to `schema`, so migrations and
// queries land in that test's own schema.
inline std::string pgDsnInSchema(const std::string& dsn, const std::string& schema) {
  if (dsn.find("://") != std::string::npos) {
    return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema;
  }
  return dsn + " options='-csearch_path=" + schema + "'";
}

inline bool pgExec(const std::string& dsn, const std::string& sql) {
  PGconn* c = PQconnectdb(dsn.c_str());
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  PQfinish(c);
  return ok;
}

}  // namespace charter::testing
