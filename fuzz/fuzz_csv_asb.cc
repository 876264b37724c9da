// libFuzzer target: the ASB reports CSV importer (parseAsbCsv) and the open-case rule that
// folds its reports into monthly NM01 rows. See csv_oracle.h. Extra oracle: every report is in
// exactly one case, hate-incident cases never outnumber cases, and the monthly rows add up to
// the cases.
#include "csv_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charter;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto reports = parseAsbCsv(text);
  if (!reports) {
    fuzz::require(!reports.error().message.empty(), "an error without a message");
    fuzz::require(reports.error().field == "csv", "an error that does not name the csv");
    return 0;
  }
  for (const auto& r : *reports)
    fuzz::require(!r.closed || *r.closed >= r.reported, "a case closed before a report");
  const auto cases = measures::asbCases(*reports);
  std::size_t in_cases = 0;
  for (const auto& c : cases) {
    fuzz::require(!c.report_refs.empty(), "a case without a report");
    in_cases += c.report_refs.size();
  }
  fuzz::require(in_cases == reports->size(), "a report in no case or in two");
  double all = 0, hate = 0;
  for (const auto& s : asbSeries(*reports)) {
    fuzz::require(s.start <= s.end, "a month ending before it starts");
    (s.code == "NM01-1" ? all : hate) += s.numerator;
  }
  fuzz::require(all == static_cast<double>(cases.size()), "the months do not add up to the cases");
  fuzz::require(hate <= all, "more hate-incident cases than cases");
  return 0;
}
