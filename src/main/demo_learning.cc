#include "main/demo_learning.h"

#include <algorithm>
#include <array>
#include <random>

#include <fmt/format.h>

#include "main/demo_act.h"

namespace charter {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

struct Lesson {
  const char* theme;  // matched against the case's theme
  const char* lesson;
  const char* you_said;
  const char* we_did;
};

constexpr std::array kLessons = {
    Lesson{"Damp and mould", "Mould treated without finding the cause",
           "Mould came back because the cause was not fixed",
           "Every damp and mould report now gets a survey of the cause within 10 working days"},
    Lesson{"Heating and hot water", "Repeat boiler visits without the right parts",
           "Engineers kept coming without the parts to fix your boiler",
           "Vans now carry the common boiler parts, and a second visit needs a supervisor's check"},
    Lesson{"Missed appointment", "Appointments booked without asking the resident",
           "Repair appointments were booked at times that did not suit you",
           "You now choose a two-hour slot, and we text the day before"},
    Lesson{"Quality of work", "Completed work not inspected",
           "Work was signed off when it was not done properly",
           "One in ten completed repairs is now inspected, and every window fitting"},
    Lesson{"Anti-social behaviour", "Reports not acknowledged or updated",
           "You did not hear back after reporting anti-social behaviour",
           "Every report now gets a named officer and an update every 10 working days"},
    Lesson{"Rent account", "Payment records not reconciled with the bank",
           "Your rent statement showed payments that were never taken",
           "Statements are now checked against the bank every week"},
    Lesson{"Communication", "Call backs promised and not made",
           "We promised to call you back and did not",
           "Call backs are now logged with a deadline and shown on the officer's work list"},
    Lesson{"Estate services", "Cleaning schedule not checked",
           "Communal areas were not cleaned as promised",
           "Cleaning schedules are published in each block and checked monthly"},
};

constexpr std::array kOwners = {"Head of Repairs", "Customer Experience Manager",
                                "Neighbourhoods Manager", "Income Manager"};
constexpr std::array kOutcomes = {"maladministration", "service_failure", "reasonable_redress",
                                  "no_maladministration", "severe_maladministration",
                                  "maladministration", "service_failure", "outside_jurisdiction"};

class LearningDemo {
 public:
  LearningDemo(CaseService& service, FixedTimeSource& time, Instant end, unsigned seed)
      : service_(service), time_(time), end_(end), rng_(seed + 11) {}

  Status run() {
    CaseQuery q;
    q.kind = CaseKind::kComplaint;
    q.limit = 500;
    for (;;) {
      auto page = service_.list(q);
      if (!page) return tl::unexpected(page.error());
      for (const auto& c : page->cases) {
        if (auto s = one(c.id); !s) return s;
      }
      if (!page->next_cursor) break;
      q.after = page->next_cursor;
    }
    return chfos();
  }

 private:
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  // Runs an action at `at` unless that is after the demo's end; false when skipped.
  Result<bool> act(CaseId id, nlohmann::json body, Instant at) {
    auto v = demoAct(service_, time_, end_, "demo", id, std::move(body), at, "Complaints Team");
    if (!v) return tl::unexpected(v.error());
    return v->has_value();
  }

  static Instant at10(Date d) { return d + hours{10}; }

  // About a third of answered complaints lead to a learning action; every fourth complaint
  // with a final response goes to the Ombudsman (by count, so each of the demo's years has
  // some even at a small scale).
  Status one(CaseId id) {
    auto view = service_.get(id);
    if (!view) return tl::unexpected(view.error());
    const CaseState& s = view->state;
    if (!s.stage1.responded_at) return {};
    if (chance(0.35)) {
      if (auto l = learn(id, s); !l) return l;
    }
    if (!s.stage2.responded_at || ++final_responses_ % 4 != 1) return {};
    const auto& cal = *service_.policy().working_calendar;
    return ombudsman(id, cal.localDate(*s.stage2.responded_at));
  }

  Status learn(CaseId id, const CaseState& s) {
    const auto& cal = *service_.policy().working_calendar;
    const Lesson* lesson = &kLessons[static_cast<size_t>(uniform(0, kLessons.size() - 1))];
    for (const auto& l : kLessons)
      if (s.theme == l.theme) lesson = &l;
    const Instant last = s.events.back().at;
    Date raised = cal.addWorkingDays(cal.localDate(last), uniform(1, 5));
    Date due = raised + days{uniform(20, 70)};
    nlohmann::json body = {{"action", "learning_action"}, {"lesson", lesson->lesson},
                           {"owner", kOwners[static_cast<size_t>(uniform(0, kOwners.size() - 1))]},
                           {"due", formatDate(due)}, {"you_said", lesson->you_said}};
    if (s.service_area.empty()) body["service_area"] = "Repairs";
    auto r = act(id, body, at10(raised));
    if (!r) return tl::unexpected(r.error());
    if (!*r) return {};
    if (chance(0.8)) {
      Date done = chance(0.8) ? raised + days{uniform(5, static_cast<int>((due - raised).count()))}
                              : due + days{uniform(3, 30)};
      auto c = act(id, {{"action", "complete_learning_action"}, {"learning_action", 1},
                        {"improvement", lesson->we_did}, {"publish", chance(0.6)}},
                   at10(done));
      if (!c) return tl::unexpected(c.error());
    }
    return {};
  }

