// The databases the report store tests (report_store_test.cc) run on: a case store and the
// report store over the same fresh database. report_store_tests runs them on SQLite;
// report_conformance_tests (tests/store/report_backends.cc) on PostgreSQL too.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/case_store.h"
#include "app/reports.h"

namespace charter {

class ReportBackend {
 public:
  virtual ~ReportBackend() = default;
  virtual CaseStore& cases() = 0;
  virtual ReportStore& reports() = 0;
};

// A fresh SQLite file in a temporary folder, removed with the backend (report_test_backend.cc).
std::unique_ptr<ReportBackend> sqliteReportBackend(std::string* error);

// Defined by the test executable: the backends it runs, and one of them made fresh (nullptr
// with `why` set to skip the test, e.g. PostgreSQL without CHARTER_PG_DSN).
std::vector<std::string> reportBackendNames();
std::unique_ptr<ReportBackend> makeReportBackend(const std::string& name, std::string* why);

}  // namespace charter
