#include "main/demo_asb.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include <fmt/format.h>

#include "main/demo_act.h"

#include "domain/asb.h"

namespace charter {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using json = nlohmann::json;

constexpr const char* kArea = "Anti-social behaviour, nuisance and harassment";

struct LevelStory {
  const char* summary;
  int contact_hours;    // typical hours to first contact
  int plan_days;        // typical days to the action plan
};

// What each level's reports say (example-003's levels; another policy's levels take level 3's).
LevelStory storyFor(std::string_view level, std::mt19937& rng) {
  static const LevelStory kOne[] = {
      {"Threats shouted at the reporter on the stairs", 6, 4},
      {"Racist graffiti on the reporter's front door", 4, 3},
      {"Neighbour assaulted the reporter's son in the car park", 2, 3}};
  static const LevelStory kTwo[] = {
      {"Suspected drug dealing from the flat above", 30, 8},
      {"Intimidation by a group gathering in the stairwell", 40, 9}};
  static const LevelStory kThree[] = {
      {"Loud music late at night from next door", 60, 15},
      {"Dog left barking all day in the garden", 70, 18},
      {"Cars parked across the shared driveway", 50, 12},
      {"Rubbish dumped in the communal bin store", 80, 16}};
  auto pick = [&](const auto& list) {
    return list[std::uniform_int_distribution<std::size_t>(0, std::size(list) - 1)(rng)];
  };
  if (level == "level1") return pick(kOne);
  if (level == "level2") return pick(kTwo);
  return pick(kThree);
}

class AsbDemo {
 public:
  AsbDemo(CaseService& service, FixedTimeSource& time, Instant end, unsigned seed, double scale)
      : service_(service), time_(time), end_(end), rng_(seed + 11), scale_(scale),
        levels_(asbLevels(service.policy())) {}

  Status run() {
    const int months = 12;
    const int per_month = std::max(2, static_cast<int>(std::lround(20 * scale_)));
    for (int m = months; m >= 1; --m) {
      for (int i = 0; i < per_month; ++i) {
        int ago = m * 30 - uniform(0, 29);
        if (ago < 3) continue;
        CHARTER_CHECK(report(ago));
      }
    }
    CHARTER_CHECK(overduePlan());
    return justReported();
  }

 private:
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  Instant daysAgo(int n) {
    const auto& cal = *service_.policy().working_calendar;
    Date d = std::chrono::floor<days>(end_) - days{n};
    while (!cal.isWorkingDay(d)) d -= days{1};
    return d + hours{9 + uniform(0, 7)} + minutes{uniform(0, 59)};
  }

  std::string level() {
    // Mostly nuisance, some harassment, a few hate incidents and violence.
    double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    std::size_t i = r < 0.15 ? 0 : r < 0.4 ? 1 : 2;
    return levels_[std::min(i, levels_.size() - 1)];
  }

  Result<CaseId> create(const std::string& lvl, const LevelStory& story, Instant at) {
    ++made_;
    json body = {{"kind", "asb_report"},
                 {"channel", chance(0.7) ? "phone" : "email"},
                 {"summary", story.summary},
                 {"category", lvl},
                 // About forty households: a second report about one often joins its open case.
                 {"party_ref", fmt::format("HH-{:03}", uniform(1, 40))},
                 {"received_at", formatInstant(at)},
                 {"received_by", "Neighbourhood Officer"},
                 {"person", {{"name", fmt::format("Demo reporter {}", made_)}}}};
    if (lvl == levels_.front() && levels_.size() > 1 && chance(0.6)) body["hate_incident"] = true;
    const auto& areas = service_.policy().service_areas;
    if (std::find(areas.begin(), areas.end(), kArea) != areas.end()) body["service_area"] = kArea;
    time_.set(at + minutes{2});
    auto created = service_.create(body, "complaints");
    if (!created) return tl::unexpected(created.error());
    return created->state.id;
  }

  // Returns false (not an error) when `at` is after the demo's end: the story stops there.
  Result<bool> act(CaseId id, json body, Instant at) {
    auto v = demoAct(service_, time_, end_, "demo ASB", id, std::move(body), at, "complaints");
    if (!v) return tl::unexpected(v.error());
    return v->has_value();
  }

  Status report(int ago) {
    const std::string lvl = level();
    LevelStory story = storyFor(lvl, rng_);
    Instant at = daysAgo(ago);
    CHARTER_TRY(id, create(lvl, story, at));
    // Mostly on time; one in eight late.
    const double late = chance(0.12) ? 2.5 : 1.0;
    Instant contacted = at + hours{static_cast<int>(story.contact_hours * late)};
    CHARTER_TRY(c, act(id, {{"action", "contact_reporter"}, {"notes", "Statement taken by phone"}},
                       contacted));
    if (!c) return {};
    Instant planned = at + days{static_cast<int>(story.plan_days * late)} + hours{2};
    if (planned <= contacted) planned = contacted + hours{1};
    Date review = std::chrono::floor<days>(planned) + days{14};
    CHARTER_TRY(p, act(id, {{"action", "agree_action_plan"},
                            {"plan", "Visit the household, warning letter, diary sheets for the "
                                     "reporter"},
                            {"review_on", formatDate(review)}},
                       planned));
    if (!p) return {};
    Instant reviewed = review + hours{11};
    CHARTER_TRY(r, act(id, {{"action", "review_action_plan"},
                            {"notes", "Diary sheets show fewer incidents since the warning"},
                            {"next_review_on", formatDate(review + days{14})}},
                       reviewed));
    if (!r) return {};
    Instant closed = reviewed + days{uniform(10, 40)};
    const char* satisfaction = chance(0.7) ? "satisfied" : chance(0.6) ? "dissatisfied" : "not_asked";
    const char* outcome = chance(0.75) ? "resolved" : chance(0.5) ? "no_further_action"
                                                                  : "referred_to_partner";
    CHARTER_TRY(done, act(id, {{"action", "close"}, {"outcome", outcome},
                               {"satisfaction", satisfaction}},
                          closed));
    (void)done;
    return {};
  }

  // Contacted on time but no plan agreed: the plan clock is overdue.
  Status overduePlan() {
    const std::string lvl = levels_.size() > 1 ? levels_[1] : levels_.front();
    Instant at = daysAgo(40);
    CHARTER_TRY(id, create(lvl, storyFor(lvl, rng_), at));
    CHARTER_TRY(c, act(id, {{"action", "contact_reporter"}}, at + hours{20}));
    (void)c;
    return {};
  }

  Status justReported() {
    const std::string& lvl = levels_.front();
    CHARTER_TRY(id, create(lvl, storyFor(lvl, rng_), end_ - hours{3}));
    (void)id;
    return {};
  }

  CaseService& service_;
  FixedTimeSource& time_;
  Instant end_;
  std::mt19937 rng_;
  double scale_;
  std::vector<std::string> levels_;
  int made_ = 0;
};

}  // namespace

Status generateDemoAsb(CaseService& service, FixedTimeSource& time, Instant end, unsigned seed,
                       double scale) {
  if (asbLevels(service.policy()).empty()) return {};
  return AsbDemo(service, time, end, seed, scale).run();
}

}  // namespace charter
