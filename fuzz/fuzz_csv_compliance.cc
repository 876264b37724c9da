// libFuzzer target: the compliance CSV importer (parseComplianceCsv). See csv_oracle.h.
#include "csv_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charter;
  return fuzz::fuzzCsv(data, size, parseComplianceCsv, [](const ComplianceRecord& c) {
    fuzz::require(c.home_ref.empty() != c.block_ref.empty(), "a record for both or neither");
    fuzz::require(c.check == "gas" || c.check == "fire" || c.check == "asbestos" ||
                      c.check == "water" || c.check == "lift" || c.check == "decent_homes",
                  "a check outside the list");
  });
}
