#include "main/demo_restrictions.h"

#include <utility>

#include "domain/restrictions.h"

namespace charter {
namespace {

using std::chrono::days;
using std::chrono::hours;

constexpr LandlordId kDemoLandlord = 1;
constexpr const char* kDecider = "Claire Dunn (Director of Property Services)";

class RestrictionDemo {
 public:
  RestrictionDemo(PersonStore& people, CaseService& service, FixedTimeSource& time, Instant end)
      : people_(people), service_(service), time_(time), end_(end) {}

  Status run() {
    if (auto s = pastRestriction(); !s) return s;
    const std::string dennis = "DEMO-P-0420", rita = "DEMO-P-0533";
    auto sr = contact(dennis, "Dennis Marsh", "service_request", "Kitchen tap leaking again", 45);
    if (!sr) return tl::unexpected(sr.error());
    if (auto s = person(dennis, {{"action", "warn"},
                                 {"behaviour", "Swore at and threatened to follow the plumber home "
                                               "during the visit on the leaking tap"}}, 40);
        !s)
      return s;
    if (auto s = person(dennis, {{"action", "impose"}, {"kind", "single_point_of_contact"},
                                 {"behaviour", "Abusive phone calls to the contact centre on four "
                                               "days after the warning"},
                                 {"review_on", formatDate(day(5))}}, 30);
        !s)
      return s;
    // The warning letter and the restriction letter, each posted the day after.
    for (auto [letter, days_before] : {std::pair{1, 39}, std::pair{2, 29}}) {
      if (auto s = person(dennis, {{"action", "letter_sent"}, {"letter", letter}, {"channel", "post"}},
                          days_before);
          !s)
        return s;
    }
    if (auto c = contact(dennis, "Dennis Marsh", "complaint",
                         "Repairs not done because officers will not visit", 10);
        !c)
      return tl::unexpected(c.error());
    if (auto s = person(rita, {{"action", "warn"},
                               {"behaviour", "Shouted at reception staff and would not leave"}}, 12);
        !s)
      return s;
    if (auto c = contact(rita, "Rita Hollis", "service_request", "Noise from the flat above", 14); !c)
      return tl::unexpected(c.error());
    time_.set(end_ - days{13});
    auto offered = service_.act(*sr, {{"action", "offer_complaint"}, {"choice", "not_now"},
                                      {"note", "Unhappy the tap has been repaired twice"}},
                                "Front Line");
    return offered ? Status{} : tl::unexpected(offered.error());
  }

 private:
  // Two years back: a resident warned, then restricted to one point of contact, reviewed on
  // time and kept, and lifted after six quiet months; the letters posted the day after each.
  Status pastRestriction() {
    const std::string gary = "DEMO-P-0187";
    if (auto c = contact(gary, "Gary Pickering", "service_request", "Broken fence panel", 800); !c)
      return tl::unexpected(c.error());
    if (auto s = person(gary, {{"action", "warn"},
                               {"behaviour", "Threatening voicemails to the repairs team about "
                                             "the fence"}}, 790);
        !s)
      return s;
    if (auto s = person(gary, {{"action", "impose"}, {"kind", "single_point_of_contact"},
                               {"behaviour", "Further threatening calls after the warning"},
                               {"review_on", formatDate(day(-770 + 91))}}, 770);
        !s)
      return s;
    for (auto [letter, days_before] : {std::pair{1, 789}, std::pair{2, 769}}) {
      if (auto s = person(gary, {{"action", "letter_sent"}, {"letter", letter}, {"channel", "post"}},
                          days_before);
          !s)
        return s;
    }
    if (auto s = restriction(gary, 1, {{"action", "review"},
                                       {"reasons", "Two abusive calls since; the restriction "
                                                   "stays for three more months"},
                                       {"review_on", formatDate(day(-683 + 91))}}, 683);
        !s)
      return s;
    return restriction(gary, 1, {{"action", "lift"},
                                 {"reason", "No incidents for six months; contact as normal"}},
                       595);
  }

  // The local date `n` days after the end (negative: before).
  Date day(int n) const { return localDay(end_) + days{n}; }
  static Date localDay(Instant t) { return parseDate(formatInstant(t).substr(0, 10)).value(); }

  Result<CaseId> contact(const std::string& ref, const std::string& name, const char* kind,
                         const char* summary, int days_before) {
    Instant at = end_ - days{days_before} + hours{1};
    time_.set(at);
    auto v = service_.create({{"kind", kind}, {"received_at", formatInstant(at)}, {"channel", "phone"},
                              {"summary", summary},
                              {"person", {{"name", name}, {"account", ref},
                                          {"address", "14 Cromwell Road, Salford"}}}},
                             "Front Line");
    if (!v) return tl::unexpected(v.error());
    return v->state.id;
  }

  Status person(const std::string& ref, const nlohmann::json& body, int days_before) {
    Instant at = end_ - days{days_before};
    auto events = people_.personEvents(kDemoLandlord, ref);
    if (!events) return tl::unexpected(events.error());
    auto state = PersonRestrictions::fold(ref, *events);
    PersonActionContext ctx{at, localDay(at), kDecider};
    auto added = decidePersonAction(state, body, ctx);
    if (!added) return tl::unexpected(added.error());
    return people_.appendPersonEvents(kDemoLandlord, ref, *added);
  }

  // review | lift on the person's restriction `number`, `days_before` the end.
  Status restriction(const std::string& ref, int number, const nlohmann::json& body,
                     int days_before) {
    Instant at = end_ - days{days_before};
    auto events = people_.personEvents(kDemoLandlord, ref);
    if (!events) return tl::unexpected(events.error());
    auto state = PersonRestrictions::fold(ref, *events);
    auto added = decideRestrictionAction(state, number, body, {at, localDay(at), kDecider});
    if (!added) return tl::unexpected(added.error());
    return people_.appendPersonEvents(kDemoLandlord, ref, *added);
  }

  PersonStore& people_;
  CaseService& service_;
  FixedTimeSource& time_;
  Instant end_;
};

}  // namespace

Status generateDemoRestrictions(PersonStore& people, CaseService& service, FixedTimeSource& time,
                                Instant end) {
  return RestrictionDemo(people, service, time, end).run();
}

}  // namespace charter
