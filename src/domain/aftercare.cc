#include "domain/aftercare.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/chfo.h"

namespace charter {
namespace {

using json = nlohmann::json;
using fields::kLongText;
using fields::kMaxItems;
using fields::kShortText;
using fields::Reader;

constexpr double kMaxCompensation = 10'000'000;  // pounds: a typing error beyond this

int numberOf(const json& d, const char* key) {
  auto it = d.find(key);
  return it != d.end() && it->is_number_integer() ? it->get<int>() : 0;
}

std::vector<Event> one(std::string_view type, Instant at, json data) {
  Event e;
  e.type = std::string(type);
  e.at = at;
  e.data = std::move(data);
  return {std::move(e)};
}

Status requireComplaint(const AftercareStep& a, std::string_view action) {
  if (a.state.kind == CaseKind::kComplaint) return {};
  return conflict("not-a-complaint",
                  fmt::format("\"{}\" applies only to complaints; this case is a {}.", action,
                              displayName(a.state.kind)));
}

const LearningAction* findLearning(const CaseState& s, int n) {
  for (const auto& l : s.learning_actions) {
    if (l.number == n) return &l;
  }
  return nullptr;
}

const OmbudsmanOrder* findOrder(const CaseState& s, int n) {
  if (!s.ombudsman) return nullptr;
  for (const auto& o : s.ombudsman->orders) {
    if (o.number == n) return &o;
  }
  return nullptr;
}

// Why the Ombudsman may take the complaint on now, or "" when the landlord's process is still
// running (see aftercare.h).
std::string referralBasis(const AftercareStep& a) {
  const CaseState& s = a.state;
  if (s.stage2.responded_at) return "final_response";
  if (s.status == CaseStatus::kRefused) return "refused";
  for (const auto& c : evaluateClocks(s, a.current, a.date)) {
    if (c.name.starts_with("stage") && c.status == ClockStatus::kMissed && !c.met_on) {
      return "response_overdue";
    }
  }
  return "";
}

}  // namespace

std::string dataText(const nlohmann::json& d, const char* key) {
  auto it = d.find(key);
  return it != d.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<Date> dataDate(const nlohmann::json& d, const char* key) {
  auto s = dataText(d, key);
  if (s.empty()) return std::nullopt;
  auto r = parseDate(s, key);
  return r ? std::optional<Date>(*r) : std::nullopt;
}

std::string clipText(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::string out = s.substr(0, n);
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80) != 0) out.pop_back();
  return out + "…";
}

Clock dateClock(std::string name, std::string title, Date start, Date due,
                std::optional<Date> done, Date today, std::string opening) {
  Clock c;
  c.name = std::move(name);
  c.title = std::move(title);
  c.start = start;
  c.original_due = due;
  c.due = due;
  c.met_on = done;
  std::string text = std::move(opening);
  if (done) {
    c.status = *done <= due ? ClockStatus::kMet : ClockStatus::kMissed;
    text += fmt::format(" {}: completed on {}.", *done <= due ? "Met" : "Missed",
                        formatDateLong(*done));
  } else if (today > due) {
    c.status = ClockStatus::kMissed;
    text += fmt::format(" Missed: it was due by the end of {} and is not completed yet.",
                        formatDateLong(due));
  } else {
    c.status = ClockStatus::kRunning;
    text += fmt::format(" Running: due by the end of {}.", formatDateLong(due));
  }
  c.explanation = std::move(text);
  return c;
}

bool isFaultFinding(std::string_view o) {
  return o == "severe_maladministration" || o == "maladministration" || o == "service_failure";
}

std::string_view ombudsmanOutcomeTitle(std::string_view o) {
  if (o == "severe_maladministration") return "Severe maladministration";
  if (o == "maladministration") return "Maladministration";
  if (o == "service_failure") return "Service failure";
  if (o == "reasonable_redress") return "Reasonable redress";
  if (o == "no_maladministration") return "No maladministration";
  if (o == "outside_jurisdiction") return "Outside jurisdiction";
  if (o == "withdrawn") return "Withdrawn";
  return o;
}

bool isAftercareEvent(std::string_view t) {
  return t == event_type::kLearningActionRecorded || t == event_type::kLearningActionCompleted ||
         t == event_type::kOmbudsmanReferred || t == event_type::kOmbudsmanDetermined ||
         t == event_type::kOmbudsmanOrdered || t == event_type::kOmbudsmanOrderCompleted ||
         isChfoEvent(t);
}

