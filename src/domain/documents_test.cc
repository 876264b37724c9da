// Documents on the case file (Code 5.12): each attached is on the timeline; staff share one
// with the resident, or stop sharing it.
#include "domain/documents.h"

#include <gtest/gtest.h>

#include "domain/lifecycle.h"
#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::code2024;
using testing::T;

class File {
 public:
  File() {
    DecisionContext ctx{*code2024(), T("2025-03-24T10:00:00Z"), "officer"};
    auto e = decideNew(testing::complaint("2025-03-24T10:00:00Z"), ctx);
    EXPECT_TRUE(e);
    state = CaseState::fold(1, "", {*e});
  }
  void attach(std::string name, std::int64_t size) {
    Event e = attachmentAddedEvent(std::move(name), size, "application/pdf", "ab");
    e.seq = state.version() + 1;
    e.at = e.recorded_at = T("2025-03-25T10:00:00Z");
    e.actor = "officer";
    state.apply(e);
  }
  Result<std::vector<Event>> share(const json& body) {
    DecisionContext ctx{*code2024(), T("2025-03-26T10:00:00Z"), "officer"};
    auto events = decideAction(state, body, ctx);
    if (events) {
      for (const auto& e : *events) state.apply(e);
    }
    return events;
  }
  CaseState state;
};

TEST(Documents, EachAttachedIsOnTheFileWithWhoWhenAndSize) {
  File f;
  f.attach("stage 1 response.pdf", 2048);
  f.attach("photo of the damp.pdf", 99);
  auto docs = caseDocuments(f.state);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].name, "stage 1 response.pdf");
  EXPECT_EQ(docs[0].size, 2048);
  EXPECT_EQ(docs[0].added_by, "officer");
  EXPECT_EQ(docs[0].added_at, T("2025-03-25T10:00:00Z"));
  EXPECT_FALSE(docs[0].shared);
}

TEST(Documents, SharedWithTheResidentAndUnshared) {
  File f;
  f.attach("stage 1 response.pdf", 2048);
  f.attach("internal notes.pdf", 10);
  json share = {{"action", "share_attachment"}, {"name", "stage 1 response.pdf"}};
  ASSERT_TRUE(f.share(share));
  EXPECT_TRUE(isSharedDocument(f.state, "stage 1 response.pdf"));
  EXPECT_FALSE(isSharedDocument(f.state, "internal notes.pdf"));
  auto again = f.share(share);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().rule, "unchanged");
  EXPECT_EQ(again.error().field, "shared");
  auto unknown = f.share({{"action", "share_attachment"}, {"name", "nothing.pdf"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().rule, "unknown-attachment");
  EXPECT_EQ(unknown.error().field, "name");
  ASSERT_TRUE(f.share({{"action", "share_attachment"}, {"name", "stage 1 response.pdf"},
                       {"shared", false}}));
  EXPECT_FALSE(isSharedDocument(f.state, "stage 1 response.pdf"));
}

}  // namespace
}  // namespace charter
