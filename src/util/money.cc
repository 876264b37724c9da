#include "util/money.h"

#include <cmath>
#include <cstdint>
#include <string>

namespace charter {

std::string formatPounds(double pounds) {
  const bool negative = pounds < 0;
  const auto pence = static_cast<std::int64_t>(std::llround(std::fabs(pounds) * 100.0));
  std::string whole = std::to_string(pence / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(i, ",");
  const auto p = pence % 100;
  return std::string(negative ? "-£" : "£") + whole + "." + (p < 10 ? "0" : "") + std::to_string(p);
}

}  // namespace charter
