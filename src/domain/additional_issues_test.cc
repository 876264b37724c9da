// Additional complaints (Code 6.8): a new issue raised during stage 1 is added to the complaint
// (the definition restated, the response must answer it, a letter owed), unless the complaint
// is at stage 2, answered, or its response is imminent: then it is logged as a new complaint.
#include "domain/additional_issues.h"

#include <gtest/gtest.h>

#include "domain/letters_owed.h"
#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::ack;
using testing::CaseHarness;
using testing::complaint;
using testing::D;

json addIssue(std::string_view at) {
  return {{"action", "add_issue"},
          {"at", at},
          {"summary", "The kitchen tap also leaks"},
          {"definition", "Boiler not repaired and the kitchen tap leaks; wants both fixed"}};
}

void expectConflict(const Result<std::vector<Event>>& r, const std::string& rule,
                    const std::string& field) {
  ASSERT_FALSE(r) << "expected " << rule;
  EXPECT_EQ(r.error().kind, ErrorKind::kConflict) << r.error().message;
  EXPECT_EQ(r.error().rule, rule) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
}

// Received Mon 24 Mar 2025, acknowledged Tue 25 Mar: the stage 1 response is due Tue 8 Apr.
// A new issue on Wed 2 Apr is added: the definition is restated, and a letter is owed.
TEST(AdditionalIssues, AnIssueRaisedDuringStage1IsAddedAndTheDefinitionRestated) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  h.must(addIssue("2025-04-02T10:00:00+01:00"));
  const CaseState& s = h.state();
  EXPECT_EQ(s.stage1.definition, "Boiler not repaired and the kitchen tap leaks; wants both fixed");
  auto issues = addedIssues(s);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].number, 1);
  EXPECT_EQ(issues[0].summary, "The kitchen tap also leaks");
  EXPECT_EQ(lettersToSend(s).back(), LetterKind::kIssueAdded);
  EXPECT_EQ(letterNowDue(s, "add_issue"), LetterKind::kIssueAdded);
}

// The response must answer the original complaint and the added issue: one part is refused.
TEST(AdditionalIssues, TheResponseMustAnswerTheAddedIssue) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  h.must(addIssue("2025-04-02T10:00:00+01:00"));
  expectConflict(h.act(testing::respond("2025-04-03T10:00:00+01:00")), "code-6.8", "elements");
  json both = testing::respond("2025-04-03T10:00:00+01:00");
  both["elements"].push_back(
      {{"summary", "The kitchen tap also leaks"}, {"finding", "upheld"}, {"reasons", "Fixed"}});
  h.must(both);
}

// Due Tue 8 Apr: on Fri 4 Apr two working days remain and the issue is added; on Mon 7 Apr the
// response is imminent and adding would delay it, so it is logged separately.
TEST(AdditionalIssues, NotAddedWhenTheResponseIsImminent) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  expectConflict(h.act(addIssue("2025-04-07T10:00:00+01:00")), "code-6.8", "at");
  h.must(addIssue("2025-04-04T10:00:00+01:00"));
}

// The landlord's policy sets what "imminent" means (add_issue_imminent_working_days): with 4
// working days, Fri 4 Apr is already too close to Tue 8 Apr, Tue 1 Apr is not; with 0, even
// Mon 7 Apr may take the issue.
TEST(AdditionalIssues, ThePolicySaysHowCloseIsImminent) {
  auto four = std::make_shared<Policy>(*testing::code2024());
  four->add_issue_imminent_working_days = 4;
  CaseHarness h(four);
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  expectConflict(h.act(addIssue("2025-04-04T10:00:00+01:00")), "code-6.8", "at");
  h.must(addIssue("2025-04-01T10:00:00+01:00"));

  auto none = std::make_shared<Policy>(*testing::code2024());
  none->add_issue_imminent_working_days = 0;
  CaseHarness g(none);
  g.mustCreate(complaint("2025-03-24T10:00:00Z"));
  g.must(ack("2025-03-25T10:00:00Z"));
  g.must(addIssue("2025-04-07T10:00:00+01:00"));
}

TEST(AdditionalIssues, NotAddedAfterTheStage1ResponseNorAtStage2) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  h.must(testing::respond("2025-03-28T10:00:00Z"));
  expectConflict(h.act(addIssue("2025-03-31T10:00:00+01:00")), "code-6.8", "");
  h.must(testing::escalate("2025-04-01T10:00:00+01:00"));
  expectConflict(h.act(addIssue("2025-04-02T10:00:00+01:00")), "code-6.8", "");
}

// Before the acknowledgement the issue is recorded; the acknowledgement will define it all.
TEST(AdditionalIssues, BeforeTheAcknowledgementTheDefinitionMayWait) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must({{"action", "add_issue"}, {"at", "2025-03-24T11:00:00Z"}, {"summary", "Tap leaks"}});
  EXPECT_EQ(addedIssues(h.state()).size(), 1u);
  h.must(ack("2025-03-25T10:00:00Z"));
  auto r = h.act({{"action", "add_issue"}, {"at", "2025-03-26T11:00:00Z"}, {"summary", "Gutter"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rule, "required");
  EXPECT_EQ(r.error().field, "definition");
}

TEST(AdditionalIssues, OnlyComplaintsTakeIssues) {
  CaseHarness h;
  h.mustCreate({{"kind", "enquiry"}, {"received_at", "2025-03-24T10:00:00Z"},
                {"channel", "phone"}, {"summary", "Bin day?"}});
  expectConflict(h.act(addIssue("2025-03-25T10:00:00Z")), "not-a-complaint", "");
}

// Logged separately: an event naming the new complaint, linked both ways (the new complaint's
// receipt names this one); allowed after the final response too.
TEST(AdditionalIssues, LoggedSeparatelyLinksTheNewComplaint) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must(ack("2025-03-25T10:00:00Z"));
  h.must(testing::respond("2025-03-28T10:00:00Z"));
  h.must({{"action", "log_separately"}, {"at", "2025-03-31T10:00:00+01:00"},
          {"summary", "Neighbour noise"}, {"reason", "Raised after the response"},
          {"complaint_id", 7}});
  auto related = relatedCases(h.state());
  ASSERT_EQ(related.size(), 1u);
  EXPECT_EQ(related[0].id, 7);
  EXPECT_EQ(related[0].relation, "logged_separately");
  Event received = h.state().events.front();
  received.data["related_to"] = 3;
  CaseState other = CaseState::fold(7, "", {received});
  ASSERT_EQ(relatedCases(other).size(), 1u);
  EXPECT_EQ(relatedCases(other)[0].relation, "raised_during");
}

}  // namespace
}  // namespace charter
