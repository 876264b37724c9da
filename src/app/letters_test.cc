#include "app/letters.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

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

// A complaint taken through both stages, with every letter's content recorded.
struct Journey {
  CaseHarness h;
  Journey() {
    h.mustCreate({{"kind", "complaint"}, {"received_at", "2025-03-03T10:00:00+00:00"},
                  {"channel", "phone"}, {"summary", "Boiler still broken after three visits"},
                  {"person", {{"name", "Ada Resident"}, {"address", "1 High Street, Salford"}}}});
    h.must({{"action", "acknowledge"}, {"at", "2025-03-04T10:00:00+00:00"},
            {"definition", "The boiler was not repaired after three visits; wants it fixed and compensation."},
            {"responsibility", "We are responsible for the repair; the gas supply is the supplier's."},
            {"handler", "Sam Patel"}});
    h.must({{"action", "extend"}, {"at", "2025-03-10T10:00:00+00:00"}, {"new_due", "2025-03-25"},
            {"reason", "Awaiting the contractor's report."}});
    h.must({{"action", "respond"}, {"at", "2025-03-20T10:00:00+00:00"}, {"decision", "upheld"},
            {"elements", {{{"summary", "Boiler repair"}, {"finding", "upheld"},
                           {"reasons", "Three appointments were missed."}}}},
            {"remedies", {{{"type", "financial"}, {"description", "Compensation for the delay"},
                           {"amount", 150}}}},
            {"outstanding_actions", {{{"description", "Replace the boiler"}, {"due", "2025-04-10"},
                                      {"owner", "Repairs team"}}}}});
    stage1 = view();
    h.must({{"action", "request_escalation"}, {"at", "2025-03-24T10:00:00+00:00"}});
    h.must({{"action", "acknowledge"}, {"at", "2025-03-25T10:00:00+00:00"},
            {"definition", "Stage 1 did not address the compensation sought."},
            {"responsibility", "We are responsible for all of it."}, {"handler", "Jo Reviewer"}});
    h.must({{"action", "respond"}, {"at", "2025-04-08T10:00:00+00:00"}, {"decision", "partly_upheld"},
            {"elements", {{{"summary", "Compensation"}, {"finding", "overturned"},
                           {"reasons", "The amount did not reflect the time without heating."}},
                          {{"summary", "Boiler repair"}, {"finding", "upheld"},
                           {"reasons", "Stage 1 was right that the visits were missed."}}}},
            {"remedies", {{{"type", "financial"}, {"description", "Compensation for the time without heating"},
                           {"amount", 250}}}}});
  }
  CaseView view() const { return CaseView{h.state(), h.clocks(D("2025-04-09"))}; }
  CaseView stage1;
};

CaseView refusedCase() {
  CaseHarness h;
  h.mustCreate(charter::testing::complaint("2025-03-03T10:00:00+00:00"));
  h.must({{"action", "refuse"}, {"at", "2025-03-04T10:00:00+00:00"}, {"reason", "previously-considered"},
          {"evidence", "The same matter was answered at stage 2 in CH-000017 in January."}});
  return CaseView{h.state(), h.clocks(D("2025-03-05"))};
}

// Acknowledged, then a new issue added (Code 6.8).
CaseView issueAddedCase() {
  CaseHarness h;
  h.mustCreate(charter::testing::complaint("2025-03-03T10:00:00+00:00"));
  h.must(charter::testing::ack("2025-03-04T10:00:00+00:00"));
  h.must({{"action", "add_issue"}, {"at", "2025-03-05T10:00:00+00:00"},
          {"summary", "The kitchen tap leaks too"},
          {"definition", "Boiler not repaired and the kitchen tap leaks; wants both fixed"}});
  return CaseView{h.state(), h.clocks(D("2025-03-06"))};
}

