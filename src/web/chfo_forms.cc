// The forms of ombudsman_chfo and complete_ombudsman_chfo (domain/chfo.h) on the staff case
// page, their rows in the Ombudsman panel and their timeline lines.
#include <fmt/format.h>

#include "domain/chfo.h"
#include "web/aftercare.h"
#include "web/templates.h"

namespace charter::web {

using json = nlohmann::json;

namespace {


void set(json& b, const Form& f, const char* name) {
  std::string v = f.get(name);
  if (!v.empty()) b[name] = v;
}

}  // namespace

bool isChfoAction(const std::string& action) {
  return action == "ombudsman_chfo" || action == "complete_ombudsman_chfo";
}

AftercareForm chfoForm(const std::string& action, const CaseState& s, const Form& f,
                       const FormErrors& e) {
  AftercareForm p;
  auto val = [&](const std::string& name) { return f.get(name); };
  auto add = [&](const std::string& id, std::string html) {
    p.field_ids.push_back(id);
    p.fields_html += html;
  };
  const std::string later = "Leave blank for today. " + dateHint();
  if (action == "ombudsman_chfo") {
    p.heading = "Record a Complaint Handling Failure Order";
    p.hint = "The Ombudsman's order that we failed to handle this complaint as the Code "
             "requires. It is counted in the annual report as a finding of non-compliance.";
    add("issued_on", textInput("issued_on", "Issued on (optional)", val("issued_on"), e, later,
                               "date", "govuk-input--width-10"));
    add("provision", textInput("provision", "Provision failed", val("provision"), e,
                               "For example, Code 6.2."));
    add("order", textarea("order", "What the Ombudsman ordered", val("order"), e, {}, 3));
    add("comply_by", textInput("comply_by", "Comply by", val("comply_by"), e, dateHint(), "date",
                               "govuk-input--width-10"));
    return p;
  }
  p.heading = "Record compliance with a Complaint Handling Failure Order";
  std::vector<Option> open;
  if (s.ombudsman) {
    for (const auto& c : s.ombudsman->chfos) {
      if (!c.completed_on) {
        open.push_back({std::to_string(c.number), fmt::format("{}: {}", c.number, c.order)});
      }
    }
  }
  add("chfo", radios("chfo", "Which order", open, val("chfo"), e));
  add("completed_on", textInput("completed_on", "Complied with on (optional)", val("completed_on"),
                                e, later, "date", "govuk-input--width-10"));
  add("evidence", textarea("evidence", "Evidence of compliance (optional)", val("evidence"), e, {}, 3));
  return p;
}

json chfoBody(const std::string& action, const Form& f) {
  json b = {{"action", action}};
  if (action == "ombudsman_chfo") {
    for (const char* k : {"issued_on", "provision", "order", "comply_by"}) set(b, f, k);
    return b;
  }
  for (const char* k : {"completed_on", "evidence"}) set(b, f, k);
  if (std::string n = f.get("chfo"); !n.empty()) {
    const bool digits = n.size() < 7 && n.find_first_not_of("0123456789") == std::string::npos;
    b["chfo"] = digits ? json(std::stoi(n)) : json(n);
  }
  return b;
}

std::vector<std::pair<std::string, std::string>> chfoActions(const CaseState& s) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!s.ombudsman) return out;
  out.push_back({"ombudsman_chfo", "Record a Complaint Handling Failure Order"});
  for (const auto& c : s.ombudsman->chfos) {
    if (!c.completed_on) {
      out.push_back({"complete_ombudsman_chfo", "Record compliance with a Complaint Handling "
                                                "Failure Order"});
      break;
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> chfoRows(const OmbudsmanRecord& o) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& c : o.chfos) {
    rows.push_back(
        {fmt::format("Complaint Handling Failure Order {}", c.number),
         escape(fmt::format("{} ({}), issued {}. Comply by {}", c.order, c.provision,
                            formatDateLong(c.issued_on), formatDateLong(c.comply_by))) +
             (c.completed_on ? ", complied with on " + escape(formatDateLong(*c.completed_on))
                             : ", not yet complied with")});
  }
  return rows;
}

std::string chfoEventText(const Event& e) {
  const json& d = e.data;
  const int n = d.value("number", 0);
  if (e.type == event_type::kOmbudsmanChfoIssued) {
    auto comply_by = parseDate(d.value("comply_by", std::string()));
    return fmt::format("Complaint Handling Failure Order {} ({}): {} (comply by {})", n,
                       d.value("provision", std::string()), d.value("order", std::string()),
                       comply_by ? formatDateLong(*comply_by) : d.value("comply_by", std::string()));
  }
  if (e.type == event_type::kOmbudsmanChfoCompleted) {
    return fmt::format("Complaint Handling Failure Order {} complied with", n);
  }
  return "";
}

}  // namespace charter::web