void applyAftercare(CaseState& s, const Event& e) {
  const json& d = e.data;
  const std::string& t = e.type;
  if (isChfoEvent(t)) {
    applyChfo(s, e);
  } else if (t == event_type::kLearningActionRecorded) {
    LearningAction l;
    l.number = numberOf(d, "number");
    l.lesson = dataText(d, "lesson");
    l.owner = dataText(d, "owner");
    l.service_area = dataText(d, "service_area");
    l.you_said = dataText(d, "you_said");
    l.raised_on = dataDate(d, "raised_on").value_or(Date{});
    l.due = dataDate(d, "due").value_or(Date{});
    s.learning_actions.push_back(std::move(l));
  } else if (t == event_type::kLearningActionCompleted) {
    for (auto& l : s.learning_actions) {
      if (l.number != numberOf(d, "number")) continue;
      l.completed_on = dataDate(d, "completed_on");
      l.improvement = dataText(d, "improvement");
      l.published = d.value("publish", false);
      if (auto y = dataText(d, "you_said"); !y.empty()) l.you_said = y;
    }
  } else if (t == event_type::kOmbudsmanReferred) {
    OmbudsmanRecord r;
    r.reference = dataText(d, "reference");
    r.referred_on = dataDate(d, "referred_on").value_or(Date{});
    r.basis = dataText(d, "basis");
    s.ombudsman = std::move(r);
  } else if (s.ombudsman && t == event_type::kOmbudsmanDetermined) {
    OmbudsmanRecord& r = *s.ombudsman;
    r.outcome = dataText(d, "outcome");
    r.determined_on = dataDate(d, "determined_on");
    r.compensation = d.value("compensation", 0.0);
    r.findings.clear();
    if (auto it = d.find("findings"); it != d.end() && it->is_array()) {
      for (const auto& f : *it) r.findings.push_back({dataText(f, "summary"), dataText(f, "outcome")});
    }
  } else if (s.ombudsman && t == event_type::kOmbudsmanOrdered) {
    OmbudsmanOrder o;
    o.number = numberOf(d, "number");
    o.order = dataText(d, "order");
    o.made_on = dataDate(d, "made_on").value_or(Date{});
    o.due = dataDate(d, "due").value_or(Date{});
    s.ombudsman->orders.push_back(std::move(o));
  } else if (s.ombudsman && t == event_type::kOmbudsmanOrderCompleted) {
    for (auto& o : s.ombudsman->orders) {
      if (o.number != numberOf(d, "number")) continue;
      o.completed_on = dataDate(d, "completed_on");
      o.evidence = dataText(d, "evidence");
    }
  }
}

std::vector<Clock> aftercareClocks(const CaseState& s, const WorkingCalendar&, Date today) {
  std::vector<Clock> out;
  for (const auto& l : s.learning_actions) {
    out.push_back(dateClock(
        fmt::format("learning.{}", l.number),
        fmt::format("Learning action {}: {}", l.number, clipText(l.lesson, 60)), l.raised_on, l.due,
        l.completed_on, today,
        fmt::format("Learning action raised on {} for {} ({}), to be completed by {}.",
                    formatDateLong(l.raised_on), l.owner, l.service_area,
                    formatDateLong(l.due))));
  }
  if (s.ombudsman) {
    for (const auto& o : s.ombudsman->orders) {
      Clock c = dateClock(fmt::format("ombudsman.order.{}", o.number),
                          fmt::format("Ombudsman order {}: {}", o.number, clipText(o.order, 60)),
                          o.made_on, o.due, o.completed_on, today,
                          fmt::format("Ordered by the Housing Ombudsman on {} ({}), to be "
                                      "complied with by {}.",
                                      formatDateLong(o.made_on), s.ombudsman->reference,
                                      formatDateLong(o.due)));
      c.statutory = true;
      c.provision = "Housing Ombudsman Scheme";
      out.push_back(std::move(c));
    }
  }
  for (auto& c : chfoClocks(s, today)) out.push_back(std::move(c));
  return out;
}

namespace aftercare {

// A date the body may give for when something happened (`key`), defaulting to the action's
// own date: never after it, never before `earliest`.
Result<Date> happenedOn(const AftercareStep& a, std::string_view key, Date earliest,
                        std::string_view earliest_what) {
  CHARTER_TRY(d, a.body.date(key, false));
  Date on = d.value_or(a.date);
  if (on > a.date) {
    return invalid(std::string(key), "future",
                   fmt::format("is after the date this is recorded ({}); record things once "
                               "they have happened",
                               formatDateLong(a.date)));
  }
  if (on < earliest) {
    return invalid(std::string(key), "before-previous-event",
                   fmt::format("is before {} ({})", earliest_what, formatDateLong(earliest)));
  }
  return on;
}

Result<int> itemNumber(const AftercareStep& a, std::string_view key) {
  const auto& v = a.body.raw(key);
  if (v.is_null()) return invalid(std::string(key), "required", "is required");
  if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 100000) {
    return invalid(std::string(key), "type", "must be the number of one of the case's items (1, 2, ...)");
  }
  return v.get<int>();
}

