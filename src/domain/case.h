// Cases and their events: the record Charter must never lose.
//
// Everything that happens to a case is an immutable Event (who, when, what). A case's state is
// a fold over its events (CaseState::apply), so a stored projection can always be re-derived.
// Pure: no I/O, no clock.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.h"
#include "util/time.h"

namespace charter {

using CaseId = std::int64_t;

// kSubjectAccessRequest and kDataBreach are the landlord's data-protection duties (UK GDPR
// Art. 12(3) and 33), handled by domain/pauses.h and domain/data_protection.h. kAsbReport is a
// report of anti-social behaviour, handled by level as the policy defines (docs/lifecycle.md).
enum class CaseKind {
  kServiceRequest, kComplaint, kCompliment, kComment, kEnquiry, kMpEnquiry,
  kSubjectAccessRequest, kDataBreach, kAsbReport
};
enum class Channel {
  kPhone, kEmail, kWebForm, kOnlineAccount, kLetter, kInPerson, kRepresentative, kSocialMedia
};
// open: being handled; responded: a complaint stage answered, the resident may still escalate;
// closed / refused / withdrawn: finished (a closed stage 1 complaint may still be escalated).
enum class CaseStatus { kOpen, kResponded, kClosed, kRefused, kWithdrawn };
// The one rule for "finished": closed, refused or withdrawn. The stores build their SQL
// (`status IN (...)`) from this list.
inline constexpr std::array<CaseStatus, 3> kFinishedStatuses = {
    CaseStatus::kClosed, CaseStatus::kRefused, CaseStatus::kWithdrawn};
constexpr bool isFinished(CaseStatus s) {
  for (CaseStatus f : kFinishedStatuses) {
    if (f == s) return true;
  }
  return false;
}
enum class Finding { kUpheld, kPartlyUpheld, kNotUpheld };
// Stage 2 view of a stage 1 finding.
enum class Review { kUpheld, kOverturned };

// Slugs used in JSON, the database and policy files: "service_request", "mp_enquiry", "web_form",
// "online_account", "in_person", "social_media", "partly_upheld", ...
std::string_view slug(CaseKind k);
std::string_view slug(Channel c);
std::string_view slug(CaseStatus s);
std::string_view slug(Finding f);
std::string_view slug(Review r);
Result<CaseKind> parseCaseKind(std::string_view s, std::string_view field = "kind");
Result<Channel> parseChannel(std::string_view s, std::string_view field = "channel");
Result<CaseStatus> parseCaseStatus(std::string_view s, std::string_view field = "status");
Result<Finding> parseFinding(std::string_view s, std::string_view field = "finding");
// Plain English: "service request", "MP or councillor enquiry".
std::string_view displayName(CaseKind k);

// Event types, as stored.
namespace event_type {
inline constexpr std::string_view kReceived = "received";
inline constexpr std::string_view kAcknowledged = "acknowledged";
inline constexpr std::string_view kExtended = "extended";
inline constexpr std::string_view kResponded = "responded";
inline constexpr std::string_view kEscalationRequested = "escalation_requested";
inline constexpr std::string_view kRefused = "refused";
inline constexpr std::string_view kWithdrawn = "withdrawn";
inline constexpr std::string_view kClosed = "closed";
inline constexpr std::string_view kLinked = "linked";  // a complaint raised from this case
inline constexpr std::string_view kNote = "note";
// Data protection (app/subject_access.h): the person's details corrected (data: "person", the
// fields changed; "reason"), and the case anonymised under the retention policy (data:
// "reason", "retention_years").
inline constexpr std::string_view kPersonRectified = "person_rectified";
inline constexpr std::string_view kAnonymised = "anonymised";
// Learning and the Ombudsman (domain/aftercare.h): recorded whether or not the complaint was
// upheld, and after it is closed.
inline constexpr std::string_view kLearningActionRecorded = "learning_action_recorded";
inline constexpr std::string_view kLearningActionCompleted = "learning_action_completed";
inline constexpr std::string_view kOmbudsmanReferred = "ombudsman_referred";
inline constexpr std::string_view kOmbudsmanDetermined = "ombudsman_determined";
inline constexpr std::string_view kOmbudsmanOrdered = "ombudsman_ordered";
inline constexpr std::string_view kOmbudsmanOrderCompleted = "ombudsman_order_completed";
// A Complaint Handling Failure Order against the landlord, and its compliance.
inline constexpr std::string_view kOmbudsmanChfoIssued = "ombudsman_chfo_issued";
inline constexpr std::string_view kOmbudsmanChfoCompleted = "ombudsman_chfo_completed";
// Following a response through (domain/follow_through.h).
inline constexpr std::string_view kOutstandingActionCompleted = "outstanding_action_completed";
inline constexpr std::string_view kRemedyCompleted = "remedy_completed";
// Triage (domain/triage.h): the case given an owner, a person or a team (data: "owner",
// "previous_owner", "reason"); a later one reassigns it.
inline constexpr std::string_view kAssigned = "assigned";
// A pausable clock (domain/pauses.h) stopped while the landlord waits for the requester (data:
// "clock", "reason": identity | clarification, "note"), and started again (data: "clock").
inline constexpr std::string_view kClockPaused = "clock_paused";
inline constexpr std::string_view kClockResumed = "clock_resumed";
}  // namespace event_type

struct Event {
  int seq = 0;            // 1-based position in the case's history
  std::string type;       // an event_type
  Instant at{};           // when it happened, as the user states it
  Instant recorded_at{};  // when Charter recorded it (the TimeSource)
  std::string actor;      // who recorded it
  nlohmann::json data = nlohmann::json::object();  // the type's fields (see lifecycle.h)
};

// How a person wants to hear from the landlord, kept under review (Code 5.10): a reasonable
// adjustment the outbox and the letters act on. Empty strings: not recorded.
struct ContactPreference {
  std::string channel;    // one of kContactChannels
  std::string format;     // one of kContactFormats
  std::string language;   // as given: "en", "cy", "Polish", ...
  bool needs_interpreter = false;
  std::optional<Date> review_date;

