#include "domain/additional_issues.h"

namespace charter {

std::vector<AddedIssue> addedIssues(const CaseState& s) {
  std::vector<AddedIssue> out;
  for (const auto& e : s.events) {
    if (e.type != event_type::kIssueAdded) continue;
    out.push_back(AddedIssue{e.data.value("number", static_cast<int>(out.size()) + 1),
                             e.data.value("stage", 1), e.data.value("summary", std::string()),
                             e.at});
  }
  return out;
}

std::vector<RelatedCase> relatedCases(const CaseState& s) {
  std::vector<RelatedCase> out;
  if (!s.events.empty()) {
    const auto& d = s.events.front().data;
    if (auto it = d.find("related_to"); it != d.end() && it->is_number_integer()) {
      out.push_back(RelatedCase{it->get<CaseId>(), "raised_during"});
    }
  }
  for (const auto& e : s.events) {
    if (e.type != event_type::kRelatedLogged) continue;
    if (auto it = e.data.find("complaint_id"); it != e.data.end() && it->is_number_integer()) {
      out.push_back(RelatedCase{it->get<CaseId>(), "logged_separately"});
    }
  }
  return out;
}

void applyIssueAdded(CaseState& s, const Event& e) {
  const std::string definition = e.data.value("definition", std::string());
  if (definition.empty()) return;
  (e.data.value("stage", 1) == 2 ? s.stage2 : s.stage1).definition = definition;
}

}  // namespace charter
