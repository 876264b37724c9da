// libFuzzer target: the survey responses CSV importer (parseSurveyCsv). See csv_oracle.h.
#include "csv_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charter;
  return fuzz::fuzzCsv(data, size, parseSurveyCsv, [](const SurveyResponse& r) {
    fuzz::require(!r.response_id.empty(), "an empty response_id");
    fuzz::require(fuzz::tenure(r.tenure, false), "a tenure outside the list");
    fuzz::require(std::isfinite(r.weight) && r.weight > 0, "a weight not above 0");
    for (const auto& a : r.answers)
      fuzz::require(!a || (*a >= -1 && *a <= 5), "an answer outside -1..5");
  });
}
