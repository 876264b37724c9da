#include "domain/repairs.h"

#include <algorithm>

#include <fmt/format.h>

namespace charter {
namespace {

using json = nlohmann::json;
using fields::kLongText;
using fields::kShortText;

std::vector<Event> one(std::string_view type, Instant at, json data) {
  Event e;
  e.type = std::string(type);
  e.at = at;
  e.data = std::move(data);
  return {std::move(e)};
}

std::string text(const json& d, const char* key) {
  auto it = d.find(key);
  return it != d.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<Date> dateIn(const json& d, const char* key) {
  auto r = parseDate(text(d, key), key);
  return r ? std::optional<Date>(*r) : std::nullopt;
}

Appointment appointmentFrom(const json& d, int number) {
  Appointment ap;
  ap.number = number;
  ap.date = dateIn(d, "date").value_or(Date{});
  ap.slot = text(d, "slot");
  ap.contractor = text(d, "contractor");
  ap.outcome = "booked";
  return ap;
}

Appointment* awaitedIn(RepairRecord& r) {
  for (auto& ap : r.appointments) {
    if (ap.outcome == "booked") return &ap;
  }
  return nullptr;
}

void settleAwaited(RepairRecord& r, const char* outcome, const json& d) {
  if (Appointment* ap = awaitedIn(r)) {
    ap->outcome = outcome;
    ap->reason = text(d, "reason");
  }
}

void applyRepairEvent(RepairRecord& r, const Event& e) {
  const std::string& t = e.type;
  const int next = static_cast<int>(r.appointments.size()) + 1;
  if (t == event_type::kAppointmentBooked) {
    r.appointments.push_back(appointmentFrom(e.data, next));
  } else if (t == event_type::kAppointmentKept) {
    settleAwaited(r, "kept", e.data);
  } else if (t == event_type::kAppointmentMissed) {
    settleAwaited(r, "missed", e.data);
  } else if (t == event_type::kAppointmentRearranged) {
    settleAwaited(r, "rearranged", e.data);
    r.appointments.push_back(appointmentFrom(e.data, next));
  } else if (t == event_type::kRepairCompleted) {
    auto at = parseInstant(text(e.data, "completed_at"), "completed_at");
    r.completed_at = at ? *at : e.at;
  } else if (t == event_type::kRepairInspected) {
    r.inspection = text(e.data, "outcome");
    r.inspection_notes = text(e.data, "notes");
    r.inspected_on = dateIn(e.data, "inspected_on");
  }
  if (!r.appointments.empty() && !r.appointments.back().contractor.empty()) {
    r.contractor = r.appointments.back().contractor;
  }
}

Status requireServiceRequest(const AftercareStep& a, std::string_view action) {
  if (a.state.kind == CaseKind::kServiceRequest) return {};
  return conflict("not-a-service-request",
                  fmt::format("\"{}\" applies to service requests (repairs); this case is a {}.",
                              action, displayName(a.state.kind)));
}

Status requireAwaited(const RepairRecord& r) {
  if (r.awaited() != nullptr) return {};
  return conflict("no-appointment", "There is no appointment awaiting an outcome on this repair; "
                                    "book one first.");
}

Status requireNotCompleted(const RepairRecord& r) {
  if (!r.completed_at) return {};
  return conflict("already-completed", "This repair is already recorded as completed.");
}

// The date, slot and contractor of a booking; the date not before the receipt.
Result<json> readBooking(const AftercareStep& a) {
  CHARTER_TRY(date, a.body.date("date", true));
  if (*date < a.cal.localDate(a.state.received_at)) {
    return invalid("date", "before-previous-event",
                   "is before the repair was reported; an appointment follows the request");
  }
  CHARTER_TRY(slot, a.body.oneOf("slot", kAppointmentSlots, true));
  CHARTER_TRY(contractor, a.body.text("contractor", kShortText, false));
  return json{{"date", formatDate(*date)}, {"slot", slot}, {"contractor", contractor}};
}

Result<std::vector<Event>> settle(const AftercareStep& a, std::string_view action,
                                  std::string_view type, bool with_reason) {
  CHARTER_CHECK(requireServiceRequest(a, action));
  RepairRecord r = repairOf(a.state);
  CHARTER_CHECK(requireAwaited(r));
  const Appointment& ap = *r.awaited();
  if (a.date < ap.date) {
    return conflict("appointment-not-due",
                    fmt::format("Appointment {} is on {}; record whether it was kept on or after "
                                "that day.",
                                ap.number, formatDateLong(ap.date)));
  }
  json data = {{"appointment", ap.number}};
  if (with_reason) {
    CHARTER_TRY(reason, a.body.text("reason", kLongText, false));
    data["reason"] = reason;
  }
  return one(type, a.at, std::move(data));
}

}  // namespace

namespace {
const json* receivedData(const CaseState& s) {
  if (s.events.empty() || s.events.front().type != event_type::kReceived) return nullptr;
  return &s.events.front().data;
}
}  // namespace

std::string categoryOf(const CaseState& s) {
  const json* d = receivedData(s);
  return d ? text(*d, "category") : std::string();
}

std::string aboutOf(const CaseState& s) {
  const json* d = receivedData(s);
  return d ? text(*d, "about") : std::string();
}

std::optional<bool> resolvedAtFirstContact(const CaseState& s) {
  const json* d = receivedData(s);
  if (d == nullptr) return std::nullopt;
  auto it = d->find("resolved_at_first_contact");
  if (it == d->end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

std::vector<std::string> policyCategories(const Policy& policy, std::string_view kind) {
  std::vector<std::string> out;
  for (const auto& st : policy.standards) {
    bool for_kind =
        st.kinds.empty() || std::find(st.kinds.begin(), st.kinds.end(), kind) != st.kinds.end();
    if (for_kind && !st.category.empty() &&
        std::find(out.begin(), out.end(), st.category) == out.end()) {
      out.push_back(st.category);
    }
  }
  return out;
}

bool isRepairEvent(std::string_view t) {
  return t == event_type::kAppointmentBooked || t == event_type::kAppointmentKept ||
         t == event_type::kAppointmentMissed || t == event_type::kAppointmentRearranged ||
         t == event_type::kRepairCompleted || t == event_type::kRepairInspected;
}

std::string_view slotTitle(std::string_view slot) {
  if (slot == "am") return "morning";
  if (slot == "pm") return "afternoon";
  if (slot == "all_day") return "all day";
  return slot;
}

const Appointment* RepairRecord::awaited() const {
  for (const auto& ap : appointments) {
    if (ap.outcome == "booked") return &ap;
  }
  return nullptr;
}

int RepairRecord::kept() const {
  int n = 0;
  for (const auto& ap : appointments) n += ap.outcome == "kept" ? 1 : 0;
  return n;
}

int RepairRecord::missed() const {
  int n = 0;
  for (const auto& ap : appointments) n += ap.outcome == "missed" ? 1 : 0;
  return n;
}

RepairRecord repairOf(const CaseState& s) {
  RepairRecord r;
  for (const auto& e : s.events) {
    if (isRepairEvent(e.type)) applyRepairEvent(r, e);
  }
  return r;
}

namespace repairs {

Result<std::vector<Event>> bookAppointment(const AftercareStep& a) {
  CHARTER_CHECK(requireServiceRequest(a, "book_appointment"));
  RepairRecord r = repairOf(a.state);
  CHARTER_CHECK(requireNotCompleted(r));
  if (const Appointment* ap = r.awaited()) {
    return conflict("appointment-booked",
                    fmt::format("Appointment {} ({}) still awaits its outcome; record it as kept "
                                "or missed, or rearrange it.",
                                ap->number, formatDateLong(ap->date)));
  }
  CHARTER_TRY(booking, readBooking(a));
  booking["appointment"] = static_cast<int>(r.appointments.size()) + 1;
  return one(event_type::kAppointmentBooked, a.at, std::move(booking));
}

Result<std::vector<Event>> appointmentKept(const AftercareStep& a) {
  return settle(a, "appointment_kept", event_type::kAppointmentKept, false);
}

Result<std::vector<Event>> appointmentMissed(const AftercareStep& a) {
  return settle(a, "appointment_missed", event_type::kAppointmentMissed, true);
}

Result<std::vector<Event>> rearrangeAppointment(const AftercareStep& a) {
  CHARTER_CHECK(requireServiceRequest(a, "rearrange_appointment"));
  RepairRecord r = repairOf(a.state);
  CHARTER_CHECK(requireAwaited(r));
  CHARTER_TRY(booking, readBooking(a));
  CHARTER_TRY(reason, a.body.text("reason", kLongText, false));
  if (text(booking, "contractor").empty()) booking["contractor"] = r.awaited()->contractor;
  booking["reason"] = reason;
  booking["replaces"] = r.awaited()->number;
  booking["appointment"] = static_cast<int>(r.appointments.size()) + 1;
  return one(event_type::kAppointmentRearranged, a.at, std::move(booking));
}

Result<std::vector<Event>> completeRepair(const AftercareStep& a) {
  CHARTER_CHECK(requireServiceRequest(a, "complete_repair"));
  CHARTER_CHECK(requireNotCompleted(repairOf(a.state)));
  CHARTER_TRY(given, a.body.instant("completed_at", false));
  Instant completed = given.value_or(a.at);
  if (completed > a.at) {
    return invalid("completed_at", "future", "is after the time this step is recorded");
  }
  if (completed < a.state.received_at) {
    return invalid("completed_at", "before-previous-event",
                   "is before the repair was reported");
  }
  return one(event_type::kRepairCompleted, a.at, {{"completed_at", formatInstant(completed)}});
}

Result<std::vector<Event>> postInspect(const AftercareStep& a) {
  CHARTER_CHECK(requireServiceRequest(a, "post_inspect"));
  RepairRecord r = repairOf(a.state);
  if (!r.completed_at) {
    return conflict("not-completed", "Only a completed repair is post-inspected; record its "
                                     "completion first.");
  }
  if (!r.inspection.empty()) {
    return conflict("already-inspected", "This repair has already been post-inspected.");
  }
  CHARTER_TRY(outcome, a.body.oneOf("outcome", kInspectionOutcomes, true));
  CHARTER_TRY(notes, a.body.text("notes", kLongText, false));
  CHARTER_TRY(on, aftercare::happenedOn(a, "inspected_on", a.cal.localDate(*r.completed_at),
                                        "the day the repair was completed"));
  return one(event_type::kRepairInspected, a.at,
             {{"outcome", outcome}, {"notes", notes}, {"inspected_on", formatDate(on)}});
}

}  // namespace repairs
}  // namespace charter
