// Which letters a complaint's actions call for, and which are still to send; and what happens
// next on a case.
#include "domain/letters_owed.h"

#include <gtest/gtest.h>

#include "domain/next_step.h"
#include "domain/test_support.h"

namespace charter {
namespace {

using testing::ack;
using testing::CaseHarness;
using testing::complaint;
using testing::D;
using testing::respond;

CaseState caseWith(std::vector<std::pair<std::string, nlohmann::json>> events) {
  std::vector<Event> es;
  Event r;
  r.seq = 1;
  r.type = "received";
  r.data = {{"kind", "complaint"}, {"channel", "phone"}, {"summary", "Boiler"}};
  es.push_back(r);
  for (auto& [type, data] : events) {
    Event e;
    e.seq = static_cast<int>(es.size()) + 1;
    e.type = type;
    e.data = data;
    es.push_back(e);
  }
  return CaseState::fold(1, "CH-000001", es);
}

TEST(LettersOwed, EachActionNeedsItsOwnLetter) {
  auto s = caseWith({{"acknowledged", {{"stage", 1}}},
                     {"letter_issued", {{"letter", "acknowledgement"}}},
                     {"extended", {{"stage", 1}}},
                     {"letter_issued", {{"letter", "extension"}}},
                     {"extended", {{"stage", 1}}}});
  EXPECT_EQ(lettersToSend(s), std::vector<LetterKind>{LetterKind::kExtension});
  EXPECT_EQ(lettersCalledFor(s).size(), 3u);
  EXPECT_EQ(letterNowDue(s, "extend"), LetterKind::kExtension);
  EXPECT_EQ(letterNowDue(s, "note"), std::nullopt);
}

TEST(LettersOwed, ALetterSentBeforeTheActionDoesNotCount) {
  auto s = caseWith({{"letter_issued", {{"letter", "acknowledgement"}}}, {"acknowledged", {{"stage", 1}}}});
  EXPECT_EQ(lettersToSend(s), std::vector<LetterKind>{LetterKind::kAcknowledgement});
}

TEST(LettersOwed, StageTwoAndRefusalsCallForTheirOwnLetters) {
  auto s = caseWith({{"acknowledged", {{"stage", 1}}},
                     {"letter_issued", {{"letter", "acknowledgement"}}},
                     {"responded", {{"stage", 1}}},
                     {"letter_issued", {{"letter", "stage1_response"}}},
                     {"escalation_requested", nlohmann::json::object()},
                     {"acknowledged", {{"stage", 2}}}});
  EXPECT_EQ(lettersToSend(s), std::vector<LetterKind>{LetterKind::kStage2Acknowledgement});
  auto r = caseWith({{"refused", {{"reason", "legal_proceedings"}}}});
  EXPECT_EQ(lettersToSend(r), std::vector<LetterKind>{LetterKind::kRefusal});
  auto done = caseWith({{"refused", {{"reason", "legal_proceedings"}}}, {"letter_issued", {{"letter", "refusal"}}}});
  EXPECT_TRUE(lettersToSend(done).empty());
  EXPECT_EQ(letterNowDue(done, "refuse"), std::nullopt);
}

TEST(LettersOwed, KindsRoundTripThroughTheirSlugs) {
  for (auto k : kAllLetterKinds) EXPECT_EQ(parseLetterKind(slug(k)), k);
  EXPECT_EQ(parseLetterKind("postcard"), std::nullopt);
}

TEST(NextStep, TheEarliestClockStillToBeMet) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T09:00:00Z"));
  NextStep n = nextStep(h.state(), h.clocks(D("2025-03-24")));
  EXPECT_EQ(n.what.rfind("Next: ", 0), 0u) << n.what;
  ASSERT_TRUE(n.by);
  EXPECT_FALSE(n.explanation.empty());
  EXPECT_FALSE(mayAskForStageTwo(h.state()));
}

TEST(NextStep, AfterTheStageOneResponseTheResidentMayEscalate) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T09:00:00Z"));
  h.must(ack("2025-03-25T09:00:00Z"));
  h.must(respond("2025-04-01T09:00:00Z"));
  NextStep n = nextStep(h.state(), h.clocks(D("2025-04-01")));
  EXPECT_NE(n.what.find("stage 2 review"), std::string::npos) << n.what;
  EXPECT_FALSE(n.by);
  EXPECT_TRUE(mayAskForStageTwo(h.state()));
}

TEST(NextStep, TheResidentReadsWhatTheyWillGetAndWhenInFull) {
  CaseHarness h;
  // Received Monday 24 March 2025: acknowledged within 5 working days, by Monday 31 March.
  h.mustCreate(complaint("2025-03-24T09:00:00Z"));
  EXPECT_EQ(nextStep(h.state(), h.clocks(D("2025-03-24"))).for_resident,
            "We will write to confirm we have your complaint, and tell you what happens next, by "
            "Monday 31 March 2025.");
  // Acknowledged Tuesday 25 March: the answer within 10 working days, by Tuesday 8 April.
  h.must(ack("2025-03-25T09:00:00Z"));
  NextStep n = nextStep(h.state(), h.clocks(D("2025-03-25")));
  EXPECT_EQ(n.for_resident, "We will send you our answer by Tuesday 8 April 2025.");
  EXPECT_EQ(n.what.rfind("Next: ", 0), 0u) << "staff keep the step's name: " << n.what;
  h.must(respond("2025-04-01T09:00:00Z"));
  EXPECT_EQ(nextStep(h.state(), h.clocks(D("2025-04-01"))).for_resident.rfind("We have sent you our answer.", 0), 0u);
}

}  // namespace
}  // namespace charter
