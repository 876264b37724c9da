// Typed values out of a TOML tree, each error naming its field, rule, file and line.
#include "policy/toml_reader.h"

#include <cctype>
#include <chrono>
#include <cstdint>
#include <set>

namespace charter::policy_detail {

tl::unexpected<Error> TomlReader::fail(int line, std::string field, std::string rule,
                                       std::string message) const {
  return invalid(std::move(field), std::move(rule), where(source_, line) + message);
}

Result<std::string> TomlReader::string(const toml::node& n, const std::string& field) const {
  if (auto s = n.as_string()) return s->get();
  return fail(lineOf(n), field, "format", field + " must be a string");
}

Result<std::string> TomlReader::nonEmptyString(const toml::node& n,
                                               const std::string& field) const {
  auto s = string(n, field);
  if (s && s->empty()) return fail(lineOf(n), field, "required", field + " must not be empty");
  return s;
}

Result<int> TomlReader::integer(const toml::node& n, const std::string& field, int min,
                                int max) const {
  auto v = n.as_integer();
  if (!v) return fail(lineOf(n), field, "format", field + " must be a whole number");
  std::int64_t x = v->get();
  if (x < min || x > max)
    return fail(lineOf(n), field, "range",
                fmt::format("{} must be between {} and {}; got {}", field, min, max, x));
  return static_cast<int>(x);
}

Result<bool> TomlReader::boolean(const toml::node& n, const std::string& field) const {
  if (auto b = n.as_boolean()) return b->get();
  return fail(lineOf(n), field, "format", field + " must be true or false");
}

Result<double> TomlReader::number(const toml::node& n, const std::string& field) const {
  if (auto i = n.as_integer()) return static_cast<double>(i->get());
  if (auto f = n.as_floating_point()) return f->get();
  return fail(lineOf(n), field, "format", field + " must be a number");
}

Result<std::vector<std::string>> TomlReader::stringList(const toml::node& n,
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

Result<Date> TomlReader::date(const toml::node& n, const std::string& field) const {
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

Result<int> TomlReader::timeOfDay(const toml::node& n, const std::string& field) const {
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

Result<std::vector<std::pair<Date, std::string>>> TomlReader::dayList(
    const toml::node& n, const std::string& field, std::string_view text_key) const {
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

Result<std::vector<const toml::table*>> TomlReader::tables(const toml::node& n,
                                                          const std::string& key) const {
  auto a = n.as_array();
  if (!a) return fail(lineOf(n), key, "format", key + " must be a list of tables ([[" + key + "]])");
  std::vector<const toml::table*> out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    auto t = (*a)[i].as_table();
    if (!t)
      return fail(lineOf((*a)[i]), fmt::format("{}[{}]", key, i), "format",
                  fmt::format("{}[{}] must be a table", key, i));
    out.push_back(t);
  }
  return out;
}

}  // namespace charter::policy_detail
