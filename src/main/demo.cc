#include "main/demo.h"
#include "main/demo_asb.h"
#include "main/demo_attachments.h"
#include "main/demo_data_protection.h"
#include "main/demo_learning.h"
#include "main/demo_own_work.h"
#include "main/demo_restrictions.h"
#include "main/demo_self_assessment.h"
#include "main/demo_services.h"
#include "main/demo_contact.h"
#include "main/demo_reports.h"

#include <algorithm>
#include <array>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "main/demo_act.h"

#include "app/case_service.h"
#include "main/backend.h"
#include "main/demo_surveys.h"
#include "main/demo_years.h"

namespace charter {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr std::array kFirstNames = {"Aisha", "Ben",   "Chloe", "Darren", "Eileen", "Farid",
                                    "Grace", "Harry", "Imran", "Jade",   "Kevin",  "Lorraine",
                                    "Mohammed", "Nicola", "Owen", "Priya", "Rachel", "Stephen",
                                    "Tracey", "Wojciech", "Yasmin", "Zoe"};
constexpr std::array kLastNames = {"Ahmed",  "Brown",  "Clarke", "Davies",  "Evans",
                                   "Fletcher", "Green", "Hughes", "Iqbal",  "Jones",
                                   "Kowalski", "Lee",  "Murphy", "Nowak",   "O'Brien",
                                   "Patel",  "Roberts", "Smith", "Taylor",  "Walsh"};
// What the acknowledgement says the landlord is and is not responsible for (Code 5.7).
constexpr const char* kResponsibility =
    "We are responsible for repairs to your home and for how we dealt with you. We are not "
    "responsible for damage to your own belongings: your home contents insurance covers that.";
constexpr std::array kStreets = {"Oak Road",      "Chapel Street", "Langworthy Road",
                                 "Weaste Lane",   "Fitzwarren Street", "Ellor Street",
                                 "Cromwell Road", "Trafford Road", "Eccles New Road",
                                 "Liverpool Street"};
constexpr std::array kOfficers = {"Sam Okafor (Investigating Officer)",
                                  "Helen Marsh (Investigating Officer)",
                                  "Tom Reid (Repairs Manager)", "Priti Shah (Housing Manager)"};
// How recent a complaint is when the demo gives it to the demo's own accounts.
constexpr auto kOwnWork = std::chrono::days{75};
constexpr std::array kReviewers = {"Claire Dunn (Director of Property Services)",
                                   "Mark Ellis (Director of Housing)"};

struct Topic {
  const char* service_area;
  const char* theme;
  const char* complaint;
  const char* request;
};

constexpr std::array kTopics = {
    Topic{"Repairs", "Damp and mould", "Black mould in the bedroom has come back after treatment",
          "Damp patch on the bedroom ceiling"},
    Topic{"Repairs", "Heating and hot water", "Boiler still broken after three visits",
          "No hot water since Tuesday"},
    Topic{"Repairs", "Missed appointment", "Nobody came to the repair appointment again",
          "Kitchen tap leaking"},
    Topic{"Repairs", "Quality of work", "The new windows were fitted badly and let in draughts",
          "Front door will not lock"},
    Topic{"Anti-social behaviour", "Anti-social behaviour", "Noise from the flat above has not been dealt with",
          "Fly-tipping by the bins"},
    Topic{"Rent and income", "Rent account", "Rent account shows payments that were never taken",
          "Question about my rent statement"},
    Topic{"Customer service", "Communication", "Promised call backs never happened",
          "Change of contact details"},
    Topic{"Tenancy management", "Estate services", "Communal areas not cleaned for weeks",
          "Grass cutting on the estate"},
};

// Channel mix for complaints and other contacts (the landlord's own figures would go here).
constexpr std::array kChannels = {"phone", "phone", "phone", "email", "email", "web_form",
                                  "online_account", "letter", "in_person", "representative",
                                  "social_media"};

class Generator {
 public:
  Generator(const DemoOptions& options, CaseService& service, FixedTimeSource& time,
            const Policy& policy)
      : options_(options), service_(service), time_(time), policy_(policy), rng_(options.seed) {}

