// /staff/admin/policy: the policy in use, read-only, in plain words: its time limits (the
// standards), the measures it publishes and the promises they belong to.
#include <fmt/format.h>

#include "web/admin_pages.h"
#include "web/templates.h"

namespace charter::web::admin {
namespace {

using nlohmann::json;

std::string extensionText(const Standard& s) {
  if (s.extension_cap < 0) return "Cannot be extended";
  if (s.extension_cap == 0) return "Extended only with a recorded good reason";
  return fmt::format("May be extended by up to {} without a recorded good reason",
                     describeDuration(s.extension_cap, DurationUnit::kWorkingDays));
}

json standardsTable(const Policy& p) {
  Table t;
  t.id = "standards";
  t.caption = "Time limits";
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"What must happen", false}, {"Within", false}, {"Extensions", false}};
  for (const auto& s : p.standards) {
    TableCell what = TableCell::row(s.title);
    if (!s.provision.empty()) what.notes = {"Set by " + s.provision};
    if (s.statutory) what.notes.push_back("Set by the Code: may be shortened, never lengthened");
    what.note_class = "govuk-body-s";
    t.rows.push_back({what, TableCell{describeDuration(s.amount, s.unit)}, TableCell{extensionText(s)}});
  }
  return t.data();
}

std::string targetText(const MeasureSpec& m) {
  if (!m.target) return "No target";
  std::string value = fmt::format("{:g}", *m.target);
  if (m.unit == "%") value += "%";
  else if (!m.unit.empty()) value += " " + m.unit;
  return (m.higher_is_better ? "At least " : "At most ") + value;
}

json measuresTable(const Policy& p) {
  if (p.measures.empty()) return false;
  Table t;
  t.id = "measures";
  t.caption = "Measures";
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"Measure", false}, {"Target", false}};
  for (const auto& m : p.measures) {
    TableCell what = TableCell::row(m.title);
    if (!m.provision.empty()) what.notes = {"From " + m.provision};
    what.note_class = "govuk-body-s";
    t.rows.push_back({what, TableCell{targetText(m)}});
  }
  return t.data();
}

}  // namespace

http::Response policyPage(Ctx& ctx, Visit& v) {
  auto policy = service().policy(v.who());
  if (!policy) return errorPage(ctx, v, policy.error());
  const Policy& p = **policy;
  json promises = json::array();
  for (const auto& pr : p.promises) promises.push_back({{"title", pr.title}, {"text", pr.text}});
  std::vector<std::pair<std::string, std::string>> facts = {{"Name", escape(p.name)}};
  if (!p.source_document.empty()) facts.push_back({"Written from", escape(p.source_document)});
  if (p.escalation_window_working_days > 0)
    facts.push_back({"Asking for stage 2", escape(fmt::format(
        "Within {} of the stage 1 response",
        describeDuration(p.escalation_window_working_days, DurationUnit::kWorkingDays)))});
  if (!p.service_areas.empty()) {
    std::string areas;
    for (const auto& a : p.service_areas) areas += (areas.empty() ? "" : ", ") + a;
    facts.push_back({"Service areas", escape(areas)});
  }
  json d = {{"facts", summaryListData(facts)}, {"standards", standardsTable(p)},
            {"measures", measuresTable(p)}, {"promises", promises},
            {"has_promises", !promises.empty()}};
  return adminPage(ctx, v, 200, "The policy in use", renderTemplate("pages/admin_policy", d));
}

}  // namespace charter::web::admin
