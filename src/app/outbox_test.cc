// The outbox's rules without a database: back-off arithmetic, which events make which
// messages, and the sender's claim / send / mark cycle over an in-memory store that keeps the
// same compare-and-set contract as the SQL one (tests/store/outbox_conformance_test.cc proves
// the real stores keep it).
#include "app/outbox.h"

#include <map>

#include <gtest/gtest.h>

#include "domain/case.h"
#include "domain/clocks.h"
#include "domain/surveys.h"

namespace charter {
namespace {

using namespace std::chrono_literals;

Instant t0() { return parseInstant("2025-03-24T12:00:00Z").value(); }

TEST(OutboxBackoff, DoublesFromTheBaseAndStopsAtTheCap) {
  OutboxPolicy p;
  p.base = 30s;
  p.cap = 300s;
  EXPECT_EQ(nextAttemptAfter(p, 1, t0()), t0() + 30s);
  EXPECT_EQ(nextAttemptAfter(p, 2, t0()), t0() + 60s);
  EXPECT_EQ(nextAttemptAfter(p, 3, t0()), t0() + 120s);
  EXPECT_EQ(nextAttemptAfter(p, 4, t0()), t0() + 240s);
  EXPECT_EQ(nextAttemptAfter(p, 5, t0()), t0() + 300s);
  EXPECT_EQ(nextAttemptAfter(p, 500, t0()), t0() + 300s);  // no overflow on many attempts
}

CaseState caseWithEmail(std::string email, std::string preference = "") {
  CaseState s;
  s.id = 7;
  s.reference = "CH-000007";
  s.person.name = "A Resident";
  s.person.email = std::move(email);
  s.person.contact_preference = std::move(preference);
  return s;
}

Event event(int seq, std::string type, nlohmann::json data = nlohmann::json::object()) {
  Event e;
  e.seq = seq;
  e.type = std::move(type);
  e.data = std::move(data);
  return e;
}

TEST(OutboxMessages, AcknowledgementGivesTheResponseDate) {
  Clock respond;
  respond.name = "stage1.respond";
  respond.due = parseDate("2025-04-07").value();
  auto out = messagesFor(3, caseWithEmail("a@example.org"), {respond},
                         {event(2, "acknowledged", {{"stage", 1}})}, t0());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "acknowledgement");
  EXPECT_EQ(out[0].key(), "7.2.acknowledgement");
  EXPECT_EQ(out[0].landlord, 3);
  EXPECT_EQ(out[0].recipient, "a@example.org");
  EXPECT_EQ(out[0].status, "pending");
  EXPECT_EQ(out[0].next_attempt, t0());
  EXPECT_NE(out[0].subject.find("CH-000007"), std::string::npos);
  EXPECT_NE(out[0].body.find("Monday 7 April 2025"), std::string::npos) << out[0].body;
}

TEST(OutboxMessages, UpdatesForAResponseAndNothingForANote) {
  auto out = messagesFor(1, caseWithEmail("a@example.org"), {},
                         {event(3, "note"), event(4, "responded")}, t0());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "case_update");
  EXPECT_EQ(out[0].event_seq, 4);
}

TEST(OutboxMessages, NoneWithoutAnEmailOrWhenThePersonAskedForPost) {
  EXPECT_TRUE(messagesFor(1, caseWithEmail(""), {}, {event(2, "acknowledged")}, t0()).empty());
  EXPECT_TRUE(
      messagesFor(1, caseWithEmail("a@example.org", "Post"), {}, {event(2, "acknowledged")}, t0())
          .empty());
}

TEST(OutboxMessages, TheRecordedChannelDecides) {
  CaseState s = caseWithEmail("a@example.org");
  s.person.phone = "07700 900123";
  s.person.contact.channel = "sms";
  auto out = messagesFor(1, s, {}, {event(2, "acknowledged")}, t0());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].channel, "sms");
  EXPECT_EQ(out[0].recipient, "07700 900123");
  EXPECT_LT(out[0].body.size(), 160u) << out[0].body;
  s.person.contact.channel = "letter";
  EXPECT_TRUE(messagesFor(1, s, {}, {event(2, "acknowledged")}, t0()).empty());
  s.person.contact.channel = "email";
  s.person.contact_preference = "post";  // the structured channel wins over the old free text
  out = messagesFor(1, s, {}, {event(2, "acknowledged")}, t0());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].channel, "email");
}

TEST(OutboxMessages, ALetterIssuedByEmailIsSentAsText) {
  auto out = messagesFor(
      1, caseWithEmail("a@example.org"), {},
      {event(5, "letter_issued", {{"title", "Our response"}, {"channel", "email"},
                                  {"blocks", nlohmann::json::array({{{"text", "Hello"}}})}}),
       event(6, "letter_issued", {{"title", "By post"}, {"channel", "post"}})},
      t0());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "letter");
  EXPECT_NE(out[0].subject.find("Our response"), std::string::npos);
}