  // Three whole financial years and the current one to date (main/demo_years.h), each
  // contact walked through its whole life in the order they came in.
  Result<long> run() {
    const Instant end = *options_.end;
    const double per_home = options_.homes / 10000.0 * options_.scale;
    // Yearly volumes for 10,000 homes: in line with published sector figures (stage 1
    // complaints ~ 45 per 1,000 homes; stage 2 about a sixth of those). Complaints follow the
    // year's trend; the rest as the year carries them.
    struct Volume {
      const char* kind;
      int count;
    };
    constexpr std::array kOthers = {Volume{"service_request", 2600}, Volume{"enquiry", 1400},
                                    Volume{"compliment", 220}, Volume{"comment", 110},
                                    Volume{"mp_enquiry", 60}};
    struct Planned {
      Instant at;
      const char* kind;
      std::size_t year;
      bool operator<(const Planned& o) const { return at < o.at; }
    };
    std::vector<Planned> plan;
    years_ = demoYears(end);
    for (std::size_t y = 0; y < years_.size(); ++y) {
      const DemoYear& year = years_[y];
      const auto count = [&](double yearly) {
        return std::max(year.current ? 0 : 1, static_cast<int>(yearly * per_home * year.share));
      };
      const int complaints = count(year.complaints_per_1000 * 10);
      for (int i = 0; i < complaints; ++i)
        plan.push_back({randomReceipt(year.from, year.to), "complaint", y});
      for (const auto& v : kOthers) {
        const int n = count(v.count * year.other_contacts);
        for (int i = 0; i < n; ++i) plan.push_back({randomReceipt(year.from, year.to), v.kind, y});
      }
    }
    std::stable_sort(plan.begin(), plan.end());
    for (const auto& p : plan) {
      year_ = &years_[p.year];
      if (auto s = contact(p.kind, p.at, end); !s) return tl::unexpected(s.error());
    }
    return made_;
  }

 private:
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <class A>
  const auto& pick(const A& a) {
    return a[static_cast<size_t>(uniform(0, static_cast<int>(a.size()) - 1))];
  }

  // Most contacts come in office hours on weekdays; some in the evening and at weekends.
  Instant randomReceipt(Instant start, Instant end) {
    auto span = std::chrono::duration_cast<minutes>(end - start).count();
    Instant t = start + minutes{uniform(0, static_cast<int>(span))};
    if (chance(0.75)) {
      auto day = std::chrono::floor<days>(t);
      t = day + hours{9} + minutes{uniform(0, 8 * 60 - 1)};  // 09:00-17:00 UTC, near enough
    }
    return t;
  }

  // A time `wd` working days after `from`, during the working day.
  Instant after(Instant from, int wd) {
    const auto& cal = *policy_.working_calendar;
    Date d = cal.addWorkingDays(cal.localDate(from), wd);
    Instant t = d + hours{10} + minutes{uniform(0, 5 * 60)};
    // Never before the step it follows (same-day answers come a little later that day).
    return t > from ? t : from + minutes{uniform(20, 240)};
  }

  nlohmann::json person() {
    std::string name = fmt::format("{} {}", pick(kFirstNames), pick(kLastNames));
    nlohmann::json p = {{"name", name},
                        {"address", fmt::format("{} {}, Salford", uniform(1, 180), pick(kStreets))},
                        {"phone", fmt::format("0161 {:03} {:04}", uniform(100, 999),
                                              uniform(0, 9999))}};
    if (chance(0.5)) {
      std::string email = fmt::format("{}{}@example.org", name.substr(0, 1), uniform(10, 999));
      p["email"] = email;
    }
    if (chance(0.12)) {
      p["vulnerabilities"] = {chance(0.5) ? "Hearing impairment" : "Mobility: uses a wheelchair"};
      p["reasonable_adjustments"] = {chance(0.5) ? "Contact by email only"
                                                 : "Appointments after 10:00"};
    }
    return p;
  }

