// gen_history: a legacy case history for `charter import ... cases` (docs/imports.md), for
// tests and benchmarks. N cases received over the ten years before --end, in date order:
// service requests, enquiries, compliments, comments, MP enquiries and complaints that are
// acknowledged, sometimes extended, refused or withdrawn, responded to with remedies and
// escalated to stage 2; tenures mixed; steps after --end left undone (open cases). Working
// days come from the built-in Code policy's calendar, so every line replays cleanly.
//
//   gen_history N [--end 2026-11-30T17:00:00Z] [--seed 7] [--prefix LEG] > history.jsonl
//
// Deterministic for a given N, end and seed. About 400 bytes a case.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "policy/policy.h"
#include "util/time.h"

namespace {

using namespace charter;
using nlohmann::json;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* kNames[] = {"Alex Smith", "Sam Jones", "Priya Patel", "Tom Brown",
                                  "Aisha Khan", "Megan Evans", "Jo Taylor", "Lee Wilson",
                                  "Grace Okafor"};
// Handlers are account usernames (no spaces), as Charter records them, so a benchmark can sign
// in as one and see their My work.
constexpr const char* kOfficers[] = {"jo.bloggs", "ravi.shah", "kim.lee", "dan.moss"};
// What the case is about: the words a search for "okafor heating" finds.
constexpr const char* kSubjects[] = {"heating not working", "damp and mould in the bedroom",
                                     "leak from the roof", "noise from neighbours",
                                     "rent account error"};
constexpr const char* kChannels[] = {"phone", "phone", "email", "web_form", "letter",
                                     "in_person", "online_account"};
constexpr const char* kAreas[] = {"Repairs", "Anti-social behaviour", "Rents and service charges",
                                  "Customer service", "Tenancy management"};
constexpr const char* kThemes[] = {"Delay", "Quality of work", "Communication", "Damp and mould",
                                   "Estate services"};

class Gen {
 public:
  Gen(const Policy& p, Instant end, unsigned seed, std::string prefix)
      : cal_(*p.working_calendar), end_(end), rng_(seed), prefix_(std::move(prefix)) {}

  json line(long n, Instant at) {
    const int r = uniform(0, 99);
    const char* kind = r < 12   ? "complaint"
                       : r < 70 ? "service_request"
                       : r < 88 ? "enquiry"
                       : r < 94 ? "compliment"
                       : r < 97 ? "comment"
                                : "mp_enquiry";
    json body = {{"kind", kind},
                 {"received_at", formatInstant(at)},
                 {"channel", std::string(kind) == "mp_enquiry" ? "representative" : pick(kChannels)},
                 {"summary", fmt::format("Legacy case {}: {}", n, pick(kSubjects))},
                 {"service_area", pick(kAreas)},
                 {"theme", pick(kThemes)},
                 {"received_by", "Customer Services"},
                 {"tenure", chance(0.08) ? "shared_ownership" : "social_rent"},
                 {"person", {{"name", pick(kNames)},
                             {"address", fmt::format("{} High Street", uniform(1, 300))},
                             // From n, not the generator, so the rest of the history is as
                             // before: every case is findable by its own phone number.
                             {"phone", fmt::format("07700 {:06}", n % 1000000)}}}};
    steps_ = json::array();
    if (std::string(kind) == "complaint") {
      complaint(at);
    } else {
      other(at);
    }
    return {{"ref", fmt::format("{}-{:08}", prefix_, n)}, {"case", body}, {"steps", steps_}};
  }

 private:
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <class A>
  const char* pick(const A& a) {
    return a[uniform(0, static_cast<int>(std::size(a)) - 1)];
  }

  Instant after(Instant from, int wd) {
    Date d = cal_.addWorkingDays(cal_.localDate(from), wd);
    Instant t = d + hours{10} + minutes{uniform(0, 300)};
    return t > from ? t : from + minutes{uniform(20, 240)};
  }

  // Adds a step unless it falls after the end (then the case stays where it is): false.
  bool step(json body, Instant at, const char* actor) {
    if (at > end_) return false;
    body["at"] = formatInstant(at);
    body["actor"] = actor;
    steps_.push_back(std::move(body));
    return true;
  }

  void other(Instant at) {
    Instant answered = after(at, uniform(0, 12));
    if (!step({{"action", "respond"}, {"response", "Dealt with"}}, answered, pick(kOfficers))) {
      return;
    }
    step({{"action", "close"}, {"reason", "Resolved"}}, answered + minutes{5}, "Customer Services");
  }