SurveyOccasion occasion(std::string trigger, std::string question) {
  SurveyOccasion o;
  o.trigger = std::move(trigger);
  o.kind = "complaint";
  o.stage = 1;
  o.question = std::move(question);
  o.at = t0();
  return o;
}

TEST(OutboxSurveys, AResponseThatReachesASurveyQueuesItsLinkToFillAtSending) {
  auto out = surveyMessages(1, caseWithEmail("a@example.org"),
                            {occasion("stage1", "complaint_handling")},
                            {event(4, "responded"), event(5, "note_added")}, t0());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "survey");
  EXPECT_EQ(out[0].key(), "7.5.survey");  // keyed by the last new event: queued once
  EXPECT_EQ(out[0].subject, "How did we do? (CH-000007)");
  EXPECT_NE(out[0].body.find("how we handled your complaint"), std::string::npos);
  EXPECT_EQ(surveyTriggerOf(out[0]), "stage1");

  auto sent = withSurveyLink(out[0], "https://charter.example/survey/1.abc");
  EXPECT_NE(sent.body.find("Tell us here: https://charter.example/survey/1.abc\n"),
            std::string::npos);
  EXPECT_EQ(sent.body.find("{survey_link"), std::string::npos);
  // Without the server's public address the resident is told where to answer instead.
  auto unlinked = withSurveyLink(out[0], "");
  EXPECT_NE(unlinked.body.find("Sign in to your online account"), std::string::npos);
  EXPECT_EQ(unlinked.body.find("{survey_link"), std::string::npos);
}

TEST(OutboxSurveys, NoneWhenNothingWasReachedOrThereIsNoChannel) {
  EXPECT_TRUE(surveyMessages(1, caseWithEmail("a@example.org"), {}, {event(4, "responded")}, t0())
                  .empty());
  EXPECT_TRUE(surveyMessages(1, caseWithEmail(""), {occasion("stage1", "service")},
                             {event(4, "responded")}, t0())
                  .empty());
  EXPECT_EQ(surveyTriggerOf(messagesFor(1, caseWithEmail("a@example.org"), {},
                                        {event(2, "acknowledged")}, t0())
                                .at(0)),
            "");
}

TEST(OutboxSurveys, ATextMessageCarriesTheLinkItself) {
  CaseState s = caseWithEmail("");
  s.person.phone = "07700 900123";
  s.person.contact.channel = "sms";
  auto out = surveyMessages(1, s, {occasion("repair", "service")}, {event(3, "repair_completed")},
                            t0());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].channel, "sms");
  EXPECT_EQ(withSurveyLink(out[0], "https://c.example/survey/1.x").body,
            "How did we do with CH-000007? Tell us: https://c.example/survey/1.x");
}

// The SQL store's contract in memory: a claim and a mark change a row only when its
// (status, attempts) are still what the caller read.
class MemoryOutbox final : public OutboxStore {
 public:
  std::map<std::string, OutboxMessage> rows;

  Result<std::vector<OutboxMessage>> due(LandlordId landlord, std::string_view channel,
                                         Instant now, int limit) override {
    std::vector<OutboxMessage> out;
    for (auto& [k, m] : rows)
      if (m.landlord == landlord && m.channel == channel &&
          (m.status == "pending" || m.status == "sending") &&
          m.next_attempt <= now && static_cast<int>(out.size()) < limit)
        out.push_back(m);
    return out;
  }
  Result<std::vector<OutboxBacklog>> backlog(LandlordId) override { return {}; }
  Result<bool> claim(OutboxMessage& m, Instant lease_until) override {
    auto& r = rows.at(m.key());
    if (r.status != m.status || r.attempts != m.attempts) return false;
    r.status = "sending";
    ++r.attempts;
    r.next_attempt = lease_until;
    m = r;
    return true;
  }
  Result<bool> markSent(const OutboxMessage& c, Instant at) override {
    auto& r = rows.at(c.key());
    if (r.status != c.status || r.attempts != c.attempts) return false;
    r.status = "sent";
    r.sent = at;
    return true;
  }
  Result<bool> markFailed(const OutboxMessage& c, Instant next, bool give_up,
                          const std::string& reason) override {
    auto& r = rows.at(c.key());
    if (r.status != c.status || r.attempts != c.attempts) return false;
    r.status = give_up ? "failed" : "pending";
    r.next_attempt = next;
    r.last_error = reason;
    return true;
  }
  Result<std::vector<OutboxMessage>> forCase(LandlordId, CaseId) override { return {}; }
};