  // How some people want to hear from us (domain/contact_preferences.h): large print, braille,
  // audio, Welsh, an interpreter; the large-print ones agreed a review 90 days on, so the older
  // ones show "Review due since ...". By count, not a random draw, so the rest of the demo's
  // data stays as it was.
  void addContactPreference(nlohmann::json& person, Instant at) {
    const Date on = policy_.working_calendar->localDate(at);
    switch (made_ % 16) {
      case 1:
        person["contact"] = {{"channel", "letter"}, {"format", "large_print"},
                             {"review_date", formatDate(on + days{90})}};
        break;
      case 4: person["contact"] = {{"channel", "letter"}, {"format", "braille"}}; break;
      case 7: person["contact"] = {{"channel", "letter"}, {"format", "audio"}}; break;
      case 10: person["contact"] = {{"channel", "letter"}, {"language", "cy"}}; break;
      case 13:
        person["contact"] = {{"channel", "phone"}, {"language", "Polish"},
                             {"needs_interpreter", true}};
        break;
      default: break;
    }
  }

  // Runs one action at `at` (the demo's clock stands at that moment), unless it is after the
  // end of the year, in which case the case is left where it is.
  Result<std::optional<CaseView>> act(CaseId id, nlohmann::json body, Instant at, Instant end,
                                      const std::string& actor) {
    return demoAct(service_, time_, end, "demo", id, std::move(body), at, actor);
  }

  // A name from the policy's list: `preferred` when the policy has it (or has no list).
  std::string fromList(const std::vector<std::string>& list, const char* preferred) {
    if (list.empty() || std::find(list.begin(), list.end(), preferred) != list.end()) {
      return preferred;
    }
    return pick(list);
  }

  Status contact(const std::string& kind, Instant at, Instant end) {
    const Topic& topic = pick(kTopics);
    std::string channel = kind == "mp_enquiry" ? "representative" : pick(kChannels);
    nlohmann::json body = {{"kind", kind},
                           {"received_at", formatInstant(at)},
                           {"channel", channel},
                           {"summary", kind == "complaint" ? topic.complaint : topic.request},
                           {"service_area", fromList(policy_.service_areas, topic.service_area)},
                           {"theme", fromList(policy_.themes, topic.theme)},
                           {"received_by", "Customer Services"},
                           {"person", person()}};
    // About one contact in twelve is from a shared owner (the TSMs split LCRA / LCHO); by
    // count, not a random draw, so the rest of the demo's data stays as it was.
    body["tenure"] = made_ % 12 == 5 ? "shared_ownership" : "social_rent";
    addContactPreference(body["person"], at);
    if (kind == "compliment") body["summary"] = "Thanks to the repairs team for a quick fix";
    if (kind == "comment") body["summary"] = "Suggestion: text reminders before appointments";
    time_.set(at + minutes{2});
    auto created = service_.create(body, "Customer Services");
    if (!created) {
      auto e = created.error();
      e.message = fmt::format("demo: new {}: {} ({} {})", kind, e.message, e.field, e.rule);
      return tl::unexpected(e);
    }
    ++made_;
    CaseId id = created->state.id;
    if (auto s = triage(id, kind, at, end); !s) return s;
    if (kind == "complaint") return complaint(id, at, end);
    return otherContact(kind, id, at, end);
  }

  // Triage: complaints to the investigator, other contacts to the front line (the demo's
  // accounts, auth_cli.cc), within the hour; the last few days' contacts are left in the "New,
  // not yet assigned" queue. No random draw, so the rest of the demo's data stays as it was.
  Status triage(CaseId id, const std::string& kind, Instant at, Instant end) {
    if (at + days{4} > end) return {};
    const char* owner = kind == "complaint" ? "investigator" : "frontline";
    time_.set(at + minutes{31});
    auto v = service_.act(id, {{"action", "assign"}, {"owner", owner},
                               {"at", formatInstant(at + minutes{30})}},
                          "complaints");
    return v ? Status{} : tl::unexpected(v.error());
  }

