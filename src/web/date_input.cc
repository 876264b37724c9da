#include "web/date_input.h"

#include <algorithm>

#include <fmt/format.h>

#include "web/layout.h"
#include "web/templates.h"

namespace charter::web {
namespace {

constexpr const char* kPartNames[] = {"day", "month", "year"};

bool digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// "a day", "a day and month", "a day, month and year".
std::string listed(const std::vector<std::string>& parts) {
  std::string out = "a " + parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i)
    out += (i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return out;
}

void flag(FormErrors& errors, const std::string& id, const std::vector<int>& parts,
          const std::string& message) {
  errors.add(id + "-" + kPartNames[parts.front()], message);
  for (std::size_t i = 1; i < parts.size(); ++i) errors.highlight.push_back(id + "-" + kPartNames[parts[i]]);
}

}  // namespace

DateParts datePartsOf(const Form& f, const std::string& name, const std::string& fallback) {
  DateParts p{f.get(name + "-day"), f.get(name + "-month"), f.get(name + "-year")};
  if (p.empty() && !f.has(name + "-day") && fallback.size() == 10 && fallback[4] == '-' &&
      fallback[7] == '-') {
    auto strip = [](std::string s) { return s.size() > 1 && s[0] == '0' ? s.substr(1) : s; };
    p = {strip(fallback.substr(8, 2)), strip(fallback.substr(5, 2)), fallback.substr(0, 4)};
  }
  return p;
}

std::string dateInput(const std::string& name, const std::string& legend, const DateParts& value,
                      const FormErrors& errors, const std::string& hint, i18n::Lang lang) {
  const std::string id = fieldId(name);
  const std::string* message = nullptr;
  for (const char* part : kPartNames)
    if (!message) message = errors.of(id + "-" + part);
  if (!message) message = errors.of(id);
  auto wrong = [&](const char* part) {
    std::string pid = id + "-" + part;
    return errors.of(pid) || std::find(errors.highlight.begin(), errors.highlight.end(), pid) !=
                                 errors.highlight.end();
  };
  std::string describedby = hint.empty() ? std::string() : id + "-hint";
  if (message) describedby += (describedby.empty() ? "" : " ") + id + "-error";
  const std::string values[] = {value.day, value.month, value.year};
  const std::string labels[] = {i18n::text(lang, "date_day"), i18n::text(lang, "date_month"),
                                i18n::text(lang, "date_year")};
  nlohmann::json parts = nlohmann::json::array();
  for (int i = 0; i < 3; ++i) {
    // A message on the whole date (from the app) marks every part.
    parts.push_back({{"pid", id + "-" + kPartNames[i]}, {"label", labels[i]},
                     {"width", i == 2 ? "4" : "2"}, {"part", kPartNames[i]},
                     {"wrong", wrong(kPartNames[i]) || (message && errors.of(id))},
                     {"value", values[i]}});
  }
  return renderTemplate("partials/date_input",
                        {{"id", id}, {"name", name}, {"legend", legend}, {"hint", hint},
                         {"error", message ? *message : std::string()}, {"describedby", describedby},
                         {"error_prefix", errors.prefix},
                         {"parts", parts}});
}

DateRead readDate(const DateParts& parts, const std::string& name, const std::string& noun,
                  bool required, FormErrors& errors) {
  const std::string id = fieldId(name);
  const std::string values[] = {parts.day, parts.month, parts.year};
  if (parts.empty()) {
    if (!required) return {};
    flag(errors, id, {0, 1, 2}, "Enter " + noun);
    return {std::nullopt, false};
  }
  std::vector<int> missing;
  std::vector<std::string> missing_names;
  for (int i = 0; i < 3; ++i)
    if (values[i].empty()) {
      missing.push_back(i);
      missing_names.push_back(kPartNames[i]);
    }
  if (!missing.empty()) {
    flag(errors, id, missing, capitalised(noun) + " must include " + listed(missing_names));
    return {std::nullopt, false};
  }
  std::vector<int> bad;
  int n[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    if (!digits(values[i]) || values[i].size() > (i == 2 ? 4u : 2u)) {
      bad.push_back(i);
      continue;
    }
    n[i] = std::stoi(values[i]);
  }
  if (bad.empty() && values[2].size() != 4) {
    flag(errors, id, {2}, "The year of " + noun + " must include 4 numbers");
    return {std::nullopt, false};
  }
  if (std::find(bad.begin(), bad.end(), 0) == bad.end() && (n[0] < 1 || n[0] > 31)) bad.push_back(0);
  if (std::find(bad.begin(), bad.end(), 1) == bad.end() && (n[1] < 1 || n[1] > 12)) bad.push_back(1);
  std::sort(bad.begin(), bad.end());
  if (bad.empty()) {
    auto ymd = std::chrono::year{n[2]} / std::chrono::month{static_cast<unsigned>(n[1])} /
               std::chrono::day{static_cast<unsigned>(n[0])};
    if (ymd.ok()) return {Date{ymd}, true};
    bad = {0};  // 31 April, 29 February in a common year: the day is what is wrong
  }
  flag(errors, id, bad, capitalised(noun) + " must be a real date");
  return {std::nullopt, false};
}

void pointAtDateParts(FormErrors& errors, const std::vector<std::string>& date_ids) {
  for (auto& [id, message] : errors.items) {
    if (std::find(date_ids.begin(), date_ids.end(), id) == date_ids.end()) continue;
    const std::string base = id;
    id = base + "-day";
    errors.highlight.push_back(base + "-month");
    errors.highlight.push_back(base + "-year");
  }
}

std::optional<Instant> receivedInstant(const Form& f, const WorkingCalendar& calendar, Instant now,
                                       FormErrors& errors) {
  DateParts parts = datePartsOf(f, "received_at");
  std::string time = f.get("received_at_time");
  DateRead d = readDate(parts, "received_at", "the date it was received", false, errors);
  int minute = -1;
  if (!time.empty()) {
    std::size_t sep = time.find_first_of(":.");
    std::string h = sep == std::string::npos ? std::string() : time.substr(0, sep);
    std::string m = sep == std::string::npos ? std::string() : time.substr(sep + 1);
    if (digits(h) && digits(m) && h.size() <= 2 && m.size() == 2 && std::stoi(h) < 24 &&
        std::stoi(m) < 60)
      minute = std::stoi(h) * 60 + std::stoi(m);
    else
      errors.add("received_at_time",
                 "Enter the time on the 24-hour clock as hours and minutes, for example 17:30");
  }
  if (!d.ok || (!time.empty() && minute < 0)) return std::nullopt;
  const Date today = calendar.localDate(now);
  if (!d.date && minute < 0) return now;
  const Date day = d.date.value_or(today);
  if (minute < 0) {
    if (day == today) return now;
    minute = 12 * 60;
  }
  // Local time to an instant: the UK is UTC or UTC+1, so try both and keep the one that reads
  // back as the time typed (the calendar knows when BST starts and ends).
  const Instant naive = Instant{std::chrono::duration_cast<std::chrono::milliseconds>(
      day.time_since_epoch() + std::chrono::minutes(minute))};
  for (auto offset : {std::chrono::hours(1), std::chrono::hours(0), std::chrono::hours(-1)}) {
    Instant t = naive - offset;
    DayZero z = calendar.dayZero(t);
    if (z.local_date == day && z.local_minute == minute) return t;
  }
  // A time that does not exist locally (the hour skipped when the clocks go forward).
  errors.add("received_at_time", "That time does not exist on that day (the clocks went forward)");
  return std::nullopt;
}

}  // namespace charter::web
