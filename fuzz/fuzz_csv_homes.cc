// libFuzzer target: the homes CSV importer (parseHomesCsv). See csv_oracle.h.
#include "csv_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charter;
  return fuzz::fuzzCsv(data, size, parseHomesCsv, [](const HomeRecord& h) {
    fuzz::require(!h.home_ref.empty() && h.home_ref.size() <= 64, "a home_ref out of bounds");
    fuzz::require(h.block_ref.size() <= 64, "a block_ref out of bounds");
    fuzz::require(fuzz::tenure(h.tenure, true), "a tenure outside the list");
  });
}
