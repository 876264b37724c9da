// Reading a policy file: TOML text -> PolicyOverlay. Checks syntax, keys and value types here,
// where every node still knows its line; policy.cc merges and checks against the Code.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "policy/policy_internal.h"

namespace charter::policy_detail {
namespace {

constexpr std::array<std::string_view, 17> kTopKeys = {
    "id",        "name",          "extends",           "source_document",
    "effective_from", "calendar", "standards",         "themes",
    "service_areas", "exclusion_reasons", "ombudsman_contact", "escalation_window_working_days",
    "measures", "promises", "sector_figures", "ch02_published", "tsm_publication"};
// [tsm_publication]: the RP02 target timescales and the survey's summary of approach (b-k).
constexpr std::array<std::string_view, 11> kTsmPublicationKeys = {
    "rp02_targets", "b_timing", "c_methods", "d_sample_method", "e_representativeness",
    "f_weighting", "g_contractor", "h_exclusions", "i_sample_size_shortfall", "j_incentives",
    "k_other_issues"};
// Measures, promises and sector figures (docs/policy.md "Measures").
constexpr std::array<std::string_view, 18> kMeasureKeys = {
    "code",  "title",    "type",  "promise", "kind",     "stage",  "clock",  "variant", "tenure",
    "question", "weighted", "check", "series", "unit", "target", "better", "provision", "note"};
constexpr std::array<std::string_view, 6> kMeasureTypes = {
    "count", "rate_per_1000", "clock_percent", "survey_percent", "compliance_percent", "series"};
constexpr std::array<std::string_view, 4> kPromiseKeys = {"id", "title", "text", "source"};
constexpr std::array<std::string_view, 4> kSectorKeys = {"code", "value", "label", "source"};
constexpr std::array<std::string_view, 8> kCalendarKeys = {
    "nation",       "time_zone",     "day_zero_rule", "office_opens",
    "office_closes", "working_days", "closures",      "extra_holidays"};
constexpr std::array<std::string_view, 17> kStandardKeys = {
    "id",         "title",         "kinds",      "channels",
    "category",   "starts",        "start_reading", "provisional_from",
    "stops",      "working_days",  "calendar_days", "hours",
    "extension_cap_working_days", "statutory", "provision", "extension_provision",
    "target_percent"};
constexpr std::array<std::string_view, 4> kExclusionKeys = {"id", "title", "provision",
                                                            "requires"};
constexpr std::array<std::string_view, 7> kWeekdays = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& a, std::string_view s) {
  return std::find(a.begin(), a.end(), s) != a.end();
}

template <std::size_t N>
std::string joined(const std::array<std::string_view, N>& a) {
  std::string out;
  for (auto s : a) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

int lineOf(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// Reads one file; every error names the file and line.
class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  tl::unexpected<Error> fail(int line, std::string field, std::string rule,
                             std::string message) const {
    return invalid(std::move(field), std::move(rule), where(source_, line) + message);
  }

  template <std::size_t N>
  Status checkKeys(const toml::table& t, const std::string& path,
                   const std::array<std::string_view, N>& allowed) const {
    for (auto&& [k, v] : t) {
      if (contains(allowed, k.str())) continue;
      std::string field = path.empty() ? std::string(k.str()) : path + "." + std::string(k.str());
      return fail(static_cast<int>(k.source().begin.line), field, "unknown-key",
                  fmt::format("unknown key '{}'{}; expected one of: {}", k.str(),
                              path.empty() ? "" : " in " + path, joined(allowed)));
    }
    return {};
  }

  Result<std::string> string(const toml::node& n, const std::string& field) const {
    if (auto s = n.as_string()) return s->get();
    return fail(lineOf(n), field, "format", field + " must be a string");
  }

  Result<std::string> nonEmptyString(const toml::node& n, const std::string& field) const {
    auto s = string(n, field);
    if (s && s->empty()) return fail(lineOf(n), field, "required", field + " must not be empty");
    return s;
  }

  Result<int> integer(const toml::node& n, const std::string& field, int min, int max) const {
    auto v = n.as_integer();
    if (!v) return fail(lineOf(n), field, "format", field + " must be a whole number");
    std::int64_t x = v->get();
    if (x < min || x > max)
      return fail(lineOf(n), field, "range",
                  fmt::format("{} must be between {} and {}; got {}", field, min, max, x));
    return static_cast<int>(x);
  }

  Result<bool> boolean(const toml::node& n, const std::string& field) const {
    if (auto b = n.as_boolean()) return b->get();
    return fail(lineOf(n), field, "format", field + " must be true or false");
  }

  Result<double> number(const toml::node& n, const std::string& field) const {
    if (auto i = n.as_integer()) return static_cast<double>(i->get());
    if (auto f = n.as_floating_point()) return f->get();
    return fail(lineOf(n), field, "format", field + " must be a number");
  }

  Result<std::vector<std::string>> stringList(const toml::node& n,
                                              const std::string& field) const {
    auto a = n.as_array();
    if (!a) return fail(lineOf(n), field, "format", field + " must be a list of strings");
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < a->size(); ++i) {
      auto s = nonEmptyString((*a)[i], fmt::format("{}[{}]", field, i));
      if (!s) return tl::unexpected(s.error());
      if (!seen.insert(*s).second)
        return fail(lineOf((*a)[i]), field, "duplicate",
                    fmt::format("{} lists '{}' twice", field, *s));
      out.push_back(std::move(*s));
    }
    return out;
  }

  // A list whose every entry must be one of `known`.
  template <std::size_t N>
  Result<std::vector<std::string>> slugList(const toml::node& n, const std::string& field,
                                            const std::array<std::string_view, N>& known,
                                            std::string_view what) const {
    auto list = stringList(n, field);
    if (!list) return list;
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (contains(known, (*list)[i])) continue;
      return fail(lineOf(*n.as_array()->get(i)), field, std::string("unknown-") + std::string(what),
                  fmt::format("{}: unknown {} '{}'; expected one of: {}", field, what,
                              (*list)[i], joined(known)));
    }
    return list;
  }