json dataFor(LetterKind kind, i18n::Lang lang = i18n::Lang::kEn) {
  static Journey j;
  if (kind == LetterKind::kIssueAdded) {
    return letterData(kind, issueAddedCase(), *charter::testing::code2024(), "Northside Homes",
                      D("2025-03-06"), {}, lang);
  }
  CaseView v = kind == LetterKind::kRefusal ? refusedCase()
               : (kind == LetterKind::kAcknowledgement || kind == LetterKind::kExtension ||
                  kind == LetterKind::kStage1Response)
                   ? j.stage1
                   : j.view();
  return letterData(kind, v, *charter::testing::code2024(), "Northside Homes", D("2025-04-09"), {},
                    lang);
}

// Where each requirement's content lives in the letter data ("" = the template's section only).
std::string pointerOf(const std::string& id) {
  static const std::map<std::string, std::string> m = {
      {"stage", "/stage_label"}, {"complaint-definition", "/definition"},
      {"responsibility", "/responsibility"}, {"response-date", "/respond_due"},
      {"extension-reasons", "/extension/reason"}, {"new-date", "/extension/new_due"},
      {"ombudsman-contact", "/ombudsman_contact"}, {"decision", "/decision"},
      {"reasons", "/elements"}, {"refusal-reason", "/refusal/reason_title"},
      {"refusal-evidence", "/refusal/evidence"}, {"new-issue", "/new_issue"}};
  auto it = m.find(id);
  return it == m.end() ? "" : it->second;
}

bool names(const std::vector<std::string>& missing, const Requirement& r) {
  for (const auto& m : missing)
    if (m.find(r.label) != std::string::npos && m.find(r.provision) != std::string::npos) return true;
  return false;
}

TEST(Letters, EveryTemplateRendersAndPassesTheCodeCheckWithEverythingRecorded) {
  LetterTemplates t({builtinTemplates()});
  for (auto kind : kAllLetterKinds) {
    auto letter = renderLetter(kind, dataFor(kind), t);
    ASSERT_TRUE(letter) << slug(kind) << ": " << letter.error().message;
    EXPECT_TRUE(letter->missing.empty()) << slug(kind) << " misses " << letter->missing.front();
    EXPECT_NE(letter->html.find("Northside Homes"), std::string::npos) << slug(kind);
    EXPECT_NE(letter->html.find(" Resident"), std::string::npos) << slug(kind);
  }
}

TEST(Letters, EachTemplateIsRefusedWhenTheCaseLacksEachRequiredItem) {
  LetterTemplates t({builtinTemplates()});
  int checked = 0;
  for (auto kind : kAllLetterKinds) {
    for (const auto& req : requirementsFor(kind)) {
      std::string pointer = pointerOf(req.id);
      if (pointer.empty()) continue;  // a section the template always states
      json data = dataFor(kind);
      json::json_pointer p(pointer);
      data[p] = data[p].is_array() ? json::array() : json("");
      auto letter = renderLetter(kind, data, t);
      ASSERT_TRUE(letter);
      EXPECT_TRUE(names(letter->missing, req)) << slug(kind) << " without " << req.id;
      EXPECT_EQ(letter->missing.size(), 1u) << slug(kind) << " without " << req.id;
      ++checked;
    }
  }
  EXPECT_GE(checked, 20);
}

TEST(Letters, EachTemplateIsRefusedWhenTheLetterDropsEachRequiredSection) {
  LetterTemplates t({builtinTemplates()});
  for (auto kind : kAllLetterKinds) {
    json data = dataFor(kind);
    auto letter = renderLetter(kind, data, t);
    ASSERT_TRUE(letter);
    for (const auto& req : requirementsFor(kind)) {
      std::string html = letter->html;
      std::string marker = "data-code=\"" + req.id + "\"";
      for (auto pos = html.find(marker); pos != std::string::npos; pos = html.find(marker))
        html.replace(pos, marker.size(), "data-removed=\"x\"");
      auto missing = missingItems(kind, data, html);
      EXPECT_TRUE(names(missing, req)) << slug(kind) << " without the " << req.id << " section";
    }
  }
}

