// The service reports port: repairs completed in time by category and by contractor,
// compliments by whom they praise, and the compliments about a person or team, read from the
// service projections (migrations/0020_services.sql) that both case stores write beside a
// case's events. Implemented once for both databases by the report store
// (store/core/report_store.h), which answers for one landlord; reached through
// ReportStore::services().
#pragma once

#include <string>
#include <vector>

#include "app/reports.h"

namespace charter {

// One row of a breakdown: repairs completed in a period by category or contractor (total,
// counted = in time), or compliments received by whom they praise (total, counted = shared).
// `key` "" is "not recorded".
struct ServiceBreakdown {
  std::string key;
  long total = 0;
  long counted = 0;
};

// A compliment received, for the "Compliments" list of the person or team it praises.
struct ComplimentRow {
  CaseId case_id = 0;
  std::string reference;
  std::string summary;
  Date received{};
  std::string about;
  long shared = 0;  // times passed on
};

class ServiceReports {
 public:
  virtual ~ServiceReports() = default;
  // By "category" | "contractor" | "about"; kInvalid (field "by") for another.
  virtual Result<std::vector<ServiceBreakdown>> serviceBreakdown(const measures::Period& p,
                                                                 const std::string& by) = 0;
  // Compliments whose `about` is one of `names` (ignoring case; the first two), newest first,
  // at most `limit`.
  virtual Result<std::vector<ComplimentRow>> complimentsAbout(const std::vector<std::string>& names,
                                                              int limit) = 0;
};

}  // namespace charter