  Result<Date> date(const toml::node& n, const std::string& field) const {
    if (auto d = n.as_date()) {
      const toml::date& v = d->get();
      std::chrono::year_month_day ymd{std::chrono::year{v.year},
                                      std::chrono::month{static_cast<unsigned>(v.month)},
                                      std::chrono::day{static_cast<unsigned>(v.day)}};
      return Date{ymd};
    }
    if (auto s = n.as_string()) {
      auto d = parseDate(s->get(), field);
      if (!d) return fail(lineOf(n), field, "format", d.error().message);
      return d;
    }
    return fail(lineOf(n), field, "format", field + " must be a date (YYYY-MM-DD)");
  }

  // "09:00" (or a TOML time 09:00:00) -> minutes after midnight.
  Result<int> timeOfDay(const toml::node& n, const std::string& field) const {
    if (auto t = n.as_time()) return t->get().hour * 60 + t->get().minute;
    auto s = n.as_string();
    const std::string text = s ? s->get() : std::string();
    if (text.size() == 5 && text[2] == ':' && std::isdigit(text[0]) && std::isdigit(text[1]) &&
        std::isdigit(text[3]) && std::isdigit(text[4])) {
      int h = (text[0] - '0') * 10 + (text[1] - '0');
      int m = (text[3] - '0') * 10 + (text[4] - '0');
      if (h <= 24 && m < 60 && h * 60 + m <= 24 * 60) return h * 60 + m;
    }
    return fail(lineOf(n), field, "format", field + " must be a time of day like \"09:00\"");
  }

