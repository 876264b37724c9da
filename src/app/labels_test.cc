#include "app/labels.h"

#include <gtest/gtest.h>

namespace charter {
namespace {

TEST(Labels, CodesInWordsPeopleUse) {
  EXPECT_EQ(kindLabel("service_request"), "Service request");
  EXPECT_EQ(kindLabel("mp_enquiry"), "MP or councillor enquiry");
  EXPECT_EQ(channelLabel("in_person"), "In person");
  EXPECT_EQ(channelLabel("online_account"), "Online account");
  EXPECT_EQ(findingLabel("partly_upheld"), "Partly upheld");
  EXPECT_EQ(findingLabel("not_upheld"), "Not upheld");
  EXPECT_EQ(slugWords("previously-considered"), "Previously considered");
  EXPECT_EQ(slugWords("out_of_time"), "Out of time");
  EXPECT_EQ(slugWords(""), "");
  EXPECT_EQ(kindLabel("something new"), "something new");
  EXPECT_EQ(breakdownLabel("social_media"), "Social media");
  EXPECT_EQ(breakdownLabel("service_request"), "Service request");
  EXPECT_EQ(breakdownLabel("previously-considered"), "Previously considered");
  EXPECT_EQ(breakdownLabel("Damp and mould"), "Damp and mould");
  EXPECT_EQ(breakdownLabel(""), "(not recorded)");
}

}  // namespace
}  // namespace charter
