// The sections of a policy file that define what is measured and published (docs/policy.md
// "Measures"): [[measures]], [[promises]], [[sector_figures]] and [tsm_publication].
#include <array>
#include <set>
#include <string>
#include <string_view>

#include "policy/toml_reader.h"
#include "policy/wait_rule.h"

namespace charter::policy_detail {
namespace {

constexpr std::array<std::string_view, 23> kMeasureKeys = {
    "code",      "title",     "type",      "promise",  "kind",           "stage",
    "clock",     "variant",   "tenure",    "question", "weighted",       "check",
    "series",    "unit",      "target",    "better",   "provision",      "note",
    "within_seconds", "within_minutes", "transferred_only", "another_officer", "category"};
constexpr std::array<std::string_view, 9> kMeasureTypes = {
    "count",          "rate_per_1000", "clock_percent", "survey_percent", "compliance_percent",
    "series",         "calls_percent", "visits_percent", "satisfaction_percent"};
// The keys of a contact measure's wait (policy/wait_rule.h), by type.
struct WaitKeys {
  std::string_view within, subset;
};
constexpr WaitKeys kCallWait{"within_seconds", "transferred_only"};
constexpr WaitKeys kVisitWait{"within_minutes", "another_officer"};
constexpr std::array<std::string_view, 4> kPromiseKeys = {"id", "title", "text", "source"};
constexpr std::array<std::string_view, 4> kSectorKeys = {"code", "value", "label", "source"};
// [tsm_publication]: the RP02 target timescales and the survey's summary of approach (b-k).
constexpr std::array<std::string_view, 11> kTsmPublicationKeys = {
    "rp02_targets", "b_timing", "c_methods", "d_sample_method", "e_representativeness",
    "f_weighting", "g_contractor", "h_exclusions", "i_sample_size_shortfall", "j_incentives",
    "k_other_issues"};

// The string-valued keys of a measure (all but stage, target, weighted and better).
std::string* measureString(MeasureSpec& m, const std::string& k) {
  if (k == "code") return &m.code;
  if (k == "title") return &m.title;
  if (k == "type") return &m.type;
  if (k == "promise") return &m.promise;
  if (k == "kind") return &m.kind;
  if (k == "clock") return &m.clock;
  if (k == "variant") return &m.variant;
  if (k == "tenure") return &m.tenure;
  if (k == "question") return &m.question;
  if (k == "check") return &m.check;
  if (k == "series") return &m.series;
  if (k == "unit") return &m.unit;
  if (k == "provision") return &m.provision;
  if (k == "category") return &m.category;
  return nullptr;  // "note": read for its type, not kept
}

Status measureKey(const TomlReader& r, MeasureSpec& m, const std::string& k, const toml::node& v,
                  const std::string& field) {
  if (k == "stage") return into(r.integer(v, field, 1, 2), m.stage);
  if (k == "target") {
    auto d = v.value<double>();
    if (!d) return r.fail(lineOf(v), field, "type", field + " must be a number");
    m.target = *d;
    return {};
  }
  if (k == "weighted") {
    auto b = v.value<bool>();
    if (!b) return r.fail(lineOf(v), field, "type", field + " must be true or false");
    m.weighted = *b;
    return {};
  }
  auto s = r.string(v, field);
  if (!s) return tl::unexpected(s.error());
  if (k == "better") {
    if (*s != "higher" && *s != "lower")
      return r.fail(lineOf(v), field, "unknown-value", field + " must be \"higher\" or \"lower\"");
    m.higher_is_better = *s == "higher";
  } else if (std::string* out = measureString(m, k)) {
    *out = std::move(*s);
  }
  return {};
}

// A measure's values that must agree with each other and with the known names.
Status checkMeasure(const TomlReader& r, const MeasureSpec& m, const std::string& item) {
  if (m.code.empty() || m.title.empty() || m.type.empty())
    return r.fail(m.line, item, "required", item + " needs a code, a title and a type");
  if (!contains(kMeasureTypes, m.type))
    return r.fail(m.line, item + ".type", "unknown-value",
                  fmt::format("{}.type: unknown measure type '{}'; expected one of: {}", item,
                              m.type, joined(kMeasureTypes)));
  if (!m.variant.empty() && m.variant != "with_extensions" && m.variant != "strict")
    return r.fail(m.line, item + ".variant", "unknown-value",
                  item + ".variant must be \"with_extensions\" or \"strict\"");
  if (!m.tenure.empty() && m.tenure != "social_rent" && m.tenure != "shared_ownership")
    return r.fail(m.line, item + ".tenure", "unknown-value",
                  item + ".tenure must be \"social_rent\" or \"shared_ownership\"");
  if (!m.kind.empty() && !contains(kKinds, m.kind))
    return r.fail(m.line, item + ".kind", "unknown-kind",
                  fmt::format("{}.kind: unknown kind '{}'", item, m.kind));
  if (!m.category.empty() && m.type != "satisfaction_percent")
    return r.fail(m.line, item + ".category", "unknown-key",
                  item + ".category applies only to satisfaction_percent");
  return {};
}

bool isWaitKey(std::string_view k) {
  return k == kCallWait.within || k == kCallWait.subset || k == kVisitWait.within ||
         k == kVisitWait.subset;
}

// A contact measure's wait (calls_percent, visits_percent) into m.variant: its type's "within"
// key is required, the other type's keys and a variant are refused; any other type takes none.
Status waitKeys(const TomlReader& r, const toml::table& t, MeasureSpec& m,
                const std::string& item) {
  if (!isWaitMeasure(m.type)) {
    for (auto&& [key, v] : t)
      if (isWaitKey(key.str()))
        return r.fail(lineOf(v), item + "." + std::string(key.str()), "unknown-key",
                      fmt::format("{}.{} applies only to calls_percent and visits_percent", item,
                                  key.str()));
    return {};
  }
  const WaitKeys& keys = m.type == "calls_percent" ? kCallWait : kVisitWait;
  const WaitKeys& other = m.type == "calls_percent" ? kVisitWait : kCallWait;
  if (!m.variant.empty())
    return r.fail(m.line, item + ".variant", "unknown-key",
                  fmt::format("{}: a {} measure says its wait with {} and {}, not variant", item,
                              m.type, keys.within, keys.subset));
  WaitRule rule;
  for (auto&& [key, v] : t) {
    const std::string k(key.str());
    const std::string field = item + "." + k;
    if (k == other.within || k == other.subset)
      return r.fail(lineOf(v), field, "unknown-key",
                    fmt::format("{} does not apply to a {} measure", field, m.type));
    if (k == keys.within) {
      int n = 0;
      if (auto ok = into(r.integer(v, field, 1, 3600), n); !ok) return ok;
      rule.within = n;
    } else if (k == keys.subset) {
      auto b = v.value<bool>();
      if (!b) return r.fail(lineOf(v), field, "type", field + " must be true or false");
      rule.subset = *b;
    }
  }
  if (rule.within == 0)
    return r.fail(m.line, item + "." + std::string(keys.within), "required",
                  fmt::format("{}: a {} measure needs {}", item, m.type, keys.within));
  m.variant = waitVariant(m.type, rule);
  if (m.unit.empty()) m.unit = "%";
  return {};
}

Result<MeasureSpec> measure(const TomlReader& r, const toml::table& t, const std::string& item) {
  if (auto ok = r.checkKeys(t, item, kMeasureKeys); !ok) return tl::unexpected(ok.error());
  MeasureSpec m;
  m.line = lineOf(t);
  for (auto&& [key, v] : t) {
    const std::string k(key.str());
    if (isWaitKey(k)) continue;  // waitKeys, once the type is known
    if (auto ok = measureKey(r, m, k, v, item + "." + k); !ok) return tl::unexpected(ok.error());
  }
  if (auto ok = checkMeasure(r, m, item); !ok) return tl::unexpected(ok.error());
  if (auto ok = waitKeys(r, t, m, item); !ok) return tl::unexpected(ok.error());
  if (m.type == "satisfaction_percent" && m.unit.empty()) m.unit = "%";
  return m;
}

}  // namespace

Result<std::vector<MeasureSpec>> readMeasures(const TomlReader& r, const toml::node& n) {
  auto ts = r.tables(n, "measures");
  if (!ts) return tl::unexpected(ts.error());
  std::vector<MeasureSpec> out;
  std::set<std::string> codes;
  for (std::size_t i = 0; i < ts->size(); ++i) {
    const std::string item = fmt::format("measures[{}]", i);
    auto m = measure(r, *(*ts)[i], item);
    if (!m) return tl::unexpected(m.error());
    if (!codes.insert(m->code).second)
      return r.fail(m->line, item + ".code", "duplicate",
                    fmt::format("measure '{}' is defined twice", m->code));
    out.push_back(std::move(*m));
  }
  return out;
}

Result<std::vector<Promise>> readPromises(const TomlReader& r, const toml::node& n) {
  auto ts = r.tables(n, "promises");
  if (!ts) return tl::unexpected(ts.error());
  std::vector<Promise> out;
  for (std::size_t i = 0; i < ts->size(); ++i) {
    const toml::table& t = *(*ts)[i];
    const std::string item = fmt::format("promises[{}]", i);
    if (auto ok = r.checkKeys(t, item, kPromiseKeys); !ok) return tl::unexpected(ok.error());
    Promise p;
    for (auto&& [key, v] : t) {
      auto s = r.string(v, item + "." + std::string(key.str()));
      if (!s) return tl::unexpected(s.error());
      if (key == "id") p.id = *s;
      else if (key == "title") p.title = *s;
      else if (key == "text") p.text = *s;
      else p.source = *s;
    }
    if (p.id.empty() || p.title.empty())
      return r.fail(lineOf(t), item, "required", item + " needs an id and a title");
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<SectorFigure>> readSectorFigures(const TomlReader& r, const toml::node& n) {
  auto ts = r.tables(n, "sector_figures");
  if (!ts) return tl::unexpected(ts.error());
  std::vector<SectorFigure> out;
  for (std::size_t i = 0; i < ts->size(); ++i) {
    const toml::table& t = *(*ts)[i];
    const std::string item = fmt::format("sector_figures[{}]", i);
    if (auto ok = r.checkKeys(t, item, kSectorKeys); !ok) return tl::unexpected(ok.error());
    SectorFigure f;
    for (auto&& [key, v] : t) {
      if (key == "value") {
        auto d = v.value<double>();
        if (!d) return r.fail(lineOf(v), item + ".value", "type", item + ".value must be a number");
        f.value = *d;
        continue;
      }
      auto s = r.string(v, item + "." + std::string(key.str()));
      if (!s) return tl::unexpected(s.error());
      if (key == "code") f.code = *s;
      else if (key == "label") f.label = *s;
      else f.source = *s;
    }
    if (f.code.empty() || f.source.empty())
      return r.fail(lineOf(t), item, "required", item + " needs a code and its source");
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::map<std::string, std::string>> readTsmPublication(const TomlReader& r,
                                                              const toml::node& n) {
  const toml::table* t = n.as_table();
  if (!t) return r.fail(lineOf(n), "tsm_publication", "format", "tsm_publication must be a table");
  if (auto ok = r.checkKeys(*t, "tsm_publication", kTsmPublicationKeys); !ok)
    return tl::unexpected(ok.error());
  std::map<std::string, std::string> out;
  for (auto&& [key, v] : *t) {
    auto s = r.string(v, "tsm_publication." + std::string(key.str()));
    if (!s) return tl::unexpected(s.error());
    out[std::string(key.str())] = *s;
  }
  return out;
}

}  // namespace charter::policy_detail
