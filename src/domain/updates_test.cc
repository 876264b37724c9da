// Keeping the resident informed (Code 5.9; 001 §4.7.6): agreed update intervals as clocks.
#include "domain/updates.h"

#include <gtest/gtest.h>

#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::ack;
using testing::CaseHarness;
using testing::complaint;
using testing::D;

void expectError(const Result<std::vector<Event>>& r, ErrorKind kind, const std::string& rule,
                 const std::string& field) {
  ASSERT_FALSE(r) << "expected " << rule;
  EXPECT_EQ(r.error().kind, kind) << r.error().message;
  EXPECT_EQ(r.error().rule, rule) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
}

json agree(std::string_view at, int every) {
  return {{"action", "agree_updates"}, {"at", at}, {"every_working_days", every}};
}

json update(std::string_view at) {
  return {{"action", "log_update"}, {"at", at}, {"channel", "phone"},
          {"text", "Told the resident the contractor's report is due next week"}};
}

std::vector<std::string> names(const std::vector<Clock>& clocks) {
  std::vector<std::string> out;
  for (const auto& c : clocks)
    if (c.name.starts_with("update.")) out.push_back(c.name);
  return out;
}

// Agreed Tue 25 Mar 2025, every 5 working days: the first update is due Tue 1 Apr; given that
// day, the next is due Tue 8 Apr; given late on Thu 10 Apr, the one after counts from it and is
// due Thu 17 Apr.
TEST(Updates, EachAgreedUpdateIsAClockCountedFromTheLastOne) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  h.must(agree("2025-03-25T10:30:00Z", 5));
  auto first = h.clock("update.1", D("2025-03-31"));
  EXPECT_EQ(first.status, ClockStatus::kRunning);
  EXPECT_EQ(first.due, D("2025-04-01"));
  EXPECT_EQ(first.provision, "Code 5.9");
  h.must(update("2025-04-01T15:00:00+01:00"));
  EXPECT_EQ(h.clock("update.1", D("2025-04-02")).status, ClockStatus::kMet);
  EXPECT_EQ(h.clock("update.2", D("2025-04-02")).due, D("2025-04-08"));
  EXPECT_EQ(h.clock("update.2", D("2025-04-09")).status, ClockStatus::kMissed);
  h.must(update("2025-04-10T09:00:00+01:00"));
  EXPECT_EQ(h.clock("update.2", D("2025-04-10")).status, ClockStatus::kMissed);
  EXPECT_EQ(h.clock("update.3", D("2025-04-10")).due, D("2025-04-17"));
}

TEST(Updates, OwedWhileTheComplaintIsHandledAndItsPromisesAreOpen) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  h.must(agree("2025-03-25T10:30:00Z", 10));
  json r = testing::respond("2025-04-01T10:00:00+01:00");
  r["outstanding_actions"] = {{{"description", "Replace the boiler"}, {"due", "2025-05-30"},
                               {"owner", "Repairs"}}};
  h.must(r);
  h.must({{"action", "close"}, {"at", "2025-04-02T10:00:00+01:00"}});
  // Closed, but the boiler is still to be replaced: updates go on (001 §4.7.6).
  EXPECT_EQ(names(h.clocks(D("2025-04-03"))), std::vector<std::string>{"update.1"});
  h.must({{"action", "complete_outstanding_action"}, {"at", "2025-04-04T10:00:00+01:00"},
          {"number", 1}, {"evidence", "Boiler fitted"}});
  EXPECT_TRUE(names(h.clocks(D("2025-04-05"))).empty());
}

TEST(Updates, ANewAgreementReplacesTheUpdateAwaitedAndZeroEndsIt) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(agree("2025-03-24T11:00:00Z", 5));
  h.must(agree("2025-03-26T11:00:00Z", 2));
  auto c = h.clocks(D("2025-03-27"));
  ASSERT_EQ(names(c), std::vector<std::string>{"update.1"});
  EXPECT_EQ(h.clock("update.1", D("2025-03-27")).due, D("2025-03-28"));
  h.must(agree("2025-03-27T11:00:00Z", 0));
  EXPECT_TRUE(names(h.clocks(D("2025-04-30"))).empty());
  // An update given without an agreement is recorded, and times nothing.
  h.must(update("2025-03-28T11:00:00Z"));
  EXPECT_TRUE(names(h.clocks(D("2025-04-30"))).empty());
}

TEST(Updates, BadInputNamesTheField) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  json a = agree("2025-03-24T11:00:00Z", 5);
  a["every_working_days"] = "weekly";
  expectError(h.act(a), ErrorKind::kInvalid, "type", "every_working_days");
  a["every_working_days"] = 61;
  expectError(h.act(a), ErrorKind::kInvalid, "range", "every_working_days");
  a.erase("every_working_days");
  expectError(h.act(a), ErrorKind::kInvalid, "required", "every_working_days");
  json u = update("2025-03-24T11:00:00Z");
  u["channel"] = "pigeon";
  expectError(h.act(u), ErrorKind::kInvalid, "enum", "channel");
  u.erase("text");
  expectError(h.act(u), ErrorKind::kInvalid, "required", "text");
  CaseHarness sr;
  sr.mustCreate({{"kind", "service_request"}, {"received_at", "2025-03-24T10:00:00Z"},
                 {"channel", "phone"}, {"summary", "Tap dripping"}});
  expectError(sr.act(agree("2025-03-24T11:00:00Z", 5)), ErrorKind::kConflict, "not-a-complaint", "");
}

}  // namespace
}  // namespace charter
