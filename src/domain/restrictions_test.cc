// Contact restrictions (001 §4.16; seed 002): a warning first, then a restriction reviewed on a
// set date, extended or lifted.
#include "domain/restrictions.h"

#include <gtest/gtest.h>

#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::D;
using testing::T;

class Person {
 public:
  Result<std::vector<Event>> act(const json& body, std::string_view today,
                                 std::optional<int> number = std::nullopt) {
    PersonActionContext ctx{T(std::string(today) + "T12:00:00Z"), D(today), "j.officer"};
    auto events = number ? decideRestrictionAction(state, *number, body, ctx)
                         : decidePersonAction(state, body, ctx);
    if (events)
      for (const auto& e : *events) state.apply(e);
    return events;
  }
  void must(const json& body, std::string_view today, std::optional<int> number = std::nullopt) {
    auto r = act(body, today, number);
    ASSERT_TRUE(r) << body.dump() << " -> " << r.error().rule << " " << r.error().field << ": "
                   << r.error().message;
  }
  PersonRestrictions state = PersonRestrictions::fold("T-1001", {});
};

json warning() { return {{"action", "warn"}, {"behaviour", "Shouted at the repairs officer"}}; }
json restriction(std::string_view review_on) {
  return {{"action", "impose"}, {"kind", "single_point_of_contact"},
          {"behaviour", "Repeated abusive calls to the contact centre"}, {"review_on", review_on}};
}

void expectError(const Result<std::vector<Event>>& r, ErrorKind kind, const std::string& rule,
                 const std::string& field) {
  ASSERT_FALSE(r) << "expected " << rule;
  EXPECT_EQ(r.error().kind, kind) << r.error().message;
  EXPECT_EQ(r.error().rule, rule) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
}

// 001 §4.16.7-8 and 002: the resident is warned before any restriction is put in place.
TEST(Restrictions, NoRestrictionWithoutAWarningFirst) {
  Person p;
  expectError(p.act(restriction("2025-09-01"), "2025-06-02"), ErrorKind::kConflict, "policy-4.16",
              "immediate");
  p.must(warning(), "2025-06-02");
  p.must(restriction("2025-09-01"), "2025-06-16");
  ASSERT_EQ(p.state.restrictions.size(), 1u);
  const Restriction& r = p.state.restrictions[0];
  EXPECT_EQ(r.decided_by, "j.officer");
  EXPECT_EQ(r.starts_on, D("2025-06-16"));
  EXPECT_EQ(r.status(), "active");
}

// A warning dated after the restriction's start does not count for it.
TEST(Restrictions, TheWarningMustComeBeforeTheStart) {
  Person p;
  p.must(warning(), "2025-06-10");
  json early = restriction("2025-09-01");
  early["starts_on"] = "2025-06-09";
  expectError(p.act(early, "2025-06-10"), ErrorKind::kConflict, "policy-4.16", "immediate");
}

// Violence or threats: an immediate restriction, with the reason recorded, needs no warning.
TEST(Restrictions, ImmediateForViolenceNeedsAReason) {
  Person p;
  json b = restriction("2025-07-01");
  b["kind"] = "essential_services_only";
  b["immediate"] = true;
  expectError(p.act(b, "2025-06-02"), ErrorKind::kInvalid, "required", "immediate_reason");
  b["immediate_reason"] = "Threatened a gas engineer with a knife";
  p.must(b, "2025-06-02");
  EXPECT_TRUE(p.state.restrictions[0].immediate);
}

TEST(Restrictions, FieldsAreChecked) {
  Person p;
  p.must(warning(), "2025-06-02");
  json b = restriction("2025-06-02");
  expectError(p.act(b, "2025-06-02"), ErrorKind::kInvalid, "not-later", "review_on");
  b = restriction("2025-09-01");
  b["kind"] = "no_contact_at_all";
  expectError(p.act(b, "2025-06-02"), ErrorKind::kInvalid, "enum", "kind");
  b = restriction("2025-09-01");
  b["reviw_on"] = "2025-09-01";
  expectError(p.act(b, "2025-06-02"), ErrorKind::kInvalid, "unknown", "reviw_on");
  json w = warning();
  w["warned_on"] = "2025-06-03";
  expectError(p.act(w, "2025-06-02"), ErrorKind::kInvalid, "future", "warned_on");
}

