// libFuzzer target: the series CSV importer (parseSeriesCsv). See csv_oracle.h.
#include "csv_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charter;
  return fuzz::fuzzCsv(data, size, parseSeriesCsv, [](const SeriesRow& s) {
    fuzz::require(!s.code.empty(), "an empty code");
    fuzz::require(s.tenure.empty() || fuzz::tenure(s.tenure, false), "a tenure outside the list");
    fuzz::require(s.start <= s.end, "a series ending before it starts");
    fuzz::require(std::isfinite(s.numerator) && s.numerator >= 0, "a bad numerator");
    fuzz::require(std::isfinite(s.denominator) && s.denominator >= 0, "a bad denominator");
  });
}
