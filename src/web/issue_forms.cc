// Additional and related complaints in the staff pages (Code 6.8; domain/additional_issues.h):
// the add_issue and log_separately forms (the same JSON bodies the API takes), the case page's
// section listing the issues added and the complaints linked, and their timeline lines.
#include <fmt/format.h>

#include "domain/additional_issues.h"
#include "web/aftercare.h"
#include "web/templates.h"

namespace charter::web {

using nlohmann::json;

bool isIssueAction(const std::string& action) {
  return action == "add_issue" || action == "log_separately";
}

AftercareForm issueForm(const std::string& action, const CaseState& s, const Form& f,
                        const FormErrors& e) {
  AftercareForm p;
  auto add = [&](const std::string& id, std::string html) {
    p.field_ids.push_back(id);
    p.fields_html += html;
  };
  if (action == "add_issue") {
    p.heading = "Add a new issue to this complaint";
    p.hint = "Only before the stage 1 response, and not when adding it would delay the response: "
             "otherwise log it as a new complaint (Code 6.8). The resident is sent a letter "
             "confirming the complaint as it now stands.";
    add("summary", textarea("summary", "The new issue", f.get("summary"), e, {}, 3));
    const std::string current = f.has("definition") ? f.get("definition") : s.stage1.definition;
    add("definition", textarea("definition", "The complaint definition, restated to include it",
                               current, e,
                               "Required once the complaint has been acknowledged.", 4));
  } else {
    p.heading = "Log a new issue as a separate complaint";
    p.hint = "For an issue raised at stage 2, after the stage 1 response, unrelated to this "
             "complaint, or when adding it would delay the response (Code 6.8). The new "
             "complaint is linked to this one.";
    add("summary", textarea("summary", "The new issue", f.get("summary"), e, {}, 3));
    add("reason", textarea("reason", "Why it is logged separately (optional)", f.get("reason"), e,
                           {}, 2));
  }
  return p;
}

json issueBody(const std::string& action, const Form& f) {
  json b = {{"action", action}};
  for (const char* k : {"summary", "definition", "reason"}) {
    if (action == "log_separately" && std::string_view(k) == "definition") continue;
    if (action == "add_issue" && std::string_view(k) == "reason") continue;
    if (std::string v = f.get(k); !v.empty()) b[k] = v;
  }
  return b;
}

std::vector<std::pair<std::string, std::string>> issueActions(const CaseState& s) {
  std::vector<std::pair<std::string, std::string>> out;
  if (s.kind != CaseKind::kComplaint) return out;
  if (!s.finished() && s.stage == 1 && !s.stage1.responded_at) {
    out.push_back({"add_issue", "Add a new issue to this complaint"});
  }
  out.push_back({"log_separately", "Log a new issue as a separate complaint"});
  return out;
}

std::string relatedSection(const CaseState& s) {
  json issues = json::array();
  for (const auto& i : addedIssues(s)) {
    issues.push_back(fmt::format("Issue {} (stage {}): {}", i.number, i.stage, i.summary));
  }
  json related = json::array();
  for (const auto& r : relatedCases(s)) {
    related.push_back({{"href", fmt::format("/staff/cases/{}", r.id)},
                       {"reference", caseReference(r.id)},
                       {"text", r.relation == "raised_during" ? "logged separately from it"
                                                             : "a complaint logged from this one"}});
  }
  if (issues.empty() && related.empty()) return {};
  return renderTemplate("partials/related_complaints",
                        {{"issues", issues}, {"has_issues", !issues.empty()},
                         {"related", related}, {"has_related", !related.empty()}});
}

std::string issueEventText(const Event& e) {
  const auto s = [&](const char* k) { return e.data.value(k, std::string()); };
  if (e.type == event_type::kIssueAdded) {
    return fmt::format("New issue added to the complaint: {}", s("summary"));
  }
  if (e.type == event_type::kRelatedLogged) {
    return fmt::format("New issue logged as a separate complaint {}: {}",
                       caseReference(e.data.value("complaint_id", CaseId{0})), s("summary"));
  }
  return {};
}

}  // namespace charter::web
