// Shared by the CSV importer fuzz targets (fuzz_csv_*.cc): any input must give rows that keep
// the parser's promises, or an error naming the field and saying why (with the line where a
// row is at fault); never a crash, a hang, UB or an exception.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "app/imports.h"

namespace charter::fuzz {

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "oracle: %s\n", what);
  std::abort();
}

inline void require(bool ok, const char* what) {
  if (!ok) fail(what);
}

// Runs `parse` on the input and `check` on every row it answers.
template <class Parse, class Check>
int fuzzCsv(const std::uint8_t* data, std::size_t size, Parse parse, Check check) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto rows = parse(text);
    if (!rows) {
      require(!rows.error().message.empty(), "an error without a message");
      require(rows.error().field == "csv", "an error that does not name the csv");
      require(rows.error().kind == ErrorKind::kInvalid, "an error that is not kInvalid");
      return 0;
    }
    for (const auto& row : *rows) check(row);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "the parser threw: %s\n", e.what());
    std::abort();
  }
  return 0;
}

inline bool tenure(const std::string& t, bool other_allowed) {
  return t == "social_rent" || t == "shared_ownership" || (other_allowed && t == "other");
}

}  // namespace charter::fuzz
