#include "domain/case.h"
#include "domain/case_fold.h"

#include <array>
#include <cctype>
#include <utility>

#include <fmt/format.h>

#include "domain/additional_issues.h"
#include "domain/aftercare.h"
#include "domain/asb.h"
#include "domain/contact_preferences.h"
#include "domain/follow_through.h"
#include "domain/repairs.h"
#include "domain/updates.h"

namespace charter {
namespace {

template <class E, std::size_t N>
using SlugTable = std::array<std::pair<E, std::string_view>, N>;

constexpr SlugTable<CaseKind, 9> kKinds = {{{CaseKind::kServiceRequest, "service_request"},
                                            {CaseKind::kComplaint, "complaint"},
                                            {CaseKind::kCompliment, "compliment"},
                                            {CaseKind::kComment, "comment"},
                                            {CaseKind::kEnquiry, "enquiry"},
                                            {CaseKind::kMpEnquiry, "mp_enquiry"},
                                            {CaseKind::kSubjectAccessRequest, "subject_access_request"},
                                            {CaseKind::kDataBreach, "data_breach"},
                                            {CaseKind::kAsbReport, "asb_report"}}};
constexpr SlugTable<Channel, 8> kChannels = {{{Channel::kPhone, "phone"},
                                              {Channel::kEmail, "email"},
                                              {Channel::kWebForm, "web_form"},
                                              {Channel::kOnlineAccount, "online_account"},
                                              {Channel::kLetter, "letter"},
                                              {Channel::kInPerson, "in_person"},
                                              {Channel::kRepresentative, "representative"},
                                              {Channel::kSocialMedia, "social_media"}}};
constexpr SlugTable<CaseStatus, 5> kStatuses = {{{CaseStatus::kOpen, "open"},
                                                 {CaseStatus::kResponded, "responded"},
                                                 {CaseStatus::kClosed, "closed"},
                                                 {CaseStatus::kRefused, "refused"},
                                                 {CaseStatus::kWithdrawn, "withdrawn"}}};
constexpr SlugTable<Finding, 3> kFindings = {{{Finding::kUpheld, "upheld"},
                                              {Finding::kPartlyUpheld, "partly_upheld"},
                                              {Finding::kNotUpheld, "not_upheld"}}};
constexpr SlugTable<Review, 2> kReviews = {
    {{Review::kUpheld, "upheld"}, {Review::kOverturned, "overturned"}}};

template <class E, std::size_t N>
std::string_view slugOf(const SlugTable<E, N>& table, E value) {
  for (const auto& [e, s] : table) {
    if (e == value) return s;
  }
  return "unknown";
}

template <class E, std::size_t N>
Result<E> parseSlug(const SlugTable<E, N>& table, std::string_view s, std::string_view field) {
  std::string allowed;
  for (const auto& [e, name] : table) {
    if (name == s) return e;
    allowed += allowed.empty() ? "" : ", ";
    allowed += name;
  }
  return invalid(std::string(field), "enum",
                 fmt::format("must be one of {}; got \"{}\"", allowed, s.substr(0, 40)));
}

std::string str(const nlohmann::json& data, const char* key) {
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> strings(const nlohmann::json& data, const char* key) {
  std::vector<std::string> out;
  auto it = data.find(key);
  if (it == data.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::optional<Date> dateField(const nlohmann::json& data, const char* key) {
  auto s = str(data, key);
  if (s.empty()) return std::nullopt;
  auto d = parseDate(s, key);
  if (!d) return std::nullopt;
  return *d;
}

Person personFrom(const nlohmann::json& p) {
  Person person;
  if (!p.is_object()) return person;
  person.name = str(p, "name");
  person.email = str(p, "email");
  person.phone = str(p, "phone");
  person.address = str(p, "address");
  person.tenancy_ref = str(p, "tenancy_ref");
  person.vulnerabilities = strings(p, "vulnerabilities");
  person.reasonable_adjustments = strings(p, "reasonable_adjustments");
  person.contact_preference = str(p, "contact_preference");
  if (auto c = p.find("contact"); c != p.end()) person.contact = contactFrom(*c);
  person.representative = str(p, "representative");
  person.account = str(p, "account");
  return person;
}

StageRecord& stageOf(CaseState& s, const nlohmann::json& data) {
  return data.value("stage", s.stage) == 2 ? s.stage2 : s.stage1;
}

void applyReceived(CaseState& s, const Event& e) {
  const auto& d = e.data;
  if (auto k = parseCaseKind(str(d, "kind"))) s.kind = *k;
  if (auto c = parseChannel(str(d, "channel"))) s.channel = *c;
  s.summary = str(d, "summary");
  s.person = personFrom(d.value("person", nlohmann::json::object()));
  s.received_at = e.at;
  s.received_by = str(d, "received_by");
  s.service_area = str(d, "service_area");
  s.theme = str(d, "theme");
  s.tenure = str(d, "tenure");
  s.issue_date = dateField(d, "issue_date");
  s.awareness_date = dateField(d, "awareness_date");
  s.status = CaseStatus::kOpen;
  s.stage = s.kind == CaseKind::kComplaint ? 1 : 0;
  if (auto it = d.find("raised_from"); it != d.end() && it->is_number_integer()) {
    s.raised_from = it->get<CaseId>();
  }
}

void applyAcknowledged(CaseState& s, const Event& e) {
  StageRecord& r = stageOf(s, e.data);
  r.acknowledged_at = e.at;
  r.definition = str(e.data, "definition");
  r.handler = str(e.data, "handler");
  r.acknowledged_by = e.actor;
}

void applyExtended(CaseState& s, const Event& e) {
  const auto& d = e.data;
  Extension x;
  x.clock = str(d, "clock");
  x.at = e.at;
  x.original_due = dateField(d, "original_due").value_or(Date{});
  x.new_due = dateField(d, "new_due").value_or(Date{});
  x.reason = str(d, "reason");
  x.good_reason = str(d, "good_reason");
  x.ombudsman_details_given = d.value("ombudsman_details_given", false);
  x.late = d.value("late", false);
  stageOf(s, d).extensions.push_back(std::move(x));
}

std::vector<ElementFinding> elementsFrom(const nlohmann::json& arr) {
  std::vector<ElementFinding> out;
  if (!arr.is_array()) return out;
  for (const auto& el : arr) {
    out.push_back({str(el, "summary"), str(el, "finding"), str(el, "reasons")});
  }
  return out;
}

// Lower case, runs of white space as one space, trimmed: elements are matched across stages
// by their summary.
std::string elementKey(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// `first` is the number the first remedy (or action) of this response takes.
std::vector<Remedy> remediesFrom(const nlohmann::json& arr, int stage, int first,
                                 const std::vector<ElementFinding>& elements) {
  std::vector<Remedy> out;
  if (!arr.is_array()) return out;
  for (const auto& el : arr) {
    Remedy r;
    r.type = str(el, "type");
    r.description = str(el, "description");
    r.due = dateField(el, "due");
    if (auto it = el.find("amount"); it != el.end() && it->is_number()) r.amount = it->get<double>();
    r.number = first + static_cast<int>(out.size());
    r.stage = stage;
    if (auto it = el.find("element"); it != el.end() && it->is_number_integer()) {
      auto i = it->get<std::int64_t>();
      if (i >= 1 && i <= static_cast<std::int64_t>(elements.size())) {
        r.element = elements[static_cast<std::size_t>(i - 1)].summary;
      }
    }
    if (auto it = el.find("additional"); it != el.end() && it->is_boolean()) r.additional = it->get<bool>();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<OutstandingAction> actionsFrom(const nlohmann::json& arr, int stage, int first) {
  std::vector<OutstandingAction> out;
  if (!arr.is_array()) return out;
  for (const auto& el : arr) {
    OutstandingAction a;
    a.description = str(el, "description");
    a.due = dateField(el, "due").value_or(Date{});
    a.owner = str(el, "owner");
    a.number = first + static_cast<int>(out.size());
    a.stage = stage;
    out.push_back(std::move(a));
  }
  return out;
}

// A stage 2 award replaces stage 1's award for the same element (or, without one, for the
// whole complaint) unless it is marked additional: compensation is never counted twice.
void supersedeRestated(CaseState& s) {
  for (const auto& r2 : s.stage2.remedies) {
    if (r2.type != "financial" || r2.additional) continue;
    for (auto& r1 : s.stage1.remedies) {
      if (r1.type == "financial" && elementKey(r1.element) == elementKey(r2.element)) {
        r1.superseded = true;
      }
    }
  }
}

void applyResponded(CaseState& s, const Event& e) {
  s.status = CaseStatus::kResponded;
  if (s.kind != CaseKind::kComplaint) return;
  StageRecord& r = stageOf(s, e.data);
  r.responded_at = e.at;
  r.responded_by = e.actor;
  r.decision = str(e.data, "decision");
  const int stage = &r == &s.stage2 ? 2 : 1;
  const auto earlier = [&](auto member) {
    return static_cast<int>((s.stage1.*member).size() + (s.stage2.*member).size());
  };
  r.remedies.clear();
  r.outstanding_actions.clear();
  const int first_remedy = earlier(&StageRecord::remedies) + 1;
  const int first_action = earlier(&StageRecord::outstanding_actions) + 1;
  r.elements = elementsFrom(e.data.value("elements", nlohmann::json::array()));
  r.remedies = remediesFrom(e.data.value("remedies", nlohmann::json::array()), stage,
                            first_remedy, r.elements);
  r.outstanding_actions = actionsFrom(
      e.data.value("outstanding_actions", nlohmann::json::array()), stage, first_action);
  if (stage == 2) supersedeRestated(s);
  // The stage 2 response is the landlord's final response (Code 6.10): it closes the complaint.
  // Outstanding actions are tracked on after closure (Code 6.6).
  if (&r == &s.stage2) s.status = CaseStatus::kClosed;
}

// A correction of the person's details: the fields given replace the ones held (an empty
// string or list clears one); the history keeps what was held before.
void applyRectified(CaseState& s, const Event& e) {
  auto it = e.data.find("person");
  if (it == e.data.end() || !it->is_object()) return;
  Person& p = s.person;
  nlohmann::json held = {{"name", p.name},
                         {"email", p.email},
                         {"phone", p.phone},
                         {"address", p.address},
                         {"tenancy_ref", p.tenancy_ref},
                         {"vulnerabilities", p.vulnerabilities},
                         {"reasonable_adjustments", p.reasonable_adjustments},
                         {"contact_preference", p.contact_preference},
                         {"contact", contactJson(p.contact)},
                         {"representative", p.representative},
                         {"account", p.account}};
  for (const auto& [key, value] : it->items()) {
    if (held.contains(key)) held[key] = value;
  }
  p = personFrom(held);
}

// The milestone (policy.h) an event marks, or "" for none.
std::string milestoneOf(const CaseState& s, const Event& e) {
  const std::string& t = e.type;
  bool complaint = s.kind == CaseKind::kComplaint;
  std::string stage = fmt::format("stage{}", e.data.value("stage", s.stage));
  if (t == event_type::kReceived) return "received";
  if (t == event_type::kAcknowledged && complaint) return stage + ".acknowledged";
  if (t == event_type::kResponded) return complaint ? stage + ".responded" : "responded";
  if (t == event_type::kEscalationRequested) return "escalation_requested";
  if (t == event_type::kClosed) return "closed";
  return std::string(asbMilestone(t));
}

// Call-backs and repairs (policy.h milestones): a contact not resolved when it was logged, the
// first contact after it, and a repair's completion (its repair clock's stop).
void applyServiceMilestones(CaseState& s, const Event& e) {
  const std::string& t = e.type;
  auto resolved = e.data.find("resolved_at_first_contact");
  if (t == event_type::kReceived && resolved != e.data.end() && *resolved == false) {
    s.milestones.emplace("not_resolved_at_first_contact", e.at);
  }
  if (t == event_type::kRepairCompleted) {
    auto done = parseInstant(str(e.data, "completed_at"), "completed_at");
    Instant at = done ? *done : e.at;
    s.milestones.emplace("responded", at);
    s.milestones.emplace("followed_up", at);
    if (s.status == CaseStatus::kOpen) s.status = CaseStatus::kResponded;
  }
  bool answered = t == event_type::kResponded && s.kind != CaseKind::kComplaint;
  if (t == event_type::kUpdateLogged || answered) {
    s.milestones.emplace("followed_up", e.at);
  }
}

}  // namespace

std::string_view slug(CaseKind k) { return slugOf(kKinds, k); }
std::string_view slug(Channel c) { return slugOf(kChannels, c); }
std::string_view slug(CaseStatus s) { return slugOf(kStatuses, s); }
std::string_view slug(Finding f) { return slugOf(kFindings, f); }
std::string_view slug(Review r) { return slugOf(kReviews, r); }

Result<CaseKind> parseCaseKind(std::string_view s, std::string_view field) {
  return parseSlug(kKinds, s, field);
}
Result<Channel> parseChannel(std::string_view s, std::string_view field) {
  return parseSlug(kChannels, s, field);
}
Result<CaseStatus> parseCaseStatus(std::string_view s, std::string_view field) {
  return parseSlug(kStatuses, s, field);
}
Result<Finding> parseFinding(std::string_view s, std::string_view field) {
  return parseSlug(kFindings, s, field);
}

std::string_view displayName(CaseKind k) {
  switch (k) {
    case CaseKind::kServiceRequest: return "service request";
    case CaseKind::kComplaint: return "complaint";
    case CaseKind::kCompliment: return "compliment";
    case CaseKind::kComment: return "comment";
    case CaseKind::kEnquiry: return "enquiry";
    case CaseKind::kMpEnquiry: return "MP or councillor enquiry";
    case CaseKind::kSubjectAccessRequest: return "subject access request";
    case CaseKind::kDataBreach: return "data breach";
    case CaseKind::kAsbReport: return "anti-social behaviour report";
  }
  return "contact";
}

namespace {

// CaseState::apply without recording the event (the callers keep it, copied or moved).
void applyEvent(CaseState& s, const Event& e) {
  const std::string& t = e.type;
  if (t == event_type::kReceived) {
    applyReceived(s, e);
  } else if (t == event_type::kAcknowledged) {
    applyAcknowledged(s, e);
  } else if (t == event_type::kExtended) {
    applyExtended(s, e);
  } else if (t == event_type::kResponded) {
    applyResponded(s, e);
  } else if (t == event_type::kEscalationRequested) {
    s.stage = 2;
    s.status = CaseStatus::kOpen;
    s.escalation_requested_at = e.at;
  } else if (t == event_type::kRefused) {
    s.status = CaseStatus::kRefused;
    s.refusal_reason = str(e.data, "reason");
  } else if (t == event_type::kWithdrawn) {
    s.status = CaseStatus::kWithdrawn;
  } else if (t == event_type::kClosed) {
    s.status = CaseStatus::kClosed;
  } else if (t == event_type::kPersonRectified) {
    applyRectified(s, e);
  } else if (t == event_type::kContactPreferenceChanged) {
    s.person.contact = contactFrom(e.data.value("contact", nlohmann::json::object()));
  } else if (t == event_type::kAnonymised) {
    s.person = Person{};
    s.person.name = "(anonymised)";
    s.summary = "(anonymised)";
    s.refusal_reason.clear();
  } else if (isAftercareEvent(t)) {
    applyAftercare(s, e);
  } else if (isFollowThroughEvent(t)) {
    applyFollowThrough(s, e);
  } else if (t == event_type::kIssueAdded) {
    applyIssueAdded(s, e);
  } else if (t == event_type::kAssigned) {
    s.owner = str(e.data, "owner");
  } else if (t == event_type::kLinked) {
    if (auto it = e.data.find("complaint_id"); it != e.data.end() && it->is_number_integer()) {
      s.complaints_raised.push_back(it->get<CaseId>());
    }
  }
  // Milestones record the first time each happened.
  if (auto m = milestoneOf(s, e); !m.empty()) s.milestones.emplace(std::move(m), e.at);
  applyServiceMilestones(s, e);
  if (s.status == CaseStatus::kClosed) s.milestones.emplace("closed", e.at);
}

}  // namespace

void CaseState::apply(const Event& e) {
  applyEvent(*this, e);
  events.push_back(e);
}

CaseState CaseState::fold(CaseId id, std::string reference, const std::vector<Event>& events) {
  return foldHistory(id, std::move(reference), std::vector<Event>(events));
}

CaseState foldHistory(CaseId id, std::string reference, std::vector<Event>&& events) {
  CaseState s;
  s.id = id;
  s.reference = reference.empty() ? caseReference(id) : std::move(reference);
  s.events.reserve(events.size());
  for (auto& e : events) {
    applyEvent(s, e);
    s.events.push_back(std::move(e));
  }
  return s;
}

std::string caseReference(CaseId id) { return fmt::format("CH-{:06}", id); }

nlohmann::json personJson(const Person& p) {
  return nlohmann::json{{"name", p.name},
                        {"email", p.email},
                        {"phone", p.phone},
                        {"address", p.address},
                        {"tenancy_ref", p.tenancy_ref},
                        {"vulnerabilities", p.vulnerabilities},
                        {"reasonable_adjustments", p.reasonable_adjustments},
                        {"contact_preference", p.contact_preference},
                        {"contact", contactJson(p.contact)},
                        {"representative", p.representative},
                        {"account", p.account}};
}

nlohmann::json contactJson(const ContactPreference& c) {
  auto orNull = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  return {{"channel", orNull(c.channel)},
          {"format", orNull(c.format)},
          {"language", orNull(c.language)},
          {"needs_interpreter", c.needs_interpreter},
          {"review_date", c.review_date ? nlohmann::json(formatDate(*c.review_date)) : nlohmann::json()}};
}

ContactPreference contactFrom(const nlohmann::json& j) {
  ContactPreference c;
  if (!j.is_object()) return c;
  c.channel = str(j, "channel");
  c.format = str(j, "format");
  c.language = str(j, "language");
  if (auto it = j.find("needs_interpreter"); it != j.end() && it->is_boolean()) c.needs_interpreter = *it;
  if (auto d = parseDate(str(j, "review_date"), "review_date")) c.review_date = *d;
  return c;
}

}  // namespace charter
