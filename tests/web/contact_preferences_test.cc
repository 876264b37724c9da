// A person's contact preference on the pages (web/contact_preference_pages.h), through the
// router on a real SQLite file: recorded when a contact is logged, changed from the case page
// (a timeline event, the field named on a bad value), shown beside the vulnerabilities with
// its review flag (Code 5.10), preselected in "Check and send" with a reason required to send
// otherwise, and set by the resident in the portal.
#include <gtest/gtest.h>

#include "support/web_fixture.h"

namespace charter::web {
namespace {

class ContactPreferencePages : public test_support::WebFixture {
 protected:
  void SetUp() override {
    WebFixture::SetUp();
    ada_ = add("ada", Role::kResident, "P-1");
    id_ = service_->create({{"kind", "complaint"}, {"received_at", "2026-01-05T10:00:00+00:00"},
                            {"channel", "phone"}, {"summary", "Boiler broken"},
                            {"person", {{"name", "Ada Resident"}, {"account", "P-1"},
                                        {"email", "ada@example.org"},
                                        {"vulnerabilities", {"Partially sighted"}},
                                        {"contact", {{"channel", "email"},
                                                     {"format", "large_print"},
                                                     {"review_date", "2026-02-01"}}}}}},
                           "test").value().state.id;
    ASSERT_TRUE(service_->act(id_, {{"action", "acknowledge"}, {"at", "2026-01-05T12:00:00+00:00"},
                                    {"definition", "Boiler broken; wants it fixed"},
                                    {"responsibility", "We are responsible for the repair"},
                                    {"handler", "ivy"}}, "ivy"));
  }
  std::string casePath() const { return "/staff/cases/" + std::to_string(id_); }
  CaseState state() { return service_->get(id_)->state; }

  Session ada_;
  CaseId id_ = 0;
};

TEST_F(ContactPreferencePages, TheCasePageShowsThePreferenceBesideTheVulnerabilities) {
  auto r = send("GET", casePath(), ivy_);
  ASSERT_EQ(r.status, 200);
  const auto vulnerabilities = r.body.find("Vulnerabilities");
  const auto preference = r.body.find("How they want to hear from us");
  ASSERT_NE(vulnerabilities, std::string::npos);
  ASSERT_NE(preference, std::string::npos);
  EXPECT_LT(vulnerabilities, preference);
  EXPECT_TRUE(has(r, "By email, in large print"));
  EXPECT_TRUE(has(r, "Review due since Sun 1 Feb 2026"));  // past its review date (Code 5.10)
  EXPECT_TRUE(has(r, "/act/change_contact_preference\">Change how they want to hear from us"));
}

TEST_F(ContactPreferencePages, StaffChangeItAndABadValueNamesTheField) {
  const std::string path = casePath() + "/act/change_contact_preference";
  auto form = send("GET", path, ivy_);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(has(form, "<option value=\"email\" selected>"));  // what is held
  EXPECT_TRUE(has(form, "<option value=\"large_print\" selected>"));
  const auto before = state().events.size();

  auto bad = send("POST", path, ivy_, "channel=pigeon&format=braille");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "href=\"#channel\""));
  auto bad_date = send("POST", path, ivy_,
                       "channel=letter&review_date-day=31&review_date-month=2&review_date-year=2031");
  EXPECT_EQ(bad_date.status, 422);
  EXPECT_TRUE(has(bad_date, "href=\"#review_date-day\""));
  EXPECT_EQ(state().events.size(), before);

  auto ok = send("POST", path, ivy_,
                 "channel=letter&format=braille&language=cy&needs_interpreter=yes&review_date-day=30"
                 "&review_date-month=6&review_date-year=2031&reason=Sight+has+got+worse");
  EXPECT_EQ(ok.status, 303) << ok.body.substr(0, 400);
  const ContactPreference c = state().person.contact;
  EXPECT_EQ(c.channel, "letter");
  EXPECT_EQ(c.format, "braille");
  EXPECT_EQ(c.language, "cy");
  EXPECT_TRUE(c.needs_interpreter);
  auto page = send("GET", casePath(), ivy_);
  EXPECT_TRUE(has(page, "How they want to hear from us changed: By letter, in braille, language: "
                        "Welsh (cy), needs an interpreter. Review by Mon 30 Jun 2031. Reason: "
                        "Sight has got worse"));
  EXPECT_FALSE(has(page, "Review due since"));
}