  Result<CalendarOverlay> calendar(const toml::node& n) const {
    CalendarOverlay c;
    c.line = lineOf(n);
    auto t = n.as_table();
    if (!t) return fail(c.line, "calendar", "format", "calendar must be a table");
    if (auto ok = checkKeys(*t, "calendar", kCalendarKeys); !ok) return tl::unexpected(ok.error());
    for (auto&& [key, v] : *t) {
      const std::string k(key.str());
      const std::string field = "calendar." + k;
      if (k == "nation") {
        auto s = string(v, field);
        if (!s) return tl::unexpected(s.error());
        auto nation = parseNation(*s, field);
        if (!nation) return fail(lineOf(v), field, "unknown-nation", nation.error().message);
        c.nation = *nation;
      } else if (k == "time_zone") {
        auto s = nonEmptyString(v, field);
        if (!s) return tl::unexpected(s.error());
        c.time_zone = *s;
      } else if (k == "day_zero_rule") {
        auto s = string(v, field);
        if (!s) return tl::unexpected(s.error());
        if (*s == "next_working_day_if_out_of_hours") {
          c.day_zero_rule = DayZeroRule::kNextWorkingDayIfOutOfHours;
        } else if (*s == "calendar_date_of_receipt") {
          c.day_zero_rule = DayZeroRule::kCalendarDateOfReceipt;
        } else {
          return fail(lineOf(v), field, "unknown-value",
                      fmt::format("{}: unknown rule '{}'; expected "
                                  "\"next_working_day_if_out_of_hours\" or "
                                  "\"calendar_date_of_receipt\"",
                                  field, *s));
        }
      } else if (k == "office_opens" || k == "office_closes") {
        auto m = timeOfDay(v, field);
        if (!m) return tl::unexpected(m.error());
        (k == "office_opens" ? c.open_minute : c.close_minute) = *m;
      } else if (k == "working_days") {
        auto days = slugList(v, field, kWeekdays, "weekday");
        if (!days) return tl::unexpected(days.error());
        if (days->empty())
          return fail(lineOf(v), field, "required", field + " must name at least one day");
        std::array<bool, 7> week{};
        for (const auto& d : *days)
          week[std::find(kWeekdays.begin(), kWeekdays.end(), d) - kWeekdays.begin()] = true;
        c.working_weekdays = week;
      } else if (k == "closures" || k == "extra_holidays") {
        auto r = dayList(v, field, k == "closures" ? "reason" : "name");
        if (!r) return tl::unexpected(r.error());
        if (k == "closures") {
          std::vector<ClosureDay> out;
          for (auto& [d, text] : *r) out.push_back(ClosureDay{d, text});
          c.closures = std::move(out);
        } else {
          std::vector<Holiday> out;
          for (auto& [d, text] : *r) out.push_back(Holiday{d, text});
          c.extra_holidays = std::move(out);
        }
      }
    }
    return c;
  }

