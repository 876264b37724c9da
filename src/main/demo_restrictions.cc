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
