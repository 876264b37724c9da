#include "util/time.h"

#include <array>
#include <cctype>

#include <fmt/format.h>

namespace charter {
namespace {

using namespace std::chrono;

// Reads exactly `n` digits at `pos`; returns -1 if they are not all digits.
int digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

constexpr std::array<const char*, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

Result<Date> parseDate(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return invalid(std::string(field), "date",
                   fmt::format("must be a date written YYYY-MM-DD, got \"{}\"",
                               text.substr(0, 40)));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
  if (y < 0 || m < 0 || d < 0) return bad();
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    return invalid(std::string(field), "date", fmt::format("{} is not a real date", text));
  }
  return sys_days{ymd};
}

Result<Instant> parseInstant(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return invalid(std::string(field), "timestamp",
                   fmt::format("must be a timestamp like 2025-03-21T17:30:00+00:00 (RFC 3339, "
                               "with a zone offset), got \"{}\"",
                               text.substr(0, 40)));
  };
  if (text.size() < 20) return bad();
  auto date = parseDate(text.substr(0, 10), field);
  if (!date) return tl::unexpected(date.error());
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return bad();
  int hh = digits(text, 11, 2), mm = digits(text, 14, 2), ss = digits(text, 17, 2);
  if (hh < 0 || mm < 0 || ss < 0 || text[13] != ':' || text[16] != ':') return bad();
  if (hh > 23 || mm > 59 || ss > 60) return bad();
  if (ss == 60) ss = 59;  // a leap second is recorded as the second before it
  size_t pos = 19;
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t start = pos;
    int scale = 100;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (scale > 0) millis += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return bad();
  }
  if (pos >= text.size()) return bad();
  int offset_minutes = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int sign = text[pos] == '-' ? -1 : 1;
    int oh = digits(text, pos + 1, 2), om = digits(text, pos + 4, 2);
    if (oh < 0 || om < 0 || text[pos + 3] != ':' || oh > 23 || om > 59) return bad();
    offset_minutes = sign * (oh * 60 + om);
    pos += 6;
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  auto t = *date + hours{hh} + minutes{mm} + seconds{ss} + milliseconds{millis} -
           minutes{offset_minutes};
  return time_point_cast<milliseconds>(t);
}

std::string formatDate(Date d) {
  year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string formatDateLong(Date d) {
  year_month_day ymd{d};
  weekday wd{d};
  return fmt::format("{} {} {} {}", kWeekdays[wd.c_encoding()], static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
}

std::string formatInstant(Instant t) {
  auto day = floor<days>(t);
  hh_mm_ss<milliseconds> tod{t - day};
  auto base = fmt::format("{}T{:02}:{:02}:{:02}", formatDate(day), tod.hours().count(),
                          tod.minutes().count(), tod.seconds().count());
  if (tod.subseconds().count() != 0) base += fmt::format(".{:03}", tod.subseconds().count());
  return base + "Z";
}

Instant SystemTimeSource::now() const {
  return time_point_cast<milliseconds>(system_clock::now());
}

}  // namespace charter
