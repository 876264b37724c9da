// "Check and send" (web/letter_preview.cc) through the router on a real SQLite file: the letter
// is shown first and nothing is recorded; the personal message appears in the preview and in
// the letter sent; how it was sent is required, recorded on the letter_issued event and shown
// in the timeline; a letter lacking what the Code requires is still refused before a preview.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "http/browser.h"
#include "support/memory_accounts.h"
#include "store/sqlite/account_store.h"
#include "store/sqlite/sqlite_store.h"
#include "web/web.h"

namespace charter::web {
namespace {

using test_support::MemoryAccounts;

std::string sourceDir() {
  const char* s = std::getenv("CHARTER_SOURCE_DIR");
  return s ? s : ".";
}

class LetterPreview : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("charter-preview-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "assets");
    SqliteOptions o;
    o.path = dir_ / "t.db";
    o.synchronous_full = false;
    store_ = SqliteStore::open(o).value();
    service_ = std::make_unique<CaseService>(*store_, builtinPolicy("hos-code-2024").value(), time_);
    account_store_ = std::make_unique<SqliteAccountStore>(*store_);
    registry_ = std::make_unique<LandlordRegistry>(*store_, *account_store_, time_,
                                                   builtinPolicy("hos-code-2024").value());
    ASSERT_TRUE(registry_->load());
    cases_ = std::make_unique<AuthorisedCases>(*registry_);
    accounts_ = std::make_unique<MemoryAccounts>("demo", time_);
    NewAccount a;
    a.landlord = 1;
    a.username = "ivy";
    a.display_name = "Ivy Okonkwo";
    a.job_title = "Complaints Investigator";
    a.password = "password of ivy";
    a.role = Role::kInvestigatingManager;
    ASSERT_TRUE(accounts_->addAccount(a));
    options_.landlord_slug = "demo";
    options_.landlord_name = "Northside Homes";
    options_.assets_dir = dir_ / "assets";
    options_.letter_template_dirs = {std::filesystem::path(sourceDir()) / "templates" / "letters"};
    addRoutes(router_, *cases_, *accounts_, options_);
    ivy_ = accounts_->signIn("demo", "ivy", "password of ivy", "127.0.0.1").value();
    id_ = service_->create({{"kind", "complaint"}, {"received_at", "2026-01-05T10:00:00+00:00"},
                            {"channel", "phone"}, {"summary", "Boiler broken"},
                            {"person", {{"name", "Ada Resident"}, {"account", "P-1"}}}},
                           "test").value().state.id;
    ASSERT_TRUE(service_->act(id_, {{"action", "acknowledge"}, {"at", "2026-01-05T12:00:00+00:00"},
                                    {"definition", "Boiler broken; wants it fixed"},
                                    {"responsibility", "We are responsible for the repair"},
                                    {"handler", "ivy"}}, "ivy"));
  }
  void TearDown() override {
    cases_.reset();
    registry_.reset();
    account_store_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  http::Response post(const std::string& body) {
    http::Request r;
    r.method = "POST";
    r.target = r.path = "/staff/cases/" + std::to_string(id_) + "/letters";
    r.body = body + "&csrf_token=" + ivy_.csrf_token;
    r.headers["cookie"] = "charter_session=" + ivy_.token;
    r.headers["content-type"] = "application/x-www-form-urlencoded";
    return router_.dispatch(r);
  }
  http::Response get(const std::string& path) {
    http::Request r;
    r.method = "GET";
    r.target = r.path = path;
    r.headers["cookie"] = "charter_session=" + ivy_.token;
    return router_.dispatch(r);
  }
  std::size_t events() { return service_->get(id_)->state.events.size(); }
  static bool has(const http::Response& r, const std::string& text) {
    return r.body.find(text) != std::string::npos;
  }

  std::filesystem::path dir_;
  SystemTimeSource time_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<CaseService> service_;
  std::unique_ptr<SqliteAccountStore> account_store_;
  std::unique_ptr<LandlordRegistry> registry_;
  std::unique_ptr<AuthorisedCases> cases_;
  std::unique_ptr<MemoryAccounts> accounts_;
  WebOptions options_;
  http::Router router_;
  Session ivy_;
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
