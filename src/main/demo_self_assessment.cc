#include "main/demo_self_assessment.h"

#include <map>

#include "app/self_assessment.h"

namespace charter {
namespace {

// The demo landlord's honest answers: most met, with the evidence a landlord would cite; two not
// met, each explained with the date it will comply. `years_back` 1 is last year; the years
// before it had more to put right (the training was further behind, no appraisal objective).
std::vector<SelfAssessmentAnswer> answersFor(const SelfAssessmentView& v, int years_back) {
  std::map<std::string, std::pair<std::string, std::string>> own = {
      {"4.3", {"no", "Complaint handling training reached 82% of front-line staff; the rest are "
                     "booked by 30 September."}},
      {"9.8", {"no", "The standard objective on complaint handling is added to every appraisal "
                     "from October."}},
      {"9.5", {"yes", "Cllr R. Okafor, board member, appointed Member Responsible for Complaints."}},
      {"3.4", {"yes", "Complaints policy published on the website (Complaints Policy v1)."}},
  };
  if (years_back >= 2) {
    own["4.3"].second = "Complaint handling training reached 55% of front-line staff; a course "
                        "for everyone else starts in the autumn.";
    own["3.4"] = {"no", "The complaints policy is being rewritten for the new Code and will be "
                        "published on the website in the summer."};
  }
  if (years_back >= 3) {
    own["9.5"] = {"no", "The Board will appoint a Member Responsible for Complaints at its "
                        "next meeting."};
  }
  std::vector<SelfAssessmentAnswer> out;
  for (const auto& row : v.rows) {
    if (row.decided_by == "data") continue;
    auto it = own.find(row.provision);
    if (it != own.end()) {
      out.push_back({row.provision, it->second.first, it->second.second});
    } else {
      out.push_back({row.provision, "yes",
                     row.evidence.empty() ? "Set out in the complaints policy and procedure."
                                          : "As the evidence shows."});
    }
  }
  return out;
}

// One past year's self-assessment answered, accepted by the Board and published, ten days
// before it was due (or at the demo's end if sooner).
Status publishYear(SelfAssessmentService& service, const measures::Period& year, int years_back,
                   FixedTimeSource& time, Instant end) {
  const Instant due = std::chrono::sys_days{selfAssessmentDue(year)} + std::chrono::hours(10);
  time.set(std::min(end, due - std::chrono::days{10}));
  const Date board_day = std::chrono::floor<std::chrono::days>(time.now()) - std::chrono::days{7};
  auto v = service.view(1, year.label);
  if (!v) return tl::unexpected(v.error());
  if (auto s = service.saveAnswers(1, year.label, answersFor(*v, years_back),
                                   "Demo Complaints Team");
      !s)
    return tl::unexpected(s.error());
  if (auto s = service.recordReview(1, year.label,
                                    {board_day, "The Board",
                                     "The Board accepts the self-assessment. It asks for each "
                                     "provision not met to be reported on at each meeting until "
                                     "it is, and for acknowledgement times to be reviewed.",
                                     "Demo Complaints Team"});
      !s)
    return tl::unexpected(s.error());
  if (auto s = service.publish(1, year.label, "Demo Complaints Team"); !s)
    return tl::unexpected(s.error());
  return {};
}

}  // namespace

Status generateDemoSelfAssessment(SelfAssessmentStore& store, ReportStore& reports,
                                  LearningService* learning, PolicyPtr policy,
                                  const std::string& landlord_name, FixedTimeSource& time,
                                  Instant end) {
  ReportService report_service(reports, policy);
  if (!landlord_name.empty()) report_service.setLandlordName(landlord_name);
  if (learning) report_service.setLearning(learning, 1);
  ReportServiceFor for_landlord = [&](LandlordId) -> Result<ReportService*> {
    return &report_service;
  };
  SelfAssessmentService service(store, for_landlord, time);
  const Date end_day = std::chrono::floor<std::chrono::days>(end);
  // The three whole years before this one, oldest first, each published in its turn.
  for (int back = 3; back >= 1; --back) {
    auto year = measures::financialYearOf(end_day);
    for (int i = 0; i < back; ++i) year = year.previous();
    if (auto s = publishYear(service, year, back, time, end); !s) return s;
  }
  time.set(end);
  const auto current = measures::financialYearOf(end_day);
  auto draft = service.saveAnswers(1, current.label,
                                   {{"1.2", "yes", "The policy uses the Code's definition."},
                                    {"5.2", "yes", "Two stages only."},
                                    {"9.5", "yes", "Member Responsible for Complaints in post."}},
                                   "Demo Complaints Team");
  if (!draft) return tl::unexpected(draft.error());
  return {};
}

}  // namespace charter
