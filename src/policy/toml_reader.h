// Typed values out of a parsed TOML tree (toml++), for reading policy files: each reader checks
// one value's type and range and, when it is wrong, answers an Error naming the field, the rule
// broken and the file and line. Internal to src/policy.
//
// Cost: each call is proportional to the value it reads. Threading: a reader holds only the
// source name; it is immutable and may be shared.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "policy/policy_internal.h"

namespace charter::policy_detail {

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& a, std::string_view s) {
  return std::find(a.begin(), a.end(), s) != a.end();
}

// "a, b, c": the allowed values, for messages.
template <std::size_t N>
std::string joined(const std::array<std::string_view, N>& a) {
  std::string out;
  for (auto s : a) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

inline int lineOf(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// Moves a read value into `out` (a T or an optional<T>), or passes its error on.
template <class T, class Out>
Status into(Result<T> r, Out& out) {
  if (!r) return tl::unexpected(r.error());
  out = std::move(*r);
  return {};
}

class TomlReader {
 public:
  explicit TomlReader(std::string_view source) : source_(source) {}

  const std::string& source() const { return source_; }

  // An invalid-input error: "<source> line <line>: <message>", naming `field` and `rule`.
  tl::unexpected<Error> fail(int line, std::string field, std::string rule,
                             std::string message) const;

  // Every key of `t` is one of `allowed`; `path` names `t` in messages ("" for the top level).
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

  Result<std::string> string(const toml::node& n, const std::string& field) const;
  Result<std::string> nonEmptyString(const toml::node& n, const std::string& field) const;
  Result<int> integer(const toml::node& n, const std::string& field, int min, int max) const;
  Result<bool> boolean(const toml::node& n, const std::string& field) const;
  Result<double> number(const toml::node& n, const std::string& field) const;
  // A list of distinct non-empty strings.
  Result<std::vector<std::string>> stringList(const toml::node& n, const std::string& field) const;

  // A list whose every entry must be one of `known` (`what` names them: "kind", "weekday").
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

  // A TOML date or a "YYYY-MM-DD" string.
  Result<Date> date(const toml::node& n, const std::string& field) const;
  // "09:00" (or a TOML time 09:00:00) -> minutes after midnight.
  Result<int> timeOfDay(const toml::node& n, const std::string& field) const;
  // [{date = 2024-12-27, <text_key> = "Christmas closure"}, ...]
  Result<std::vector<std::pair<Date, std::string>>> dayList(const toml::node& n,
                                                           const std::string& field,
                                                           std::string_view text_key) const;
  // [[key]]: a list of tables.
  Result<std::vector<const toml::table*>> tables(const toml::node& n, const std::string& key) const;

 private:
  std::string source_;
};

// The sections of a policy file, each read whole (docs/policy.md): policy_parse_clocks.cc reads
// the calendar, the standards and the exclusion reasons; policy_parse_measures.cc the measures,
// promises, sector figures and TSM publication statements.
Result<CalendarOverlay> readCalendar(const TomlReader& r, const toml::node& n);
// [standards.<id>] tables or [[standards]] entries, appended to `out`.
Status readStandards(const TomlReader& r, const toml::node& n, std::vector<StandardOverlay>& out);
Result<std::vector<ExclusionOverlay>> readExclusions(const TomlReader& r, const toml::node& n);
Result<std::vector<MeasureSpec>> readMeasures(const TomlReader& r, const toml::node& n);
Result<std::vector<Promise>> readPromises(const TomlReader& r, const toml::node& n);
// [[commitments]]: keys, types, and exactly one of measured_by and not_measured
// (policy_commitments.cc).
Result<std::vector<Commitment>> readCommitments(const TomlReader& r, const toml::node& n);
Result<std::vector<SectorFigure>> readSectorFigures(const TomlReader& r, const toml::node& n);
Result<std::map<std::string, std::string>> readTsmPublication(const TomlReader& r,
                                                              const toml::node& n);
// [[surveys]]: when satisfaction surveys are offered (policy_parse_surveys.cc).
Result<std::vector<SurveyTrigger>> readSurveys(const TomlReader& r, const toml::node& n);

}  // namespace charter::policy_detail
