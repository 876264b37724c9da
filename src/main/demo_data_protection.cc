#include "main/demo_data_protection.h"

#include <string>

#include <fmt/format.h>

#include "domain/fields.h"

namespace charter {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using json = nlohmann::json;

class DataProtectionDemo {
 public:
  DataProtectionDemo(CaseService& service, FixedTimeSource& time, Instant end)
      : service_(service), time_(time), end_(end) {}

  Status run() {
    CHARTER_CHECK(answeredInTime(70));
    CHARTER_CHECK(answeredInTime(120));
    CHARTER_CHECK(pausedForIdentity());
    CHARTER_CHECK(extended());
    CHARTER_CHECK(clarifiedAndAnswered());
    CHARTER_CHECK(overdue());
    CHARTER_CHECK(breach(200, "reported", ""));
    CHARTER_CHECK(breach(90, "not_reportable",
                         "Sent to the wrong tenant of the same household, opened by no one "
                         "else and returned: no risk to anyone's rights"));
    CHARTER_CHECK(breach(1, "", ""));
    return {};
  }

 private:
  // A weekday morning `n` days before the end.
  Instant daysAgo(int n) {
    const auto& cal = *service_.policy().working_calendar;
    Date d = std::chrono::floor<days>(end_) - days{n};
    while (!cal.isWorkingDay(d)) d -= days{1};
    return d + hours{10};
  }

  Result<CaseId> create(std::string_view kind, std::string summary, Instant at) {
    ++made_;
    json body = {{"kind", std::string(kind)},
                 {"channel", "email"},
                 {"summary", std::move(summary)},
                 {"received_at", formatInstant(at)},
                 {"received_by", "Data Protection Officer"},
                 {"person", {{"name", fmt::format("Demo requester {}", made_)},
                             {"account", fmt::format("DEMO-DP-{:03}", made_)}}}};
    time_.set(at + minutes{2});
    auto created = service_.create(body, "complaints");
    if (!created) return tl::unexpected(created.error());
    return created->state.id;
  }

  Status act(CaseId id, json body, Instant at) {
    if (at > end_) return {};
    time_.set(at + minutes{1});
    body["at"] = formatInstant(at);
    auto v = service_.act(id, body, "complaints");
    if (!v) {
      auto e = v.error();
      e.message = fmt::format("demo data protection: case {} {}: {} ({} {})", id,
                              body.value("action", "?"), e.message, e.field, e.rule);
      return tl::unexpected(e);
    }
    return {};
  }

  Status answeredInTime(int ago) {
    Instant at = daysAgo(ago);
    CHARTER_TRY(id, create("subject_access_request", "Copy of my housing file", at));
    return act(id, {{"action", "respond"}, {"response", "Export sent by secure email"}},
               at + days{20});
  }

  Status pausedForIdentity() {
    Instant at = daysAgo(12);
    CHARTER_TRY(id, create("subject_access_request", "All the emails you hold about me", at));
    return act(id, {{"action", "pause_clock"}, {"reason", "identity"},
                    {"note", "Asked for photo ID: the request came from a new email address"}},
               at + hours{3});
  }

  Status extended() {
    Instant at = daysAgo(25);
    const auto& cal = *service_.policy().working_calendar;
    Date latest = cal.addMonths(cal.localDate(at), 3);
    CHARTER_TRY(id, create("subject_access_request",
                           "Everything about my tenancy since 2009, including CCTV", at));
    return act(id, {{"action", "extend"}, {"new_due", formatDate(latest)},
                    {"reason", "Complex: 15 years of records across three systems and CCTV "
                               "footage to redact"}},
               at + days{7});
  }

  Status clarifiedAndAnswered() {
    Instant at = daysAgo(60);
    CHARTER_TRY(id, create("subject_access_request", "My records", at));
    CHARTER_CHECK(act(id, {{"action", "pause_clock"}, {"reason", "clarification"},
                           {"note", "Which records: the rent account or the repairs history?"}},
                      at + days{2}));
    CHARTER_CHECK(act(id, {{"action", "resume_clock"}}, at + days{6}));
    return act(id, {{"action", "respond"}}, at + days{30});
  }

  Status overdue() {
    Instant at = daysAgo(45);
    CHARTER_TRY(id, create("subject_access_request", "Notes of my anti-social behaviour case", at));
    return act(id, {{"action", "note"}, {"text", "Waiting for the ASB team's notes"}},
               at + days{10});
  }

  Status breach(int ago, std::string_view decision, std::string reason) {
    Instant at = daysAgo(ago);
    CHARTER_TRY(id, create("data_breach", "Rent statement posted to the wrong address", at));
    if (decision.empty()) return {};
    json body = {{"action", "respond"}, {"ico_decision", std::string(decision)}};
    if (!reason.empty()) body["reason"] = std::move(reason);
    return act(id, body, at + hours{30});
  }

  CaseService& service_;
  FixedTimeSource& time_;
  Instant end_;
  int made_ = 0;
};

}  // namespace

Status generateDemoDataProtection(CaseService& service, FixedTimeSource& time, Instant end) {
  if (service.policy().standard("sar.respond") == nullptr) return {};
  return DataProtectionDemo(service, time, end).run();
}

}  // namespace charter
