#include "domain/surveys.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "domain/repairs.h"

namespace charter {
namespace {

struct ScalePoint {
  Satisfaction value;
  std::string_view slug;
  std::string_view label;
};

constexpr std::array<ScalePoint, 5> kScale = {{
    {Satisfaction::kVerySatisfied, "very_satisfied", "Very satisfied"},
    {Satisfaction::kSatisfied, "satisfied", "Satisfied"},
    {Satisfaction::kNeither, "neither", "Neither satisfied nor dissatisfied"},
    {Satisfaction::kDissatisfied, "dissatisfied", "Dissatisfied"},
    {Satisfaction::kVeryDissatisfied, "very_dissatisfied", "Very dissatisfied"},
}};

const ScalePoint& point(Satisfaction s) { return kScale[static_cast<std::size_t>(s)]; }

int stageOf(std::string_view milestone) {
  if (milestone.starts_with("stage1.")) return 1;
  if (milestone.starts_with("stage2.")) return 2;
  return 0;
}

std::string trimmed(std::string s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.back())) s.pop_back();
  std::size_t b = 0;
  while (b < s.size() && space(s[b])) ++b;
  return s.substr(b);
}

}  // namespace

std::string_view slug(Satisfaction s) { return point(s).slug; }

std::string_view satisfactionLabel(Satisfaction s) { return point(s).label; }

std::optional<Satisfaction> satisfactionFrom(std::string_view slug) {
  for (const auto& p : kScale)
    if (p.slug == slug) return p.value;
  return std::nullopt;
}

const std::vector<Satisfaction>& satisfactionScale() {
  static const std::vector<Satisfaction> all = {
      Satisfaction::kVerySatisfied, Satisfaction::kSatisfied, Satisfaction::kNeither,
      Satisfaction::kDissatisfied, Satisfaction::kVeryDissatisfied};
  return all;
}

bool isSatisfied(Satisfaction s) {
  return s == Satisfaction::kVerySatisfied || s == Satisfaction::kSatisfied;
}

bool isDissatisfied(Satisfaction s) {
  return s == Satisfaction::kDissatisfied || s == Satisfaction::kVeryDissatisfied;
}

std::vector<SurveyOccasion> surveyOccasions(const std::vector<SurveyTrigger>& triggers,
                                            const CaseState& state) {
  const std::string kind(slug(state.kind));
  const std::string category = categoryOf(state);
  std::vector<SurveyOccasion> out;
  for (const auto& t : triggers) {
    if (std::find(t.kinds.begin(), t.kinds.end(), kind) == t.kinds.end()) continue;
    if (t.needs_category && category.empty()) continue;
    auto reached = state.milestones.find(t.after);
    if (reached == state.milestones.end()) continue;
    out.push_back({t.id, kind, stageOf(t.after), category, t.question, reached->second});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SurveyOccasion& a, const SurveyOccasion& b) { return a.at < b.at; });
  return out;
}

std::string questionText(std::string_view question) {
  if (question == "complaint_handling")
    return "How satisfied are you with how we handled your complaint?";
  return "How satisfied are you with the service you received?";
}

Result<SurveyAnswer> readSurveyAnswer(const nlohmann::json& body) {
  if (!body.is_object()) return invalid("body", "type", "must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (key != "satisfaction" && key != "comment")
      return invalid(key, "unknown-field", fmt::format("{} is not part of a survey answer", key));
  }
  SurveyAnswer a;
  auto s = body.find("satisfaction");
  if (s == body.end() || s->is_null())
    return invalid("satisfaction", "required", "Choose how satisfied you are");
  auto value = s->is_string() ? satisfactionFrom(s->get<std::string>()) : std::nullopt;
  if (!value)
    return invalid("satisfaction", "enum",
                   "must be one of: very_satisfied, satisfied, neither, dissatisfied, "
                   "very_dissatisfied");
  a.satisfaction = *value;
  if (auto c = body.find("comment"); c != body.end() && !c->is_null()) {
    if (!c->is_string()) return invalid("comment", "type", "must be text");
    a.comment = trimmed(c->get<std::string>());
    if (a.comment.size() > kSurveyCommentMax)
      return invalid("comment", "max-length",
                     fmt::format("must be {} characters or fewer", kSurveyCommentMax));
  }
  return a;
}

}  // namespace charter
