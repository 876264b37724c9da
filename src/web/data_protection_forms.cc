// Subject access requests and data breaches in the staff pages (domain/pauses.h): the forms of
// pause_clock and resume_clock, and of extend and respond on those kinds (the same JSON bodies
// the API takes), the actions that apply now, and their timeline lines.
#include <fmt/format.h>

#include "web/aftercare.h"
#include "web/internal.h"

namespace charter::web {
namespace {

using nlohmann::json;

bool dataProtectionKind(const CaseState& s) {
  return s.kind == CaseKind::kSubjectAccessRequest || s.kind == CaseKind::kDataBreach;
}

bool pausedNow(const CaseState& s) {
  bool paused = false;
  for (const Event& e : s.events) {
    if (e.type == event_type::kClockPaused) paused = true;
    if (e.type == event_type::kClockResumed) paused = false;
  }
  return paused;
}

std::string str(const json& d, const char* k) {
  auto it = d.find(k);
  return it != d.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string dateWords(const std::string& iso) {
  auto d = parseDate(iso);
  return d ? formatDateLong(*d) : iso;
}


AftercareForm respondForm(const CaseState& s, const Form& f, const FormErrors& e) {
  AftercareForm p;
  if (s.kind == CaseKind::kSubjectAccessRequest) {
    p.heading = "Respond to the subject access request";
    p.hint = "Give the requester the subject-access export of what we hold about them.";
    p.field_ids = {"export_person_ref", "response"};
    p.fields_html =
        textInput("export_person_ref", "Whose export was given",
                  f.has("export_person_ref") ? f.get("export_person_ref") : s.person.account, e,
                  "The person's reference. Leave as it is for the requester's own record.") +
        textarea("response", "Covering note (optional)", f.get("response"), e, {}, 3);
    return p;
  }
  p.heading = "Record the decision about reporting to the ICO";
  p.hint = "A breach likely to put people at risk is reported within 72 hours of finding it. "
           "If it is not reported, record why.";
  p.field_ids = {"ico_decision", "reason", "response"};
  p.fields_html =
      radios("ico_decision", "Decision",
             {{"reported", "Reported to the ICO"}, {"not_reportable", "Not reportable"}},
             f.get("ico_decision"), e) +
      textarea("reason", "Why it is not reportable", f.get("reason"), e,
               "Needed when it is not reported.", 3) +
      textarea("response", "Notes (optional)", f.get("response"), e, {}, 3);
  return p;
}

}  // namespace

bool isDataProtectionStep(const std::string& action, const CaseState& s) {
  if (action == "pause_clock" || action == "resume_clock") return true;
  return dataProtectionKind(s) && (action == "respond" || action == "extend");
}

AftercareForm dataProtectionForm(const std::string& action, const CaseState& s, const Form& f,
                                 const FormErrors& e) {
  if (action == "respond") return respondForm(s, f, e);
  AftercareForm p;
  if (action == "pause_clock") {
    p.heading = "Pause the clock";
    p.hint = "While we wait for the requester the time limit does not run. When proof of "
             "identity arrives the month starts again from that day; after a clarification the "
             "due date moves by the days paused.";
    p.field_ids = {"reason", "note"};
    p.fields_html = radios("reason", "What are we waiting for?",
                           {{"identity", "Proof of identity"},
                            {"clarification", "Clarification of what they want"}},
                           f.get("reason"), e) +
                    textarea("note", "Note (optional)", f.get("note"), e, {}, 2);
  } else if (action == "resume_clock") {
    p.heading = "Resume the clock";
    p.hint = "Record that the requester has replied. The clock starts again today.";
  } else {
    p.heading = "Extend the time limit";
    p.hint = "A complex request may be extended by up to two further months. Tell the requester "
             "within the first month, with the reasons.";
    p.field_ids = {"new_due", "reason"};
    p.fields_html = textInput("new_due", "New due date", f.get("new_due"), e, dateHint(), "date",
                              "govuk-input--width-10") +
                    textarea("reason", "Reasons for the extension", f.get("reason"), e, {}, 3);
  }
  return p;
}

json dataProtectionBody(const std::string& action, const Form& f) {
  json b = {{"action", action}};
  for (const char* k : {"reason", "note", "new_due", "export_person_ref", "ico_decision",
                        "response"}) {
    if (std::string v = f.get(k); !v.empty()) b[k] = v;
  }
  return b;
}

std::vector<std::pair<std::string, std::string>> dataProtectionActions(const CaseState& s) {
  std::vector<std::pair<std::string, std::string>> out;
  if (s.kind != CaseKind::kSubjectAccessRequest || s.finished() ||
      s.milestones.count("responded") != 0) {
    return out;
  }
  if (pausedNow(s)) {
    out.push_back({"resume_clock", "Resume the clock"});
  } else {
    out.push_back({"pause_clock", "Pause the clock"});
    out.push_back({"extend", "Extend the time limit"});
  }
  return out;
}

std::string dataProtectionEventText(const Event& e) {
  const json& d = e.data;
  if (e.type == event_type::kClockPaused) {
    std::string what = str(d, "reason") == "identity" ? "proof of identity" : "clarification";
    std::string note = str(d, "note");
    return "Clock paused while waiting for " + what + (note.empty() ? "" : ": " + note);
  }
  if (e.type == event_type::kClockResumed) return "Clock resumed: the requester replied";
  if (e.type != event_type::kResponded) return "";
  if (d.contains("export_person_ref")) {
    return "Responded: the subject-access export for " + str(d, "export_person_ref") +
           " was given";
  }
  if (str(d, "ico_decision") == "reported") return "Reported to the ICO";
  if (str(d, "ico_decision") == "not_reportable") {
    return "Not reportable to the ICO: " + str(d, "reason");
  }
  return "";
}

std::string extensionText(const Event& e) {
  return fmt::format("Extended from {} to {}: {}", dateWords(str(e.data, "original_due")),
                     dateWords(str(e.data, "new_due")), str(e.data, "reason"));
}

}  // namespace charter::web
