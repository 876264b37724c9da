// Money as people read it: "£30,725.00", "£150.00", "-£20.50". Pure; no locale is read.
#pragma once

#include <string>

namespace charter {

// Pounds to the penny, with a comma between each group of three digits.
std::string formatPounds(double pounds);

}  // namespace charter