  Status otherContact(const std::string& kind, CaseId id, Instant at, Instant end) {
    // About 8% of a whole year's service requests become complaints; a lighter year converts
    // more of the ones it has, so complaints per 1,000 homes keep to the year's trend.
    if (kind == "service_request" && chance(std::min(0.3, 0.08 / year_->other_contacts))) {
      // The resident is unhappy with the response: a complaint, the request stays open.
      Instant when = after(at, uniform(2, 15));
      auto v = act(id, {{"action", "convert_to_complaint"},
                        {"summary", "Unhappy with how the repair request is being handled"}},
                   when, end, "Customer Services");
      if (!v) return tl::unexpected(v.error());
      if (*v) {
        ++made_;
        if (auto s = triage((*v)->state.id, "complaint", when, end); !s) return s;
        if (auto s = complaint((*v)->state.id, when, end); !s) return s;
      }
    }
    Instant answered = after(at, kind == "service_request" ? uniform(0, 20) : uniform(0, 3));
    auto r = act(id, {{"action", "respond"}, {"response", "Dealt with and the resident told"}},
                 answered, end, pick(kOfficers));
    if (!r) return tl::unexpected(r.error());
    if (!*r) return {};
    auto c = act(id, {{"action", "close"}, {"reason", "Resolved"}}, answered + minutes{5}, end,
                 "Customer Services");
    if (!c) return tl::unexpected(c.error());
    return {};
  }

  nlohmann::json elements(bool stage2, std::string& decision) {
    int n = uniform(1, 3);
    nlohmann::json list = nlohmann::json::array();
    int upheld = 0;
    for (int i = 0; i < n; ++i) {
      std::string finding;
      if (stage2) {
        finding = chance(0.25) ? "overturned" : "upheld";
      } else {
        int r = uniform(0, 99);
        finding = r < 40 ? "upheld" : r < 60 ? "partly_upheld" : "not_upheld";
      }
      if (finding != "not_upheld") ++upheld;
      // Chosen by the part's number, not drawn, so the demo's other draws stay as they were.
      static constexpr const char* kParts[] = {"The repair was not done on time",
                                               "We did not keep you updated",
                                               "The contractor left a mess"};
      list.push_back(
          {{"summary", kParts[i % 3]},
           {"finding", finding},
           {"reasons", stage2 ? (finding == "overturned"
                                     ? "We reviewed how we dealt with this at stage 1. The stage 1 "
                                       "finding was wrong, and we have changed it."
                                     : "We reviewed how we dealt with this at stage 1. We agree "
                                       "with the stage 1 finding.")
                   : finding == "not_upheld"
                           ? "We looked at our records and the contractor's report. We did what "
                             "we said we would, on time."
                           : "We looked at our records and the contractor's report. We did not "
                             "do what we said we would, and we did not tell you why."}});
    }
    decision = upheld == 0 ? "not_upheld" : upheld == n ? "upheld" : "partly_upheld";
    return list;
  }

  nlohmann::json respondBody(bool stage2, Instant when) {
    std::string decision;
    nlohmann::json els = elements(stage2, decision);
    nlohmann::json body = {{"action", "respond"}, {"decision", decision}, {"elements", els}};
    if (decision != "not_upheld") {
      Date due = policy_.working_calendar->addWorkingDays(
          policy_.working_calendar->localDate(when), 10);
      body["remedies"] = {{{"type", "apology"}, {"description", "We apologise for the delays"}}};
      if (chance(0.5)) {
        body["remedies"].push_back({{"type", "financial"},
                                    {"description", "Compensation for the inconvenience"},
                                    {"amount", uniform(2, 30) * 25},
                                    {"due", formatDate(due)}});
      }
      body["outstanding_actions"] = {{{"description", "Complete the remaining repair"},
                                      {"due", formatDate(due)},
                                      {"owner", "Repairs"}}};
    }
    return body;
  }

