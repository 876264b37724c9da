// [[surveys]] of a policy file (policy.h SurveyTrigger; docs/surveys.md):
//
//   [[surveys]]
//   id = "repair.completed"
//   kinds = ["service_request"]
//   after = "responded"
//   needs_category = true
//   question = "service"
#include <array>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "policy/policy_internal.h"
#include "policy/toml_reader.h"

namespace charter {

std::vector<SurveyTrigger> defaultSurveyTriggers() {
  return {{"complaint.stage1", {"complaint"}, "stage1.responded", false, "complaint_handling"},
          {"complaint.stage2", {"complaint"}, "stage2.responded", false, "complaint_handling"},
          {"repair.completed", {"service_request"}, "responded", true, "service"},
          {"asb.closed", {"asb_report"}, "closed", false, "service"}};
}

namespace policy_detail {
namespace {

constexpr std::array<std::string_view, 5> kSurveyKeys = {"id", "kinds", "after",
                                                         "needs_category", "question"};
constexpr std::array<std::string_view, 2> kQuestions = {"service", "complaint_handling"};

Status surveyKey(const TomlReader& r, SurveyTrigger& t, const std::string& k,
                 const toml::node& v, const std::string& field) {
  if (k == "id") return into(r.nonEmptyString(v, field), t.id);
  if (k == "kinds") return into(r.slugList(v, field, kKinds, "kind"), t.kinds);
  if (k == "needs_category") return into(r.boolean(v, field), t.needs_category);
  auto s = r.nonEmptyString(v, field);
  if (!s) return tl::unexpected(s.error());
  if (k == "after") {
    if (!contains(kMilestones, *s))
      return r.fail(lineOf(v), field, "unknown-milestone",
                    fmt::format("{}: unknown milestone '{}'; expected one of: {}", field, *s,
                                joined(kMilestones)));
    t.after = *s;
    return {};
  }
  if (!contains(kQuestions, *s))
    return r.fail(lineOf(v), field, "enum",
                  fmt::format("{}: must be one of: {}", field, joined(kQuestions)));
  t.question = *s;
  return {};
}

}  // namespace

Result<std::vector<SurveyTrigger>> readSurveys(const TomlReader& r, const toml::node& n) {
  auto ts = r.tables(n, "surveys");
  if (!ts) return tl::unexpected(ts.error());
  std::vector<SurveyTrigger> out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < ts->size(); ++i) {
    const toml::table& t = *(*ts)[i];
    const std::string item = fmt::format("surveys[{}]", i);
    if (auto ok = r.checkKeys(t, item, kSurveyKeys); !ok) return tl::unexpected(ok.error());
    SurveyTrigger trigger;
    for (auto&& [key, v] : t) {
      const std::string k(key.str());
      if (auto ok = surveyKey(r, trigger, k, v, item + "." + k); !ok)
        return tl::unexpected(ok.error());
    }
    if (trigger.id.empty() || trigger.kinds.empty() || trigger.after.empty())
      return r.fail(lineOf(t), item, "required", item + " needs an id, kinds and after");
    if (!ids.insert(trigger.id).second)
      return r.fail(lineOf(t), item + ".id", "duplicate",
                    fmt::format("survey '{}' is listed twice", trigger.id));
    out.push_back(std::move(trigger));
  }
  return out;
}

}  // namespace policy_detail
}  // namespace charter
