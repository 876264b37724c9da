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
