// A reported problem's location (domain/location.h): recorded at receipt, read back from the
// received event, and checked member by member.
#include "domain/location.h"

#include <gtest/gtest.h>

#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::CaseHarness;

json report(json location) {
  return {{"kind", "service_request"}, {"received_at", "2025-03-24T10:00:00Z"},
          {"channel", "web_form"}, {"summary", "Streetlight out on the stairwell"},
          {"location", std::move(location)}};
}

Error failure(CaseHarness& h, const json& body) {
  auto r = h.create(body);
  EXPECT_FALSE(r) << body.dump();
  return r ? Error{} : r.error();
}

TEST(Location, APointAndAnAddressAreRecordedAtReceipt) {
  CaseHarness h;
  h.mustCreate(report({{"latitude", 51.5034}, {"longitude", -0.1276},
                       {"address", "Flat 3, 10 Downing Court"}}));
  auto l = locationOf(h.state());
  ASSERT_TRUE(l);
  EXPECT_DOUBLE_EQ(*l->latitude, 51.5034);
  EXPECT_DOUBLE_EQ(*l->longitude, -0.1276);
  EXPECT_EQ(l->address, "Flat 3, 10 Downing Court");
  EXPECT_EQ(locationJson(*l)["address"], "Flat 3, 10 Downing Court");
}

TEST(Location, AnAddressAloneIsALocation) {
  CaseHarness h;
  h.mustCreate(report({{"address", "12 High Street"}}));
  auto l = locationOf(h.state());
  ASSERT_TRUE(l);
  EXPECT_FALSE(l->latitude);
  EXPECT_TRUE(locationJson(*l)["latitude"].is_null());
}

TEST(Location, NoneGivenOrEmptyIsNoLocation) {
  CaseHarness h;
  json body = report({});
  h.mustCreate(body);
  EXPECT_FALSE(locationOf(h.state()));
  EXPECT_FALSE(h.state().events.front().data.contains("location"));
  body.erase("location");
  h.mustCreate(body);
  EXPECT_FALSE(locationOf(h.state()));
}

TEST(Location, EachMemberIsChecked) {
  CaseHarness h;
  Error e = failure(h, report({{"latitude", 91}, {"longitude", 0}}));
  EXPECT_EQ(e.field, "location.latitude");
  EXPECT_EQ(e.rule, "range");
  e = failure(h, report({{"latitude", 51}, {"longitude", "west"}}));
  EXPECT_EQ(e.field, "location.longitude");
  EXPECT_EQ(e.rule, "type");
  e = failure(h, report({{"latitude", 51}}));
  EXPECT_EQ(e.field, "location.longitude");
  EXPECT_EQ(e.rule, "required");
  e = failure(h, report({{"postcode", "SW1A 2AA"}}));
  EXPECT_EQ(e.rule, "unknown");
  e = failure(h, report("12 High Street"));
  EXPECT_EQ(e.field, "location");
  EXPECT_EQ(e.rule, "type");
}

}  // namespace
}  // namespace charter