  Status ombudsman(CaseId id, Date final_response) {
    Date referred = final_response + days{uniform(10, 60)};
    auto r = act(id, {{"action", "ombudsman_referral"},
                      {"reference", fmt::format("HOS-{:06}", 202500 + id)}},
                 at10(referred));
    if (!r || !*r) return r ? Status{} : tl::unexpected(r.error());
    Date determined = referred + days{uniform(40, 120)};
    const std::string outcome = kOutcomes[static_cast<size_t>(uniform(0, kOutcomes.size() - 1))];
    const bool fault = outcome == "maladministration" || outcome == "service_failure" ||
                       outcome == "severe_maladministration";
    nlohmann::json det = {{"action", "ombudsman_determination"}, {"outcome", outcome}};
    if (fault) det["compensation"] = uniform(2, 20) * 50;
    auto d = act(id, det, at10(determined));
    if (!d || !*d || !fault) return d ? Status{} : tl::unexpected(d.error());
    int orders = uniform(1, 2);
    for (int n = 1; n <= orders; ++n) {
      Date due = determined + days{28 * n};
      auto o = act(id, {{"action", "ombudsman_order"},
                        {"order", n == 1 ? "Apologise in writing and pay the compensation"
                                         : "Review the handling of similar cases and report back"},
                        {"due", formatDate(due)}},
                   at10(determined) + minutes{n});
      if (!o) return tl::unexpected(o.error());
      if (!chance(0.85)) continue;
      Date done = chance(0.85) ? due - days{uniform(1, 20)} : due + days{uniform(2, 15)};
      auto c = act(id, {{"action", "complete_ombudsman_order"}, {"order", n}},
                   at10(std::max(done, determined + days{1})));
      if (!c) return tl::unexpected(c.error());
    }
    return {};
  }

  // Two Complaint Handling Failure Orders, on the two latest complaints the Ombudsman holds
  // (the demo's years go back three years; an order is a recent thing): the first complied with
  // in time, the second still open (overdue once its date has passed). No random draw, so the
  // rest of the demo stays as it was.
  Status chfos() {
    auto held = referredCases();
    if (!held) return tl::unexpected(held.error());
    const auto first = held->size() > 2 ? held->end() - 2 : held->begin();
    int issued = 0;
    for (auto it = first; it != held->end(); ++it) {
      const auto [id, on] = *it;
      auto r = act(id, {{"action", "ombudsman_chfo"}, {"issued_on", formatDate(on)},
                        {"provision", issued == 0 ? "Code 5.6" : "Code 6.19"},
                        {"order", issued == 0 ? "Provide the complaint file to the Ombudsman"
                                              : "Send a final response that explains the right "
                                                "to refer to the Ombudsman"},
                        {"comply_by", formatDate(on + days{14})}},
                   at10(on));
      if (!r) return tl::unexpected(r.error());
      if (issued++ == 0) {
        auto done = act(id, {{"action", "complete_ombudsman_chfo"}, {"chfo", 1},
                             {"evidence", "Complaint file sent by secure email"}},
                        at10(on + days{9}));
        if (!done) return tl::unexpected(done.error());
      }
    }
    return {};
  }

  // The complaints the Ombudsman holds, each with the day a CHFO on it would be issued (a week
  // after the referral), oldest first; only those whose order and compliance fall before the end.
  Result<std::vector<std::pair<CaseId, Date>>> referredCases() {
    std::vector<std::pair<CaseId, Date>> out;
    CaseQuery q;
    q.kind = CaseKind::kComplaint;
    q.limit = 500;
    for (;;) {
      auto page = service_.list(q);
      if (!page) return tl::unexpected(page.error());
      for (const auto& c : page->cases) {
        auto view = service_.get(c.id);
        if (!view) return tl::unexpected(view.error());
        const auto& om = view->state.ombudsman;
        if (!om) continue;
        const Date on = om->referred_on + days{7};
        if (at10(on + days{9}) <= end_) out.emplace_back(c.id, on);
      }
      if (!page->next_cursor) break;
      q.after = page->next_cursor;
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    return out;
  }

  CaseService& service_;
  FixedTimeSource& time_;
  Instant end_;
  std::mt19937 rng_;
  long final_responses_ = 0;  // complaints with a stage 2 answer seen so far
};

}  // namespace

Status generateDemoLearning(CaseService& service, FixedTimeSource& time, Instant end,
                            unsigned seed) {
  return LearningDemo(service, time, end, seed).run();
}

}  // namespace charter
