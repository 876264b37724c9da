#include "app/tsm_publication.h"

#include <tuple>

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
                    "the policy has no timescale for stage 1 or stage 2 responses"});
  auto text = [&](const char* key) {
    auto it = policy.tsm_publication.find(key);
    return it == policy.tsm_publication.end() ? std::string() : it->second;
  };
  // The texts name what is missing in words; docs/policy.md ("TSM publication") names the
  // policy settings that hold them.
  if (text("rp02_targets").empty())
    gaps.push_back({"RP02 target timescales",
                    "the policy does not yet give our own repair targets, which are published "
                    "with RP02: ask the system administrator to add them"});

  for (int q = 1; q <= 12; ++q)
    for (const char* tenure : {"social_rent", "shared_ownership"})
      need(fmt::format("TP{:02}", q), tenure, "import the year's survey responses");

  if (survey_responses <= 0)
    gaps.push_back({"survey approach (a)", "no survey responses were collected in the year"});
  static constexpr std::tuple<const char*, const char*, const char*> kItems[] = {
      {"b_timing", "b", "when the survey was done"},
      {"c_methods", "c", "how residents were asked"},
      {"d_sample_method", "d", "how the sample was chosen"},
      {"e_representativeness", "e", "how well the responses represent our residents"},
      {"f_weighting", "f", "any weighting of the responses"},
      {"g_contractor", "g", "any contractor who ran the survey"},
      {"h_exclusions", "h", "any residents left out of the survey"},
      {"i_sample_size_shortfall", "i", "why the sample is smaller than required, if it is"},
      {"j_incentives", "j", "any incentives offered"},
      {"k_other_issues", "k", "anything else that affected the survey"}};
  for (auto [key, letter, what] : kItems) {
    if (text(key).empty())
      gaps.push_back({fmt::format("survey approach ({})", letter),
                      fmt::format("the policy does not yet say {} (item {} of the summary of "
                                  "approach; \"None\" where nothing applies): ask the system "
                                  "administrator to add it",
                                  what, letter)});
  }
  return gaps;
}

}  // namespace charter
