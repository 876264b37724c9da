#include "main/demo_services.h"

#include <algorithm>
#include <array>
#include <random>
#include <string>

#include <fmt/format.h>

#include "main/demo_act.h"

#include "domain/repairs.h"

namespace charter {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using json = nlohmann::json;

constexpr std::array kContractors = {"Northwest Gas Services", "Salford Property Repairs",
                                     "Brightwater Plumbing", ""};
constexpr std::array kRepairs = {"No heating or hot water", "Kitchen tap leaking",
                                 "Front door will not lock", "Damp patch on the bedroom ceiling",
                                 "Broken window catch", "Electric socket sparking"};
constexpr std::array kEnquiries = {"Question about my rent statement", "When is the estate "
                                   "inspection?", "How do I apply for a transfer?",
                                   "Change of contact details"};
// Whom compliments praise: demo accounts (auth_cli.cc) and teams.
constexpr std::array kPraised = {"frontline", "Repairs team", "Customer Services",
                                 "investigator", "Estate services"};

class ServiceDemo {
 public:
  ServiceDemo(CaseService& service, FixedTimeSource& time, Instant end, std::uint32_t seed)
      : service_(service), time_(time), end_(end), rng_(seed ^ 0x5e41ce5u),
        cats_(policyCategories(service.policy())) {
    // The policy's repairs service area ("Repairs", "Repairs and maintenance"), if it names one.
    for (const auto& a : service.policy().service_areas) {
      if (a.rfind("Repairs", 0) == 0) {
        repairs_area_ = a;
        break;
      }
    }
  }

  Status run(double scale) {
    const Instant start = end_ - days{365};
    const int repairs = std::max(12, static_cast<int>(420 * scale));
    const int enquiries = std::max(8, static_cast<int>(240 * scale));
    const int compliments = std::max(6, static_cast<int>(90 * scale));
    for (int i = 0; i < repairs; ++i) {
      if (auto s = repair(receipt(start)); !s) return s;
    }
    for (int i = 0; i < enquiries; ++i) {
      if (auto s = enquiry(receipt(start)); !s) return s;
    }
    for (int i = 0; i < compliments; ++i) {
      if (auto s = compliment(receipt(start)); !s) return s;
    }
    return {};
  }

 private:
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <class A>
  const auto& pick(const A& a) {
    return a[static_cast<std::size_t>(uniform(0, static_cast<int>(a.size()) - 1))];
  }

  // A weekday morning or afternoon in the year before the end.
  Instant receipt(Instant start) {
    const auto& cal = *service_.policy().working_calendar;
    Date d = std::chrono::floor<days>(start) + days{uniform(1, 364)};
    while (!cal.isWorkingDay(d)) d += days{1};
    return d + hours{9} + minutes{uniform(0, 7 * 60)};
  }

  Instant workingDaysAfter(Instant from, int wd, int hour = 10) {
    const auto& cal = *service_.policy().working_calendar;
    Date d = cal.addWorkingDays(cal.localDate(from), wd);
    Instant t = d + hours{hour} + minutes{uniform(0, 4 * 60)};
    return t > from ? t : from + minutes{uniform(30, 120)};
  }

  Result<CaseId> create(json body, Instant at) {
    body["received_by"] = "Customer Services";
    body["person"] = {{"name", fmt::format("Demo resident {}", ++made_)}};
    return demoCreate(service_, time_, "demo services", std::move(body), at, "Customer Services");
  }

  // The action at `at`, unless that is after the demo's end (false: not done).
  Result<bool> act(CaseId id, json body, Instant at, const std::string& actor = "frontline") {
    auto v = demoAct(service_, time_, end_, "demo services", id, std::move(body), at, actor);
    if (!v) return tl::unexpected(v.error());
    return v->has_value();
  }

  std::string category() {
    if (cats_.empty()) return "";
    const int r = uniform(0, 99);
    // Emergencies first in both example policies: about one repair in six.
    if (cats_.size() >= 3) return cats_[r < 15 ? 0 : r < 45 ? 1 : 2];
    if (cats_.size() == 2) return cats_[r < 18 ? 0 : 1];
    return pick(cats_);
  }

  // How long the repair takes, in working days, by its priority: mostly within its standard.
  int repairDays(const std::string& cat) {
    const bool late = chance(0.12);
    if (cat == "emergency") return 0;
    if (cat == "urgent") return late ? uniform(6, 9) : uniform(1, 5);
    return late ? uniform(21, 30) : uniform(3, 20);
  }

