#include "main/demo_surveys.h"

#include <array>
#include <random>

namespace charter {
namespace {

constexpr LandlordId kDemoLandlord = 1;

// Chances of each answer, very satisfied first (satisfactionScale's order).
using Mix = std::array<double, 5>;

const Mix& mixFor(const SurveyOccasion& o) {
  static const Mix kRepairs = {0.46, 0.34, 0.08, 0.07, 0.05};
  static const Mix kStage1 = {0.22, 0.33, 0.15, 0.17, 0.13};
  static const Mix kStage2 = {0.14, 0.26, 0.16, 0.24, 0.20};
  static const Mix kOther = {0.30, 0.32, 0.14, 0.14, 0.10};
  if (o.kind == "service_request") return kRepairs;
  if (o.kind == "complaint") return o.stage == 2 ? kStage2 : kStage1;
  return kOther;
}

const std::array<const char*, 6> kComments = {
    "", "", "Kept me informed all the way through.", "It took too long to sort out.",
    "The operative was polite and tidied up.", "Nobody called me back when they said they would."};

struct SurveyDemo {
  std::mt19937 rng;
  bool chance(double p) { return std::bernoulli_distribution(p)(rng); }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  Satisfaction pick(const Mix& mix) {
    std::discrete_distribution<int> d(mix.begin(), mix.end());
    return satisfactionScale()[static_cast<std::size_t>(d(rng))];
  }
};

// The case's surveys: each offered; some answered.
Status surveyCase(SurveyDemo& d, SurveyStore& store, const CaseState& state,
                  const Policy& policy, Instant end) {
  const auto occasions = surveyOccasions(policy.surveys, state);
  if (occasions.empty()) return {};
  std::vector<SurveyOffer> offers;
  for (const auto& o : occasions) offers.push_back(surveyOffer(kDemoLandlord, state.id, o));
  if (auto ok = store.offer(kDemoLandlord, offers); !ok) return ok;
  for (const auto& o : occasions) {
    if (!d.chance(0.35)) continue;
    const Instant at = o.at + std::chrono::hours(d.between(2, 24 * 9));
    if (at > end) continue;
    SurveyAnswer answer{d.pick(mixFor(o)), kComments[static_cast<std::size_t>(d.between(0, 5))]};
    if (isSatisfied(answer.satisfaction) && answer.comment == kComments[3]) answer.comment.clear();
    auto ok = store.answer(kDemoLandlord, state.id, o.trigger, answer, at,
                           policy.working_calendar->localDate(at), "link");
    if (!ok) return ok;
  }
  return {};
}

}  // namespace

Status generateDemoSurveys(CaseService& service, SurveyStore& store, Instant end, unsigned seed) {
  SurveyDemo d{std::mt19937(seed + 29)};
  CaseQuery q;
  q.limit = 500;
  for (;;) {
    auto page = service.list(q);
    if (!page) return tl::unexpected(page.error());
    for (const auto& c : page->cases) {
      auto view = service.get(c.id);
      if (!view) return tl::unexpected(view.error());
      if (auto ok = surveyCase(d, store, view->state, service.policy(), end); !ok) return ok;
    }
    if (!page->next_cursor) return {};
    q.after = page->next_cursor;
  }
}

}  // namespace charter