  // [{date = 2024-12-27, reason = "Christmas closure"}, ...]
  Result<std::vector<std::pair<Date, std::string>>> dayList(const toml::node& n,
                                                           const std::string& field,
                                                           std::string_view text_key) const {
    auto a = n.as_array();
    if (!a) return fail(lineOf(n), field, "format", field + " must be a list of tables");
    std::vector<std::pair<Date, std::string>> out;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string item = fmt::format("{}[{}]", field, i);
      auto t = (*a)[i].as_table();
      if (!t)
        return fail(lineOf((*a)[i]), item, "format",
                    fmt::format("{} must be a table like {{date = 2024-12-27, {} = \"...\"}}",
                                item, text_key));
      std::array<std::string_view, 2> keys = {"date", text_key};
      if (auto ok = checkKeys(*t, item, keys); !ok) return tl::unexpected(ok.error());
      auto dn = t->get("date");
      auto tn = t->get(text_key);
      if (!dn || !tn)
        return fail(lineOf((*a)[i]), item, "required",
                    fmt::format("{} needs both date and {}", item, text_key));
      auto d = date(*dn, item + ".date");
      if (!d) return tl::unexpected(d.error());
      auto text = nonEmptyString(*tn, item + "." + std::string(text_key));
      if (!text) return tl::unexpected(text.error());
      out.emplace_back(*d, std::move(*text));
    }
    return out;
  }

  Result<StandardOverlay> standard(const toml::table& t, std::string id,
                                   const std::string& path) const {
    StandardOverlay s;
    s.id = std::move(id);
    s.line = lineOf(t);
    if (auto ok = checkKeys(t, path, kStandardKeys); !ok) return tl::unexpected(ok.error());
    for (auto&& [key, node] : t) {
      auto& v = node;  // a plain reference: clang 14 (the fuzz build) cannot capture bindings
      const std::string k(key.str());
      const std::string field = path + "." + k;
      s.key_lines[k] = lineOf(v);
      Status ok;
      auto setString = [&](std::optional<std::string>& out) {
        auto r = string(v, field);
        if (!r) return Status(tl::unexpected(r.error()));
        out = std::move(*r);
        return Status();
      };
      auto setMilestone = [&](std::optional<std::string>& out) {
        auto r = nonEmptyString(v, field);
        if (!r) return Status(tl::unexpected(r.error()));
        if (!contains(kMilestones, *r))
          return Status(fail(lineOf(v), field, "unknown-milestone",
                             fmt::format("{}: unknown milestone '{}'; expected one of: {}", field,
                                         *r, joined(kMilestones))));
        out = std::move(*r);
        return Status();
      };
      if (k == "id") {
        ok = string(v, field).map([](auto&&) {});  // read by the caller
      } else if (k == "title") {
        ok = setString(s.title);
      } else if (k == "kinds") {
        auto r = slugList(v, field, kKinds, "kind");
        if (r) s.kinds = std::move(*r);
        else ok = tl::unexpected(r.error());
      } else if (k == "channels") {
        auto r = slugList(v, field, kChannels, "channel");
        if (r) s.channels = std::move(*r);
        else ok = tl::unexpected(r.error());
      } else if (k == "category") {
        ok = setString(s.category);
      } else if (k == "starts") {
        ok = setMilestone(s.starts);
      } else if (k == "stops") {
        ok = setMilestone(s.stops);
      } else if (k == "provisional_from") {
        ok = setString(s.provisional_from);
      } else if (k == "start_reading") {
        auto r = string(v, field);
        if (!r) {
          ok = tl::unexpected(r.error());
        } else if (*r == "day_zero") {
          s.start_reading = StartReading::kDayZero;
        } else if (*r == "event_date") {
          s.start_reading = StartReading::kEventDate;
        } else {
          ok = fail(lineOf(v), field, "unknown-value",
                    fmt::format("{}: unknown reading '{}'; expected \"day_zero\" or "
                                "\"event_date\"",
                                field, *r));
        }
      } else if (k == "working_days" || k == "calendar_days" || k == "hours") {
        if (!s.duration_key.empty())
          return fail(lineOf(v), field, "one-of",
                      fmt::format("{} sets both {} and {}; give exactly one of working_days, "
                                  "calendar_days or hours",
                                  path, s.duration_key, k));
        auto r = integer(v, field, k == "hours" ? 1 : 0, k == "hours" ? 24 * 366 : 366);
        if (!r) return tl::unexpected(r.error());
        s.amount = *r;
        s.unit = k == "working_days"    ? DurationUnit::kWorkingDays
                 : k == "calendar_days" ? DurationUnit::kCalendarDays
                                        : DurationUnit::kHours;
        s.duration_key = k;
      } else if (k == "extension_cap_working_days") {
        auto r = integer(v, field, -1, 366);
        if (r) s.extension_cap = *r;
        else ok = tl::unexpected(r.error());
      } else if (k == "statutory") {
        auto r = boolean(v, field);
        if (r) s.statutory = *r;
        else ok = tl::unexpected(r.error());
      } else if (k == "provision") {
        ok = setString(s.provision);
      } else if (k == "extension_provision") {
        ok = setString(s.extension_provision);
      } else if (k == "target_percent") {
        auto r = number(v, field);
        if (!r) return tl::unexpected(r.error());
        if (!(*r > 0 && *r <= 100))
          return fail(lineOf(v), field, "range",
                      fmt::format("{} must be more than 0 and at most 100; got {}", field, *r));
        s.target_percent = *r;
      }
      if (!ok) return tl::unexpected(ok.error());
    }
    return s;
  }

  // [standards.<id>] tables, where a dotted id may be written nested
  // ([standards.stage1.acknowledge]) or quoted ([standards."stage1.acknowledge"]).
  Status standardsTable(const toml::table& t, const std::string& prefix,
                        std::vector<StandardOverlay>& out) const {
    for (auto&& [key, v] : t) {
      const std::string id = prefix.empty() ? std::string(key.str())
                                            : prefix + "." + std::string(key.str());
      const std::string path = "standards." + id;
      auto sub = v.as_table();
      if (!sub)
        return fail(lineOf(v), path, "format",
                    path + " must be a table of standard fields (title, starts, stops, ...)");
      if (sub->empty())
        return fail(lineOf(v), path, "required", path + " is empty");
      bool all_tables = std::all_of(sub->begin(), sub->end(),
                                    [](auto&& kv) { return kv.second.is_table(); });
      if (all_tables) {
        if (auto ok = standardsTable(*sub, id, out); !ok) return ok;
        continue;
      }
      auto s = standard(*sub, id, path);
      if (!s) return tl::unexpected(s.error());
      out.push_back(std::move(*s));
    }
    return {};
  }

  Status standardsArray(const toml::array& a, std::vector<StandardOverlay>& out) const {
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string item = fmt::format("standards[{}]", i);
      auto t = a[i].as_table();
      if (!t) return fail(lineOf(a[i]), item, "format", item + " must be a table");
      auto idn = t->get("id");
      if (!idn) return fail(lineOf(a[i]), item + ".id", "required", item + " needs an id");
      auto id = nonEmptyString(*idn, item + ".id");
      if (!id) return tl::unexpected(id.error());
      auto s = standard(*t, *id, "standards." + *id);
      if (!s) return tl::unexpected(s.error());
      out.push_back(std::move(*s));
    }
    return {};
  }

  Result<std::vector<ExclusionOverlay>> exclusions(const toml::node& n) const {
    auto a = n.as_array();
    if (!a)
      return fail(lineOf(n), "exclusion_reasons", "format",
                  "exclusion_reasons must be a list of tables ([[exclusion_reasons]])");
    std::vector<ExclusionOverlay> out;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string item = fmt::format("exclusion_reasons[{}]", i);
      auto t = (*a)[i].as_table();
      if (!t) return fail(lineOf((*a)[i]), item, "format", item + " must be a table");
      if (auto ok = checkKeys(*t, item, kExclusionKeys); !ok) return tl::unexpected(ok.error());
      ExclusionOverlay e;
      e.line = lineOf((*a)[i]);
      auto idn = t->get("id");
      if (!idn) return fail(e.line, item + ".id", "required", item + " needs an id");
      auto id = nonEmptyString(*idn, item + ".id");
      if (!id) return tl::unexpected(id.error());
      e.id = *id;
      if (auto tn = t->get("title")) {
        auto r = nonEmptyString(*tn, item + ".title");
        if (!r) return tl::unexpected(r.error());
        e.title = *r;
      }
      if (auto pn = t->get("provision")) {
        auto r = string(*pn, item + ".provision");
        if (!r) return tl::unexpected(r.error());
        e.provision = *r;
      }
      if (auto rn = t->get("requires")) {
        auto r = stringList(*rn, item + ".requires");
        if (!r) return tl::unexpected(r.error());
        for (const auto& f : *r) {
          bool ok = std::all_of(f.begin(), f.end(),
                                [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
          if (!ok)
            return fail(lineOf(*rn), item + ".requires", "format",
                        fmt::format("{}.requires: '{}' must be a snake_case field name", item, f));
        }
        e.requires_fields = *r;
      }
      out.push_back(std::move(e));
    }
    return out;
  }

  // [[measures]], [[promises]], [[sector_figures]]: lists of tables of strings and numbers.
  Result<std::vector<const toml::table*>> tables(const toml::node& n, const std::string& key) const {
    auto a = n.as_array();
    if (!a) return fail(lineOf(n), key, "format", key + " must be a list of tables ([[" + key + "]])");
    std::vector<const toml::table*> out;
    for (std::size_t i = 0; i < a->size(); ++i) {
      auto t = (*a)[i].as_table();
      if (!t) return fail(lineOf((*a)[i]), fmt::format("{}[{}]", key, i), "format",
                          fmt::format("{}[{}] must be a table", key, i));
      out.push_back(t);
    }
    return out;
  }

  Result<std::vector<MeasureSpec>> measureList(const toml::node& n) const {
    auto ts = tables(n, "measures");
    if (!ts) return tl::unexpected(ts.error());
    std::vector<MeasureSpec> out;
    std::set<std::string> codes;
    for (std::size_t i = 0; i < ts->size(); ++i) {
      const toml::table& t = *(*ts)[i];
      const std::string item = fmt::format("measures[{}]", i);
      if (auto ok = checkKeys(t, item, kMeasureKeys); !ok) return tl::unexpected(ok.error());
      MeasureSpec m;
      m.line = lineOf(t);
      for (auto&& [key, v] : t) {
        const std::string k(key.str());
        const std::string field = item + "." + k;
        if (k == "stage") {
          auto r = integer(v, field, 1, 2);
          if (!r) return tl::unexpected(r.error());
          m.stage = *r;
        } else if (k == "target") {
          auto d = v.value<double>();
          if (!d) return fail(lineOf(v), field, "type", field + " must be a number");
          m.target = *d;
        } else if (k == "weighted") {
          auto b = v.value<bool>();
          if (!b) return fail(lineOf(v), field, "type", field + " must be true or false");
          m.weighted = *b;
        } else {
          auto r = string(v, field);
          if (!r) return tl::unexpected(r.error());
          if (k == "code") m.code = *r;
          else if (k == "title") m.title = *r;
          else if (k == "type") m.type = *r;
          else if (k == "promise") m.promise = *r;
          else if (k == "kind") m.kind = *r;
          else if (k == "clock") m.clock = *r;
          else if (k == "variant") m.variant = *r;
          else if (k == "tenure") m.tenure = *r;
          else if (k == "question") m.question = *r;
          else if (k == "check") m.check = *r;
          else if (k == "series") m.series = *r;
          else if (k == "unit") m.unit = *r;
          else if (k == "provision") m.provision = *r;
          else if (k == "better") {
            if (*r != "higher" && *r != "lower")
              return fail(lineOf(v), field, "unknown-value", field + " must be \"higher\" or \"lower\"");
            m.higher_is_better = *r == "higher";
          }
        }
      }
      if (m.code.empty() || m.title.empty() || m.type.empty())
        return fail(m.line, item, "required", item + " needs a code, a title and a type");
      if (!contains(kMeasureTypes, m.type))
        return fail(m.line, item + ".type", "unknown-value",
                    fmt::format("{}.type: unknown measure type '{}'; expected one of: {}", item,
                                m.type, joined(kMeasureTypes)));
      if (!m.variant.empty() && m.variant != "with_extensions" && m.variant != "strict")
        return fail(m.line, item + ".variant", "unknown-value",
                    item + ".variant must be \"with_extensions\" or \"strict\"");
      if (!m.tenure.empty() && m.tenure != "social_rent" && m.tenure != "shared_ownership")
        return fail(m.line, item + ".tenure", "unknown-value",
                    item + ".tenure must be \"social_rent\" or \"shared_ownership\"");
      if (!m.kind.empty() && !contains(kKinds, m.kind))
        return fail(m.line, item + ".kind", "unknown-kind",
                    fmt::format("{}.kind: unknown kind '{}'", item, m.kind));
      if (!codes.insert(m.code).second)
        return fail(m.line, item + ".code", "duplicate",
                    fmt::format("measure '{}' is defined twice", m.code));
      out.push_back(std::move(m));
    }
    return out;
  }

  Result<std::vector<Promise>> promiseList(const toml::node& n) const {
    auto ts = tables(n, "promises");
    if (!ts) return tl::unexpected(ts.error());
    std::vector<Promise> out;
    for (std::size_t i = 0; i < ts->size(); ++i) {
      const toml::table& t = *(*ts)[i];
      const std::string item = fmt::format("promises[{}]", i);
      if (auto ok = checkKeys(t, item, kPromiseKeys); !ok) return tl::unexpected(ok.error());
      Promise p;
      for (auto&& [key, v] : t) {
        auto r = string(v, item + "." + std::string(key.str()));
        if (!r) return tl::unexpected(r.error());
        if (key == "id") p.id = *r;
        else if (key == "title") p.title = *r;
        else if (key == "text") p.text = *r;
        else p.source = *r;
      }
      if (p.id.empty() || p.title.empty())
        return fail(lineOf(t), item, "required", item + " needs an id and a title");
      out.push_back(std::move(p));
    }
    return out;
  }

  Result<std::vector<SectorFigure>> sectorList(const toml::node& n) const {
    auto ts = tables(n, "sector_figures");
    if (!ts) return tl::unexpected(ts.error());
    std::vector<SectorFigure> out;
    for (std::size_t i = 0; i < ts->size(); ++i) {
      const toml::table& t = *(*ts)[i];
      const std::string item = fmt::format("sector_figures[{}]", i);
      if (auto ok = checkKeys(t, item, kSectorKeys); !ok) return tl::unexpected(ok.error());
      SectorFigure f;
      for (auto&& [key, v] : t) {
        if (key == "value") {
          auto d = v.value<double>();
          if (!d) return fail(lineOf(v), item + ".value", "type", item + ".value must be a number");
          f.value = *d;
          continue;
        }
        auto r = string(v, item + "." + std::string(key.str()));
        if (!r) return tl::unexpected(r.error());
        if (key == "code") f.code = *r;
        else if (key == "label") f.label = *r;
        else f.source = *r;
      }
      if (f.code.empty() || f.source.empty())
        return fail(lineOf(t), item, "required", item + " needs a code and its source");
      out.push_back(std::move(f));
    }
    return out;
  }

  Result<std::map<std::string, std::string>> tsmPublication(const toml::node& n) const {
    const toml::table* t = n.as_table();
    if (!t) return fail(lineOf(n), "tsm_publication", "format", "tsm_publication must be a table");
    if (auto ok = checkKeys(*t, "tsm_publication", kTsmPublicationKeys); !ok)
      return tl::unexpected(ok.error());
    std::map<std::string, std::string> out;
    for (auto&& [key, v] : *t) {
      auto r = string(v, "tsm_publication." + std::string(key.str()));
      if (!r) return tl::unexpected(r.error());
      out[std::string(key.str())] = *r;
    }
    return out;
  }

  Result<PolicyOverlay> document(const toml::table& root) const {
    PolicyOverlay o;
    o.source_name = source_;
    if (auto ok = checkKeys(root, "", kTopKeys); !ok) return tl::unexpected(ok.error());
    for (auto&& [key, node] : root) {
      auto& v = node;  // a plain reference: clang 14 (the fuzz build) cannot capture bindings
      const std::string k(key.str());
      Status ok;
      auto setString = [&](std::optional<std::string>& out) {
        auto r = nonEmptyString(v, k);
        if (!r) return Status(tl::unexpected(r.error()));
        out = std::move(*r);
        return Status();
      };
      if (k == "id") {
        ok = setString(o.id);
      } else if (k == "name") {
        ok = setString(o.name);
      } else if (k == "extends") {
        ok = setString(o.extends);
      } else if (k == "source_document") {
        ok = setString(o.source_document);
      } else if (k == "ombudsman_contact") {
        ok = setString(o.ombudsman_contact);
      } else if (k == "effective_from") {
        auto r = date(v, k);
        if (r) o.effective_from = *r;
        else ok = tl::unexpected(r.error());
      } else if (k == "escalation_window_working_days") {
        auto r = integer(v, k, 0, 366);
        if (r) o.escalation_window_working_days = *r;
        else ok = tl::unexpected(r.error());
      } else if (k == "themes" || k == "service_areas") {
        auto r = stringList(v, k);
        if (r) (k == "themes" ? o.themes : o.service_areas) = std::move(*r);
        else ok = tl::unexpected(r.error());
      } else if (k == "calendar") {
        auto r = calendar(v);
        if (r) o.calendar = std::move(*r);
        else ok = tl::unexpected(r.error());
      } else if (k == "standards") {
        if (auto a = v.as_array()) {
          ok = standardsArray(*a, o.standards);
        } else if (auto t = v.as_table()) {
          ok = standardsTable(*t, "", o.standards);
        } else {
          ok = fail(lineOf(v), "standards", "format",
                    "standards must be [standards.<id>] tables or [[standards]] entries");
        }
      } else if (k == "exclusion_reasons") {
        auto r = exclusions(v);
        if (r) o.exclusion_reasons = std::move(*r);
        else ok = tl::unexpected(r.error());
      } else if (k == "measures") {
        auto r = measureList(v);
        if (r) o.measures = std::move(*r);
        else ok = tl::unexpected(r.error());
      } else if (k == "promises") {
        auto r = promiseList(v);
        if (r) o.promises = std::move(*r);
        else ok = tl::unexpected(r.error());
      } else if (k == "sector_figures") {
        auto r = sectorList(v);
        if (r) o.sector_figures = std::move(*r);
        else ok = tl::unexpected(r.error());
      } else if (k == "tsm_publication") {
        auto r = tsmPublication(v);
        if (r) o.tsm_publication = std::move(*r);
        else ok = tl::unexpected(r.error());
      } else if (k == "ch02_published") {
        ok = setString(o.ch02_published);
        if (ok && *o.ch02_published != "with_extensions" && *o.ch02_published != "strict")
          ok = fail(lineOf(v), k, "unknown-value",
                    "ch02_published must be \"with_extensions\" or \"strict\"");
      }
      if (!ok) return tl::unexpected(ok.error());
    }
    std::set<std::string> ids;
    for (const auto& s : o.standards)
      if (!ids.insert(s.id).second)
        return fail(s.line, "standards." + s.id, "duplicate",
                    fmt::format("standard '{}' is defined twice", s.id));
    ids.clear();
    for (const auto& e : o.exclusion_reasons)
      if (!ids.insert(e.id).second)
        return fail(e.line, "exclusion_reasons", "duplicate",
                    fmt::format("exclusion reason '{}' is defined twice", e.id));
    return o;
  }

 private:
  std::string source_;
};

}  // namespace