TEST(Letters, AnAcknowledgementWithoutTheResponsibilityStatementIsRefused) {
  CaseHarness h;
  h.mustCreate(charter::testing::complaint("2025-03-03T10:00:00+00:00"));
  h.must(charter::testing::ack("2025-03-04T10:00:00+00:00"));
  CaseView v{h.state(), h.clocks(D("2025-03-05"))};
  auto letter = renderLetter(LetterKind::kAcknowledgement,
                             letterData(LetterKind::kAcknowledgement, v,
                                        *charter::testing::code2024(), "Northside", D("2025-03-05")),
                             LetterTemplates({builtinTemplates()}));
  ASSERT_TRUE(letter);
  ASSERT_EQ(letter->missing.size(), 1u);
  EXPECT_NE(letter->missing[0].find("Code 5.7"), std::string::npos);
}

TEST(Letters, AResponseBeforeTheDecisionIsRefusedNamingEveryMissingItem) {
  CaseHarness h;
  h.mustCreate(charter::testing::complaint("2025-03-03T10:00:00+00:00"));
  CaseView v{h.state(), h.clocks(D("2025-03-05"))};
  auto letter = renderLetter(LetterKind::kStage1Response,
                             letterData(LetterKind::kStage1Response, v,
                                        *charter::testing::code2024(), "Northside", D("2025-03-05")),
                             LetterTemplates({builtinTemplates()}));
  ASSERT_TRUE(letter);
  // The definition, the decision and the reasons.
  EXPECT_EQ(letter->missing.size(), 3u);
}

TEST(Letters, ALandlordTemplateOverridesTheBuiltInOneAndIsCheckedToo) {
  auto dir = std::filesystem::temp_directory_path() / "charter-letters-override";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "stage1_response.mustache")
      << "<div>{{> letter_head}}<p data-code=\"stage\">{{stage_label}}</p>"
         "<p data-code=\"complaint-definition\">{{definition}}</p><p data-code=\"decision\">"
         "{{decision}}</p><div data-code=\"reasons\">{{#elements_listed}}{{reasons}}{{/elements_listed}}"
         "</div><p data-code=\"remedy\">-</p><p data-code=\"outstanding-actions\">-</p></div>";
  LetterTemplates t({dir, builtinTemplates()});
  auto letter = renderLetter(LetterKind::kStage1Response, dataFor(LetterKind::kStage1Response), t);
  ASSERT_TRUE(letter);
  EXPECT_NE(letter->html.find("Northside Homes"), std::string::npos);  // partial from built-in
  ASSERT_EQ(letter->missing.size(), 1u);
  EXPECT_NE(letter->missing[0].find("how to escalate"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Letters, TheStoredLetterMakesAPdf) {
  auto letter = renderLetter(LetterKind::kStage2Response, dataFor(LetterKind::kStage2Response),
                             LetterTemplates({builtinTemplates()}));
  ASSERT_TRUE(letter);
  json stored = letterEventData(*letter);
  EXPECT_EQ(stored["letter"], "stage2_response");
  ASSERT_FALSE(stored["blocks"].empty());
  EXPECT_EQ(stored["blocks"][0]["s"], "Northside Homes");
  auto pdf = letterPdf(stored, "Northside Homes");
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
}

TEST(Letters, HtmlBlocksKeepTextAndUnescape) {
  auto b = htmlBlocks("<h2 class=\"x\">Title &amp; more</h2><p>One<br>two <span>three</span></p>"
                      "<ul><li>a</li><li>b &lt;c&gt;</li></ul><div>skipped</div>");
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0]["s"], "Title & more");
  EXPECT_EQ(b[1]["s"], "One\ntwo three");
  EXPECT_EQ(b[3]["s"], "b <c>");
}

