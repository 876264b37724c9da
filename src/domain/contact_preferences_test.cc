// A person's contact preference used, not only recorded (Code 5.10; 001 §4.2.5): changed on a
// case as an event, reviewed by its date, and the default channel and format of a letter.
#include "domain/contact_preferences.h"

#include <gtest/gtest.h>

#include "domain/test_support.h"

namespace charter {
namespace {

using json = nlohmann::json;
using testing::CaseHarness;
using testing::complaint;
using testing::D;

json change(json fields) {
  fields["action"] = "change_contact_preference";
  fields["at"] = "2025-03-25T10:00:00Z";
  return fields;
}

TEST(ContactPreferences, AChangeReplacesThePreferenceAndKeepsWhatWasHeld) {
  CaseHarness h;
  json body = complaint("2025-03-24T10:00:00Z");
  body["person"]["contact"] = {{"channel", "email"}};
  h.mustCreate(body);
  h.must(change({{"channel", "letter"}, {"format", "large_print"}, {"language", "cy"},
                 {"needs_interpreter", true}, {"review_date", "2025-09-30"},
                 {"reason", "Sight has got worse"}}));
  const ContactPreference& c = h.state().person.contact;
  EXPECT_EQ(c.channel, "letter");
  EXPECT_EQ(c.format, "large_print");
  EXPECT_EQ(c.language, "cy");
  EXPECT_TRUE(c.needs_interpreter);
  EXPECT_EQ(c.review_date, D("2025-09-30"));
  const Event& e = h.state().events.back();
  EXPECT_EQ(e.type, "contact_preference_changed");
  EXPECT_EQ(e.data["before"]["channel"], "email");
  EXPECT_EQ(e.data["reason"], "Sight has got worse");
}

TEST(ContactPreferences, BadValuesNameTheirField) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  for (const auto& [field, value] : std::vector<std::pair<std::string, json>>{
           {"channel", "pigeon"}, {"format", "smoke_signals"}, {"review_date", "31/09/2025"},
           {"needs_interpreter", "perhaps"}}) {
    auto r = h.act(change({{field, value}}));
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(r.error().field, field);
  }
  // A review date already past when the change is made is a typing error.
  auto past = h.act(change({{"review_date", "2025-01-31"}}));
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().field, "review_date");
  EXPECT_EQ(past.error().rule, "range");
}

TEST(ContactPreferences, MayChangeAfterTheCaseIsClosed) {
  CaseHarness h;
  h.mustCreate(complaint("2025-03-24T10:00:00Z"));
  h.must({{"action", "withdraw"}, {"at", "2025-03-24T12:00:00Z"}});
  h.must(change({{"channel", "sms"}}));
  EXPECT_EQ(h.state().person.contact.channel, "sms");
}

TEST(ContactPreferences, ReviewDueOnAndAfterItsDate) {
  ContactPreference c;
  EXPECT_FALSE(contact::reviewDueSince(c, D("2025-06-01")));
  c.review_date = D("2025-06-01");
  EXPECT_FALSE(contact::reviewDueSince(c, D("2025-05-31")));
  EXPECT_EQ(contact::reviewDueSince(c, D("2025-06-01")), D("2025-06-01"));
  EXPECT_EQ(contact::reviewDueSince(c, D("2026-01-01")), D("2025-06-01"));
}

TEST(ContactPreferences, TheLetterDefaultsToThePreferredChannelAndFormat) {
  ContactPreference c{"letter", "braille", "", false, std::nullopt};
  EXPECT_EQ(contact::letterChannel(c), "post");
  EXPECT_EQ(contact::letterFormat(c), "braille");
  c.channel = "sms";
  c.format = "easy_read";
  EXPECT_EQ(contact::letterChannel(c), "");
  EXPECT_EQ(contact::letterFormat(c), "pdf");
  EXPECT_EQ(contact::letterFormat(ContactPreference{"", "large_print", "", false, {}}),
            "large-print");
}

TEST(ContactPreferences, ChoosingOtherwiseNeedsAReason) {
  ContactPreference c{"email", "large_print", "", false, std::nullopt};
  auto same = contact::letterChoice(c, {"email", "large-print", ""});
  ASSERT_TRUE(same);
  EXPECT_FALSE(same->contains("reason"));
  EXPECT_EQ((*same)["channel"], "email");

  auto post = contact::letterChoice(c, {"post", "large-print", ""});
  ASSERT_FALSE(post);
  EXPECT_EQ(post.error().field, "reason");
  EXPECT_EQ(post.error().rule, "required");
  EXPECT_NE(post.error().message.find("by post instead of by email"), std::string::npos);

  auto standard = contact::letterChoice(c, {"email", "pdf", ""});
  ASSERT_FALSE(standard);
  EXPECT_NE(standard.error().message.find("in standard print instead of large print"),
            std::string::npos);

  auto why = contact::letterChoice(c, {"post", "pdf", "Email bounced twice"});
  ASSERT_TRUE(why);
  EXPECT_EQ((*why)["reason"], "Email bounced twice");
  EXPECT_EQ((*why)["instead_of"]["channel"], "email");
  EXPECT_EQ((*why)["instead_of"]["format"], "large-print");
}

TEST(ContactPreferences, NoPreferenceAsksNoReason) {
  auto any = contact::letterChoice(ContactPreference{}, {"by_hand", "braille", ""});
  ASSERT_TRUE(any);
  EXPECT_FALSE(any->contains("reason"));
}

}  // namespace
}  // namespace charter
