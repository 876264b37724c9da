// Repairs (seed 003 "Repairs & Maintenance"): the appointments of a service request, its
// completion and its post-inspection. A service request's `category` (case.h) chooses its repair
// clock (the policy's standards limited to that category: "repairs.emergency" 24 hours,
// "repairs.urgent" 5 working days, "repairs.routine" 20 working days, stopped on "responded").
//
// Actions (body "action"), on service requests only (409 `not-a-service-request`), ordered only
// after the receipt, finished requests too for complete_repair and post_inspect:
//   book_appointment      {date, slot, contractor?}       409 appointment-booked when one is
//                                                         still awaited (rearrange it instead),
//                                                         409 already-completed
//   appointment_kept      {}                              409 no-appointment; 409
//   appointment_missed    {reason?}                       appointment-not-due before its date
//   rearrange_appointment {date, slot, contractor?, reason?}  409 no-appointment
//   complete_repair       {completed_at?}                 409 already-completed; completed_at
//                                                         defaults to `at`, not after it (422
//                                                         future), not before the receipt (422
//                                                         before-previous-event)
//   post_inspect          {outcome, notes?, inspected_on?} 409 not-completed, already-inspected
// `slot` is am | pm | all_day; `outcome` pass | fail (422 enum). Appointments are numbered 1, 2,
// ... in the order booked; a rearranged one is replaced by the next number.
//
// repair_completed marks the milestones "responded" (the repair clock's stop, at completed_at)
// and "followed_up", and the request's status becomes responded. The state is read from the
// case's events (repairOf), so nothing but those milestones is folded into CaseState.
// Pure: no I/O, no clock.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/aftercare.h"
#include "domain/case.h"

namespace charter {

namespace event_type {
inline constexpr std::string_view kAppointmentBooked = "appointment_booked";
inline constexpr std::string_view kAppointmentKept = "appointment_kept";
inline constexpr std::string_view kAppointmentMissed = "appointment_missed";
inline constexpr std::string_view kAppointmentRearranged = "appointment_rearranged";
inline constexpr std::string_view kRepairCompleted = "repair_completed";
inline constexpr std::string_view kRepairInspected = "repair_inspected";
}  // namespace event_type

inline constexpr std::array<std::string_view, 3> kAppointmentSlots = {"am", "pm", "all_day"};
inline constexpr std::array<std::string_view, 2> kInspectionOutcomes = {"pass", "fail"};

bool isRepairEvent(std::string_view type);

// The fields recorded at receipt (docs/lifecycle.md "New cases"), read from the case's received
// event: a service request's `category` (a repair priority; "" when none), a compliment's
// `about` ("" when not recorded), and `resolved_at_first_contact` (nullopt when not recorded).
std::string categoryOf(const CaseState& s);
std::string aboutOf(const CaseState& s);
std::optional<bool> resolvedAtFirstContact(const CaseState& s);
// The categories the policy's standards for `kind` are limited to (Standard::category), in
// the order of the standards' ids: what a case's `category` may be (a service request's repair priority; an
// asb_report's level, domain/asb.h).
std::vector<std::string> policyCategories(const Policy& policy,
                                          std::string_view kind = "service_request");
// "morning", "afternoon", "all day".
std::string_view slotTitle(std::string_view slot);

struct Appointment {
  int number = 0;
  Date date{};
  std::string slot;        // am | pm | all_day
  std::string contractor;  // "" = the landlord's own operatives
  std::string outcome;     // booked | kept | missed | rearranged
  std::string reason;      // why it was missed or rearranged
};

struct RepairRecord {
  std::vector<Appointment> appointments;
  std::string contractor;  // the latest named on an appointment; "" when none
  std::optional<Instant> completed_at;
  std::string inspection;  // "" | pass | fail
  std::string inspection_notes;
  std::optional<Date> inspected_on;
  // The appointment still awaited (outcome booked), if any.
  const Appointment* awaited() const;
  int kept() const;
  int missed() const;
};

// The repair record folded from the case's events (empty for a case without repair events).
RepairRecord repairOf(const CaseState& s);

namespace repairs {
Result<std::vector<Event>> bookAppointment(const AftercareStep& a);
Result<std::vector<Event>> appointmentKept(const AftercareStep& a);
Result<std::vector<Event>> appointmentMissed(const AftercareStep& a);
Result<std::vector<Event>> rearrangeAppointment(const AftercareStep& a);
Result<std::vector<Event>> completeRepair(const AftercareStep& a);
Result<std::vector<Event>> postInspect(const AftercareStep& a);
}  // namespace repairs

}  // namespace charter