TEST(Letters, SignedWithTheIssuersNameAndJobTitleOrForTheTeam) {
  Journey j;
  CaseView v = j.stage1;
  LetterTemplates t({builtinTemplates()});
  auto signed_by = renderLetter(
      LetterKind::kAcknowledgement,
      letterData(LetterKind::kAcknowledgement, v, *charter::testing::code2024(), "Northside Homes",
                 D("2025-04-09"), Signer{"Ivy Okonkwo", "Complaints Investigator"}),
      t);
  ASSERT_TRUE(signed_by);
  EXPECT_NE(signed_by->html.find("Ivy Okonkwo<br>Complaints Investigator<br>Northside Homes"),
            std::string::npos) << signed_by->html;
  auto team = renderLetter(LetterKind::kAcknowledgement,
                           letterData(LetterKind::kAcknowledgement, v,
                                      *charter::testing::code2024(), "Northside Homes",
                                      D("2025-04-09")),
                           t);
  ASSERT_TRUE(team);
  EXPECT_NE(team->html.find("The complaints team<br>Northside Homes"), std::string::npos);
}

TEST(Letters, AnApostropheInTheCaseReachesEveryBlockAsPlainText) {
  Journey j;
  CaseView v = j.stage1;
  auto l = renderLetter(LetterKind::kAcknowledgement,
                        letterData(LetterKind::kAcknowledgement, v, *charter::testing::code2024(),
                                   "O'Brien & Sons Homes", D("2025-04-09")),
                        LetterTemplates({builtinTemplates()}));
  ASSERT_TRUE(l);
  std::string all = letterEventData(*l)["blocks"].dump();
  EXPECT_NE(all.find("O'Brien & Sons Homes"), std::string::npos) << all;
  EXPECT_EQ(all.find("&apos;"), std::string::npos);
  EXPECT_EQ(all.find("&amp;"), std::string::npos);
}

// Issue 12 item 7: at stage 2 "upheld" is about stage 1's finding, and says so.
TEST(Letters, AStage2PartSaysWhetherStage1sFindingIsUpheldOrOverturned) {
  LetterTemplates t({builtinTemplates()});
  auto letter = renderLetter(LetterKind::kStage2Response, dataFor(LetterKind::kStage2Response), t);
  ASSERT_TRUE(letter) << letter.error().message;
  EXPECT_NE(letter->html.find("Stage 1 finding upheld"), std::string::npos);
  EXPECT_NE(letter->html.find("Stage 1 finding overturned"), std::string::npos);
  EXPECT_EQ(letter->html.find("Finding: Upheld"), std::string::npos);
  auto first = renderLetter(LetterKind::kStage1Response, dataFor(LetterKind::kStage1Response), t);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_NE(first->html.find("Finding: Upheld"), std::string::npos);
}

TEST(Letters, KindsRoundTrip) {
  for (auto k : kAllLetterKinds) EXPECT_EQ(parseLetterKind(slug(k)), k);
  EXPECT_FALSE(parseLetterKind("stage3_response"));
}

// Welsh letters (templates/letters/cy, util/i18n.h): the same Code check, in Welsh.

TEST(WelshLetters, EveryTemplateRendersInWelshAndPassesTheCodeCheck) {
  LetterTemplates t({builtinTemplates()});
  for (auto kind : kAllLetterKinds) {
    auto letter = renderLetter(kind, dataFor(kind, i18n::Lang::kCy), t);
    ASSERT_TRUE(letter) << slug(kind) << ": " << letter.error().message;
    EXPECT_TRUE(letter->missing.empty()) << slug(kind) << " misses " << letter->missing.front();
    EXPECT_NE(letter->html.find("lang=\"cy\""), std::string::npos) << slug(kind);
    EXPECT_NE(letter->html.find("Yn gywir"), std::string::npos) << slug(kind);
    EXPECT_NE(letter->html.find("Ombwdsmon Tai"), std::string::npos) << slug(kind);
    EXPECT_NE(letter->html.find("dydd "), std::string::npos) << slug(kind) << ": a Welsh date";
    EXPECT_EQ(letter->html.find("Yours sincerely"), std::string::npos) << slug(kind);
    EXPECT_EQ(letter->html.find("Dear "), std::string::npos) << slug(kind);
  }
}

