#include "api/case_json.h"

#include "api/service_json.h"
#include "domain/additional_issues.h"

namespace charter::api {

using nlohmann::json;

std::string caseLocation(CaseId id) { return "/api/v1/cases/" + std::to_string(id); }

namespace {

json optInstant(const std::optional<Instant>& t) {
  return t ? json(formatInstant(*t)) : json(nullptr);
}
json optDate(const std::optional<Date>& d) { return d ? json(formatDate(*d)) : json(nullptr); }
json optText(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json extensionJson(const Extension& e) {
  return json{{"clock", e.clock},
              {"at", formatInstant(e.at)},
              {"original_due", formatDate(e.original_due)},
              {"new_due", formatDate(e.new_due)},
              {"reason", e.reason},
              {"good_reason", e.good_reason},
              {"ombudsman_details_given", e.ombudsman_details_given},
              {"late", e.late}};
}

json stageJson(const StageRecord& s) {
  json elements = json::array();
  for (const auto& e : s.elements) {
    elements.push_back(json{{"summary", e.summary}, {"finding", e.finding}, {"reasons", e.reasons}});
  }
  json remedies = json::array();
  for (const auto& r : s.remedies) {
    remedies.push_back(json{{"number", r.number},
                            {"type", r.type},
                            {"description", r.description},
                            {"due", optDate(r.due)},
                            {"amount", r.amount},
                            {"element_summary", r.element},
                            {"additional", r.additional},
                            {"superseded", r.superseded},
                            {"completed_on", optDate(r.completed_on)},
                            {"paid_on", optDate(r.paid_on)},
                            {"evidence", r.evidence}});
  }
  json actions = json::array();
  for (const auto& a : s.outstanding_actions) {
    actions.push_back(json{{"number", a.number},
                           {"description", a.description},
                           {"due", formatDate(a.due)},
                           {"owner", a.owner},
                           {"completed_on", optDate(a.completed_on)},
                           {"evidence", a.evidence}});
  }
  json extensions = json::array();
  for (const auto& e : s.extensions) extensions.push_back(extensionJson(e));
  return json{{"acknowledged_at", optInstant(s.acknowledged_at)},
              {"responded_at", optInstant(s.responded_at)},
              {"handler", s.handler},
              {"acknowledged_by", optText(s.acknowledged_by)},
              {"responded_by", optText(s.responded_by)},
              {"definition", s.definition},
              {"decision", s.decision},
              {"elements", std::move(elements)},
              {"remedies", std::move(remedies)},
              {"outstanding_actions", std::move(actions)},
              {"extensions", std::move(extensions)}};
}

}  // namespace

json summaryJson(const CaseSummary& s) {
  return json{{"id", s.id},
              {"reference", s.reference},
              {"kind", s.kind},
              {"channel", s.channel},
              {"status", s.status},
              {"stage", s.stage},
              {"summary", s.summary},
              {"person_name", s.person_name},
              {"handler", s.handler},
              {"owner", optText(s.owner)},
              {"received_at", formatInstant(s.received_at)},
              {"next_due", optDate(s.next_due)},
              {"next_clock", s.next_clock},
              {"links", json{{"self", caseLocation(s.id)}}}};
}

json casePageJson(const CasePage& page, int limit) {
  json list = json::array();
  for (const auto& c : page.cases) list.push_back(summaryJson(c));
  return json{{"cases", std::move(list)},
              {"limit", limit},
              {"next_cursor",
               page.next_cursor ? json(std::to_string(*page.next_cursor)) : json(nullptr)}};
}

json clockJson(const Clock& clock) {
  json extensions = json::array();
  for (const auto& e : clock.extensions) extensions.push_back(extensionJson(e));
  return json{{"name", clock.name},
              {"title", clock.title},
              {"status", std::string(slug(clock.status))},
              {"due", optDate(clock.due)},
              {"due_at", optInstant(clock.due_at)},
              {"original_due", optDate(clock.original_due)},
              {"latest_due", optDate(clock.latest_due)},
              {"start", optDate(clock.start)},
              {"met_on", optDate(clock.met_on)},
              {"provisional", clock.provisional},
              {"extensions", std::move(extensions)},
              {"explanation", clock.explanation},
              {"statutory", clock.statutory},
              {"provision", clock.provision}};
}

// Code 6.8: the issues added to the complaint, and the complaints linked to it both ways
// ("related"; "linked_case" is the one it was logged from, null when none).
static void addRelatedJson(json& out, const CaseState& s) {
  json issues = json::array();
  for (const auto& i : addedIssues(s)) {
    issues.push_back({{"number", i.number}, {"stage", i.stage}, {"summary", i.summary},
                      {"added_at", formatInstant(i.added_at)}});
  }
  out["added_issues"] = std::move(issues);
  json related = json::array();
  out["linked_case"] = nullptr;
  for (const auto& r : relatedCases(s)) {
    related.push_back({{"id", r.id}, {"reference", caseReference(r.id)},
                       {"relation", r.relation}, {"href", caseLocation(r.id)}});
    if (r.relation == "raised_during") out["linked_case"] = r.id;
  }
  out["related"] = std::move(related);
}

json caseJson(const CaseView& view, bool with_events) {
  const CaseState& s = view.state;
  const Person& p = s.person;
  json person = personJson(p);
  json milestones = json::object();
  for (const auto& [name, at] : s.milestones) milestones[name] = formatInstant(at);
  const bool complaint = s.kind == CaseKind::kComplaint;
  json out = {{"id", s.id},
              {"reference", s.reference},
              {"kind", std::string(slug(s.kind))},
              {"channel", std::string(slug(s.channel))},
              {"status", std::string(slug(s.status))},
              {"stage", s.stage},
              {"summary", s.summary},
              {"person", std::move(person)},
              {"received_at", formatInstant(s.received_at)},
              {"received_by", s.received_by},
              {"service_area", s.service_area},
              {"theme", s.theme},
              {"handler", s.current().handler},
              {"owner", optText(s.owner)},
              {"tenure", optText(s.tenure)},
              {"raised_from", s.raised_from ? json(*s.raised_from) : json(nullptr)},
              {"complaints_raised", s.complaints_raised},
              {"escalation_requested_at", optInstant(s.escalation_requested_at)},
              {"refusal_reason", s.refusal_reason},
              {"stage1", complaint ? stageJson(s.stage1) : json(nullptr)},
              {"stage2", complaint && (s.stage == 2 || s.escalation_requested_at)
                             ? stageJson(s.stage2)
                             : json(nullptr)},
              {"milestones", std::move(milestones)},
              {"version", s.version()},
              {"next_due", optDate(nextDue(view.clocks))}};
  if (!complaint) out["handler"] = s.stage1.handler;
  addRelatedJson(out, s);
  addServiceJson(out, s);
  json clocks = json::array();
  for (const auto& c : view.clocks) clocks.push_back(clockJson(c));
  out["clocks"] = std::move(clocks);
  if (with_events) {
    json events = json::array();
    for (const auto& e : s.events) {
      events.push_back(json{{"seq", e.seq},
                            {"type", e.type},
                            {"at", formatInstant(e.at)},
                            {"recorded_at", formatInstant(e.recorded_at)},
                            {"actor", e.actor},
                            {"data", e.data}});
    }
    out["events"] = std::move(events);
  }
  out["links"] = json{{"self", caseLocation(s.id)}, {"actions", caseLocation(s.id) + "/actions"}};
  return out;
}

}  // namespace charter::api
