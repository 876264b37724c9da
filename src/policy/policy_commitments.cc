// The commitments register of a policy file (docs/policy.md "The commitments register"):
// [[commitments]] read here, and checked against the merged policy's standards and measures.
#include <array>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "policy/toml_reader.h"

namespace charter::policy_detail {
namespace {

constexpr std::array<std::string_view, 4> kCommitmentKeys = {"text", "source", "measured_by",
                                                             "not_measured"};

// A commitment's text cut short for messages: enough to find it in the file.
std::string shortText(const std::string& text) {
  constexpr std::size_t kMax = 60;
  return text.size() <= kMax ? text : text.substr(0, kMax) + "...";
}

Status commitmentKey(const TomlReader& r, Commitment& c, const std::string& k, const toml::node& v,
                     const std::string& field) {
  if (k == "measured_by") return into(r.stringList(v, field), c.measured_by);
  auto s = r.nonEmptyString(v, field);
  if (!s) return tl::unexpected(s.error());
  if (k == "text") c.text = std::move(*s);
  else if (k == "source") c.source = std::move(*s);
  else c.not_measured = std::move(*s);
  return {};
}

Result<Commitment> commitment(const TomlReader& r, const toml::table& t, const std::string& item) {
  if (auto ok = r.checkKeys(t, item, kCommitmentKeys); !ok) return tl::unexpected(ok.error());
  Commitment c;
  c.line = lineOf(t);
  for (auto&& [key, v] : t) {
    const std::string k(key.str());
    if (auto ok = commitmentKey(r, c, k, v, item + "." + k); !ok)
      return tl::unexpected(ok.error());
  }
  if (c.text.empty() || c.source.empty())
    return r.fail(c.line, item, "required", item + " needs a text and a source");
  const bool measured = t.contains("measured_by");
  if (measured && c.measured_by.empty())
    return r.fail(c.line, item + ".measured_by", "required",
                  fmt::format("{} (\"{}\"): measured_by must name at least one standard or "
                              "measure",
                              item, shortText(c.text)));
  if (measured && !c.not_measured.empty())
    return r.fail(c.line, item + ".not_measured", "one-of",
                  fmt::format("{} (\"{}\") has both measured_by and not_measured; a commitment "
                              "is either measured or says why not",
                              item, shortText(c.text)));
  if (!measured && c.not_measured.empty())
    return r.fail(c.line, item, "measured-or-reason",
                  fmt::format("{} (\"{}\") needs measured_by (the standards or measures that "
                              "measure it) or not_measured (why it is not measured)",
                              item, shortText(c.text)));
  return c;
}

}  // namespace

Result<std::vector<Commitment>> readCommitments(const TomlReader& r, const toml::node& n) {
  auto ts = r.tables(n, "commitments");
  if (!ts) return tl::unexpected(ts.error());
  std::vector<Commitment> out;
  for (std::size_t i = 0; i < ts->size(); ++i) {
    auto c = commitment(r, *(*ts)[i], fmt::format("commitments[{}]", i));
    if (!c) return tl::unexpected(c.error());
    out.push_back(std::move(*c));
  }
  return out;
}

Status checkCommitments(const Policy& p, const PolicyOverlay& o) {
  for (std::size_t i = 0; i < p.commitments.size(); ++i) {
    const Commitment& c = p.commitments[i];
    for (const auto& code : c.measured_by) {
      if (p.standard(code) || p.measure(code)) continue;
      return invalid(fmt::format("commitments[{}].measured_by", i), "unknown-code",
                     where(o.source_name, c.line) +
                         fmt::format("commitments[{}] (\"{}\") is measured_by '{}', which names "
                                     "no standard or measure of this policy (a Tenant "
                                     "Satisfaction Measure is named here once it is listed "
                                     "under [[measures]])",
                                     i, shortText(c.text), code));
    }
  }
  return {};
}

}  // namespace charter::policy_detail
