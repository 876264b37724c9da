// libFuzzer target: the stock CSV importer (parseStockCsv). See csv_oracle.h.
#include "csv_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace charter;
  return fuzz::fuzzCsv(data, size, parseStockCsv, [](const StockCount& s) {
    fuzz::require(s.homes >= 0, "negative homes");
    fuzz::require(fuzz::tenure(s.tenure, true), "a tenure outside the list");
  });
}
