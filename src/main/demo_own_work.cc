#include "main/demo_own_work.h"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "app/deadline.h"
#include "main/demo_act.h"

namespace charter {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using json = nlohmann::json;

struct Resident {
  const char* name;
  const char* address;
  const char* phone;
  const char* summary;
};

// Who complains, one per complaint made here (the names differ from the rest of the demo's).
constexpr std::array kResidents = {
    Resident{"Joan Okafor", "14 Ellor Street, Salford", "0161 555 0141",
             "The heating has failed again and nobody has called back"},
    Resident{"Dev Mistry", "3 Chapel Street, Salford", "0161 555 0142",
             "Mould in the bathroom after the extractor fan was removed"},
    Resident{"Lena Novak", "88 Weaste Lane, Salford", "0161 555 0143",
             "The repair appointment was missed twice"},
    Resident{"Peter Quinn", "21 Oak Road, Salford", "0161 555 0144",
             "Communal lights on the stairs have been out for a month"},
    Resident{"Amara Bello", "5 Cromwell Road, Salford", "0161 555 0145",
             "Rent statement shows a charge I was told was cancelled"},
    Resident{"Colin Hart", "60 Trafford Road, Salford", "0161 555 0146",
             "Promised call back about the leaking roof never came"},
    Resident{"Rosa Ferreira", "9 Liverpool Street, Salford", "0161 555 0147",
             "Fence panel blown down and left for weeks"},
    Resident{"Tariq Hussain", "42 Fitzwarren Street, Salford", "0161 555 0148",
             "Noise from the flat above reported three times"},
    Resident{"Megan Lloyd", "17 Langworthy Road, Salford", "0161 555 0149",
             "Kitchen cupboards fitted badly and doors falling off"},
    Resident{"Hamza Ali", "31 Eccles New Road, Salford", "0161 555 0150",
             "The stage 1 answer did not deal with the damp in the hall"},
    Resident{"Ruth Kaplan", "7 Ellor Street, Salford", "0161 555 0151",
             "Compensation offered at stage 1 was never paid"},
    Resident{"Owen Pritchard", "112 Chapel Street, Salford", "0161 555 0152",
             "Window still not replaced after stage 1 said it would be"},
    Resident{"Sofia Marin", "44 Oak Road, Salford", "0161 555 0153",
             "The contractor left the garden full of rubble"},
};

constexpr const char* kResponsibility =
    "We are responsible for repairs to your home and for how we dealt with you. We are not "
    "responsible for damage to your own belongings: your home contents insurance covers that.";

class OwnWork {
 public:
  OwnWork(CaseService& service, FixedTimeSource& time, Instant end)
      : service_(service), time_(time), end_(end), policy_(service.policy()),
        cal_(*policy_.working_calendar), today_(cal_.localDate(end)) {}

  Status run() {
    if (auto s = triageTheRest(); !s) return s;
    // The front line, the investigator and the complaints team: acknowledgements to make.
    for (const char* who : {"frontline", "investigator", "complaints"}) {
      for (Date due : dueDates()) {
        if (auto s = newComplaint(who, due); !s) return s;
      }
    }
    // The reviewer: stage 2 requests of their own, and one for any reviewer to take.
    for (Date due : dueDates()) {
      if (auto s = stage2Request("reviewer", due); !s) return s;
    }
    return stage2Request("", cal_.addWorkingDays(today_, 4));
  }

 private:
  // Every contact of the other parts of the demo still waiting for an owner, unless it came in
  // within the last four days: complaints to the investigator, the rest to the front line, as
  // demo.cc's triage does, so the triage queue holds this week's contacts, not last year's.
  Status triageTheRest() {
    CaseQuery q;
    q.unassigned = true;
    q.limit = 500;
    q.today = today_;
    std::vector<CaseSummary> waiting;
    for (int pages = 0; pages < 40; ++pages) {
      auto page = service_.list(q);
      if (!page) return tl::unexpected(page.error());
      for (auto& c : page->cases) waiting.push_back(std::move(c));
      if (!page->next_cursor) break;
      q.after = page->next_cursor;
    }
    for (const auto& c : waiting) {
      if (c.received_at + days{4} > end_) continue;
      const Instant at = std::min(c.received_at + minutes{30}, end_);
      if (auto s = assign(c.id, c.kind == "complaint" ? "investigator" : "frontline", at); !s)
        return s;
    }
    return {};
  }

  // Two working days ago (overdue), today when it is a working day, and in three working days.
  std::vector<Date> dueDates() const {
    Date overdue = today_ - days{1};
    for (int n = 0; n < 2; overdue -= days{1}) {
      if (cal_.isWorkingDay(overdue) && ++n == 2) break;
    }
    std::vector<Date> out = {overdue};
    if (cal_.isWorkingDay(today_)) out.push_back(today_);
    out.push_back(cal_.addWorkingDays(today_, 3));
    return out;
  }