std::string where(std::string_view source_name, int line) {
  if (line > 0) return fmt::format("{} line {}: ", source_name, line);
  return fmt::format("{}: ", source_name);
}

const StandardOverlay* PolicyOverlay::standard(std::string_view id) const {
  for (const auto& s : standards)
    if (s.id == id) return &s;
  return nullptr;
}

namespace {

// The first byte outside strings and comments that is not ASCII (1-based line and column), if
// any. TOML 1.0 allows non-ASCII only inside strings and comments, so such a byte is always a
// syntax error; we report it ourselves because toml++ 3.3 reaches __builtin_unreachable() on
// some of them (is_non_ascii_horizontal_whitespace, e.g. "key = <pound sign>"; found by
// fuzz/fuzz_policy).
std::optional<std::pair<int, int>> nonAsciiOutsideStrings(std::string_view t) {
  int line = 1;
  std::size_t line_start = 0;
  std::size_t i = 0;
  const std::size_t n = t.size();
  auto starts = [&](std::string_view what) { return t.substr(i, what.size()) == what; };
  while (i < n) {
    char c = t[i];
    if (c == '\n') {
      ++line;
      line_start = ++i;
    } else if (c == '#') {
      while (i < n && t[i] != '\n') ++i;
    } else if (starts("\"\"\"") || starts("'''")) {
      const std::string_view close = t.substr(i, 3);
      const bool escapes = c == '"';
      i += 3;
      while (i < n && !starts(close)) {
        if (escapes && t[i] == '\\') ++i;
        if (i < n && t[i] == '\n') {
          ++line;
          line_start = i + 1;
        }
        ++i;
      }
      i += 3;
    } else if (c == '"' || c == '\'') {
      ++i;
      while (i < n && t[i] != c && t[i] != '\n') {
        if (c == '"' && t[i] == '\\') ++i;
        ++i;
      }
      if (i < n && t[i] == c) ++i;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      return std::make_pair(line, static_cast<int>(i - line_start) + 1);
    } else {
      ++i;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<PolicyOverlay> parseOverlay(std::string_view toml_text, std::string_view source_name) {
  if (auto at = nonAsciiOutsideStrings(toml_text)) {
    return invalid("", "toml-syntax",
                   fmt::format("{} line {}, column {}: a character outside a string or comment "
                               "that is not ASCII (TOML allows those only in quotes)",
                               source_name, at->first, at->second));
  }
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    return invalid("", "toml-syntax",
                   fmt::format("{} line {}, column {}: {}", source_name, begin.line, begin.column,
                               e.description()));
  } catch (const std::exception& e) {
    return invalid("", "toml-syntax", fmt::format("{}: {}", source_name, e.what()));
  }
  return Reader(source_name).document(root);
}

}  // namespace charter::policy_detail
