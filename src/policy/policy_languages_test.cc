// The policy's words for letters in other languages: the Ombudsman's details in Welsh and the
// working days a translation is allowed (docs/policy.md).
#include <gtest/gtest.h>

#include "policy/policy.h"

namespace charter {
namespace {

std::string landlord(std::string_view body) {
  return "id = \"test-landlord\"\nname = \"Test landlord\"\nextends = \"hos-code-2024\"\n" +
         std::string(body);
}

TEST(PolicyLanguages, TheBasesAllowTenWorkingDaysForATranslationAndGiveTheOmbudsmanInWelsh) {
  for (const char* id : {"hos-code-2024", "hos-code-2022"}) {
    auto base = builtinPolicy(id);
    ASSERT_TRUE(base) << id;
    EXPECT_EQ((*base)->translation_working_days, 10) << id;
    EXPECT_NE((*base)->ombudsman_contact_cy.find("Yr Ombwdsmon Tai"), std::string::npos) << id;
    EXPECT_NE((*base)->ombudsman_contact_cy.find("Ffôn 0300 111 3000"), std::string::npos) << id;
  }
}

TEST(PolicyLanguages, ALandlordSetsItsOwnTranslationAllowance) {
  auto p = parsePolicy(landlord("translation_working_days = 5\n"), "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ((*p)->translation_working_days, 5);
  for (const char* bad : {"translation_working_days = 0\n", "translation_working_days = 61\n",
                          "translation_working_days = \"ten\"\n"}) {
    auto refused = parsePolicy(landlord(bad), "test.toml");
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().field, "translation_working_days") << bad;
  }
}

TEST(PolicyLanguages, NewOmbudsmanDetailsWithoutWelshDropTheBasesWelsh) {
  auto p = parsePolicy(landlord("ombudsman_contact = \"Housing Ombudsman. Telephone 0300 111 3000\"\n"),
                       "test.toml");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_TRUE((*p)->ombudsman_contact_cy.empty());
  auto both = parsePolicy(landlord("ombudsman_contact = \"Housing Ombudsman\"\n"
                                   "ombudsman_contact_cy = \"Yr Ombwdsmon Tai\"\n"),
                          "test.toml");
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ((*both)->ombudsman_contact_cy, "Yr Ombwdsmon Tai");
}

}  // namespace
}  // namespace charter
