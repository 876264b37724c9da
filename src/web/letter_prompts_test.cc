// The case page's letter prompts: the warning naming each letter still to send, and the banner
// after an action (which letters is domain/letters_owed_test.cc's).
#include "web/letter_prompts.h"

#include <gtest/gtest.h>

namespace charter::web {
namespace {

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

TEST(LetterPrompts, EachActionNeedsItsOwnLetter) {
  auto s = caseWith({{"acknowledged", {{"stage", 1}}},
                     {"letter_issued", {{"letter", "acknowledgement"}}},
                     {"extended", {{"stage", 1}}},
                     {"letter_issued", {{"letter", "extension"}}},
                     {"extended", {{"stage", 1}}}});
  EXPECT_NE(lettersOwedHtml(s, "/staff/cases/1/letters", "t").find("value=\"extension\""), std::string::npos);
  EXPECT_NE(afterActionBanner(s, "extend", "/staff/cases/1/letters", "t").find("Now send the resident the extension letter"),
            std::string::npos);
}

TEST(LetterPrompts, StageTwoAndRefusalsCallForTheirOwnLetters) {
  auto s = caseWith({{"acknowledged", {{"stage", 1}}},
                     {"letter_issued", {{"letter", "acknowledgement"}}},
                     {"responded", {{"stage", 1}}},
                     {"letter_issued", {{"letter", "stage1_response"}}},
                     {"escalation_requested", nlohmann::json::object()},
                     {"acknowledged", {{"stage", 2}}}});
  EXPECT_NE(lettersOwedHtml(s, "/x", "t").find("value=\"stage2_acknowledgement\""), std::string::npos);
  // Nothing owed: no warning, and the banner only says "Saved."
  auto done = caseWith({{"refused", {{"reason", "legal_proceedings"}}}, {"letter_issued", {{"letter", "refusal"}}}});
  EXPECT_TRUE(lettersOwedHtml(done, "/x", "t").empty());
  EXPECT_EQ(afterActionBanner(done, "refuse", "/x", "t").find("Now send"), std::string::npos);
}

}  // namespace
}  // namespace charter::web
