// Repairs, call-backs and compliments in the staff pages (domain/repairs.h,
// domain/compliments.h): the forms of the repair actions and share_compliment (the same JSON
// bodies the API takes), the case page's "Repair" / "Compliment" section, and their timeline
// lines.
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "domain/compliments.h"
#include "domain/location.h"
#include "domain/repairs.h"
#include "web/aftercare.h"
#include "web/internal.h"
#include "web/templates.h"

namespace charter::web {
namespace {

using nlohmann::json;

constexpr const char* kActions[] = {"book_appointment",   "appointment_kept",
                                    "appointment_missed", "rearrange_appointment",
                                    "complete_repair",    "post_inspect",
                                    "share_compliment"};


std::vector<Option> slotOptions() {
  std::vector<Option> out;
  for (auto s : kAppointmentSlots) {
    std::string label(slotTitle(s));
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    out.push_back({std::string(s), label});
  }
  return out;
}

std::string appointmentText(const Appointment& a) {
  return fmt::format("{}, {}{}", formatDateLong(a.date), slotTitle(a.slot),
                     a.contractor.empty() ? "" : " (" + a.contractor + ")");
}

void bookingFields(AftercareForm& p, const Form& f, const FormErrors& e) {
  p.field_ids = {"date", "slot", "contractor", "reason"};
  p.fields_html = textInput("date", "Appointment date", f.get("date"), e, dateHint(), "date",
                            "govuk-input--width-10") +
                  radios("slot", "Time", slotOptions(), f.get("slot"), e, {}, true) +
                  textInput("contractor", "Contractor (optional)", f.get("contractor"), e,
                            "Leave blank for our own operatives.");
}

std::string str(const json& d, const char* k) {
  auto it = d.find(k);
  return it != d.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

// An ISO date from an event as "Mon 30 Jun 2025"; the text itself if it is not one.
std::string dateText(const std::string& iso) {
  auto d = parseDate(iso);
  return d ? formatDateLong(*d) : iso;
}

std::string outcomeText(const Appointment& a) {
  std::string what = a.outcome == "booked" ? "Awaited" : capitalised(a.outcome);
  return a.reason.empty() ? what : what + ": " + a.reason;
}

// "Flat 3, 10 Downing Court (map point 51.50340° N, 0.12760° W)".
std::string whereText(const Location& l) {
  std::string point;
  if (l.latitude && l.longitude) {
    point = fmt::format("map point {:.5f}° {}, {:.5f}° {}", std::abs(*l.latitude),
                        *l.latitude < 0 ? "S" : "N", std::abs(*l.longitude),
                        *l.longitude < 0 ? "W" : "E");
  }
  if (l.address.empty()) return capitalised(point);
  return point.empty() ? l.address : l.address + " (" + point + ")";
}

std::string inspectionText(const std::string& outcome) {
  return outcome == "pass" ? "passed" : outcome == "fail" ? "failed" : outcome;
}

}  // namespace

bool isServiceAction(const std::string& action) {
  for (const char* a : kActions)
    if (action == a) return true;
  return false;
}

AftercareForm serviceForm(const std::string& action, const CaseState& s, const Form& f,
                          const FormErrors& e) {
  AftercareForm p;
  const RepairRecord r = repairOf(s);
  const Appointment* awaited = r.awaited();
  const std::string current = awaited ? "The appointment is " + appointmentText(*awaited) + "." : "";
  if (action == "book_appointment") {
    p.heading = "Book a repair appointment";
    bookingFields(p, f, e);
  } else if (action == "rearrange_appointment") {
    p.heading = "Rearrange the appointment";
    p.hint = current;
    bookingFields(p, f, e);
    p.fields_html += textarea("reason", "Why it was rearranged (optional)", f.get("reason"), e, {}, 2);
  } else if (action == "appointment_kept") {
    p.heading = "Record the appointment as kept";
    p.hint = current;
  } else if (action == "appointment_missed") {
    p.heading = "Record the appointment as missed";
    p.hint = current;
    p.field_ids = {"reason"};
    p.fields_html = textarea("reason", "Why it was missed (optional)", f.get("reason"), e, {}, 2);
  } else if (action == "complete_repair") {
    p.heading = "Record the repair as completed";
    p.hint = "The repair's time standard is met if it was completed in time. Leave the time "
             "blank if it was completed just now.";
    p.field_ids = {"completed_at"};
    p.fields_html = textInput("completed_at", "Completed at (optional)", f.get("completed_at"), e,
                              "For example, 2025-06-30T14:30:00+01:00");
  } else if (action == "post_inspect") {
    p.heading = "Record a post-inspection";
    p.field_ids = {"outcome", "notes", "inspected_on"};
    p.fields_html =
        radios("outcome", "Outcome", {{"pass", "Passed"}, {"fail", "Failed"}}, f.get("outcome"), e,
               {}, true) +
        textarea("notes", "Notes (optional)", f.get("notes"), e, {}, 3) +
        textInput("inspected_on", "Inspected on (optional)", f.get("inspected_on"), e,
                  "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10");
  } else {
    p.heading = "Share the compliment";
    p.hint = "Pass the compliment on to the person or team it praises (001 §4.17).";
    p.field_ids = {"with", "shared_on"};
    p.fields_html =
        textInput("with", "Shared with", f.has("with") ? f.get("with") : aboutOf(s), e,
                  "The staff member or team told about it.") +
        textInput("shared_on", "Shared on (optional)", f.get("shared_on"), e,
                  "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10");
  }
  return p;
}

json serviceBody(const std::string& action, const Form& f) {
  json b = {{"action", action}};
  for (const char* k : {"date", "slot", "contractor", "reason", "completed_at", "outcome", "notes",
                        "inspected_on", "with", "shared_on"}) {
    if (std::string v = f.get(k); !v.empty()) b[k] = v;
  }
  return b;
}

std::vector<std::pair<std::string, std::string>> serviceActions(const CaseState& s) {
  std::vector<std::pair<std::string, std::string>> out;
  if (s.kind == CaseKind::kCompliment) {
    out.push_back({"share_compliment", "Share the compliment"});
    return out;
  }
  if (s.kind != CaseKind::kServiceRequest) return out;
  const RepairRecord r = repairOf(s);
  if (r.awaited() != nullptr) {
    out.push_back({"appointment_kept", "Appointment kept"});
    out.push_back({"appointment_missed", "Appointment missed"});
    out.push_back({"rearrange_appointment", "Rearrange the appointment"});
  } else if (!r.completed_at && !s.finished()) {
    out.push_back({"book_appointment", "Book an appointment"});
  }
  if (!r.completed_at) out.push_back({"complete_repair", "Repair completed"});
  if (r.completed_at && r.inspection.empty()) out.push_back({"post_inspect", "Post-inspection"});
  return out;
}

std::string serviceSection(const CaseState& s, const Policy& policy) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (const auto resolved = resolvedAtFirstContact(s)) {
    rows.push_back({"Resolved at first contact", *resolved ? "Yes" : "No"});
  }
  if (s.kind == CaseKind::kCompliment) {
    rows.push_back({"About", escape(aboutOf(s).empty() ? "Not recorded" : aboutOf(s))});
    std::string shared;
    for (const auto& c : sharesOf(s)) {
      shared += (shared.empty() ? "" : "; ") +
                escape(fmt::format("with {} on {}", c.with, formatDateLong(c.shared_on)));
    }
    rows.push_back({"Shared", shared.empty() ? "Not yet" : shared});
    return renderTemplate("partials/service_section",
                          {{"id", "compliment"}, {"heading", "Compliment"},
                           {"facts", summaryListData(rows)}, {"appointments", false}});
  }
  if (s.kind != CaseKind::kServiceRequest) {
    if (rows.empty()) return "";
    return renderTemplate("partials/service_section",
                          {{"id", "first-contact"}, {"heading", "First contact"},
                           {"facts", summaryListData(rows)}, {"appointments", false}});
  }
  const RepairRecord r = repairOf(s);
  rows.insert(rows.begin(),
              {"Priority", escape(categoryOf(s).empty() ? "Not set" : capitalised(categoryOf(s)))});
  if (auto where = locationOf(s)) rows.insert(rows.begin() + 1, {"Where", escape(whereText(*where))});
  const Appointment* a = r.awaited();
  rows.push_back({"Appointment", a ? escape(appointmentText(*a)) : "None awaited"});
  if (!r.contractor.empty()) rows.push_back({"Contractor", escape(r.contractor)});
  rows.push_back({"Completed", r.completed_at ? escape(whenText(*r.completed_at, policy)) : "Not yet"});
  if (!r.inspection.empty()) {
    std::string when = r.inspected_on ? " on " + formatDateLong(*r.inspected_on) : "";
    rows.push_back({"Post-inspection",
                    escape(capitalised(inspectionText(r.inspection)) + when +
                           (r.inspection_notes.empty() ? "" : ": " + r.inspection_notes))});
  }
  json table = false;
  if (!r.appointments.empty()) {
    Table t;
    t.caption = "Appointments";
    t.caption_class = "govuk-table__caption--s";
    t.head = {{"Number", false}, {"Date and time", false}, {"Outcome", false}};
    for (const auto& ap : r.appointments) {
      t.rows.push_back({TableCell::row(std::to_string(ap.number)), {appointmentText(ap)},
                        {outcomeText(ap)}});
    }
    table = t.data();
  }
  return renderTemplate("partials/service_section",
                        {{"id", "repair"}, {"heading", "Repair"}, {"facts", summaryListData(rows)},
                         {"appointments", table}});
}

std::string serviceEventText(const Event& e, const Policy& policy) {
  const json& d = e.data;
  if (e.type == event_type::kAppointmentBooked || e.type == event_type::kAppointmentRearranged) {
    std::string what = e.type == event_type::kAppointmentBooked ? "Appointment booked"
                                                                : "Appointment rearranged";
    std::string contractor = str(d, "contractor");
    std::string reason = e.type == event_type::kAppointmentRearranged ? str(d, "reason") : "";
    return fmt::format("{} for {}, {}{}{}", what, dateText(str(d, "date")), slotTitle(str(d, "slot")),
                       contractor.empty() ? "" : " (" + contractor + ")",
                       reason.empty() ? "" : ". " + reason);
  }
  if (e.type == event_type::kAppointmentKept) return "Appointment kept";
  if (e.type == event_type::kAppointmentMissed) {
    return "Appointment missed" + (str(d, "reason").empty() ? "" : ": " + str(d, "reason"));
  }
  if (e.type == event_type::kRepairCompleted) {
    auto at = parseInstant(str(d, "completed_at"));
    return at ? "Repair completed on " + whenText(*at, policy) : "Repair completed";
  }
  if (e.type == event_type::kRepairInspected) {
    return fmt::format("Post-inspection {}{}", inspectionText(str(d, "outcome")),
                       str(d, "notes").empty() ? "" : ": " + str(d, "notes"));
  }
  if (e.type == event_type::kComplimentShared) {
    return fmt::format("Compliment shared with {} on {}", str(d, "with"),
                       dateText(str(d, "shared_on")));
  }
  return "";
}

}  // namespace charter::web