  // Walks a complaint through the Code's stages, mostly on time, sometimes not.
  Status complaint(CaseId id, Instant received, Instant end) {
    // About one in twenty refused; every twentieth at least, so even a small demo has one.
    if (chance(0.05) || ++complaints_ % 20 == 10) {
      auto r = act(id, {{"action", "refuse"}, {"reason", "previously-considered"},
                        {"evidence", "Same issue answered at stage 2 last year (see linked case)"}},
                   after(received, uniform(1, 4)), end, pick(kOfficers));
      return r ? Status{} : tl::unexpected(r.error());
    }
    // The last couple of months' complaints are the demo accounts' own (auth_cli.cc), so signing
    // in shows real work at once; older ones keep the officers' names, for variety in history.
    std::string handler = pick(kOfficers);
    if (received + kOwnWork > end) handler = "investigator";
    Instant acked =
        after(received, chance(year_->acknowledged_on_time) ? uniform(1, 5) : uniform(6, 8));
    auto a = act(id, {{"action", "acknowledge"}, {"handler", handler},
                      {"definition", "You told us the problem has not been put right. You want it "
                                     "fixed, and you want an apology."},
                      {"responsibility", kResponsibility}},
                 acked, end, handler);
    if (!a) return tl::unexpected(a.error());
    if (!*a) return {};
    if (chance(0.03)) {
      auto w = act(id, {{"action", "withdraw"}, {"reason", "Resident says it is now sorted"}},
                   after(acked, 2), end, handler);
      return w ? Status{} : tl::unexpected(w.error());
    }
    int respond_wd = chance(year_->stage1_on_time) ? uniform(3, 10) : uniform(11, 14);
    if (chance(0.1)) {
      // An extension, decided before the deadline, within the Code's cap (counted from the
      // case's own due date: the Code in force when it came in says how that was worked out).
      Date due = policy_.working_calendar->addWorkingDays(
          policy_.working_calendar->localDate(acked), 10);
      for (const auto& clock : (*a)->clocks)
        if (clock.name == "stage1.respond" && clock.due) due = *clock.due;
      Date new_due = policy_.working_calendar->addWorkingDays(due, uniform(3, 10));
      auto x = act(id, {{"action", "extend"}, {"new_due", formatDate(new_due)},
                        {"reason", "Awaiting the contractor's report"}},
                   std::max(acked + minutes{30},
                            std::min(after(acked, uniform(5, 9)), Instant{due} + hours{9})),
                   end, handler);
      if (!x) return tl::unexpected(x.error());
      if (!*x) return {};
      respond_wd = 10 + uniform(1, 3);
    }
    Instant responded = after(acked, respond_wd);
    const nlohmann::json answer = respondBody(false, responded);
    auto r = act(id, answer, responded, end, handler);
    if (!r) return tl::unexpected(r.error());
    if (!*r) return {};
    if (auto f = followThrough(id, answer, responded, end, handler); !f) return f;
    if (!chance(year_->escalated)) {
      auto c = act(id, {{"action", "close"}, {"reason", "Response sent"}},
                   after(responded, 10), end, handler);
      return c ? Status{} : tl::unexpected(c.error());
    }
    return stage2(id, responded, end);
  }

  // Completes what a stage 1 response promised (numbered from 1): mostly on time, some late,
  // a few still open, so the demo shows met, missed and overdue follow-through.
  Status followThrough(CaseId id, const nlohmann::json& answer, Instant responded, Instant end,
                       const std::string& who) {
    const auto complete = [&](const char* action, int n, const nlohmann::json& item) -> Status {
      if (!item.contains("due") || chance(0.1)) return {};
      const int wd = chance(0.8) ? uniform(1, 8) : uniform(12, 18);
      nlohmann::json body = {{"action", action}, {"number", n},
                             {"evidence", item.value("type", "") == "financial"
                                              ? "Paid by bank transfer"
                                              : "Job completed and signed off by the resident"}};
      auto done = act(id, body, after(responded, wd), end, who);
      return done ? Status{} : tl::unexpected(done.error());
    };
    int n = 0;
    for (const auto& a : answer.value("outstanding_actions", nlohmann::json::array())) {
      if (auto s = complete("complete_outstanding_action", ++n, a); !s) return s;
    }
    n = 0;
    for (const auto& r : answer.value("remedies", nlohmann::json::array())) {
      if (auto s = complete("complete_remedy", ++n, r); !s) return s;
    }
    return {};
  }

  Status stage2(CaseId id, Instant responded, Instant end) {
    Instant requested = after(responded, uniform(1, 8));
    auto e = act(id, {{"action", "request_escalation"}}, requested, end, "Resident");
    if (!e) return tl::unexpected(e.error());
    if (!*e) return {};
    auto moved = act(id, {{"action", "assign"}, {"owner", "reviewer"},
                          {"reason", "Stage 2: reviewed by someone not involved at stage 1"}},
                     requested, end, "complaints");
    if (!moved) return tl::unexpected(moved.error());
    std::string reviewer = pick(kReviewers);
    if (requested + kOwnWork > end) reviewer = "reviewer";
    Instant acked = after(requested, chance(year_->acknowledged_on_time) ? uniform(1, 5) : 6);
    auto a = act(id, {{"action", "acknowledge"}, {"handler", reviewer},
                      {"definition", "You told us you are still unhappy after our stage 1 response."},
                      {"responsibility", kResponsibility}},
                 acked, end, reviewer);
    if (!a) return tl::unexpected(a.error());
    if (!*a) return {};
    Instant answered =
        after(acked, chance(year_->stage2_on_time) ? uniform(8, 20) : uniform(21, 25));
    auto r = act(id, respondBody(true, answered), answered, end, reviewer);
    return r ? Status{} : tl::unexpected(r.error());
  }

