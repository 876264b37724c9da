// Repairs, call-backs and compliments, as seed 003 promises them ("make safe all emergencies
// within 24 hours", "urgent repairs within 5 working days", "routine repairs within 20 working
// days", "respond to all phone messages within one working day") and 001 §4.17 (compliments
// shared), driven through decideNew/decideAction with policies/example-003.toml.
#include "domain/repairs.h"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "domain/compliments.h"
#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::CaseHarness;
using testing::seed003;
using testing::D;
using testing::T;

json repair(std::string_view category, std::string_view at = "2025-03-24T10:00:00Z") {
  return {{"kind", "service_request"}, {"received_at", at}, {"channel", "phone"},
          {"summary", "No heating"}, {"category", category},
          {"person", {{"name", "A Resident"}}}};
}

json book(std::string_view at, std::string_view date, std::string_view slot = "am") {
  return {{"action", "book_appointment"}, {"at", at}, {"date", date}, {"slot", slot},
          {"contractor", "Gas Co"}};
}

Error failure(CaseHarness& h, const json& body) {
  auto r = h.act(body);
  EXPECT_FALSE(r) << body.dump();
  return r ? Error{} : r.error();
}

// Reported Friday 21 March 2025 at 17:30 (after hours): an hours clock counts from the moment,
// not from day zero, so it is due at 17:30 on Saturday, shown with the time.
TEST(Repairs, EmergencyIsMadeSafeWithin24HoursOfTheReport) {
  CaseHarness h(seed003());
  h.mustCreate(repair("emergency", "2025-03-21T17:30:00Z"));
  Clock c = h.clock("repairs.emergency", D("2025-03-21"));
  ASSERT_TRUE(c.due_at);
  EXPECT_EQ(formatInstant(*c.due_at), "2025-03-22T17:30:00Z");
  EXPECT_EQ(c.status, ClockStatus::kRunning);
  h.must({{"action", "complete_repair"}, {"at", "2025-03-22T12:00:00Z"},
          {"completed_at", "2025-03-22T09:15:00Z"}});
  c = h.clock("repairs.emergency", D("2025-03-24"));
  EXPECT_EQ(c.status, ClockStatus::kMet);
  EXPECT_EQ(h.state().status, CaseStatus::kResponded);
  // Only the category's own clock applies.
  for (const auto& k : h.clocks(D("2025-03-24"))) EXPECT_NE(k.name, "repairs.routine");
}

TEST(Repairs, EmergencyCompletedAnHourLateIsMissed) {
  CaseHarness h(seed003());
  h.mustCreate(repair("emergency", "2025-03-21T17:30:00Z"));
  h.must({{"action", "complete_repair"}, {"at", "2025-03-22T18:30:00Z"}});
  EXPECT_EQ(h.clock("repairs.emergency", D("2025-03-24")).status, ClockStatus::kMissed);
}

// Urgent: 5 working days from Monday 24 March 2025 is Monday 31 March; done on 1 April, late.
TEST(Repairs, UrgentWithinFiveWorkingDays) {
  CaseHarness h(seed003());
  h.mustCreate(repair("urgent"));
  EXPECT_EQ(formatDate(*h.clock("repairs.urgent", D("2025-03-24")).due), "2025-03-31");
  h.must({{"action", "complete_repair"}, {"at", "2025-04-01T10:00:00Z"}});
  EXPECT_EQ(h.clock("repairs.urgent", D("2025-04-02")).status, ClockStatus::kMissed);
}

// Routine: 20 working days from 24 March 2025 skip Good Friday (18 April) and Easter Monday
// (21 April): due Wednesday 23 April.
TEST(Repairs, RoutineWithinTwentyWorkingDaysSkippingEaster) {
  CaseHarness h(seed003());
  h.mustCreate(repair("routine"));
  EXPECT_EQ(formatDate(*h.clock("repairs.routine", D("2025-03-24")).due), "2025-04-23");
}

