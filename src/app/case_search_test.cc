// The search terms and a case's search text (app/case_search.h): the two halves both stores
// compare, so what they find is decided here.
#include "app/case_search.h"

#include <gtest/gtest.h>

namespace charter {
namespace {

using Terms = std::vector<std::string>;

TEST(CaseSearch, APhoneNumberIsOneTermInTheNationalForm) {
  EXPECT_EQ(searchTerms("07700 900123"), Terms{"07700900123"});
  EXPECT_EQ(searchTerms("+44 7700 900123"), Terms{"07700900123"});
  EXPECT_EQ(searchTerms("+44 (7700) 900-123"), Terms{"07700900123"});
  EXPECT_EQ(searchTerms("0044 7700 900123"), Terms{"07700900123"});
  EXPECT_EQ(searchTerms("447700900123"), Terms{"07700900123"});
  EXPECT_EQ(searchTerms("0113.496.0000"), Terms{"01134960000"});
  EXPECT_EQ(searchTerms("+353 1 234 5678"), Terms{"35312345678"});  // not UK: digits
  EXPECT_EQ(searchPhone("+44 7700 900123"), "07700900123");
  EXPECT_EQ(searchPhone("ext. none"), "");
  // Six digits or fewer, or a letter, is not a phone number.
  EXPECT_EQ(searchTerms("123 456"), (Terms{"123", "456"}));
  EXPECT_EQ(searchTerms("flat 4 0113 496"), (Terms{"flat", "4", "0113", "496"}));
}

// A whole UK number is looked up by equality on the case's phone (cases.phone_norm); a part of
// a number, or a number not in the national form, is a term like any other.
TEST(CaseSearch, AWholeUkNumberIsLookedUpByItself) {
  EXPECT_EQ(wholePhone("+44 7700 900123"), "07700900123");
  EXPECT_EQ(wholePhone("0044-7700-900123"), "07700900123");
  EXPECT_EQ(wholePhone("(0113) 496-0000"), "01134960000");
  EXPECT_EQ(wholePhone("0800 123 456"), "");            // ten digits: maybe a part
  EXPECT_EQ(wholePhone("0113 496"), "");                // a part of a number
  EXPECT_EQ(wholePhone("7700 900123"), "");             // no national 0
  EXPECT_EQ(wholePhone("+353 1 234 5678"), "");         // not UK
  EXPECT_EQ(wholePhone("077009001234"), "");            // twelve digits
  EXPECT_EQ(wholePhone("okafor 07700900123"), "");      // words
  EXPECT_EQ(wholePhone(""), "");
}

// A whole case reference, as a call-centre agent reads it out or types it, names one case by
// its id; a part of one, bare digits or more words are text.
TEST(CaseSearch, AWholeReferenceNamesItsCase) {
  using Id = std::optional<CaseId>;
  EXPECT_EQ(wholeReference("CH-2500000"), Id{2500000});
  EXPECT_EQ(wholeReference("CH-000123"), Id{123});
  EXPECT_EQ(wholeReference("ch-000123"), Id{123});        // any case
  EXPECT_EQ(wholeReference("  Ch 000123 "), Id{123});     // a space for the hyphen, spaces round
  EXPECT_EQ(wholeReference("CH   000123"), Id{123});
  EXPECT_EQ(wholeReference("CH000123"), Id{123});         // nothing for the hyphen
  EXPECT_EQ(wholeReference("CH-123"), Id{});              // a part: CH-123000, CH-1234567 ...
  EXPECT_EQ(wholeReference("CH-0000123"), Id{});          // not as caseReference writes 123
  EXPECT_EQ(wholeReference("CH-0123456"), Id{});
  EXPECT_EQ(wholeReference("CH-000000"), Id{});           // no case 0
  EXPECT_EQ(wholeReference("2500000"), Id{});             // bare digits: maybe a phone's part
  EXPECT_EQ(wholeReference("CH-"), Id{});
  EXPECT_EQ(wholeReference("CH - 000123"), Id{});
  EXPECT_EQ(wholeReference("CH--000123"), Id{});
  EXPECT_EQ(wholeReference("CH-000123 heating"), Id{});   // more words
  EXPECT_EQ(wholeReference("XCH-000123"), Id{});
  EXPECT_EQ(wholeReference("CH-0001234567890123456789"), Id{});  // beyond an id
  EXPECT_EQ(wholeReference(""), Id{});
}

TEST(CaseSearch, WordsAreLoweredSplitAndDeduplicated) {
  EXPECT_EQ(searchTerms("  Okafor   HEATING okafor "), (Terms{"okafor", "heating"}));
  EXPECT_EQ(searchTerms("50%_off\\now"), (Terms{"50", "off", "now"}));  // LIKE's characters split
  EXPECT_EQ(searchTerms("O'Brien"), Terms{"o'brien"});
  EXPECT_EQ(searchTerms("Grace.Okafor@Example.ORG"), Terms{"grace.okafor@example.org"});
  EXPECT_EQ(searchTerms("ÉCOLE"), Terms{"École"});  // ASCII letters only are lowered
  EXPECT_TRUE(searchTerms(" % _ ").empty());
  EXPECT_EQ(searchTerms("a b c d e f g h i j").size(), kMaxSearchTerms);
}

TEST(CaseSearch, TheSearchTextHoldsEveryFieldOneALine) {
  CaseState s;
  s.summary = "Heating\nfailed";
  s.person.name = "Grace Okafor";
  s.person.address = "12 Acacia Avenue";
  s.person.email = "Grace@Example.org";
  s.person.tenancy_ref = "TEN-1";
  s.person.phone = "+44 7700 900123";
  EXPECT_EQ(caseSearchText(s, "CH-000001"),
            "ch-000001\ngrace okafor\n12 acacia avenue\ngrace@example.org\nten-1\n"
            "heating failed\n07700900123");
  // The phone is the last line, after the search text's sixth line break: migration 0035 takes
  // cases.phone_norm of existing rows from there (the digits after the last non-digit).
  s.person.phone = "";
  EXPECT_EQ(caseSearchText(s, "CH-000001").back(), '\n');
}

}  // namespace
}  // namespace charter