  bool empty() const {
    return channel.empty() && format.empty() && language.empty() && !needs_interpreter &&
           !review_date;
  }
};
inline constexpr std::array<std::string_view, 5> kContactChannels = {"letter", "email", "sms",
                                                                     "phone", "portal"};
inline constexpr std::array<std::string_view, 5> kContactFormats = {
    "standard", "large_print", "braille", "audio", "easy_read"};

struct Person {
  std::string name;
  std::string email;
  std::string phone;
  std::string address;
  std::string tenancy_ref;
  std::vector<std::string> vulnerabilities;       // disclosed, shown on every case
  std::vector<std::string> reasonable_adjustments;
  std::string contact_preference;  // free text, as recorded before `contact` existed
  ContactPreference contact;
  // Set when a representative (advocate, relative, MP) acts for the resident.
  std::string representative;
  // The landlord's reference for the person (their housing-system id, and the person_ref of
  // their resident account): whose record this is, for sign-in, subject access and the view
  // log. "" when not known.
  std::string account;
};

struct ElementFinding {
  std::string summary;
  std::string finding;  // stage 1: upheld | partly_upheld | not_upheld; stage 2: upheld | overturned
  std::string reasons;
};

// A remedy offered in a response (Code 7.1-7.3), followed through to completion. Numbered
// 1, 2, ... across the case in the order offered (stage 1's first), as complete_remedy names it.
struct Remedy {
  std::string type;  // one of the Code 7.1 types (see lifecycle.h kRemedyTypes)
  std::string description;
  std::optional<Date> due;
  double amount = 0;  // compensation in pounds, when financial
  int number = 0;
  int stage = 1;
  std::string element;      // the summary of the element it puts right; "" for the whole complaint
  bool additional = false;  // stage 2: on top of stage 1's award for the same element
  bool superseded = false;  // stage 1 financial award replaced by stage 2's for the same element
  std::optional<Date> completed_on;
  std::optional<Date> paid_on;  // financial remedies: when the money was paid
  std::string evidence;
};

// Something the landlord will still do after answering (Code 6.6), tracked after closure.
// Numbered 1, 2, ... across the case in the order promised, as complete_outstanding_action names it.
struct OutstandingAction {
  std::string description;
  Date due{};
  std::string owner;
  int number = 0;
  int stage = 1;
  std::optional<Date> completed_on;
  std::string evidence;
};

struct Extension {
  std::string clock;          // "stage1.respond" / "stage2.respond"
  Instant at{};               // when it was decided and told to the resident
  Date original_due{};        // the due date before this extension
  Date new_due{};
  std::string reason;
  std::string good_reason;    // required beyond the cap
  bool ombudsman_details_given = false;
  bool late = false;          // recorded after the due date it extends: the clock is missed
};

// A lesson learnt from a complaint and the action taken on it (Code 9.1-9.3; 001 §5).
struct LearningAction {
  int number = 0;              // 1, 2, ... within the case
  std::string lesson;          // what was learnt and the action to take
  std::string owner;
  std::string service_area;
  std::string you_said;        // the public wording of the feedback ("you said, we did")
  Date raised_on{};
  Date due{};
  std::optional<Date> completed_on;
  std::string improvement;     // the service improvement made
  bool published = false;      // on the public "you said, we did" list
};

struct OmbudsmanFinding {
  std::string summary;
  std::string outcome;  // one of kOmbudsmanOutcomes (domain/aftercare.h)
};

struct OmbudsmanOrder {
  int number = 0;
  std::string order;
  Date made_on{};
  Date due{};
  std::optional<Date> completed_on;
  std::string evidence;
};

// A Complaint Handling Failure Order: the Ombudsman's finding that the landlord failed to follow
// the Code on this complaint (`provision`), and what it must do by `comply_by`.
struct OmbudsmanChfo {
  int number = 0;          // 1, 2, ... within the case, as complete_ombudsman_chfo names it
  Date issued_on{};
  std::string provision;   // the Code provision or Scheme paragraph failed ("5.8")
  std::string order;       // what the landlord must do
  Date comply_by{};
  std::optional<Date> completed_on;
  std::string evidence;
};

// The Housing Ombudsman's handling of the complaint after the landlord's process.
struct OmbudsmanRecord {
  std::string reference;   // the Ombudsman's own reference
  Date referred_on{};
  std::string basis;       // final_response | refused | response_overdue
  std::optional<Date> determined_on;
  std::string outcome;     // "" until determined
  std::vector<OmbudsmanFinding> findings;
  double compensation = 0;  // pounds ordered
  std::vector<OmbudsmanOrder> orders;
  std::vector<OmbudsmanChfo> chfos;
};

struct StageRecord {
  std::optional<Instant> acknowledged_at;
  std::optional<Instant> responded_at;
  std::string handler;
  // The accounts (user name or named token: the event's actor) that acknowledged and responded
  // at this stage; "" until then. Code 6.13 compares them across stages.
  std::string acknowledged_by;
  std::string responded_by;
  std::string definition;  // the complaint definition: issues and outcomes sought
  std::string decision;    // upheld | partly_upheld | not_upheld
  std::vector<ElementFinding> elements;
  std::vector<Remedy> remedies;
  std::vector<OutstandingAction> outstanding_actions;
  std::vector<Extension> extensions;
};

struct CaseState {
  CaseId id = 0;
  std::string reference;  // "CH-000123"
  CaseKind kind = CaseKind::kEnquiry;
  Channel channel = Channel::kPhone;
  std::string summary;
  Person person;
  Instant received_at{};
  std::string received_by;
  std::string service_area;
  std::string theme;
  // When the issue happened and when the resident became aware of it, as recorded at receipt
  // (the 12-month rule, Code 2.3).
  std::optional<Date> issue_date;
  std::optional<Date> awareness_date;
  // Who has the case (a user name or a team); "" until it is assigned.
  std::string owner;
  std::string tenure;  // social_rent | shared_ownership | leasehold | other | "" (not recorded)
  CaseStatus status = CaseStatus::kOpen;
  int stage = 0;  // complaints: 1 or 2; other kinds: 0
  StageRecord stage1;
  StageRecord stage2;
  std::optional<Instant> escalation_requested_at;
  std::string refusal_reason;
  std::optional<CaseId> raised_from;            // the service request this complaint came from
  std::vector<CaseId> complaints_raised;        // complaints raised from this case
  std::vector<LearningAction> learning_actions;
  std::optional<OmbudsmanRecord> ombudsman;
  // When each milestone (see policy.h) first happened.
  std::map<std::string, Instant, std::less<>> milestones;
  std::vector<Event> events;

  int version() const { return static_cast<int>(events.size()); }
  bool finished() const { return isFinished(status); }
  StageRecord& current() { return stage == 2 ? stage2 : stage1; }
  const StageRecord& current() const { return stage == 2 ? stage2 : stage1; }

  // Applies one more event. REQUIRES: event.seq == version() + 1, and the event was produced by
  // lifecycle.h's decide functions (or read back from the store).
  void apply(const Event& event);
  // Folds a whole history.
  static CaseState fold(CaseId id, std::string reference, const std::vector<Event>& events);
};

std::string caseReference(CaseId id);  // "CH-000123"

// A person as JSON, every field named as in the API (used by the API and subject access).
nlohmann::json personJson(const Person& p);
// The preference as JSON ({"channel": ..., "review_date": "YYYY-MM-DD" or null, ...}), and back
// (unknown or malformed members are left empty: requests are checked before they are events).
nlohmann::json contactJson(const ContactPreference& c);
ContactPreference contactFrom(const nlohmann::json& j);

}  // namespace charter
