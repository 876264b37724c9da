#include "app/accounts.h"

#include <gtest/gtest.h>

#include "app/authz.h"

namespace charter {
namespace {

AccountOptions fast() {
  AccountOptions o;
  o.opslimit = 1;             // crypto_pwhash_OPSLIMIT_MIN
  o.memlimit = 8192;          // crypto_pwhash_MEMLIMIT_MIN
  return o;
}

TEST(PasswordRules, LengthOverComplexity) {
  EXPECT_FALSE(checkPassword("Sh0rt!"));
  EXPECT_FALSE(checkPassword("abcdefghi"));                      // 9 characters
  EXPECT_TRUE(checkPassword("correct battery horse"));          // three words, no digits
  EXPECT_TRUE(checkPassword("kettlepigeonmarble"));              // no composition rules
  EXPECT_FALSE(checkPassword(std::string(129, 'x') + "y"));     // too long
}

TEST(PasswordRules, CommonPasswordsAreRefused) {
  auto r = checkPassword("Password123");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "password");
  EXPECT_EQ(r.error().rule, "common");
  EXPECT_TRUE(isCommonPassword("LIVERPOOL123"));
  EXPECT_FALSE(checkPassword("qwertyuiop"));
  EXPECT_FALSE(checkPassword("aaaaaaaaaaaa"));
  EXPECT_FALSE(isCommonPassword("kettlepigeonmarble"));
}

TEST(PasswordRules, NotTheUsername) {
  auto r = checkPassword("jsmith-housing-2024", "JSmith");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rule, "username");
}

TEST(PasswordHash, Argon2idRoundTrip) {
  auto h = hashPassword("kettle pigeon marble", fast());
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(verifyPassword(*h, "kettle pigeon marble"));
  EXPECT_FALSE(verifyPassword(*h, "kettle pigeon marbles"));
  EXPECT_FALSE(verifyPassword("", "x"));
  EXPECT_FALSE(verifyPassword("not a hash", "x"));
  auto h2 = hashPassword("kettle pigeon marble", fast());
  EXPECT_NE(*h, *h2);  // salted
}

TEST(Csrf, MatchesOnlyTheSessionsToken) {
  Session s;
  s.csrf_token = "abcdefghijklmnopqrstuvwxyz012345";
  EXPECT_TRUE(csrfMatches(s, "abcdefghijklmnopqrstuvwxyz012345"));
  EXPECT_FALSE(csrfMatches(s, "abcdefghijklmnopqrstuvwxyz012346"));
  EXPECT_FALSE(csrfMatches(s, ""));
  EXPECT_FALSE(csrfMatches(s, "abc"));
  Session empty;
  EXPECT_FALSE(csrfMatches(empty, ""));
}

TEST(TokenHash, Sha256Hex) {
  EXPECT_EQ(tokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Roles, SlugsRoundTrip) {
  for (const char* s : {"resident", "representative", "front_line", "investigating_manager",
                        "reviewing_manager", "complaints_admin", "governance", "system_admin"}) {
    auto r = parseRole(s);
    ASSERT_TRUE(r) << s;
    EXPECT_EQ(slug(*r), s);
  }
  EXPECT_FALSE(parseRole("root"));
}

TEST(Roles, Matrix) {
  auto who = [](Role r) {
    Principal p;
    p.role = r;
    p.landlord = 1;
    return p;
  };
  EXPECT_TRUE(allowed(who(Role::kGovernance), Permission::kViewAnyCase));
  EXPECT_FALSE(allowed(who(Role::kGovernance), Permission::kLogContact));
  EXPECT_FALSE(allowed(who(Role::kGovernance), Permission::kHandleStage1));
  EXPECT_FALSE(allowed(who(Role::kResident), Permission::kViewAnyCase));
  EXPECT_TRUE(allowed(who(Role::kResident), Permission::kViewOwnCases));
  EXPECT_FALSE(allowed(who(Role::kFrontLine), Permission::kHandleStage1));
  EXPECT_TRUE(allowed(who(Role::kInvestigatingManager), Permission::kHandleStage1));
  EXPECT_FALSE(allowed(who(Role::kInvestigatingManager), Permission::kHandleStage2));
  EXPECT_TRUE(allowed(who(Role::kReviewingManager), Permission::kHandleStage2));
  EXPECT_FALSE(allowed(who(Role::kSystemAdmin), Permission::kViewAnyCase));
  EXPECT_TRUE(allowed(who(Role::kSystemAdmin), Permission::kAdminister));
  EXPECT_FALSE(allowed(who(Role::kComplaintsAdmin), Permission::kAdminister));
  EXPECT_TRUE(allowed(who(Role::kComplaintsAdmin), Permission::kDataProtection));
}

TEST(Roles, ResidentsSeeOnlyTheirOwnCases) {
  Principal r;
  r.role = Role::kResident;
  r.person_ref = "P-1";
  CaseState mine;
  mine.person.account = "P-1";
  CaseState theirs;
  theirs.person.account = "P-2";
  CaseState nobody;
  EXPECT_TRUE(maySee(r, mine));
  EXPECT_FALSE(maySee(r, theirs));
  EXPECT_FALSE(maySee(r, nobody));
  Principal unlinked;
  unlinked.role = Role::kResident;
  EXPECT_FALSE(maySee(unlinked, nobody));  // "" never matches ""
}

}  // namespace
}  // namespace charter
