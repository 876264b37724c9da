// The choice to complain (Code 1.3; 001 §4.1.6-4.1.7).
#include "domain/choice.h"

#include <gtest/gtest.h>

#include "domain/lifecycle.h"
#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::CaseHarness;
using testing::complaint;

json serviceRequest() {
  return {{"kind", "service_request"}, {"received_at", "2025-03-24T10:00:00Z"},
          {"channel", "phone"}, {"summary", "Boiler not working, third call"},
          {"person", {{"name", "A Resident"}}}};
}

json offer(std::string_view choice) {
  return {{"action", "offer_complaint"}, {"at", "2025-03-25T10:00:00Z"}, {"choice", choice},
          {"note", "Resident unhappy with repeat visits"}};
}

TEST(ChoiceToComplain, RecordsTheOfferAndWhatTheResidentChose) {
  CaseHarness h;
  h.mustCreate(serviceRequest());
  h.must(offer("not_now"));
  const Event& e = h.state().events.back();
  EXPECT_EQ(e.type, "complaint_offered");
  EXPECT_EQ(e.data["choice"], "not_now");
  EXPECT_EQ(h.state().status, CaseStatus::kOpen);  // the request goes on
}

TEST(ChoiceToComplain, OnlyOnServiceRequestsAndOnlyKnownChoices) {
  CaseHarness h;
  h.mustCreate(serviceRequest());
  auto bad = h.act(offer("maybe"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "choice");
  EXPECT_EQ(bad.error().rule, "enum");
  CaseHarness c;
  c.mustCreate(complaint("2025-03-24T10:00:00Z"));
  auto r = c.act(offer("declined"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rule, "not-a-service-request");
}

// Dissatisfaction with a finished request is still a complaint (Code 1.5): the offer is made
// after closure too, and a later lifecycle step is not ordered against it.
TEST(ChoiceToComplain, AfterClosureToo) {
  CaseHarness h;
  h.mustCreate(serviceRequest());
  h.must({{"action", "close"}, {"at", "2025-03-24T12:00:00Z"}, {"reason", "Fixed"}});
  h.must(offer("declined"));
}

}  // namespace
}  // namespace charter