  const DemoOptions& options_;
  CaseService& service_;
  FixedTimeSource& time_;
  const Policy& policy_;
  std::mt19937 rng_;
  long made_ = 0;
  long complaints_ = 0;
  std::vector<DemoYear> years_;
  const DemoYear* year_ = nullptr;  // the year the contact being walked came in
};

}  // namespace

Result<long> generateDemo(const DemoOptions& options, PolicyPtr policy) {
  if (!options.end) return internalError("demo: no end time given");
  // Generated data, loaded in bulk: commits are not fsynced one by one. The server reopens
  // the file durably.
  auto backend = openBackend(options.db.string(), {.durable = false});
  if (!backend) return tl::unexpected(backend.error());
  FixedTimeSource time(*options.end);
  CaseService service(*backend->cases, policy, time);
  Generator generator(options, service, time, *policy);
  auto made = generator.run();
  if (!made) return made;
  // Repairs with appointments, call-backs and compliments (their own random stream).
  if (auto s = generateDemoServices(service, time, *options.end, options.seed,
                                    options.homes / 10000.0 * options.scale);
      !s)
    return tl::unexpected(s.error());
  // Subject access requests (one paused, one extended, one overdue) and data breaches.
  if (auto s = generateDemoDataProtection(service, time, *options.end); !s)
    return tl::unexpected(s.error());
  // A year of anti-social behaviour reports at every level, so NM01 comes from the cases.
  if (auto s = generateDemoAsb(service, time, *options.end, options.seed,
                               options.homes / 10000.0 * options.scale);
      !s)
    return tl::unexpected(s.error());
  // Learning actions and the Ombudsman on some of those complaints.
  if (auto l = generateDemoLearning(service, time, *options.end, options.seed); !l)
    return tl::unexpected(l.error());
  // Letters on file and an added issue (Code 5.12, 6.8).
  if (auto a = generateDemoAttachments(service, *backend->attachments, time, *options.end); !a)
    return tl::unexpected(a.error());
  // A restricted resident (warned first) with a review due, a warning, a choice to complain.
  if (auto r = generateDemoRestrictions(*backend->people, service, time, *options.end); !r)
    return tl::unexpected(r.error());
  // Satisfaction surveys after each service, a third of them answered.
  if (backend->surveys)
    if (auto s = generateDemoSurveys(service, *backend->surveys, *options.end, options.seed); !s)
      return tl::unexpected(s.error());
  // Stock, safety checks, survey and series for the measures.
  auto reports = backend->reports(1);
  if (!reports) return tl::unexpected(reports.error());
  if (auto r = generateDemoReportData(**reports, options.homes, *options.end, options.seed); !r)
    return tl::unexpected(r.error());
  // A year of calls and reception visits for the contact measures.
  if (auto r = generateDemoContact(**reports, options.homes, options.scale, *options.end,
                                   options.seed);
      !r)
    return tl::unexpected(r.error());
  // Last year's self-assessment published, this year's a draft.
  LearningService learning(*backend->learning, policy, time);
  auto landlord = backend->accounts->landlordBySlug("demo");
  const std::string name = landlord && *landlord ? (*landlord)->name : std::string();
  if (auto s = generateDemoSelfAssessment(*backend->self_assessments, **reports, &learning, policy,
                                          name, time, *options.end);
      !s)
    return tl::unexpected(s.error());
  // Each demo staff account's own work: overdue, due today, due this week, stage 2 requests.
  if (auto s = generateDemoOwnWork(service, time, *options.end); !s)
    return tl::unexpected(s.error());
  return made;
}

}  // namespace charter
