#include "app/contact_records.h"

#include <charconv>

#include <fmt/format.h>

namespace charter {

namespace {

// The number of `n` digits at `s[at]`, or -1.
int digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return -1;
  int v = 0;
  auto [end, ec] = std::from_chars(s.data() + at, s.data() + at + n, v);
  if (ec != std::errc() || end != s.data() + at + n) return -1;
  return v;
}

}  // namespace

Result<LocalTime> parseLocalTime(std::string_view text, std::string_view field) {
  const auto bad = [&] {
    return invalid(std::string(field), "format",
                   fmt::format("{} must be a local date and time, YYYY-MM-DD HH:MM[:SS]", field));
  };
  if (text.size() != 16 && text.size() != 19) return bad();
  auto day = parseDate(text.substr(0, 10), field);
  if (!day || (text[10] != ' ' && text[10] != 'T') || text[13] != ':') return bad();
  const int h = digits(text, 11, 2);
  const int m = digits(text, 14, 2);
  int s = 0;
  if (text.size() == 19) {
    if (text[16] != ':') return bad();
    s = digits(text, 17, 2);
  }
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return bad();
  return LocalTime{day->time_since_epoch()} + std::chrono::hours{h} + std::chrono::minutes{m} +
         std::chrono::seconds{s};
}

std::string formatLocalTime(LocalTime t) {
  const auto secs = (t - std::chrono::floor<std::chrono::days>(t)).count();
  return fmt::format("{} {:02}:{:02}:{:02}", formatDate(localDay(t)), secs / 3600,
                     secs / 60 % 60, secs % 60);
}

std::string formatClockTime(LocalTime t) {
  const auto secs = (t - std::chrono::floor<std::chrono::days>(t)).count();
  const long h = secs / 3600;
  const long h12 = h % 12 == 0 ? 12 : h % 12;
  return fmt::format("{}:{:02}{}", h12, secs / 60 % 60, h < 12 ? "am" : "pm");
}

}  // namespace charter
