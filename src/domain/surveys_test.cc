// When a satisfaction survey is owed (policy.h SurveyTrigger, the defaults of
// defaultSurveyTriggers) and what an answer may be, driven through decideNew/decideAction.
#include "domain/surveys.h"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::CaseHarness;
using testing::seed003;
using testing::T;

std::vector<SurveyOccasion> owed(const CaseHarness& h) {
  return surveyOccasions(h.policy().surveys, h.state());
}

json repair(std::string_view category) {
  json r = {{"kind", "service_request"}, {"received_at", "2025-03-24T10:00:00Z"},
            {"channel", "phone"}, {"summary", "No heating"}, {"person", {{"name", "A Resident"}}}};
  if (!category.empty()) r["category"] = category;
  return r;
}

TEST(Surveys, TheCodeBasesOfferTheDefaultTriggers) {
  const auto& ids = testing::code2024()->surveys;
  ASSERT_EQ(ids.size(), defaultSurveyTriggers().size());
  EXPECT_EQ(ids[0].id, "complaint.stage1");
  EXPECT_EQ(ids[0].question, "complaint_handling");
}

// A stage 1 response is surveyed when it is sent, a stage 2 response again, each recording
// its stage; nothing is owed before the response.
TEST(Surveys, AComplaintIsSurveyedAfterEachStagesResponse) {
  CaseHarness h;
  h.mustCreate(testing::complaint("2025-03-03T10:00:00Z"));
  h.must(testing::ack("2025-03-04T10:00:00Z"));
  EXPECT_TRUE(owed(h).empty());
  h.must(testing::respond("2025-03-10T10:00:00Z"));
  auto one = owed(h);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].trigger, "complaint.stage1");
  EXPECT_EQ(one[0].stage, 1);
  EXPECT_EQ(one[0].kind, "complaint");
  EXPECT_EQ(one[0].question, "complaint_handling");
  EXPECT_EQ(one[0].at, T("2025-03-10T10:00:00Z"));
  h.must(testing::escalate("2025-03-12T10:00:00Z"));
  h.must(testing::ack("2025-03-13T10:00:00Z", "Review Manager"));
  h.must(testing::respond("2025-03-20T10:00:00Z"));
  auto two = owed(h);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].trigger, "complaint.stage1");
  EXPECT_EQ(two[1].trigger, "complaint.stage2");
  EXPECT_EQ(two[1].stage, 2);
  EXPECT_EQ(two[1].at, T("2025-03-20T10:00:00Z"));
}

// 003: "We will ask how satisfied you are with each completed repair": a repair (a service
// request with a priority) once completed; a service request without one is not a repair.
TEST(Surveys, ARepairIsSurveyedOnceCompleted) {
  CaseHarness h(seed003());
  h.mustCreate(repair("urgent"));
  EXPECT_TRUE(owed(h).empty());
  h.must({{"action", "complete_repair"}, {"at", "2025-03-26T12:00:00Z"},
          {"completed_at", "2025-03-26T09:15:00Z"}});
  auto o = owed(h);
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].trigger, "repair.completed");
  EXPECT_EQ(o[0].kind, "service_request");
  EXPECT_EQ(o[0].category, "urgent");
  EXPECT_EQ(o[0].stage, 0);
  EXPECT_EQ(o[0].question, "service");
}

TEST(Surveys, AServiceRequestWithoutACategoryIsNotSurveyedAsARepair) {
  std::vector<SurveyTrigger> triggers = {{"repair.completed", {"service_request"}, "received",
                                          true, "service"}};
  CaseHarness h(seed003());
  h.mustCreate(repair(""));
  EXPECT_TRUE(surveyOccasions(triggers, h.state()).empty());
  triggers[0].needs_category = false;
  EXPECT_EQ(surveyOccasions(triggers, h.state()).size(), 1u);
}

TEST(Surveys, ATriggerForAnotherKindNeverFires) {
  std::vector<SurveyTrigger> triggers = {{"asb.closed", {"asb_report"}, "received", false,
                                          "service"}};
  CaseHarness h;
  h.mustCreate(testing::complaint("2025-03-03T10:00:00Z"));
  EXPECT_TRUE(surveyOccasions(triggers, h.state()).empty());
}