TEST_F(ContactPreferencePages, CheckAndSendPreselectsThePreferenceAndOtherwiseNeedsAReason) {
  auto shown = send("POST", casePath() + "/letters", ivy_, "letter=acknowledgement");
  ASSERT_EQ(shown.status, 200);
  EXPECT_TRUE(has(shown, "value=\"email\" checked"));
  EXPECT_TRUE(has(shown, "value=\"large-print\" checked"));
  EXPECT_TRUE(has(shown, "They asked for: By email, in large print."));
  const auto before = state().events.size();

  auto no_reason = send("POST", casePath() + "/letters", ivy_,
                        "letter=acknowledgement&step=send&channel=post&format=large-print");
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_TRUE(has(no_reason, "href=\"#reason\""));
  EXPECT_TRUE(has(no_reason, "Say why the letter goes by post instead of by email"));
  EXPECT_EQ(state().events.size(), before);

  auto sent = send("POST", casePath() + "/letters", ivy_,
                   "letter=acknowledgement&step=send&channel=post&format=pdf"
                   "&reason=Email+bounced+twice");
  EXPECT_EQ(sent.status, 303) << sent.body.substr(0, 400);
  auto letter = send("GET", header(sent, "Location"), ivy_);
  EXPECT_TRUE(has(letter, "PDF: the format it was sent in"));
  const CaseState after = state();
  const Event& e = after.events.back();
  EXPECT_EQ(e.data.value("channel", ""), "post");
  EXPECT_EQ(e.data.value("format", ""), "pdf");
  EXPECT_EQ(e.data["instead_of"].value("channel", ""), "email");
  auto page = send("GET", casePath(), ivy_);
  EXPECT_TRUE(has(page, "Sent by post instead of by email and in standard print instead of "
                        "large print: Email bounced twice"));

  auto as_asked = send("POST", casePath() + "/letters", ivy_,
                       "letter=acknowledgement&step=send&channel=email&format=large-print");
  EXPECT_EQ(as_asked.status, 303);
  EXPECT_FALSE(state().events.back().data.contains("reason"));
}

TEST_F(ContactPreferencePages, LoggingAContactRecordsThePreference) {
  auto form = send("GET", "/staff/new", ivy_);
  EXPECT_TRUE(has(form, "name=\"person.contact.channel\""));
  EXPECT_TRUE(has(form, "name=\"person.contact.review_date-day\""));
  const std::string rest = "kind=complaint&channel=letter&summary=Damp&person.name=Bea";
  auto bad = send("POST", "/staff/new", ivy_, rest + "&person.contact.format=smoke");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "href=\"#person-contact-format\""));
  auto r = send("POST", "/staff/new", ivy_,
                rest + "&person.contact.channel=sms&person.contact.format=audio"
                       "&person.contact.language=Polish");
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 400);
  CaseId id = std::stoll(header(r, "Location").substr(std::string("/staff/cases/").size()));
  const ContactPreference c = service_->get(id)->state.person.contact;
  EXPECT_EQ(c.channel, "sms");
  EXPECT_EQ(c.format, "audio");
  EXPECT_EQ(c.language, "Polish");
}

TEST_F(ContactPreferencePages, TheResidentSetsTheirOwnInThePortal) {
  const std::string path = "/portal/cases/" + std::to_string(id_);
  auto page = send("GET", path, ada_);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "How you want to hear from us"));
  EXPECT_TRUE(has(page, path + "/contact"));
  auto form = send("GET", path + "/contact", ada_);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(has(form, "How do you want to hear from us?"));
  auto ok = send("POST", path + "/contact", ada_, "channel=letter&format=audio");
  EXPECT_EQ(ok.status, 303) << ok.body.substr(0, 400);
  EXPECT_EQ(state().person.contact.format, "audio");
  EXPECT_EQ(state().events.back().actor, "ada");
  // Another resident's case is not theirs to change.
  Session bob = add("bob", Role::kResident, "P-2");
  EXPECT_NE(send("POST", path + "/contact", bob, "channel=sms").status, 303);
  EXPECT_EQ(state().person.contact.format, "audio");
}

}  // namespace
}  // namespace charter::web