  json respondBody(bool stage2, Instant when) {
    const int n = uniform(1, 3);
    json els = json::array();
    int upheld = 0;
    for (int i = 0; i < n; ++i) {
      const int r = uniform(0, 99);
      std::string f = stage2 ? (r < 25 ? "overturned" : "upheld")
                             : (r < 40 ? "upheld" : r < 60 ? "partly_upheld" : "not_upheld");
      if (f != "not_upheld") ++upheld;
      els.push_back({{"summary", fmt::format("Part {}", i + 1)}, {"finding", f},
                     {"reasons", "Records reviewed"}});
    }
    const std::string decision =
        upheld == 0 ? "not_upheld" : upheld == n ? "upheld" : "partly_upheld";
    json body = {{"action", "respond"}, {"decision", decision}, {"elements", els}};
    if (decision != "not_upheld") {
      body["remedies"] = {{{"type", "apology"}, {"description", "We apologise"}}};
      if (chance(0.4)) {
        body["remedies"].push_back({{"type", "financial"}, {"description", "Compensation"},
                                    {"amount", uniform(2, 30) * 25}});
      }
    }
    (void)when;
    return body;
  }

  void complaint(Instant received) {
    if (chance(0.05)) {
      step({{"action", "refuse"}, {"reason", "previously-considered"},
            {"evidence", "Answered at stage 2 before"}},
           after(received, uniform(1, 4)), pick(kOfficers));
      return;
    }
    const char* handler = pick(kOfficers);
    Instant acked = after(received, chance(0.9) ? uniform(1, 5) : uniform(6, 8));
    if (!step({{"action", "acknowledge"}, {"handler", handler},
               {"definition", "The resident wants the problem put right"}},
              acked, handler)) {
      return;
    }
    if (chance(0.03)) {
      step({{"action", "withdraw"}, {"reason", "Sorted"}}, after(acked, 2), handler);
      return;
    }
    int respond_wd = chance(0.88) ? uniform(3, 10) : uniform(11, 14);
    if (chance(0.1)) {
      // Within the Code's cap: at most 10 working days beyond the original due date, which
      // runs from receipt under the 2022 Code and from acknowledgement under the 2024 one.
      const bool code2024 = cal_.localDate(received) >= Date{std::chrono::year{2024} / 4 / 1};
      Date due = cal_.addWorkingDays(cal_.localDate(code2024 ? acked : received), 10);
      Date new_due = cal_.addWorkingDays(due, uniform(3, 9));
      if (!step({{"action", "extend"}, {"new_due", formatDate(new_due)},
                 {"reason", "Awaiting a report"}},
                after(acked, uniform(5, 9)), handler)) {
        return;
      }
      respond_wd = 10 + uniform(1, 3);
    }
    Instant responded = after(acked, respond_wd);
    if (!step(respondBody(false, responded), responded, handler)) return;
    if (!chance(0.17)) {
      step({{"action", "close"}, {"reason", "Response sent"}}, after(responded, 10), handler);
      return;
    }
    Instant requested = after(responded, uniform(1, 8));
    if (!step({{"action", "request_escalation"}}, requested, "Resident")) return;
    const char* reviewer = "pat.reviewer";
    Instant acked2 = after(requested, chance(0.9) ? uniform(1, 5) : 6);
    if (!step({{"action", "acknowledge"}, {"handler", reviewer},
               {"definition", "Unhappy with the stage 1 outcome"}},
              acked2, reviewer)) {
      return;
    }
    Instant answered = after(acked2, chance(0.85) ? uniform(8, 20) : uniform(21, 25));
    step(respondBody(true, answered), answered, reviewer);
  }

  const WorkingCalendar& cal_;
  Instant end_;
  std::mt19937_64 rng_;
  std::string prefix_;
  json steps_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: gen_history N [--end INSTANT] [--seed S] [--prefix P]\n");
    return 2;
  }
  const long n = std::atol(argv[1]);
  std::string end_text = "2026-11-30T17:00:00Z", prefix = "LEG";
  unsigned seed = 7;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--end") end_text = argv[i + 1];
    if (a == "--seed") seed = static_cast<unsigned>(std::atol(argv[i + 1]));
    if (a == "--prefix") prefix = argv[i + 1];
  }
  auto end = parseInstant(end_text, "end");
  auto policy = builtinPolicy("hos-code-2024");
  if (!end || !policy) {
    std::fprintf(stderr, "bad --end or no built-in policy\n");
    return 2;
  }
  Gen gen(**policy, *end, seed, prefix);
  // Receipts spread evenly over ten years, in order, mostly in office hours.
  const Instant start = *end - days{3652};
  const double step_min = std::chrono::duration<double>(*end - start).count() / 60.0 / n;
  std::mt19937 jitter(seed);
  std::string out;
  for (long i = 0; i < n; ++i) {
    Instant at = start + minutes{static_cast<long>(i * step_min)};
    const auto day = std::chrono::floor<days>(at);
    if (std::uniform_int_distribution<int>(0, 3)(jitter) != 0) {
      at = std::max(at, Instant(day + hours{9} + minutes{static_cast<long>(i % 480)}));
    }
    out += gen.line(i + 1, at).dump();
    out += '\n';
    if (out.size() > (1 << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
