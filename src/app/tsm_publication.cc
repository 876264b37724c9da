#include "app/tsm_publication.h"

#include <fmt/format.h>

namespace charter {

namespace {

bool hasValue(const std::vector<measures::MeasureResult>& ms, const std::string& code,
              const std::string& tenure) {
  // The LCHO figure of a split measure is published under CODE-LCHO (measures/measure.cc).
  const std::string lcho = code + "-LCHO";
  for (const auto& m : ms)
    if ((m.code == code || m.code == lcho) && m.tenure == tenure && m.published()) return true;
  return false;
}

std::string tenureName(const std::string& t) {
  return t == "social_rent" ? "LCRA" : t == "shared_ownership" ? "LCHO" : "LCRA and LCHO";
}

}  // namespace

std::vector<PublicationGap> tsmPublicationGaps(const std::vector<measures::MeasureResult>& ms,
                                               const Policy& policy, long survey_responses) {
  std::vector<PublicationGap> gaps;
  auto need = [&](const std::string& code, const std::string& tenure, const char* why) {
    if (!hasValue(ms, code, tenure))
      gaps.push_back({fmt::format("{} ({})", code, tenureName(tenure)),
                      fmt::format("{} has no figure for {}: {}", code, tenureName(tenure), why)});
  };
  // Both parts of the four two-part measures, each split as the Regulator reports it.
  for (const char* code : {"CH01-1", "CH01-2", "CH02-1", "CH02-2"})
    for (const char* tenure : {"social_rent", "shared_ownership"})
      need(code, tenure, "import the stock count and record the complaints of the year");
  for (const char* code : {"RP02-1", "RP02-2"})
    need(code, "social_rent", "import the repairs series (LCRA only)");
  for (const char* code : {"NM01-1", "NM01-2"})
    need(code, "",
         "log the year's anti-social behaviour reports (or import them) and the stock count");

  if (!policy.standard("stage1.respond") || !policy.standard("stage2.respond"))
    gaps.push_back({"CH02 target timescales",
                    "the policy needs the stage1.respond and stage2.respond standards"});
  auto text = [&](const char* key) {
    auto it = policy.tsm_publication.find(key);
    return it == policy.tsm_publication.end() ? std::string() : it->second;
  };
  if (text("rp02_targets").empty())
    gaps.push_back({"RP02 target timescales",
                    "set tsm_publication.rp02_targets in the policy (the landlord's own repair "
                    "targets, published with RP02)"});

  for (int q = 1; q <= 12; ++q)
    for (const char* tenure : {"social_rent", "shared_ownership"})
      need(fmt::format("TP{:02}", q), tenure, "import the year's survey responses");

  if (survey_responses <= 0)
    gaps.push_back({"survey approach (a)", "no survey responses were collected in the year"});
  static constexpr std::pair<const char*, const char*> kItems[] = {
      {"b_timing", "b"}, {"c_methods", "c"}, {"d_sample_method", "d"},
      {"e_representativeness", "e"}, {"f_weighting", "f"}, {"g_contractor", "g"},
      {"h_exclusions", "h"}, {"i_sample_size_shortfall", "i"}, {"j_incentives", "j"},
      {"k_other_issues", "k"}};
  for (auto [key, letter] : kItems) {
    if (text(key).empty())
      gaps.push_back({fmt::format("survey approach ({})", letter),
                      fmt::format("set tsm_publication.{} in the policy (the summary of "
                                  "approach, item {}; \"None\" where nothing applies)",
                                  key, letter)});
  }
  return gaps;
}

}  // namespace charter
