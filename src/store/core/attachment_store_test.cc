// The base64 the attachments table keeps the bytes in: every byte value and every padding
// round-trips, and anything else is refused rather than decoded into something else.
#include "store/core/attachment_store.h"

#include <gtest/gtest.h>

namespace charter::store_core {
namespace {

TEST(AttachmentBase64, RoundTripsEveryByteAndPadding) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 1) {
    const std::string bytes = all.substr(0, n);
    auto back = base64Decode(base64Encode(bytes));
    ASSERT_TRUE(back) << n;
    EXPECT_EQ(*back, bytes) << n;
  }
  EXPECT_EQ(base64Encode("Man"), "TWFu");
  EXPECT_EQ(base64Encode("Ma"), "TWE=");
  EXPECT_EQ(base64Encode("M"), "TQ==");
}

TEST(AttachmentBase64, RefusesWhatIsNotBase64) {
  EXPECT_FALSE(base64Decode("TWF"));
  EXPECT_FALSE(base64Decode("TW!u"));
  EXPECT_FALSE(base64Decode("TWFu\n"));
}

}  // namespace
}  // namespace charter::store_core
