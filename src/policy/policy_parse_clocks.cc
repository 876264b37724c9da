// The sections of a policy file that define its clocks: [calendar], the standards
// ([standards.<id>] or [[standards]]) and [[exclusion_reasons]].
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "policy/toml_reader.h"

namespace charter::policy_detail {
namespace {

constexpr std::array<std::string_view, 8> kCalendarKeys = {
    "nation",       "time_zone",     "day_zero_rule", "office_opens",
    "office_closes", "working_days", "closures",      "extra_holidays"};
constexpr std::array<std::string_view, 20> kStandardKeys = {
    "id",         "title",         "kinds",      "channels",
    "category",   "starts",        "start_reading", "provisional_from",
    "stops",      "working_days",  "calendar_days", "hours", "months",
    "extension_cap_working_days", "extension_cap_months", "pausable", "statutory", "provision",
    "extension_provision", "target_percent"};
constexpr std::array<std::string_view, 4> kExclusionKeys = {"id", "title", "provision",
                                                            "requires"};
constexpr std::array<std::string_view, 7> kWeekdays = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};

// ---- [calendar] ---------------------------------------------------------------------------

Result<Nation> nation(const TomlReader& r, const toml::node& v, const std::string& field) {
  auto s = r.string(v, field);
  if (!s) return tl::unexpected(s.error());
  auto nation = parseNation(*s, field);
  if (!nation) return r.fail(lineOf(v), field, "unknown-nation", nation.error().message);
  return *nation;
}

Result<DayZeroRule> dayZeroRule(const TomlReader& r, const toml::node& v,
                                const std::string& field) {
  auto s = r.string(v, field);
  if (!s) return tl::unexpected(s.error());
  if (*s == "next_working_day_if_out_of_hours") return DayZeroRule::kNextWorkingDayIfOutOfHours;
  if (*s == "calendar_date_of_receipt") return DayZeroRule::kCalendarDateOfReceipt;
  return r.fail(lineOf(v), field, "unknown-value",
                fmt::format("{}: unknown rule '{}'; expected "
                            "\"next_working_day_if_out_of_hours\" or "
                            "\"calendar_date_of_receipt\"",
                            field, *s));
}

Result<std::array<bool, 7>> workingWeek(const TomlReader& r, const toml::node& v,
                                        const std::string& field) {
  auto days = r.slugList(v, field, kWeekdays, "weekday");
  if (!days) return tl::unexpected(days.error());
  if (days->empty())
    return r.fail(lineOf(v), field, "required", field + " must name at least one day");
  std::array<bool, 7> week{};
  for (const auto& d : *days)
    week[std::find(kWeekdays.begin(), kWeekdays.end(), d) - kWeekdays.begin()] = true;
  return week;
}

// closures = [{date, reason}], extra_holidays = [{date, name}].
Status days(const TomlReader& r, CalendarOverlay& c, const std::string& k, const toml::node& v,
            const std::string& field) {
  auto list = r.dayList(v, field, k == "closures" ? "reason" : "name");
  if (!list) return tl::unexpected(list.error());
  if (k == "closures") {
    std::vector<ClosureDay> out;
    for (auto& [d, text] : *list) out.push_back(ClosureDay{d, text});
    c.closures = std::move(out);
  } else {
    std::vector<Holiday> out;
    for (auto& [d, text] : *list) out.push_back(Holiday{d, text});
    c.extra_holidays = std::move(out);
  }
  return {};
}

Status calendarKey(const TomlReader& r, CalendarOverlay& c, const std::string& k,
                   const toml::node& v) {
  const std::string field = "calendar." + k;
  if (k == "nation") return into(nation(r, v, field), c.nation);
  if (k == "time_zone") return into(r.nonEmptyString(v, field), c.time_zone);
  if (k == "day_zero_rule") return into(dayZeroRule(r, v, field), c.day_zero_rule);
  if (k == "office_opens") return into(r.timeOfDay(v, field), c.open_minute);
  if (k == "office_closes") return into(r.timeOfDay(v, field), c.close_minute);
  if (k == "working_days") return into(workingWeek(r, v, field), c.working_weekdays);
  if (k == "closures" || k == "extra_holidays") return days(r, c, k, v, field);
  return {};
}

// ---- standards ----------------------------------------------------------------------------

Result<std::string> milestone(const TomlReader& r, const toml::node& v, const std::string& field) {
  auto s = r.nonEmptyString(v, field);
  if (!s) return s;
  if (!contains(kMilestones, *s))
    return r.fail(lineOf(v), field, "unknown-milestone",
                  fmt::format("{}: unknown milestone '{}'; expected one of: {}", field, *s,
                              joined(kMilestones)));
  return s;
}

Result<StartReading> startReading(const TomlReader& r, const toml::node& v,
                                  const std::string& field) {
  auto s = r.string(v, field);
  if (!s) return tl::unexpected(s.error());
  if (*s == "day_zero") return StartReading::kDayZero;
  if (*s == "event_date") return StartReading::kEventDate;
  return r.fail(lineOf(v), field, "unknown-value",
                fmt::format("{}: unknown reading '{}'; expected \"day_zero\" or \"event_date\"",
                            field, *s));
}

// working_days, calendar_days, hours or months: exactly one per standard.
Status duration(const TomlReader& r, StandardOverlay& s, const std::string& k,
                const toml::node& v, const std::string& field, const std::string& path) {
  if (!s.duration_key.empty())
    return r.fail(lineOf(v), field, "one-of",
                  fmt::format("{} sets both {} and {}; give exactly one of working_days, "
                              "calendar_days, hours or months",
                              path, s.duration_key, k));
  const int most = k == "hours" ? 24 * 366 : k == "months" ? 12 : 366;
  auto amount = r.integer(v, field, k == "hours" || k == "months" ? 1 : 0, most);
  if (!amount) return tl::unexpected(amount.error());
  s.amount = *amount;
  s.unit = k == "working_days"    ? DurationUnit::kWorkingDays
           : k == "calendar_days" ? DurationUnit::kCalendarDays
           : k == "months"        ? DurationUnit::kMonths
                                  : DurationUnit::kHours;
  s.duration_key = k;
  return {};
}

Result<double> targetPercent(const TomlReader& r, const toml::node& v, const std::string& field) {
  auto p = r.number(v, field);
  if (p && !(*p > 0 && *p <= 100))
    return r.fail(lineOf(v), field, "range",
                  fmt::format("{} must be more than 0 and at most 100; got {}", field, *p));
  return p;
}

Status standardKey(const TomlReader& r, StandardOverlay& s, const std::string& k,
                   const toml::node& v, const std::string& path) {
  const std::string field = path + "." + k;
  if (k == "id") {  // read by the caller; checked here for its type
    auto id = r.string(v, field);
    return id ? Status() : Status(tl::unexpected(id.error()));
  }
  if (k == "title") return into(r.string(v, field), s.title);
  if (k == "kinds") return into(r.slugList(v, field, kKinds, "kind"), s.kinds);
  if (k == "channels") return into(r.slugList(v, field, kChannels, "channel"), s.channels);
  if (k == "category") return into(r.string(v, field), s.category);
  if (k == "starts") return into(milestone(r, v, field), s.starts);
  if (k == "stops") return into(milestone(r, v, field), s.stops);
  if (k == "provisional_from") return into(r.string(v, field), s.provisional_from);
  if (k == "start_reading") return into(startReading(r, v, field), s.start_reading);
  if (k == "working_days" || k == "calendar_days" || k == "hours" || k == "months")
    return duration(r, s, k, v, field, path);
  if (k == "extension_cap_working_days") return into(r.integer(v, field, -1, 366), s.extension_cap);
  if (k == "extension_cap_months")
    return into(r.integer(v, field, 0, 12), s.extension_cap_months);
  if (k == "pausable") return into(r.boolean(v, field), s.pausable);
  if (k == "statutory") return into(r.boolean(v, field), s.statutory);
  if (k == "provision") return into(r.string(v, field), s.provision);
  if (k == "extension_provision") return into(r.string(v, field), s.extension_provision);
  if (k == "target_percent") return into(targetPercent(r, v, field), s.target_percent);
  return {};
}

Result<StandardOverlay> standard(const TomlReader& r, const toml::table& t, std::string id,
                                 const std::string& path) {
  StandardOverlay s;
  s.id = std::move(id);
  s.line = lineOf(t);
  if (auto ok = r.checkKeys(t, path, kStandardKeys); !ok) return tl::unexpected(ok.error());
  for (auto&& [key, v] : t) {
    const std::string k(key.str());
    s.key_lines[k] = lineOf(v);
    if (auto ok = standardKey(r, s, k, v, path); !ok) return tl::unexpected(ok.error());
  }
  return s;
}

// [standards.<id>] tables, where a dotted id may be written nested
// ([standards.stage1.acknowledge]) or quoted ([standards."stage1.acknowledge"]).
Status standardsTable(const TomlReader& r, const toml::table& t, const std::string& prefix,
                      std::vector<StandardOverlay>& out) {
  for (auto&& [key, v] : t) {
    const std::string id = prefix.empty() ? std::string(key.str())
                                          : prefix + "." + std::string(key.str());
    const std::string path = "standards." + id;
    auto sub = v.as_table();
    if (!sub)
      return r.fail(lineOf(v), path, "format",
                    path + " must be a table of standard fields (title, starts, stops, ...)");
    if (sub->empty()) return r.fail(lineOf(v), path, "required", path + " is empty");
    bool all_tables = std::all_of(sub->begin(), sub->end(),
                                  [](auto&& kv) { return kv.second.is_table(); });
    if (all_tables) {
      if (auto ok = standardsTable(r, *sub, id, out); !ok) return ok;
      continue;
    }
    auto s = standard(r, *sub, id, path);
    if (!s) return tl::unexpected(s.error());
    out.push_back(std::move(*s));
  }
  return {};
}

Status standardsArray(const TomlReader& r, const toml::array& a,
                      std::vector<StandardOverlay>& out) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string item = fmt::format("standards[{}]", i);
    auto t = a[i].as_table();
    if (!t) return r.fail(lineOf(a[i]), item, "format", item + " must be a table");
    auto idn = t->get("id");
    if (!idn) return r.fail(lineOf(a[i]), item + ".id", "required", item + " needs an id");
    auto id = r.nonEmptyString(*idn, item + ".id");
    if (!id) return tl::unexpected(id.error());
    auto s = standard(r, *t, *id, "standards." + *id);
    if (!s) return tl::unexpected(s.error());
    out.push_back(std::move(*s));
  }
  return {};
}