// 001 §4.16.10: reviewed on a set date. Reviewed in time and extended; then the second review
// is missed, and the late lift is recorded as such.
TEST(Restrictions, ReviewDatesAreClocks) {
  Person p;
  p.must(warning(), "2025-06-02");
  p.must(restriction("2025-09-01"), "2025-06-02");
  auto clocks = restrictionClocks(p.state, D("2025-08-01"));
  ASSERT_EQ(clocks.size(), 1u);
  EXPECT_EQ(clocks[0].name, "restriction.1.review.1");
  EXPECT_EQ(clocks[0].status, ClockStatus::kRunning);
  EXPECT_EQ(clocks[0].due, D("2025-09-01"));
  p.must({{"action", "review"}, {"review_on", "2025-12-01"}, {"reasons", "Calls continue"}},
         "2025-08-29", 1);
  EXPECT_EQ(p.state.restrictions[0].review_on, D("2025-12-01"));
  clocks = restrictionClocks(p.state, D("2025-12-05"));
  ASSERT_EQ(clocks.size(), 2u);
  EXPECT_EQ(clocks[0].status, ClockStatus::kMet);
  EXPECT_EQ(clocks[1].status, ClockStatus::kMissed);
  p.must({{"action", "lift"}, {"reason", "No incidents for six months"}}, "2025-12-08", 1);
  clocks = restrictionClocks(p.state, D("2025-12-09"));
  EXPECT_EQ(clocks[1].status, ClockStatus::kMissed);
  EXPECT_EQ(clocks[1].met_on, D("2025-12-08"));
  EXPECT_EQ(p.state.restrictions[0].status(), "lifted");
  EXPECT_TRUE(p.state.active().empty());
}

TEST(Restrictions, ReviewAndLiftNameAKnownRestrictionInForce) {
  Person p;
  json lift = {{"action", "lift"}, {"reason", "Behaviour improved"}};
  expectError(p.act(lift, "2025-06-02", 1), ErrorKind::kConflict, "unknown-restriction", "number");
  p.must(warning(), "2025-06-02");
  p.must(restriction("2025-09-01"), "2025-06-02");
  p.must(lift, "2025-06-20", 1);
  expectError(p.act(lift, "2025-06-21", 1), ErrorKind::kConflict, "already-lifted", "");
  expectError(p.act({{"action", "impose"}}, "2025-06-21", 1), ErrorKind::kInvalid, "enum",
              "action");
}

// The stream folds back to the same state: a restriction survives a restart or rebuild.
TEST(Restrictions, FoldingTheEventsGivesTheSameState) {
  Person p;
  std::vector<Event> all;
  for (auto r : {p.act(warning(), "2025-06-02"), p.act(restriction("2025-09-01"), "2025-06-03")})
    for (auto& e : *r) all.push_back(e);
  auto again = PersonRestrictions::fold("T-1001", all);
  EXPECT_EQ(again.version, 2);
  EXPECT_EQ(all[1].seq, 2);
  EXPECT_EQ(again.restrictions[0].kind, "single_point_of_contact");
  EXPECT_EQ(again.warnings[0].behaviour, "Shouted at the repairs officer");
}

// 001 §4.16.8: the decision is "clearly communicated to the customer". The warning letter and
// the restriction letter, once sent, are on the record with how and when, like case letters.
TEST(Restrictions, LettersSentAreRecordedWithTheirChannelAndDate) {
  Person p;
  p.must(warning(), "2025-06-02");
  p.must(restriction("2025-09-01"), "2025-06-16");
  const int warning_letter = p.state.warnings[0].seq;
  const int restriction_letter = p.state.restrictions[0].seq;
  json sent = {{"action", "letter_sent"}, {"letter", warning_letter}, {"channel", "post"},
               {"sent_on", "2025-06-03"}};
  p.must(sent, "2025-06-20");
  ASSERT_TRUE(p.state.warnings[0].letter_sent);
  EXPECT_EQ(p.state.warnings[0].letter_sent->sent_on, D("2025-06-03"));
  EXPECT_EQ(p.state.warnings[0].letter_sent->channel, "post");
  EXPECT_FALSE(p.state.restrictions[0].letter_sent);
  expectError(p.act(sent, "2025-06-20"), ErrorKind::kConflict, "already-sent", "letter");

  json r = {{"action", "letter_sent"}, {"letter", restriction_letter}, {"channel", "fax"}};
  expectError(p.act(r, "2025-06-20"), ErrorKind::kInvalid, "enum", "channel");
  r["channel"] = "email";
  r["sent_on"] = "2025-06-15";
  expectError(p.act(r, "2025-06-20"), ErrorKind::kInvalid, "before-previous-event", "sent_on");
  r["sent_on"] = "2025-06-21";
  expectError(p.act(r, "2025-06-20"), ErrorKind::kInvalid, "future", "sent_on");
  r.erase("sent_on");
  p.must(r, "2025-06-20");
  EXPECT_EQ(p.state.restrictions[0].letter_sent->sent_on, D("2025-06-20"));
  EXPECT_EQ(p.state.restrictions[0].letter_sent->by, "j.officer");

  r["letter"] = 99;
  expectError(p.act(r, "2025-06-20"), ErrorKind::kConflict, "unknown-letter", "letter");
  r.erase("letter");
  expectError(p.act(r, "2025-06-20"), ErrorKind::kInvalid, "required", "letter");
}

}  // namespace
}  // namespace charter