TEST(Repairs, CategoryIsThePolicysAndOnlyOnServiceRequests) {
  CaseHarness h(seed003());
  auto bad = h.create(repair("cosmetic"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "category");
  EXPECT_EQ(bad.error().rule, "enum");
  json enquiry = repair("urgent");
  enquiry["kind"] = "enquiry";
  auto wrong = h.create(enquiry);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().rule, "service-request-only");
  CaseHarness code;  // the Code alone names no categories
  auto none = code.create(repair("urgent"));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().rule, "enum");
}

TEST(Repairs, AppointmentsAreKeptMissedOrRearranged) {
  CaseHarness h(seed003());
  h.mustCreate(repair("routine"));
  h.must(book("2025-03-24T11:00:00Z", "2025-03-26"));
  EXPECT_EQ(failure(h, book("2025-03-24T11:05:00Z", "2025-03-27")).rule, "appointment-booked");
  EXPECT_EQ(failure(h, {{"action", "appointment_kept"}, {"at", "2025-03-25T11:00:00Z"}}).rule,
            "appointment-not-due");
  h.must({{"action", "appointment_missed"}, {"at", "2025-03-26T16:00:00Z"},
          {"reason", "Operative off sick"}});
  EXPECT_EQ(failure(h, {{"action", "rearrange_appointment"}, {"at", "2025-03-26T16:10:00Z"},
                        {"date", "2025-03-28"}, {"slot", "pm"}})
                .rule,
            "no-appointment");
  h.must(book("2025-03-26T16:10:00Z", "2025-03-28", "pm"));
  h.must({{"action", "rearrange_appointment"}, {"at", "2025-03-27T09:00:00Z"},
          {"date", "2025-03-31"}, {"slot", "all_day"}, {"reason", "Resident asked"}});
  h.must({{"action", "appointment_kept"}, {"at", "2025-03-31T15:00:00Z"}});
  RepairRecord r = repairOf(h.state());
  ASSERT_EQ(r.appointments.size(), 3u);
  EXPECT_EQ(r.appointments[0].outcome, "missed");
  EXPECT_EQ(r.appointments[0].reason, "Operative off sick");
  EXPECT_EQ(r.appointments[1].outcome, "rearranged");
  EXPECT_EQ(r.appointments[2].outcome, "kept");
  EXPECT_EQ(r.appointments[2].contractor, "Gas Co");  // carried over when not named again
  EXPECT_EQ(r.kept(), 1);
  EXPECT_EQ(r.missed(), 1);
  EXPECT_EQ(failure(h, book("2025-03-31T15:05:00Z", "2025-04-01", "noon")).field, "slot");
}

TEST(Repairs, PostInspectionOnlyOnceAndOnlyWhenCompleted) {
  CaseHarness h(seed003());
  h.mustCreate(repair("urgent"));
  json inspect = {{"action", "post_inspect"}, {"at", "2025-03-28T10:00:00Z"}, {"outcome", "pass"}};
  EXPECT_EQ(failure(h, inspect).rule, "not-completed");
  h.must({{"action", "complete_repair"}, {"at", "2025-03-26T10:00:00Z"}});
  EXPECT_EQ(failure(h, {{"action", "complete_repair"}, {"at", "2025-03-26T11:00:00Z"}}).rule,
            "already-completed");
  h.must({{"action", "close"}, {"at", "2025-03-27T10:00:00Z"}, {"reason", "Done"}});
  h.must(inspect);  // after closure too
  EXPECT_EQ(failure(h, inspect).rule, "already-inspected");
  EXPECT_EQ(repairOf(h.state()).inspection, "pass");
}

TEST(Repairs, CompletionTimeIsNotAfterTheStepNorBeforeTheReport) {
  CaseHarness h(seed003());
  h.mustCreate(repair("urgent"));
  auto late = failure(h, {{"action", "complete_repair"}, {"at", "2025-03-26T10:00:00Z"},
                          {"completed_at", "2025-03-26T11:00:00Z"}});
  EXPECT_EQ(late.rule, "future");
  auto early = failure(h, {{"action", "complete_repair"}, {"at", "2025-03-26T10:00:00Z"},
                           {"completed_at", "2025-03-20T11:00:00Z"}});
  EXPECT_EQ(early.rule, "before-previous-event");
  json enquiry = repair("urgent");
  CaseHarness c(seed003());
  c.mustCreate({{"kind", "enquiry"}, {"received_at", "2025-03-24T10:00:00Z"},
                {"channel", "email"}, {"summary", "Rent"}});
  EXPECT_EQ(failure(c, {{"action", "book_appointment"}, {"at", "2025-03-24T11:00:00Z"},
                        {"date", "2025-03-25"}, {"slot", "am"}})
                .rule,
            "not-a-service-request");
}