Result<std::vector<Event>> learningAction(const AftercareStep& a) {
  CHARTER_CHECK(requireComplaint(a, "learning_action"));
  if (a.state.learning_actions.size() >= kMaxItems) {
    return conflict("too-many", fmt::format("A case holds at most {} learning actions.", kMaxItems));
  }
  CHARTER_TRY(lesson, a.body.text("lesson", kLongText, true));
  CHARTER_TRY(owner, a.body.text("owner", kShortText, true));
  CHARTER_TRY(area, a.body.text("service_area", kShortText, false));
  if (area.empty()) area = a.state.service_area;
  if (area.empty()) {
    return invalid("service_area", "required",
                   "is required: the case has no service area to take it from");
  }
  const auto& areas = a.current.service_areas;
  if (!areas.empty() && std::find(areas.begin(), areas.end(), area) == areas.end()) {
    return invalid("service_area", "enum",
                   fmt::format("must be one of the policy's service areas: {}", fmt::join(areas, ", ")));
  }
  CHARTER_TRY(due, a.body.date("due", true));
  if (*due < a.date) {
    return invalid("due", "not-later",
                   fmt::format("must be on or after the day the action is raised ({})",
                               formatDateLong(a.date)));
  }
  CHARTER_TRY(you_said, a.body.text("you_said", kLongText, false));
  json data = {{"number", static_cast<int>(a.state.learning_actions.size()) + 1},
               {"lesson", lesson},
               {"owner", owner},
               {"service_area", area},
               {"raised_on", formatDate(a.date)},
               {"due", formatDate(*due)}};
  if (!you_said.empty()) data["you_said"] = you_said;
  return one(event_type::kLearningActionRecorded, a.at, std::move(data));
}

Result<std::vector<Event>> completeLearningAction(const AftercareStep& a) {
  CHARTER_TRY(n, itemNumber(a, "learning_action"));
  const LearningAction* l = findLearning(a.state, n);
  if (l == nullptr) {
    return conflict("unknown-learning-action",
                    fmt::format("This case has no learning action {}; it has {}.", n,
                                a.state.learning_actions.size()),
                    "learning_action");
  }
  if (l->completed_on) {
    return conflict("already-completed",
                    fmt::format("Learning action {} was already completed on {}.", n,
                                formatDateLong(*l->completed_on)),
                    "learning_action");
  }
  CHARTER_TRY(improvement, a.body.text("improvement", kLongText, true));
  CHARTER_TRY(completed_on, happenedOn(a, "completed_on", l->raised_on, "the day it was raised"));
  CHARTER_TRY(you_said, a.body.text("you_said", kLongText, false));
  CHARTER_TRY(publish, a.body.flag("publish"));
  if (publish.value_or(false) && you_said.empty() && l->you_said.empty()) {
    return invalid("you_said", "required",
                   "is required to publish: say, in words fit for the public and without "
                   "personal details, what residents told us");
  }
  json data = {{"number", n},
               {"improvement", improvement},
               {"completed_on", formatDate(completed_on)},
               {"publish", publish.value_or(false)}};
  if (!you_said.empty()) data["you_said"] = you_said;
  return one(event_type::kLearningActionCompleted, a.at, std::move(data));
}

Result<std::vector<Event>> referral(const AftercareStep& a) {
  CHARTER_CHECK(requireComplaint(a, "ombudsman_referral"));
  if (a.state.ombudsman) {
    return conflict("already-referred",
                    fmt::format("This complaint was already referred to the Ombudsman ({}) on {}.",
                                a.state.ombudsman->reference,
                                formatDateLong(a.state.ombudsman->referred_on)));
  }
  const std::string basis = referralBasis(a);
  if (basis.empty()) {
    return conflict("internal-process-not-complete",
                    "The Housing Ombudsman takes a complaint on once the landlord's process has "
                    "finished: after the final (stage 2) response, a refusal, or when a "
                    "response is overdue. This complaint is still in the landlord's process. "
                    "The resident may ask the Ombudsman for advice at any time: record that as "
                    "a note.");
  }
  CHARTER_TRY(reference, a.body.text("reference", kShortText, true));
  CHARTER_TRY(referred_on, happenedOn(a, "referred_on", a.cal.localDate(a.state.received_at),
                                      "the day the complaint was received"));
  return one(event_type::kOmbudsmanReferred, a.at,
             {{"reference", reference}, {"referred_on", formatDate(referred_on)}, {"basis", basis}});
}