TEST(WelshLetters, TheWelshWordsComeFromTheCatalogue) {
  json d = dataFor(LetterKind::kStage1Response, i18n::Lang::kCy);
  EXPECT_EQ(d["language"], "cy");
  EXPECT_EQ(d["title"], "Ein hymateb cam 1 i'ch cwyn");
  EXPECT_EQ(d["stage_label"], "Cam 1");
  EXPECT_EQ(d["decision"], "Wedi'i chadarnhau");
  EXPECT_EQ(d["salutation"], "Annwyl Ada Resident");
  EXPECT_EQ(d["signer"]["name"], "Y tîm cwynion");
  EXPECT_EQ(d["remedies"][0]["type"], "Iawndal ariannol");
  EXPECT_EQ(d["date"], "dydd Mercher 9 Ebrill 2025");
}

TEST(WelshLetters, TheEnglishTitlesInTheCatalogueAreTheLettersOwn) {
  for (auto kind : kAllLetterKinds)
    EXPECT_EQ(i18n::text(i18n::Lang::kEn, "letter_title_" + std::string(slug(kind))), title(kind));
}

TEST(WelshLetters, EachWelshTemplateIsRefusedWhenTheCaseLacksEachRequiredItem) {
  LetterTemplates t({builtinTemplates()});
  int checked = 0;
  for (auto kind : kAllLetterKinds) {
    for (const auto& req : requirementsFor(kind)) {
      std::string pointer = pointerOf(req.id);
      if (pointer.empty()) continue;
      json data = dataFor(kind, i18n::Lang::kCy);
      json::json_pointer p(pointer);
      data[p] = data[p].is_array() ? json::array() : json("");
      auto letter = renderLetter(kind, data, t);
      ASSERT_TRUE(letter);
      EXPECT_TRUE(names(letter->missing, req)) << slug(kind) << " without " << req.id;
      EXPECT_EQ(letter->missing.size(), 1u) << slug(kind) << " without " << req.id;
      ++checked;
    }
  }
  EXPECT_GE(checked, 20);
}

TEST(WelshLetters, EachWelshTemplateIsRefusedWhenItDropsEachRequiredSection) {
  LetterTemplates t({builtinTemplates()});
  for (auto kind : kAllLetterKinds) {
    json data = dataFor(kind, i18n::Lang::kCy);
    auto letter = renderLetter(kind, data, t);
    ASSERT_TRUE(letter);
    for (const auto& req : requirementsFor(kind)) {
      std::string html = letter->html;
      std::string marker = "data-code=\"" + req.id + "\"";
      for (auto pos = html.find(marker); pos != std::string::npos; pos = html.find(marker))
        html.replace(pos, marker.size(), "data-removed=\"x\"");
      EXPECT_TRUE(names(missingItems(kind, data, html), req)) << slug(kind) << " " << req.id;
    }
  }
}

TEST(WelshLetters, AnEnglishTemplateInTheWelshFolderIsRefused) {
  auto dir = std::filesystem::temp_directory_path() / "charter-letters-cy-english";
  std::filesystem::create_directories(dir / "cy");
  std::filesystem::copy_file(builtinTemplates() / "acknowledgement.mustache",
                             dir / "cy" / "acknowledgement.mustache",
                             std::filesystem::copy_options::overwrite_existing);
  LetterTemplates t({dir, builtinTemplates()});
  auto letter = renderLetter(LetterKind::kAcknowledgement,
                             dataFor(LetterKind::kAcknowledgement, i18n::Lang::kCy), t);
  ASSERT_TRUE(letter);
  ASSERT_EQ(letter->missing.size(), 1u);
  EXPECT_NE(letter->missing[0].find("in Welsh"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(WelshLetters, AWelshLetterNeverFallsBackToTheEnglishTemplate) {
  auto dir = std::filesystem::temp_directory_path() / "charter-letters-no-cy";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(builtinTemplates() / "acknowledgement.mustache",
                             dir / "acknowledgement.mustache",
                             std::filesystem::copy_options::overwrite_existing);
  LetterTemplates t({dir});
  auto letter = renderLetter(LetterKind::kAcknowledgement,
                             dataFor(LetterKind::kAcknowledgement, i18n::Lang::kCy), t);
  ASSERT_FALSE(letter);
  EXPECT_EQ(letter.error().kind, ErrorKind::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace charter