// "If we cannot deal with your enquiry at first contact, we will get back to you within one
// working day": the call-back clock runs only when the contact was logged as not resolved.
TEST(CallBacks, OnlyWhenNotResolvedAtFirstContactMetByTheNextContact) {
  json enquiry = {{"kind", "enquiry"}, {"received_at", "2025-03-24T10:00:00Z"},
                  {"channel", "email"}, {"summary", "When is my rent review?"},
                  {"resolved_at_first_contact", false}};
  CaseHarness h(seed003());
  h.mustCreate(enquiry);
  Clock c = h.clock("callback", D("2025-03-24"));
  EXPECT_EQ(formatDate(*c.due), "2025-03-25");
  h.must({{"action", "log_update"}, {"at", "2025-03-25T15:00:00Z"},
          {"text", "Called back with the date"}});
  EXPECT_EQ(h.clock("callback", D("2025-03-26")).status, ClockStatus::kMet);

  enquiry["resolved_at_first_contact"] = true;
  CaseHarness resolved(seed003());
  resolved.mustCreate(enquiry);
  EXPECT_EQ(resolvedAtFirstContact(resolved.state()), true);
  enquiry.erase("resolved_at_first_contact");
  CaseHarness unknown(seed003());
  unknown.mustCreate(enquiry);
  for (auto* k : {&resolved, &unknown}) {
    for (const auto& clock : k->clocks(D("2025-03-26"))) EXPECT_NE(clock.name, "callback");
  }
}

TEST(CallBacks, MissedWhenNobodyGetsBack) {
  CaseHarness h(seed003());
  h.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-24T10:00:00Z"},
                {"channel", "phone"}, {"summary", "Leak"}, {"category", "routine"},
                {"resolved_at_first_contact", false}});
  EXPECT_EQ(h.clock("callback", D("2025-03-26")).status, ClockStatus::kMissed);
}

TEST(Compliments, NameWhoTheyPraiseAndAreSharedWithThem) {
  CaseHarness h(seed003());
  h.mustCreate({{"kind", "compliment"}, {"received_at", "2025-03-24T10:00:00Z"},
                {"channel", "email"}, {"summary", "Thanks for the quick fix"},
                {"about", "Repairs team"}});
  EXPECT_EQ(aboutOf(h.state()), "Repairs team");
  h.must({{"action", "share_compliment"}, {"at", "2025-03-25T10:00:00Z"},
          {"with", "Repairs team"}});
  auto shares = sharesOf(h.state());
  ASSERT_EQ(shares.size(), 1u);
  EXPECT_EQ(shares[0].with, "Repairs team");
  EXPECT_EQ(formatDate(shares[0].shared_on), "2025-03-25");
  EXPECT_EQ(failure(h, {{"action", "share_compliment"}, {"at", "2025-03-25T11:00:00Z"}}).field,
            "with");

  CaseHarness sr(seed003());
  auto about = sr.create({{"kind", "service_request"}, {"received_at", "2025-03-24T10:00:00Z"},
                          {"channel", "phone"}, {"summary", "Leak"}, {"about", "Repairs"}});
  ASSERT_FALSE(about);
  EXPECT_EQ(about.error().rule, "compliment-only");
  sr.mustCreate(repair("routine"));
  EXPECT_EQ(failure(sr, {{"action", "share_compliment"}, {"at", "2025-03-25T10:00:00Z"},
                         {"with", "Repairs"}})
                .rule,
            "not-a-compliment");
}

}  // namespace
}  // namespace charter
