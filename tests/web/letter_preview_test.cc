// "Check and send" (web/letter_preview.cc) through the router on a real SQLite file: the letter
// is shown first and nothing is recorded; the personal message appears in the preview and in
// the letter sent; how it was sent is required, recorded on the letter_issued event and shown
// in the timeline; a letter lacking what the Code requires is still refused before a preview.
#include <gtest/gtest.h>

#include "support/web_fixture.h"

namespace charter::web {
namespace {

class LetterPreview : public test_support::WebFixture {
 protected:
  void SetUp() override {
    WebFixture::SetUp();
    id_ = service_->create({{"kind", "complaint"}, {"received_at", "2026-01-05T10:00:00+00:00"},
                            {"channel", "phone"}, {"summary", "Boiler broken"},
                            {"person", {{"name", "Ada Resident"}, {"account", "P-1"}}}},
                           "test").value().state.id;
    ASSERT_TRUE(service_->act(id_, {{"action", "acknowledge"}, {"at", "2026-01-05T12:00:00+00:00"},
                                    {"definition", "Boiler broken; wants it fixed"},
                                    {"responsibility", "We are responsible for the repair"},
                                    {"handler", "ivy"}}, "ivy"));
  }
  http::Response post(const std::string& body) {
    return send("POST", "/staff/cases/" + std::to_string(id_) + "/letters", ivy_, body);
  }
  http::Response get(const std::string& path) { return send("GET", path, ivy_); }
  std::size_t events() { return service_->get(id_)->state.events.size(); }

  CaseId id_ = 0;
};

TEST_F(LetterPreview, CheckAndSendShowsTheLetterFirstAndRecordsNothing) {
  const auto before = events();
  auto r = post("letter=acknowledgement");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "Check the letter before you send it"));
  EXPECT_TRUE(has(r, "Boiler broken; wants it fixed"));  // the letter itself
  EXPECT_TRUE(has(r, "Ivy Okonkwo"));  // signed by the sender
  EXPECT_TRUE(has(r, "name=\"personal_message\""));
  EXPECT_TRUE(has(r, "name=\"channel\" type=\"radio\" value=\"post\"") || has(r, "value=\"post\""));
  EXPECT_TRUE(has(r, "value=\"send\""));
  EXPECT_EQ(events(), before);
}

TEST_F(LetterPreview, ThePersonalMessageIsPreviewedThenSentAndHowItWentIsRecorded) {
  const auto before = events();
  auto shown = post("letter=acknowledgement&step=preview&personal_message=Sorry+about+the+cold+nights.");
  EXPECT_EQ(shown.status, 200);
  EXPECT_TRUE(has(shown, "data-personal-message>Sorry about the cold nights.</p>"));
  EXPECT_EQ(events(), before);

  auto no_channel = post("letter=acknowledgement&step=send&personal_message=Sorry.");
  EXPECT_EQ(no_channel.status, 422);
  EXPECT_TRUE(has(no_channel, "href=\"#channel\""));
  EXPECT_TRUE(has(no_channel, "Choose how the letter will be sent"));
  EXPECT_TRUE(has(no_channel, ">Sorry.</textarea>"));  // what was typed is kept
  EXPECT_EQ(events(), before);

  auto too_long = post("letter=acknowledgement&step=send&channel=post&personal_message=" + std::string(2001, 'x'));
  EXPECT_EQ(too_long.status, 422);
  EXPECT_TRUE(has(too_long, "href=\"#personal_message\""));

  auto sent = post("letter=acknowledgement&step=send&channel=post&personal_message=Sorry+about+the+cold+nights.");
  ASSERT_EQ(sent.status, 303);
  auto view = service_->get(id_).value();
  const Event& e = view.state.events.back();
  EXPECT_EQ(e.type, "letter_issued");
  EXPECT_EQ(e.data.value("channel", ""), "post");
  EXPECT_EQ(e.data.value("personal_message", ""), "Sorry about the cold nights.");
  EXPECT_NE(e.data.value("html", "").find("Sorry about the cold nights."), std::string::npos);
  auto page = get("/staff/cases/" + std::to_string(id_));
  EXPECT_TRUE(has(page, "Letter sent by post: "));
}

TEST_F(LetterPreview, ALetterLackingWhatTheCodeRequiresIsRefusedBeforeAnyPreview) {
  const auto before = events();
  auto r = post("letter=stage1_response");
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(has(r, "cannot be sent"));
  EXPECT_FALSE(has(r, "Check the letter before you send it"));
  auto sent = post("letter=stage1_response&step=send&channel=post");
  EXPECT_EQ(sent.status, 409);
  EXPECT_EQ(events(), before);
}

}  // namespace
}  // namespace charter::web