  // The latest 10:00 on a working day before `due` from which `clock` falls due on `due`, the
  // question asked of the deadline calculator built by `ask` (nullopt when there is none).
  std::optional<Instant> startFor(const char* clock, Date due,
                                  const std::function<DeadlineQuestion(Instant)>& ask) const {
    for (Date d = due - days{1}; d > due - days{40}; d -= days{1}) {
      if (!cal_.isWorkingDay(d)) continue;
      const Instant t = d + hours{10};
      auto worked = workOutDeadlines(policy_, ask(t));
      if (!worked) continue;
      for (const auto& c : worked->clocks) {
        if (c.name == clock && c.due == due && t < end_) return t;
      }
    }
    return std::nullopt;
  }

  std::string fromList(const std::vector<std::string>& list, const char* preferred) const {
    if (list.empty() || std::find(list.begin(), list.end(), preferred) != list.end())
      return preferred;
    return list.front();
  }

  Result<CaseId> create(Instant at) {
    const Resident& r = kResidents[made_++ % kResidents.size()];
    json body = {{"kind", "complaint"},
                 {"channel", "phone"},
                 {"summary", r.summary},
                 {"service_area", fromList(policy_.service_areas, "Repairs")},
                 {"theme", fromList(policy_.themes, "Communication")},
                 {"received_by", "Customer Services"},
                 {"tenure", "social_rent"},
                 {"person", {{"name", r.name}, {"address", r.address}, {"phone", r.phone}}}};
    return demoCreate(service_, time_, "demo own work", std::move(body), at, "Customer Services");
  }

  Status act(CaseId id, json body, Instant at, const std::string& actor) {
    auto v = demoAct(service_, time_, end_, "demo own work", id, std::move(body), at, actor);
    return v ? Status{} : tl::unexpected(v.error());
  }

  // Gives the case to `owner` (a reassignment needs its reason).
  Status assign(CaseId id, const std::string& owner, Instant at, const char* reason = nullptr) {
    json body = {{"action", "assign"}, {"owner", owner}};
    if (reason) body["reason"] = reason;
    return act(id, body, at, "complaints");
  }

  // A complaint owned by `who`, not yet acknowledged, its acknowledgement due on `due`.
  Status newComplaint(const std::string& who, Date due) {
    auto at = startFor("stage1.acknowledge", due, [](Instant t) {
      DeadlineQuestion q;
      q.received = t;
      return q;
    });
    if (!at) return {};
    auto id = create(*at);
    if (!id) return tl::unexpected(id.error());
    return assign(*id, who, *at + minutes{30});
  }

  // A complaint answered at stage 1 whose stage 2 request is waiting for its acknowledgement,
  // due on `due`, owned by `who` (nobody when empty).
  Status stage2Request(const std::string& who, Date due) {
    const auto history = [](Instant escalated) {
      DeadlineQuestion q;
      q.received = escalated - days{21};
      q.acknowledged = escalated - days{20};
      q.responded = escalated - days{9};
      q.escalated = escalated;
      return q;
    };
    auto at = startFor("stage2.acknowledge", due, history);
    if (!at) return {};
    const DeadlineQuestion q = history(*at);
    auto id = create(q.received);
    if (!id) return tl::unexpected(id.error());
    json ack = {{"action", "acknowledge"}, {"handler", "investigator"},
                {"definition", "You told us the problem has not been put right. You want it "
                               "fixed, and you want an apology."},
                {"responsibility", kResponsibility}};
    json answer = {{"action", "respond"}, {"decision", "not_upheld"},
                   {"elements", {{{"summary", "The repair was not done on time"},
                                  {"finding", "not_upheld"},
                                  {"reasons", "We looked at our records and the contractor's "
                                              "report. We did what we said we would, on time."}}}}};
    if (auto s = assign(*id, "investigator", q.received + minutes{30}); !s) return s;
    if (auto s = act(*id, ack, *q.acknowledged, "investigator"); !s) return s;
    if (auto s = act(*id, answer, *q.responded, "investigator"); !s) return s;
    if (auto s = act(*id, {{"action", "request_escalation"}}, *at, "Resident"); !s) return s;
    if (who.empty()) return {};
    return assign(*id, who, *at + minutes{30},
                  "Stage 2: reviewed by someone not involved at stage 1");
  }

  CaseService& service_;
  FixedTimeSource& time_;
  const Instant end_;
  const Policy& policy_;
  const WorkingCalendar& cal_;
  const Date today_;
  std::size_t made_ = 0;
};

}  // namespace

Status generateDemoOwnWork(CaseService& service, FixedTimeSource& time, Instant end) {
  return OwnWork(service, time, end).run();
}

}  // namespace charter