Result<std::vector<Event>> determination(const AftercareStep& a) {
  CHARTER_CHECK(requireComplaint(a, "ombudsman_determination"));
  const auto& om = a.state.ombudsman;
  if (!om) {
    return conflict("no-referral",
                    "Record the Ombudsman referral before its determination.");
  }
  if (om->determined_on) {
    return conflict("already-determined",
                    fmt::format("The Ombudsman's determination ({}) was recorded for {}.",
                                ombudsmanOutcomeTitle(om->outcome),
                                formatDateLong(*om->determined_on)));
  }
  CHARTER_TRY(outcome, a.body.oneOf("outcome", kOmbudsmanOutcomes, true));
  CHARTER_TRY(items, a.body.objects("findings", false));
  if (items.size() > kMaxItems) {
    return invalid("findings", "too-long", fmt::format("at most {} findings", kMaxItems));
  }
  json findings = json::array();
  for (const auto& f : items) {
    CHARTER_CHECK(f.allowOnly(std::array<std::string_view, 2>{"summary", "outcome"}));
    CHARTER_TRY(summary, f.text("summary", kLongText, true));
    CHARTER_TRY(fo, f.oneOf("outcome", kOmbudsmanOutcomes, true));
    findings.push_back({{"summary", summary}, {"outcome", fo}});
  }
  CHARTER_TRY(compensation, a.body.number("compensation", 0, kMaxCompensation));
  CHARTER_TRY(on, happenedOn(a, "determined_on", om->referred_on, "the referral"));
  return one(event_type::kOmbudsmanDetermined, a.at,
             {{"outcome", outcome},
              {"findings", findings},
              {"compensation", compensation.value_or(0)},
              {"determined_on", formatDate(on)}});
}

Result<std::vector<Event>> order(const AftercareStep& a) {
  CHARTER_CHECK(requireComplaint(a, "ombudsman_order"));
  const auto& om = a.state.ombudsman;
  if (!om || !om->determined_on) {
    return conflict("no-determination",
                    "Orders come with the Ombudsman's determination: record the determination "
                    "first.");
  }
  bool fault = isFaultFinding(om->outcome);
  for (const auto& f : om->findings) fault = fault || isFaultFinding(f.outcome);
  if (!fault) {
    return conflict("no-fault-found",
                    fmt::format("The Ombudsman found {}: orders follow a finding of severe "
                                "maladministration, maladministration or service failure.",
                                ombudsmanOutcomeTitle(om->outcome)));
  }
  if (om->orders.size() >= kMaxItems) {
    return conflict("too-many", fmt::format("A case holds at most {} orders.", kMaxItems));
  }
  CHARTER_TRY(text, a.body.text("order", kLongText, true));
  CHARTER_TRY(due, a.body.date("due", true));
  if (*due < *om->determined_on) {
    return invalid("due", "not-later",
                   fmt::format("must be on or after the determination ({})",
                               formatDateLong(*om->determined_on)));
  }
  return one(event_type::kOmbudsmanOrdered, a.at,
             {{"number", static_cast<int>(om->orders.size()) + 1},
              {"order", text},
              {"made_on", formatDate(*om->determined_on)},  // orders are made in the determination
              {"due", formatDate(*due)}});
}

Result<std::vector<Event>> completeOrder(const AftercareStep& a) {
  CHARTER_TRY(n, itemNumber(a, "order"));
  const OmbudsmanOrder* o = findOrder(a.state, n);
  if (o == nullptr) {
    return conflict("unknown-order",
                    fmt::format("This case has no Ombudsman order {}.", n), "order");
  }
  if (o->completed_on) {
    return conflict("already-completed",
                    fmt::format("Order {} was already complied with on {}.", n,
                                formatDateLong(*o->completed_on)),
                    "order");
  }
  CHARTER_TRY(on, happenedOn(a, "completed_on", o->made_on, "the day it was made"));
  CHARTER_TRY(evidence, a.body.text("evidence", kLongText, false));
  json data = {{"number", n}, {"completed_on", formatDate(on)}};
  if (!evidence.empty()) data["evidence"] = evidence;
  return one(event_type::kOmbudsmanOrderCompleted, a.at, std::move(data));
}

}  // namespace aftercare
}  // namespace charter