  Status repair(Instant at) {
    const std::string cat = category();
    json body = {{"kind", "service_request"}, {"channel", chance(0.7) ? "phone" : "online_account"},
                 {"summary", pick(kRepairs)}};
    if (!repairs_area_.empty()) body["service_area"] = repairs_area_;
    if (!cat.empty()) body["category"] = cat;
    body["resolved_at_first_contact"] = false;
    auto maybe = create(body, at);
    if (!maybe) return tl::unexpected(maybe.error());
    const CaseId id = *maybe;
    // The call-back: the repair is booked and the resident told, usually the next working day.
    Instant told = workingDaysAfter(at, chance(0.85) ? 1 : 2, 9);
    const std::string contractor = pick(kContractors);
    const int wd = repairDays(cat);
    Instant done;
    if (cat == "emergency") {
      done = at + hours{chance(0.9) ? uniform(2, 20) : uniform(25, 40)};
      if (auto r = act(id, {{"action", "complete_repair"}}, done); !r) return tl::unexpected(r.error());
    } else {
      const auto& cal = *service_.policy().working_calendar;
      Date visit = cal.addWorkingDays(cal.localDate(at), std::max(1, wd));
      Instant booked = at + minutes{uniform(10, 90)};
      json book = {{"action", "book_appointment"}, {"date", formatDate(visit)},
                   {"slot", pick(std::array{"am", "pm", "all_day"})}, {"contractor", contractor}};
      if (auto b = act(id, book, booked); !b || !*b) return b ? Status{} : tl::unexpected(b.error());
      auto r = act(id, {{"action", "log_update"}, {"text", "Repair booked and resident told"}}, told);
      if (!r) return tl::unexpected(r.error());
      Instant on_visit = visit + hours{16};
      if (chance(0.08)) {  // the resident asks for another day before the visit
        visit = cal.addWorkingDays(visit, uniform(1, 3));
        json move = book;
        move["action"] = "rearrange_appointment";
        move["date"] = formatDate(visit);
        move["reason"] = "Resident asked for another day";
        if (auto m = act(id, move, told + minutes{20}); !m || !*m)
          return m ? Status{} : tl::unexpected(m.error());
        book["date"] = move["date"];
        on_visit = visit + hours{16};
      }
      if (chance(0.14)) {  // missed: rebooked a few working days later
        auto m = act(id, {{"action", "appointment_missed"},
                          {"reason", chance(0.5) ? "No access" : "Operative did not attend"}},
                     on_visit);
        if (!m || !*m) return m ? Status{} : tl::unexpected(m.error());
        visit = cal.addWorkingDays(visit, uniform(2, 5));
        book["date"] = formatDate(visit);
        if (auto b = act(id, book, on_visit + minutes{30}); !b || !*b)
          return b ? Status{} : tl::unexpected(b.error());
        on_visit = visit + hours{16};
      }
      auto k = act(id, {{"action", "appointment_kept"}}, on_visit);
      if (!k || !*k) return k ? Status{} : tl::unexpected(k.error());
      done = on_visit + minutes{5};
      if (auto c = act(id, {{"action", "complete_repair"}, {"completed_at", formatInstant(visit + hours{13})}},
                       done);
          !c) {
        return tl::unexpected(c.error());
      }
    }
    if (done > end_) return {};
    // Post-inspection of a sample (003: at least 10%): every eighth completed repair.
    if (++completed_ % 8 == 0) {
      auto p = act(id, {{"action", "post_inspect"}, {"outcome", chance(0.9) ? "pass" : "fail"},
                        {"notes", "Inspected by the repairs surveyor"}},
                   workingDaysAfter(done, uniform(1, 5)), "Repairs surveyor");
      if (!p) return tl::unexpected(p.error());
    }
    auto c = act(id, {{"action", "close"}, {"reason", "Repair completed"}},
                 workingDaysAfter(done, uniform(0, 6)));
    return c ? Status{} : tl::unexpected(c.error());
  }

  Status enquiry(Instant at) {
    const bool first_time = chance(0.72);
    json body = {{"kind", "enquiry"}, {"channel", chance(0.6) ? "phone" : "email"},
                 {"summary", pick(kEnquiries)}, {"resolved_at_first_contact", first_time}};
    auto id = create(body, at);
    if (!id) return tl::unexpected(id.error());
    Instant answered = first_time ? at + minutes{uniform(5, 30)}
                                  : workingDaysAfter(at, chance(0.88) ? 1 : uniform(2, 3));
    if (!first_time) {
      auto u = act(*id, {{"action", "log_update"}, {"text", "Called back with the answer"}},
                   answered);
      if (!u || !*u) return u ? Status{} : tl::unexpected(u.error());
    }
    auto r = act(*id, {{"action", "respond"}, {"response", "Answered"}}, answered + minutes{1});
    if (!r || !*r) return r ? Status{} : tl::unexpected(r.error());
    auto c = act(*id, {{"action", "close"}, {"reason", "Answered"}}, answered + minutes{5});
    return c ? Status{} : tl::unexpected(c.error());
  }

  Status compliment(Instant at) {
    const std::string about = pick(kPraised);
    json body = {{"kind", "compliment"}, {"channel", chance(0.5) ? "email" : "phone"},
                 {"summary", fmt::format("Thank you to {} for their help", about)},
                 {"about", about}};
    auto id = create(body, at);
    if (!id) return tl::unexpected(id.error());
    if (chance(0.82)) {
      auto s = act(*id, {{"action", "share_compliment"}, {"with", about}},
                   workingDaysAfter(at, uniform(0, 4)), "complaints");
      if (!s) return tl::unexpected(s.error());
    }
    return {};
  }

  CaseService& service_;
  FixedTimeSource& time_;
  Instant end_;
  std::mt19937 rng_;
  std::vector<std::string> cats_;
  std::string repairs_area_;
  long made_ = 0;
  long completed_ = 0;  // completed repairs, for the post-inspection sample
};

}  // namespace

Status generateDemoServices(CaseService& service, FixedTimeSource& time, Instant end,
                            std::uint32_t seed, double scale) {
  ServiceDemo demo(service, time, end, seed);
  return demo.run(scale);
}

}  // namespace charter