Result<PolicyPtr> withSurveys(const std::string& body) {
  return parsePolicy("id = \"x\"\nname = \"X\"\nextends = \"hos-code-2024\"\n" + body, "x.toml");
}

// The trigger list is the policy's: a landlord adds or removes a survey with a few lines, and
// a list replaces the defaults (an empty one offers none).
TEST(Surveys, ThePolicyListsItsTriggersOrInheritsTheDefaults) {
  auto inherits = withSurveys("");
  ASSERT_TRUE(inherits);
  EXPECT_EQ((*inherits)->surveys.size(), 4u);
  auto none = withSurveys("surveys = []\n");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE((*none)->surveys.empty());
  auto own = withSurveys("[[surveys]]\nid = \"enquiry.answered\"\nkinds = [\"enquiry\"]\n"
                         "after = \"responded\"\n");
  ASSERT_TRUE(own) << own.error().message;
  ASSERT_EQ((*own)->surveys.size(), 1u);
  EXPECT_EQ((*own)->surveys[0].question, "service");
  EXPECT_FALSE((*own)->surveys[0].needs_category);
}

TEST(Surveys, ThePolicyRefusesATriggerItCannotRead) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[[surveys]]\nid = \"a\"\nkinds = [\"complaint\"]\nafter = \"finished\"\n",
       "surveys[0].after"},
      {"[[surveys]]\nid = \"a\"\nkinds = [\"tenancy\"]\nafter = \"closed\"\n",
       "surveys[0].kinds"},
      {"[[surveys]]\nid = \"a\"\nkinds = [\"complaint\"]\nafter = \"closed\"\n"
       "question = \"nps\"\n",
       "surveys[0].question"},
      {"[[surveys]]\nkinds = [\"complaint\"]\nafter = \"closed\"\n", "surveys[0]"},
      {"[[surveys]]\nid = \"a\"\nkinds = [\"complaint\"]\nafter = \"closed\"\nscore = 1\n",
       "surveys[0].score"},
      {"[[surveys]]\nid = \"a\"\nkinds = [\"complaint\"]\nafter = \"closed\"\n"
       "[[surveys]]\nid = \"a\"\nkinds = [\"enquiry\"]\nafter = \"closed\"\n",
       "surveys[1].id"},
  };
  for (const auto& [body, field] : cases) {
    auto p = withSurveys(body);
    ASSERT_FALSE(p) << body;
    EXPECT_EQ(p.error().field, field) << body << p.error().message;
  }
}

TEST(Surveys, SatisfiedIsTheTopTwoAndDissatisfiedTheBottomTwo) {
  int satisfied = 0, dissatisfied = 0;
  for (auto s : satisfactionScale()) {
    satisfied += isSatisfied(s);
    dissatisfied += isDissatisfied(s);
    EXPECT_EQ(satisfactionFrom(slug(s)), s);
  }
  EXPECT_EQ(satisfied, 2);
  EXPECT_EQ(dissatisfied, 2);
  EXPECT_FALSE(isSatisfied(Satisfaction::kNeither));
  EXPECT_FALSE(isDissatisfied(Satisfaction::kNeither));
  EXPECT_EQ(satisfactionLabel(Satisfaction::kVeryDissatisfied), "Very dissatisfied");
}

TEST(Surveys, AnAnswerNamesTheFieldAndRuleItBreaks) {
  auto ok = readSurveyAnswer({{"satisfaction", "dissatisfied"}, {"comment", "  Slow  "}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->satisfaction, Satisfaction::kDissatisfied);
  EXPECT_EQ(ok->comment, "Slow");
  auto check = [](const json& body, std::string_view field, std::string_view rule) {
    auto r = readSurveyAnswer(body);
    ASSERT_FALSE(r) << body.dump();
    EXPECT_EQ(r.error().field, field);
    EXPECT_EQ(r.error().rule, rule);
  };
  check(json::object(), "satisfaction", "required");
  check({{"satisfaction", "happy"}}, "satisfaction", "enum");
  check({{"satisfaction", 3}}, "satisfaction", "enum");
  check({{"satisfaction", "satisfied"}, {"comment", 5}}, "comment", "type");
  check({{"satisfaction", "satisfied"}, {"comment", std::string(2001, 'a')}}, "comment",
        "max-length");
  check({{"satisfaction", "satisfied"}, {"score", 5}}, "score", "unknown-field");
}

}  // namespace
}  // namespace charter