// ---- [[exclusion_reasons]] ----------------------------------------------------------------

// requires = ["field_name", ...]: snake_case field names.
Result<std::vector<std::string>> requiredFields(const TomlReader& r, const toml::node& n,
                                                const std::string& item) {
  auto fields = r.stringList(n, item + ".requires");
  if (!fields) return fields;
  for (const auto& f : *fields) {
    bool ok = std::all_of(f.begin(), f.end(),
                          [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    if (!ok)
      return r.fail(lineOf(n), item + ".requires", "format",
                    fmt::format("{}.requires: '{}' must be a snake_case field name", item, f));
  }
  return fields;
}

Result<ExclusionOverlay> exclusion(const TomlReader& r, const toml::node& n,
                                   const std::string& item) {
  auto t = n.as_table();
  if (!t) return r.fail(lineOf(n), item, "format", item + " must be a table");
  if (auto ok = r.checkKeys(*t, item, kExclusionKeys); !ok) return tl::unexpected(ok.error());
  ExclusionOverlay e;
  e.line = lineOf(n);
  auto idn = t->get("id");
  if (!idn) return r.fail(e.line, item + ".id", "required", item + " needs an id");
  if (auto ok = into(r.nonEmptyString(*idn, item + ".id"), e.id); !ok)
    return tl::unexpected(ok.error());
  Status ok;
  if (auto tn = t->get("title"); tn && ok) ok = into(r.nonEmptyString(*tn, item + ".title"), e.title);
  if (auto pn = t->get("provision"); pn && ok)
    ok = into(r.string(*pn, item + ".provision"), e.provision);
  if (auto rn = t->get("requires"); rn && ok)
    ok = into(requiredFields(r, *rn, item), e.requires_fields);
  if (!ok) return tl::unexpected(ok.error());
  return e;
}

}  // namespace

Result<CalendarOverlay> readCalendar(const TomlReader& r, const toml::node& n) {
  CalendarOverlay c;
  c.line = lineOf(n);
  auto t = n.as_table();
  if (!t) return r.fail(c.line, "calendar", "format", "calendar must be a table");
  if (auto ok = r.checkKeys(*t, "calendar", kCalendarKeys); !ok) return tl::unexpected(ok.error());
  for (auto&& [key, v] : *t)
    if (auto ok = calendarKey(r, c, std::string(key.str()), v); !ok)
      return tl::unexpected(ok.error());
  return c;
}

Status readStandards(const TomlReader& r, const toml::node& n, std::vector<StandardOverlay>& out) {
  if (auto a = n.as_array()) return standardsArray(r, *a, out);
  if (auto t = n.as_table()) return standardsTable(r, *t, "", out);
  return r.fail(lineOf(n), "standards", "format",
                "standards must be [standards.<id>] tables or [[standards]] entries");
}

Result<std::vector<ExclusionOverlay>> readExclusions(const TomlReader& r, const toml::node& n) {
  auto a = n.as_array();
  if (!a)
    return r.fail(lineOf(n), "exclusion_reasons", "format",
                  "exclusion_reasons must be a list of tables ([[exclusion_reasons]])");
  std::vector<ExclusionOverlay> out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    auto e = exclusion(r, (*a)[i], fmt::format("exclusion_reasons[{}]", i));
    if (!e) return tl::unexpected(e.error());
    out.push_back(std::move(*e));
  }
  return out;
}

}  // namespace charter::policy_detail
