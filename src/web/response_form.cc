#include "web/response_form.h"

#include <algorithm>

#include <fmt/format.h>

#include "domain/additional_issues.h"
#include "web/date_input.h"
#include "web/layout.h"
#include "web/templates.h"

namespace charter::web {
namespace {

using nlohmann::json;

struct Group {
  const char* name;       // the JSON array
  const char* first;      // a field every row of the group sends
  const char* button;     // "Add another part"
};
constexpr Group kElements{"elements", "summary", "Add another part of the complaint"};
constexpr Group kRemedies{"remedies", "type", "Add another remedy"};
constexpr Group kActions{"outstanding_actions", "description", "Add another outstanding action"};

// Rows of a group the form sent (each row sends all its fields, even empty), at least one;
// one more when its "add another" button was pressed. Capped so a crafted form cannot make
// the page enormous.
constexpr int kMaxRows = 50;

int rowsOf(const Form& f, const Group& g) {
  int n = 0;
  while (n < kMaxRows && f.has(fmt::format("{}[{}].{}", g.name, n, g.first))) ++n;
  if (addAnotherPressed(f) == g.name) ++n;
  return std::clamp(n, 1, kMaxRows);
}

// A section heading of the form: <h{level} class="govuk-heading-{size}" id="{id}">.
std::string heading(int level, const std::string& size, const std::string& id, const std::string& text) {
  return renderTemplate("partials/heading",
                        {{"level", level}, {"size", size}, {"id", id}, {"text", text}});
}

std::string addButton(const Group& g, int next_row, const std::string& form_action) {
  // formaction with a fragment: the re-rendered page scrolls to the new row.
  return renderTemplate("partials/add_another_button",
                        {{"group", g.name}, {"form_action", form_action},
                         {"next_row", std::to_string(next_row)}, {"text", g.button}});
}

// The fields of each group's row that count as content (an empty row is not sent).
std::vector<std::string> contentFields(const Group& g) {
  if (&g == &kElements) return {"summary", "finding", "reasons"};
  if (&g == &kRemedies) return {"type", "description", "amount"};
  return {"description", "owner", "due-day", "due-month", "due-year"};
}

// The form rows of a group that go in the body, in order: those with content (and the first
// part of the complaint always, so an empty response is refused naming part 1).
std::vector<int> rowsSent(const Form& f, const Group& g) {
  std::vector<int> out;
  for (int i = 0, n = rowsOf(f, g); i < n; ++i) {
    bool content = false;
    for (const auto& k : contentFields(g))
      content = content || !f.get(fmt::format("{}[{}].{}", g.name, i, k)).empty();
    if (content || (&g == &kElements && i == 0)) out.push_back(i);
  }
  return out;
}

std::vector<Option> remedyOptions() {
  std::vector<Option> o = {{"", "Choose a remedy"}};
  static const std::pair<std::string_view, std::string_view> kLabels[] = {
      {"apology", "Apology"}, {"acknowledgement", "Acknowledging what went wrong"},
      {"explanation", "Explanation, assistance or reasons"}, {"action_on_delay", "Action on a delay"},
      {"reconsidered_decision", "Reconsidering a decision"}, {"record_amended", "Amending a record"},
      {"financial", "Financial remedy"}, {"works", "Works"}, {"policy_change", "Policy change"}};
  for (auto [k, l] : kLabels) o.push_back({std::string(k), std::string(l)});
  return o;
}

}  // namespace

std::string addAnotherPressed(const Form& f) {
  std::string a = f.get("add");
  for (const Group* g : {&kElements, &kRemedies, &kActions})
    if (a == g->name) return a;
  return {};
}

void responseFields(const CaseState& s, const Form& f, const FormErrors& e,
                    const std::string& form_action, FieldList& out) {
  const bool s2 = s.stage == 2;
  auto val = [&](const std::string& name) { return f.get(name); };
  static const std::vector<Option> kDecisions = {
      {"upheld", "Upheld"}, {"partly_upheld", "Partly upheld"}, {"not_upheld", "Not upheld"}};
  out.add("decision", radios("decision", "Overall decision", kDecisions, val("decision"), e, {}, true));

  // A fresh form has a part for the complaint and one for each issue added to it (Code 6.8).
  const std::vector<AddedIssue> issues = s2 ? std::vector<AddedIssue>{} : addedIssues(s);
  int elements = rowsOf(f, kElements);
  if (!f.has("elements[0].summary")) elements = std::max(elements, 1 + static_cast<int>(issues.size()));
  auto partSummary = [&](int i, const std::string& name) {
    if (f.has(name) || i < 1 || i > static_cast<int>(issues.size())) return val(name);
    return issues[static_cast<std::size_t>(i - 1)].summary;
  };
  const std::vector<Option> findings =
      s2 ? std::vector<Option>{{"", "Choose"}, {"upheld", "Stage 1 finding upheld"}, {"overturned", "Stage 1 finding overturned"}}
         : std::vector<Option>{{"", "Choose"}, {"upheld", "Upheld"}, {"partly_upheld", "Partly upheld"}, {"not_upheld", "Not upheld"}};
  for (int i = 0; i < elements; ++i) {
    std::string base = fmt::format("elements[{}]", i);
    out.html += heading(2, "s", fmt::format("elements-{}", i), fmt::format("Part {} of the complaint", i + 1));
    out.add(fieldId(base + ".summary"), textInput(base + ".summary", fmt::format("Part {}: what it is about", i + 1), partSummary(i, base + ".summary"), e));
    out.add(fieldId(base + ".finding"), select(base + ".finding", fmt::format("Part {}: finding", i + 1), findings, val(base + ".finding"), e));
    out.add(fieldId(base + ".reasons"), textarea(base + ".reasons", fmt::format("Part {}: reasons", i + 1), val(base + ".reasons"), e, {}, 3));
  }
  out.html += addButton(kElements, elements, form_action);

  out.html += heading(2, "m", "", "Remedies (optional)");
  const int remedies = rowsOf(f, kRemedies);
  for (int i = 0; i < remedies; ++i) {
    std::string base = fmt::format("remedies[{}]", i);
    out.html += heading(3, "s", fmt::format("remedies-{}", i), fmt::format("Remedy {}", i + 1));
    out.add(fieldId(base + ".type"), select(base + ".type", fmt::format("Remedy {}: type", i + 1), remedyOptions(), val(base + ".type"), e));
    out.add(fieldId(base + ".description"), textInput(base + ".description", fmt::format("Remedy {}: what we will do", i + 1), val(base + ".description"), e));
    out.add(fieldId(base + ".amount"), textInput(base + ".amount", fmt::format("Remedy {}: amount in pounds (financial remedies)", i + 1), val(base + ".amount"), e, {}, "text", "govuk-input--width-5"));
  }
  out.html += addButton(kRemedies, remedies, form_action);

  out.html += heading(2, "m", "", "Outstanding actions (optional)");
  const int actions = rowsOf(f, kActions);
  for (int i = 0; i < actions; ++i) {
    std::string base = fmt::format("outstanding_actions[{}]", i);
    out.html += heading(3, "s", fmt::format("outstanding_actions-{}", i), fmt::format("Action {}", i + 1));
    out.add(fieldId(base + ".description"), textInput(base + ".description", fmt::format("Action {}: what", i + 1), val(base + ".description"), e));
    std::string due = base + ".due";
    out.date_ids.push_back(fieldId(due));
    out.add(fieldId(due), dateInput(due, fmt::format("Action {}: due by", i + 1), datePartsOf(f, due), e, "For example, 27 3 2026"));
    out.add(fieldId(base + ".owner"), textInput(base + ".owner", fmt::format("Action {}: owner", i + 1), val(base + ".owner"), e));
  }
  out.html += addButton(kActions, actions, form_action);
  out.add("apology", textarea("apology", "Apology (optional)", val("apology"), e, {}, 2));
}

void responseBody(const Form& f, json& b, FormErrors& errors) {
  std::string decision = f.get("decision");
  if (!decision.empty()) b["decision"] = decision;
  json elements = json::array();
  for (int i : rowsSent(f, kElements)) {
    std::string base = fmt::format("elements[{}]", i);
    json e = json::object();
    for (const char* k : {"summary", "finding", "reasons"}) {
      std::string v = f.get(base + "." + k);
      if (!v.empty()) e[k] = v;
    }
    elements.push_back(e);
  }
  b["elements"] = elements;
  json remedies = json::array();
  for (int i : rowsSent(f, kRemedies)) {
    std::string base = fmt::format("remedies[{}]", i);
    json r = json::object();
    for (const char* k : {"type", "description"}) {
      std::string v = f.get(base + "." + k);
      if (!v.empty()) r[k] = v;
    }
    std::string amount = f.get(base + ".amount");
    if (!amount.empty()) r["amount"] = moneyValue(amount);  // the domain says what is wrong
    remedies.push_back(r);
  }
  if (!remedies.empty()) b["remedies"] = remedies;
  json actions = json::array();
  for (int i : rowsSent(f, kActions)) {
    std::string base = fmt::format("outstanding_actions[{}]", i);
    json a = json::object();
    for (const char* k : {"description", "owner"}) {
      std::string v = f.get(base + "." + k);
      if (!v.empty()) a[k] = v;
    }
    DateRead due = readDate(datePartsOf(f, base + ".due"), base + ".due",
                            fmt::format("the due date of action {}", i + 1), false, errors);
    if (due.date) a["due"] = formatDate(*due.date);
    actions.push_back(a);
  }
  if (!actions.empty()) b["outstanding_actions"] = actions;
  std::string apology = f.get("apology");
  if (!apology.empty()) b["apology"] = apology;
}

std::string formPathOf(const Form& f, const std::string& json_path) {
  for (const Group* g : {&kElements, &kRemedies, &kActions}) {
    const std::string prefix = std::string(g->name) + "[";
    if (json_path.rfind(prefix, 0) != 0) continue;
    const auto close = json_path.find(']', prefix.size());
    if (close == std::string::npos) return json_path;
    const int j = std::atoi(json_path.substr(prefix.size(), close - prefix.size()).c_str());
    const auto rows = rowsSent(f, *g);
    if (j < 0 || j >= static_cast<int>(rows.size())) return json_path;
    return fmt::format("{}{}{}", prefix, rows[static_cast<std::size_t>(j)], json_path.substr(close));
  }
  return json_path;
}

}  // namespace charter::web