class CountingMailer final : public Mailer {
 public:
  bool up = true;
  std::vector<std::string> delivered;
  Status send(const OutboxMessage& m) override {
    if (!up) return unavailable("SMTP: connection refused");
    delivered.push_back(m.key());
    return {};
  }
};

struct SenderFixture : ::testing::Test {
  FixedTimeSource time{t0()};
  MemoryOutbox store;
  CountingMailer mailer;
  OutboxPolicy policy = [] {
    OutboxPolicy p;
    p.base = 10s;
    p.cap = 40s;
    p.max_attempts = 4;
    p.lease = 60s;
    return p;
  }();
  OutboxSender sender{store, mailer, time,
                      [] { return Result<std::vector<LandlordId>>(std::vector<LandlordId>{1}); },
                      policy};

  void queue(int seq) {
    OutboxMessage m;
    m.landlord = 1;
    m.case_id = 7;
    m.event_seq = seq;
    m.kind = "acknowledgement";
    m.channel = "email";
    m.recipient = "a@example.org";
    m.created = m.next_attempt = time.now();
    store.rows[m.key()] = m;
  }
};

TEST_F(SenderFixture, SendsADueMessageOnceAndNeverAgain) {
  queue(2);
  EXPECT_EQ(sender.runOnce()->sent, 1);
  time.set(t0() + 1h);
  EXPECT_EQ(sender.runOnce()->sent, 0);
  EXPECT_EQ(mailer.delivered, std::vector<std::string>{"7.2.acknowledgement"});
  EXPECT_EQ(store.rows.begin()->second.status, "sent");
}

TEST_F(SenderFixture, RetriesWithBackoffThenGivesUp) {
  queue(2);
  mailer.up = false;
  EXPECT_EQ(sender.runOnce()->failed, 1);
  const auto& row = store.rows.begin()->second;
  EXPECT_EQ(row.status, "pending");
  EXPECT_EQ(row.next_attempt, t0() + 10s);
  EXPECT_EQ(row.last_error, "SMTP: connection refused");
  time.set(t0() + 9s);
  EXPECT_EQ(sender.runOnce()->failed, 0);  // not due yet
  time.set(t0() + 10s);
  EXPECT_EQ(sender.runOnce()->failed, 1);
  EXPECT_EQ(row.next_attempt, t0() + 30s);  // 10 s later + 20 s
  time.set(t0() + 30s);
  sender.runOnce();
  EXPECT_EQ(row.next_attempt, t0() + 70s);  // + 40 s, the cap
  time.set(t0() + 70s);
  sender.runOnce();  // the fourth attempt: the last
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(row.attempts, 4);
  time.set(t0() + 1h);
  mailer.up = true;
  EXPECT_EQ(sender.runOnce()->sent, 0);
  EXPECT_TRUE(mailer.delivered.empty());
}

TEST_F(SenderFixture, AFinishThatFailsCountsAsAFailedAttemptAndSendsNothing) {
  bool ready = false;
  OutboxSender finishing{store, mailer, time,
                         [] { return Result<std::vector<LandlordId>>(std::vector<LandlordId>{1}); },
                         policy, nullptr, [&](const OutboxMessage& m) -> Result<OutboxMessage> {
                           if (!ready) return tl::unexpected(unavailable("database is busy"));
                           OutboxMessage done = m;
                           done.body = "finished";
                           return done;
                         }};
  queue(2);
  EXPECT_EQ(finishing.runOnce()->failed, 1);
  EXPECT_TRUE(mailer.delivered.empty());
  EXPECT_EQ(store.rows.begin()->second.last_error, "database is busy");
  ready = true;
  time.set(t0() + 10s);
  EXPECT_EQ(finishing.runOnce()->sent, 1);
  EXPECT_EQ(mailer.delivered, std::vector<std::string>{"7.2.acknowledgement"});
}

TEST_F(SenderFixture, AClaimLeftByACrashIsTakenAgainOnlyAfterItsLease) {
  queue(2);
  OutboxMessage m = store.rows.begin()->second;
  ASSERT_TRUE(*store.claim(m, t0() + policy.lease));  // a sender claimed it, then died
  time.set(t0() + 59s);
  EXPECT_EQ(sender.runOnce()->sent, 0);
  time.set(t0() + 60s);
  EXPECT_EQ(sender.runOnce()->sent, 1);
  EXPECT_EQ(store.rows.begin()->second.attempts, 2);
  // The dead sender's late mark is refused: its claim was lost.
  EXPECT_FALSE(*store.markSent(m, t0() + 61s));
}

}  // namespace
}  // namespace charter
