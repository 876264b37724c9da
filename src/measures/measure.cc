#include "measures/measure.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "measures/arithmetic.h"
#include "policy/wait_rule.h"

namespace charter::measures {

namespace {

const char* kLcraSuffix = "";
const char* kLchoSuffix = "-LCHO";

MeasureSpec spec(std::string code, std::string title, std::string type, std::string unit,
                 std::string provision) {
  MeasureSpec m;
  m.code = std::move(code);
  m.title = std::move(title);
  m.type = std::move(type);
  m.unit = std::move(unit);
  m.provision = std::move(provision);
  return m;
}

// A "sep" measure: the LCRA figure under the bare code, the LCHO figure under code-LCHO.
void addSplit(std::vector<MeasureSpec>& out, MeasureSpec m) {
  MeasureSpec lcho = m;
  m.tenure = "social_rent";
  m.code += kLcraSuffix;
  m.title += " (social rent)";
  lcho.tenure = "shared_ownership";
  lcho.code += kLchoSuffix;
  lcho.title += " (shared ownership)";
  out.push_back(std::move(m));
  out.push_back(std::move(lcho));
}

struct TpDef {
  const char* code;
  const char* title;
};
constexpr TpDef kTp[] = {
    {"TP01", "Overall satisfaction"},
    {"TP02", "Satisfaction with repairs"},
    {"TP03", "Satisfaction with time taken to complete most recent repair"},
    {"TP04", "Satisfaction that the home is well maintained"},
    {"TP05", "Satisfaction that the home is safe"},
    {"TP06", "Satisfaction that the landlord listens to tenant views and acts upon them"},
    {"TP07", "Satisfaction that the landlord keeps tenants informed about things that matter to them"},
    {"TP08", "Agreement that the landlord treats tenants fairly and with respect"},
    {"TP09", "Satisfaction with the landlord's approach to handling complaints"},
    {"TP10", "Satisfaction that the landlord keeps communal areas clean and well maintained"},
    {"TP11", "Satisfaction that the landlord makes a positive contribution to neighbourhoods"},
    {"TP12", "Satisfaction with the landlord's approach to handling anti-social behaviour"},
};

std::string_view suffixOf(const std::string& variant) {
  return variant == "strict" ? "-STRICT" : "-EXT";
}

}  // namespace

std::optional<double> MeasureResult::published() const {
  if (!value) return std::nullopt;
  if (unit.empty()) return std::round(*value);
  return roundHalfUp(*value, 1);
}

std::vector<MeasureSpec> tsmMeasures(const std::string& ch02_published) {
  std::vector<MeasureSpec> out;
  for (int stage : {1, 2}) {
    auto m = spec(fmt::format("CH01-{}", stage),
                  fmt::format("Stage {} complaints received per 1,000 homes",
                              stage == 1 ? "one" : "two"),
                  "rate_per_1000", "per 1,000 homes", "TSM CH01");
    m.kind = "complaint";
    m.stage = stage;
    m.higher_is_better = false;
    addSplit(out, m);
  }
  const std::string other = ch02_published == "strict" ? "with_extensions" : "strict";
  for (int stage : {1, 2}) {
    for (const std::string& variant : {ch02_published, other}) {
      const bool published = variant == ch02_published;
      auto m = spec(fmt::format("CH02-{}{}", stage, published ? "" : suffixOf(variant)),
                    fmt::format("Stage {} complaints responded to within the Complaint Handling "
                                "Code timescales{}",
                                stage == 1 ? "one" : "two",
                                published ? ""
                                : variant == "strict" ? ", extensions counted as late"
                                                      : ", Code-compliant extensions counted as in time"),
                    "clock_percent", "%", "TSM CH02");
      m.clock = fmt::format("stage{}.respond", stage);
      m.variant = variant;
      addSplit(out, m);
    }
  }
  {
    auto m = spec("NM01-1", "Anti-social behaviour cases opened per 1,000 homes", "series",
                  "per 1,000 homes", "TSM NM01");
    m.series = "NM01-1";
    m.higher_is_better = false;
    out.push_back(m);
    m.code = m.series = "NM01-2";
    m.title = "Anti-social behaviour cases that involve hate incidents opened per 1,000 homes";
    out.push_back(m);
  }
  {
    auto m = spec("RP01", "Homes that do not meet the Decent Homes Standard",
                  "compliance_percent", "%", "TSM RP01");
    m.check = "decent_homes";
    m.higher_is_better = false;
    addSplit(out, m);
  }
  {
    auto m = spec("RP02-1",
                  "Non-emergency responsive repairs completed within the landlord's target "
                  "timescale",
                  "series", "%", "TSM RP02");
    m.series = "RP02-1";
    m.tenure = "social_rent";
    out.push_back(m);
    m.code = m.series = "RP02-2";
    m.title = "Emergency responsive repairs completed within the landlord's target timescale";
    out.push_back(m);
  }
  constexpr const char* kBs[][3] = {
      {"BS01", "Homes for which all required gas safety checks have been carried out", "gas"},
      {"BS02", "Homes for which all required fire risk assessments have been carried out", "fire"},
      {"BS03", "Homes for which all required asbestos management surveys or re-inspections have "
               "been carried out", "asbestos"},
      {"BS04", "Homes for which all required legionella risk assessments have been carried out",
       "water"},
      {"BS05", "Homes for which all required communal passenger lift safety checks have been "
               "carried out", "lift"},
  };
  for (const auto& b : kBs) {
    auto m = spec(b[0], b[1], "compliance_percent", "%", std::string("TSM ") + b[0]);
    m.check = b[2];
    out.push_back(m);
  }
  for (const auto& tp : kTp) {
    auto m = spec(tp.code, tp.title, "survey_percent", "%", std::string("TSM ") + tp.code);
    m.question = tp.code;
    addSplit(out, m);
  }
  return out;
}

bool isTsm(const std::string& code) {
  static const auto kAll = [] {
    std::vector<std::string> codes;
    for (const auto& v : {std::string("with_extensions"), std::string("strict")})
      for (const auto& m : tsmMeasures(v)) codes.push_back(m.code);
    return codes;
  }();
  return std::find(kAll.begin(), kAll.end(), code) != kAll.end();
}

std::vector<MeasureSpec> measuresFor(const Policy& policy) {
  std::vector<MeasureSpec> out = tsmMeasures(policy.ch02_published);
  for (const auto& m : policy.measures) {
    auto it = std::find_if(out.begin(), out.end(), [&](const MeasureSpec& t) { return t.code == m.code; });
    if (it != out.end()) {
      // A policy entry for a TSM sets its target, promise and title; the definition is fixed.
      if (m.target) it->target = m.target;
      if (!m.promise.empty()) it->promise = m.promise;
      continue;
    }
    out.push_back(m);
  }
  return out;
}

namespace {

// Each kind of measure's figures for the period, into `r` (numerator, denominator, value, note).
Status countCases(const MeasureSpec& m, const Period& p, MeasureSource& src, MeasureResult& r) {
  CaseCount q{m.kind, m.stage, m.tenure, "", ""};
  auto n = src.countCases(q, p);
  if (!n) return tl::unexpected(n.error());
  r.numerator = static_cast<double>(*n);
  if (m.type == "count") {
    r.value = r.numerator;
    return {};
  }
  auto homes = src.homes(m.tenure, p.end);
  if (!homes) return tl::unexpected(homes.error());
  if (*homes) {
    r.denominator = static_cast<double>(**homes);
    r.value = ratePer1000(r.numerator, r.denominator);
  } else {
    r.note = "no stock figure: import the homes owned";
  }
  return {};
}

Status clockPercent(const MeasureSpec& m, const Period& p, MeasureSource& src,
                    const Policy& policy, MeasureResult& r) {
  auto t = src.tallyClocks(m.clock, m.tenure, p);
  if (!t) return tl::unexpected(t.error());
  const std::string variant = m.variant.empty() ? policy.ch02_published : m.variant;
  r.numerator = static_cast<double>(variant == "strict" ? t->met_strict : t->met_with_extensions);
  r.denominator = static_cast<double>(t->stopped);
  r.value = percent(r.numerator, r.denominator);
  r.note = variant == "strict" ? "extensions counted as late" : "Code-compliant extensions counted as in time";
  return {};
}

Status surveyPercent(const MeasureSpec& m, const Period& p, MeasureSource& src, MeasureResult& r) {
  auto t = src.survey(m.question, m.tenure, p);
  if (!t) return tl::unexpected(t.error());
  const bool weighted = m.weighted && t->weighted_base > 0 && t->reweighted > 0;
  r.numerator = weighted ? t->weighted_satisfied : static_cast<double>(t->satisfied);
  r.denominator = weighted ? t->weighted_base : static_cast<double>(t->base);
  r.value = percent(r.numerator, r.denominator);
  r.note = weighted ? "weighted" : "unweighted";
  auto homes = src.homes(m.tenure, p.end);
  if (!homes) return tl::unexpected(homes.error());
  if (*homes) {
    if (auto band = requiredMarginBand(**homes)) r.sample_required = requiredSampleSize(**homes, *band);
    if (t->base > 0) r.margin_of_error = achievedMarginOfError(t->base, **homes);
  }
  return {};
}

Status compliancePercent(const MeasureSpec& m, const Period& p, MeasureSource& src,
                         MeasureResult& r) {
  auto t = src.compliance(m.check, m.tenure, p.end);
  if (!t) return tl::unexpected(t.error());
  if (m.check == "decent_homes") {
    // RP01: homes failing / homes owned (lower is better).
    r.numerator = static_cast<double>(t->required - t->compliant);
    auto homes = src.homes(m.tenure, p.end);
    if (!homes) return tl::unexpected(homes.error());
    r.denominator = *homes ? static_cast<double>(**homes) : static_cast<double>(t->required);
  } else {
    r.numerator = static_cast<double>(t->compliant);
    r.denominator = static_cast<double>(t->required);
  }
  r.value = percent(r.numerator, r.denominator);
  return {};
}

// An imported series: a rate per 1,000 homes (over the homes owned when the series has no
// denominator), a percentage, or the figure itself.
Status series(const MeasureSpec& m, const Period& p, MeasureSource& src, MeasureResult& r) {
  auto s = src.series(m.series.empty() ? m.code : m.series, m.tenure, p);
  if (!s) return tl::unexpected(s.error());
  if (!*s) {
    r.note = "no figures imported for this period";
    return {};
  }
  r.numerator = (*s)->numerator;
  r.denominator = (*s)->denominator;
  if (m.unit == "per 1,000 homes") {
    if (r.denominator <= 0) {
      auto homes = src.homes(m.tenure, p.end);
      if (!homes) return tl::unexpected(homes.error());
      if (*homes) r.denominator = static_cast<double>(**homes);
    }
    r.value = ratePer1000(r.numerator, r.denominator);
  } else if (m.unit == "%") {
    r.value = percent(r.numerator, r.denominator);
  } else {
    r.value = r.numerator;
  }
  return {};
}

// Calls answered, or visitors seen, within the measure's wait. An abandoned call, and a visitor
// who left unseen, count in the denominator and not the numerator.
Status waitPercent(const MeasureSpec& m, const Period& p, MeasureSource& src, MeasureResult& r) {
  const auto rule = parseWaitVariant(m.type, m.variant);
  if (!rule)
    return invalid("variant", "format",
                   fmt::format("measure {}: no wait given (within_seconds / within_minutes)", m.code));
  const bool calls = m.type == "calls_percent";
  auto t = calls ? src.callWaits(rule->within, rule->subset, p)
                 : src.visitWaits(rule->within, rule->subset, p);
  if (!t) return tl::unexpected(t.error());
  r.numerator = static_cast<double>(t->within);
  r.denominator = static_cast<double>(t->total);
  r.value = percent(r.numerator, r.denominator);
  if (calls) {
    r.note = fmt::format("{} answered within {} seconds{}", rule->subset ? "transferred calls" : "calls",
                         rule->within, rule->subset ? " of the transfer" : "");
  } else {
    r.note = fmt::format("visitors seen {}within {} minutes",
                         rule->subset ? "by another officer " : "", rule->within);
  }
  if (t->total == 0) r.note += "; no records for this period";
  return {};
}

// The share of the answers to Charter's own surveys after a service that were very satisfied or
// satisfied (docs/surveys.md): every answer counts, there is no "don't know" to leave out.
Status satisfactionPercent(const MeasureSpec& m, const Period& p, MeasureSource& src,
                           MeasureResult& r) {
  auto t = src.satisfaction({m.kind, m.stage, m.category}, p);
  if (!t) return tl::unexpected(t.error());
  r.numerator = static_cast<double>(t->satisfied);
  r.denominator = static_cast<double>(t->answers);
  r.value = percent(r.numerator, r.denominator);
  r.note = fmt::format("{} of {} answers satisfied", t->satisfied, t->answers);
  if (t->answers == 0) r.note = "no answers for this period";
  return {};
}

Status figures(const MeasureSpec& m, const Period& p, MeasureSource& src, const Policy& policy,
               MeasureResult& r) {
  if (m.type == "count" || m.type == "rate_per_1000") return countCases(m, p, src, r);
  if (m.type == "clock_percent") return clockPercent(m, p, src, policy, r);
  if (m.type == "survey_percent") return surveyPercent(m, p, src, r);
  if (m.type == "compliance_percent") return compliancePercent(m, p, src, r);
  if (m.type == "series") return series(m, p, src, r);
  if (isWaitMeasure(m.type)) return waitPercent(m, p, src, r);
  if (m.type == "satisfaction_percent") return satisfactionPercent(m, p, src, r);
  return invalid("type", "unknown-value", fmt::format("unknown measure type '{}'", m.type));
}

}  // namespace

Result<MeasureResult> evaluate(const MeasureSpec& m, const Period& p, MeasureSource& src,
                               const Policy& policy) {
  MeasureResult r;
  r.code = m.code;
  r.title = m.title;
  r.type = m.type;
  r.unit = m.unit;
  r.tenure = m.tenure;
  r.promise = m.promise;
  r.provision = m.provision;
  r.target = m.target;
  r.higher_is_better = m.higher_is_better;
  if (auto ok = figures(m, p, src, policy, r); !ok) return tl::unexpected(ok.error());
  if (r.value && r.target) {
    const double v = *r.published();
    r.met = r.higher_is_better ? v >= *r.target : v <= *r.target;
  }
  return r;
}

Result<std::vector<MeasureResult>> evaluateAll(const Policy& policy, const Period& period,
                                               MeasureSource& source) {
  std::vector<MeasureResult> out;
  for (const auto& m : measuresFor(policy)) {
    auto r = evaluate(m, period, source, policy);
    if (!r) return tl::unexpected(r.error());
    out.push_back(std::move(*r));
  }
  return out;
}

Result<std::vector<CaseId>> casesBehind(const MeasureSpec& m, const Period& p,
                                        MeasureSource& src, const Policy& policy,
                                        const std::string& part) {
  if (m.type == "count" || m.type == "rate_per_1000") {
    return src.caseIdsCounted(CaseCount{m.kind, m.stage, m.tenure, "", ""}, p);
  }
  if (m.type == "clock_percent") {
    const std::string variant = m.variant.empty() ? policy.ch02_published : m.variant;
    return src.caseIdsClocks(m.clock, m.tenure, part == "numerator" ? "met" : "all",
                             variant == "strict", p);
  }
  return std::vector<CaseId>{};
}

std::string formatValue(const MeasureResult& r) {
  auto v = r.published();
  if (!v) return "-";
  if (r.unit == "%") return fmt::format("{:.1f}%", *v);
  if (r.unit.empty()) return fmt::format("{:.0f}", *v);
  return fmt::format("{:.1f}", *v);
}

}  // namespace charter::measures
