// Letters and pages for readers of Welsh and of other languages: the translation allowance from
// the policy and its clock, what happens next in Welsh, the Ombudsman's details in Welsh, and the
// contact-warning and restriction letters in Welsh.
#include "app/translations.h"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "app/letters.h"
#include "app/restriction_letters.h"
#include "domain/next_step.h"
#include "domain/test_support.h"

namespace charter {
namespace {

using charter::testing::CaseHarness;
using charter::testing::D;
using nlohmann::json;

std::filesystem::path builtinTemplates() {
  const char* src = std::getenv("CHARTER_SOURCE_DIR");
  return std::filesystem::path(src ? src : ".") / "templates" / "letters";
}

PolicyPtr withAllowance(int days) {
  auto p = std::make_shared<Policy>(*charter::testing::code2024());
  p->translation_working_days = days;
  return p;
}

TEST(Translations, TheAllowanceIsThePolicysWorkingDays) {
  ContactPreference pref;
  pref.language = "Polish";
  const auto polish = i18n::personLanguage("Polish");
  // Monday 3 March 2025: ten working days is Monday 17 March, five Monday 10 March.
  json ten = languageFields(polish, pref, *withAllowance(10), D("2025-03-03"));
  EXPECT_EQ(ten["translation"]["due"], "2025-03-17");
  json five = languageFields(polish, pref, *withAllowance(5), D("2025-03-03"));
  EXPECT_EQ(five["translation"]["due"], "2025-03-10");
  EXPECT_EQ(five["translation"]["language"], "Polish");
  json welsh = languageFields(i18n::personLanguage("cy"), pref, *withAllowance(5), D("2025-03-03"));
  EXPECT_EQ(welsh["language"], "cy");
  EXPECT_FALSE(welsh.contains("translation"));
}

// A complaint to a Polish reader whose acknowledgement went out in English on 4 March 2025.
CaseHarness polishCase() {
  CaseHarness h;
  h.mustCreate(charter::testing::complaint("2025-03-03T10:00:00+00:00"));
  h.must(charter::testing::ack("2025-03-04T10:00:00+00:00"));
  return h;
}

Event issued(const CaseHarness& h, const char* due) {
  Event e;
  e.type = "letter_issued";
  e.seq = static_cast<int>(h.state().events.size()) + 1;
  e.at = *parseInstant("2025-03-04T11:00:00+00:00");
  e.data = {{"letter", "acknowledgement"}, {"title", "Acknowledgement of your complaint"},
            {"translation", translationRequest("Polish", *parseDate(due))}};
  return e;
}

TEST(Translations, EachRequestIsAClockMetWhenTheTranslationIsAttached) {
  CaseHarness h = polishCase();
  CaseState s = h.state();
  s.events.push_back(issued(h, "2025-03-18"));
  const auto& cal = *charter::testing::code2024()->working_calendar;
  auto clocks = translationClocks(s, cal, D("2025-03-10"));
  ASSERT_EQ(clocks.size(), 1u);
  EXPECT_EQ(clocks[0].name, "translation." + std::to_string(s.events.back().seq));
  EXPECT_EQ(clocks[0].status, ClockStatus::kRunning);
  EXPECT_EQ(clocks[0].due, D("2025-03-18"));
  EXPECT_NE(clocks[0].title.find("Polish"), std::string::npos) << clocks[0].title;
  EXPECT_EQ(translationClocks(s, cal, D("2025-03-19"))[0].status, ClockStatus::kMissed);
  Event back;
  back.type = std::string(event_type::kLetterTranslated);
  back.seq = s.events.back().seq + 1;
  back.at = *parseInstant("2025-03-12T09:00:00+00:00");
  back.data = {{"letter", s.events.back().seq}, {"language", "Polish"}, {"attachment", "pl.pdf"}};
  s.events.push_back(back);
  auto met = translationClocks(s, cal, D("2025-03-19"));
  EXPECT_EQ(met[0].status, ClockStatus::kMet);
  EXPECT_EQ(met[0].met_on, D("2025-03-12"));
  EXPECT_TRUE(openTranslations(s).empty());
}

TEST(NextStepInWelsh, TheResidentsSentenceAndDateAreWelsh) {
  CaseHarness h = polishCase();
  auto clocks = h.clocks(D("2025-03-05"));
  NextStep en = nextStep(h.state(), clocks);
  NextStep cy = nextStep(h.state(), clocks, i18n::Lang::kCy);
  EXPECT_EQ(en.for_resident.rfind("We will send you our answer by ", 0), 0u) << en.for_resident;
  EXPECT_EQ(cy.for_resident.rfind("Byddwn yn anfon ein hateb atoch erbyn dydd ", 0), 0u)
      << cy.for_resident;
  EXPECT_EQ(cy.what, en.what);  // staff's words stay English
  h.must({{"action", "respond"}, {"at", "2025-03-10T10:00:00+00:00"}, {"decision", "upheld"},
          {"elements", {{{"summary", "Boiler"}, {"finding", "upheld"}, {"reasons", "Missed visits"}}}},
          {"remedies", {{{"type", "apology"}, {"description", "Sorry"}}}}});
  NextStep answered = nextStep(h.state(), h.clocks(D("2025-03-11")), i18n::Lang::kCy);
  EXPECT_EQ(answered.for_resident.rfind("Rydym wedi anfon ein hateb atoch.", 0), 0u)
      << answered.for_resident;
}

TEST(OmbudsmanInWelsh, ThePolicysWelshOrItsEnglishWithWelshLabels) {
  const Policy& base = *charter::testing::code2024();
  EXPECT_EQ(ombudsmanContact(base, i18n::Lang::kEn), base.ombudsman_contact);
  EXPECT_EQ(ombudsmanContact(base, i18n::Lang::kCy), base.ombudsman_contact_cy);
  Policy own = base;
  own.ombudsman_contact = "Housing Ombudsman Service. Telephone 0300 111 3000. Email a@b.uk. Website x.uk";
  own.ombudsman_contact_cy.clear();
  EXPECT_EQ(ombudsmanContact(own, i18n::Lang::kCy),
            "Yr Ombwdsmon Tai. Ffôn 0300 111 3000. E-bost a@b.uk. Gwefan x.uk");
}

PersonRestrictions warnedAndRestricted() {
  PersonRestrictions p;
  p.person_ref = "P-CY";
  ContactWarning w;
  w.number = 1;
  w.behaviour = "Sgrechian ar staff y dderbynfa";
  w.warned_on = D("2025-05-01");
  w.seq = 1;
  p.warnings.push_back(w);
  Restriction r;
  r.number = 1;
  r.kind = "written_only";
  r.behaviour = "Galwadau bygythiol";
  r.starts_on = D("2025-06-02");
  r.first_review_on = D("2025-09-01");
  r.review_on = r.first_review_on;
  r.seq = 2;
  p.restrictions.push_back(r);
  return p;
}

TEST(PersonLettersInWelsh, TheWarningAndTheRestrictionAreWelshWithEveryCodeSection) {
  LetterTemplates t({builtinTemplates()});
  Person rhian;
  rhian.name = "Rhian Evans";
  const PersonRestrictions p = warnedAndRestricted();
  const Policy& base = *charter::testing::code2024();
  auto warning = personLetter(p, 1, rhian, "Northside Homes", ombudsmanContact(base, i18n::Lang::kCy),
                              D("2025-05-02"), {}, t, i18n::Lang::kCy);
  ASSERT_TRUE(warning) << warning.error().message;
  EXPECT_EQ(warning->title, "Rhybudd am eich ymddygiad");
  auto restriction = personLetter(p, 2, rhian, "Northside Homes",
                                  ombudsmanContact(base, i18n::Lang::kCy), D("2025-06-02"), {}, t,
                                  i18n::Lang::kCy);
  ASSERT_TRUE(restriction) << restriction.error().message;
  for (const auto* l : {&*warning, &*restriction}) {
    EXPECT_NE(l->html.find("lang=\"cy\""), std::string::npos);
    EXPECT_NE(l->html.find("Annwyl Rhian Evans"), std::string::npos);
    EXPECT_NE(l->html.find("Yn gywir"), std::string::npos);
    EXPECT_NE(l->html.find("data-code=\"how-to-ask-for-review\""), std::string::npos);
    for (const char* english : {"Dear ", "Yours sincerely", "Our reference", "We are writing"})
      EXPECT_EQ(l->html.find(english), std::string::npos) << english;
  }
  EXPECT_NE(restriction->html.find("Cysylltu yn ysgrifenedig yn unig"), std::string::npos);
  EXPECT_NE(restriction->html.find("dydd Llun 1 Medi 2025"), std::string::npos);
  EXPECT_NE(restriction->html.find("Ffôn 0300 111 3000"), std::string::npos);
  EXPECT_EQ(restriction->html.find("Telephone"), std::string::npos);
  // English on request, as before.
  auto english = personLetter(p, 2, rhian, "Northside Homes", base.ombudsman_contact,
                              D("2025-06-02"), {}, t);
  ASSERT_TRUE(english);
  EXPECT_EQ(english->title, "How you can contact us: our decision");
  EXPECT_NE(english->html.find("We wrote to you on Thursday 1 May 2025"), std::string::npos);
}

}  // namespace
}  // namespace charter
