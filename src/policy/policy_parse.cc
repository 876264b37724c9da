// Reading a policy file: TOML text -> PolicyOverlay. Checks syntax, keys and value types here,
// where every node still knows its line (the sections in policy_parse_clocks.cc and
// policy_parse_measures.cc, the values in toml_reader.cc); policy.cc merges and checks against
// the Code.
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "policy/toml_reader.h"

namespace charter::policy_detail {
namespace {

constexpr std::array<std::string_view, 23> kTopKeys = {
    "id",        "name",          "extends",           "source_document",
    "effective_from", "calendar", "standards",         "themes",
    "service_areas", "exclusion_reasons", "ombudsman_contact", "escalation_window_working_days",
    "measures", "promises", "sector_figures", "ch02_published", "tsm_publication",
    "add_issue_imminent_working_days", "teams", "commitments", "surveys", "ombudsman_contact_cy",
    "translation_working_days"};

constexpr std::array<std::string_view, 2> kTeamKeys = {"name", "members"};

// [[teams]] name = "complaints", members = ["ann", "bob"]: names and members lower case and
// trimmed; a name given twice is refused (422 `duplicate`).
Result<std::vector<Team>> readTeams(const TomlReader& r, const toml::node& n) {
  auto ts = r.tables(n, "teams");
  if (!ts) return tl::unexpected(ts.error());
  auto lower = [](std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::size_t b = 0;
    while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    s = s.substr(b);
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::vector<Team> out;
  for (std::size_t i = 0; i < ts->size(); ++i) {
    const toml::table& t = *(*ts)[i];
    const std::string item = fmt::format("teams[{}]", i);
    if (auto ok = r.checkKeys(t, item, kTeamKeys); !ok) return tl::unexpected(ok.error());
    Team team;
    if (const toml::node* name = t.get("name")) {
      auto s = r.nonEmptyString(*name, item + ".name");
      if (!s) return tl::unexpected(s.error());
      team.name = lower(*s);
    }
    if (team.name.empty()) return r.fail(lineOf(t), item, "required", item + " needs a name");
    for (const auto& other : out) {
      if (other.name == team.name) {
        return r.fail(lineOf(t), item + ".name", "duplicate",
                      fmt::format("team \"{}\" is listed twice", team.name));
      }
    }
    if (const toml::node* members = t.get("members")) {
      auto list = r.stringList(*members, item + ".members");
      if (!list) return tl::unexpected(list.error());
      for (auto& m : *list) team.members.push_back(lower(m));
    }
    out.push_back(std::move(team));
  }
  return out;
}

// One top-level key of a policy file into the overlay.
Status documentKey(const TomlReader& r, PolicyOverlay& o, const std::string& k,
                   const toml::node& v) {
  if (k == "id") return into(r.nonEmptyString(v, k), o.id);
  if (k == "name") return into(r.nonEmptyString(v, k), o.name);
  if (k == "extends") return into(r.nonEmptyString(v, k), o.extends);
  if (k == "source_document") return into(r.nonEmptyString(v, k), o.source_document);
  if (k == "ombudsman_contact") return into(r.nonEmptyString(v, k), o.ombudsman_contact);
  if (k == "ombudsman_contact_cy") return into(r.nonEmptyString(v, k), o.ombudsman_contact_cy);
  if (k == "translation_working_days")
    return into(r.integer(v, k, 1, 60), o.translation_working_days);
  if (k == "effective_from") return into(r.date(v, k), o.effective_from);
  if (k == "escalation_window_working_days")
    return into(r.integer(v, k, 0, 366), o.escalation_window_working_days);
  if (k == "add_issue_imminent_working_days")
    return into(r.integer(v, k, 0, 20), o.add_issue_imminent_working_days);
  if (k == "teams") return into(readTeams(r, v), o.teams);
  if (k == "themes") return into(r.stringList(v, k), o.themes);
  if (k == "service_areas") return into(r.stringList(v, k), o.service_areas);
  if (k == "calendar") return into(readCalendar(r, v), o.calendar);
  if (k == "standards") return readStandards(r, v, o.standards);
  if (k == "exclusion_reasons") return into(readExclusions(r, v), o.exclusion_reasons);
  if (k == "measures") return into(readMeasures(r, v), o.measures);
  if (k == "promises") return into(readPromises(r, v), o.promises);
  if (k == "commitments") return into(readCommitments(r, v), o.commitments);
  if (k == "surveys") return into(readSurveys(r, v), o.surveys);
  if (k == "sector_figures") return into(readSectorFigures(r, v), o.sector_figures);
  if (k == "tsm_publication") return into(readTsmPublication(r, v), o.tsm_publication);
  if (k == "ch02_published") {
    auto ok = into(r.nonEmptyString(v, k), o.ch02_published);
    if (ok && *o.ch02_published != "with_extensions" && *o.ch02_published != "strict")
      return r.fail(lineOf(v), k, "unknown-value",
                    "ch02_published must be \"with_extensions\" or \"strict\"");
    return ok;
  }
  return {};
}

// Standard ids and exclusion reason ids are each defined once per file.
Status checkUnique(const TomlReader& r, const PolicyOverlay& o) {
  std::set<std::string> ids;
  for (const auto& s : o.standards)
    if (!ids.insert(s.id).second)
      return r.fail(s.line, "standards." + s.id, "duplicate",
                    fmt::format("standard '{}' is defined twice", s.id));
  ids.clear();
  for (const auto& e : o.exclusion_reasons)
    if (!ids.insert(e.id).second)
      return r.fail(e.line, "exclusion_reasons", "duplicate",
                    fmt::format("exclusion reason '{}' is defined twice", e.id));
  return {};
}

Result<PolicyOverlay> document(const TomlReader& r, const toml::table& root) {
  PolicyOverlay o;
  o.source_name = r.source();
  if (auto ok = r.checkKeys(root, "", kTopKeys); !ok) return tl::unexpected(ok.error());
  for (auto&& [key, v] : root)
    if (auto ok = documentKey(r, o, std::string(key.str()), v); !ok)
      return tl::unexpected(ok.error());
  if (auto ok = checkUnique(r, o); !ok) return tl::unexpected(ok.error());
  return o;
}

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
  return document(TomlReader(source_name), root);
}

}  // namespace charter::policy_detail
