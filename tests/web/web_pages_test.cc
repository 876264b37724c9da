// The web's pages through the router, on a real SQLite file: sign-in, the session cookie, the
// CSRF check, who sees what, My work's groups, form errors and the letter check.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"
#include "web/memory_accounts.h"
#include "web/web.h"

namespace charter::web {
namespace {

std::string sourceDir() {
  const char* s = std::getenv("CHARTER_SOURCE_DIR");
  return s ? s : ".";
}

class WebPages : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("charter-web-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "assets" / "fonts");
    std::ofstream(dir_ / "assets" / "charter.css") << "body{}";
    std::ofstream(dir_ / "assets" / "fonts" / "bold-1.woff2") << "font";
    SqliteOptions o;
    o.path = dir_ / "t.db";
    o.synchronous_full = false;
    store_ = SqliteStore::open(o).value();
    service_ = std::make_unique<CaseService>(*store_, builtinPolicy("hos-code-2024").value(), time_);
    access_ = plainAccess(*service_);
    accounts_ = std::make_unique<MemoryAccounts>("demo", time_);
    add("ivy", Role::kInvestigatingManager, "");
    add("ada", Role::kResident, "P-1");
    add("bob", Role::kResident, "P-2");
    options_.landlord_slug = "demo";
    options_.landlord_name = "Northside Homes";
    options_.assets_dir = dir_ / "assets";
    options_.letter_template_dirs = {std::filesystem::path(sourceDir()) / "templates" / "letters"};
    addRoutes(router_, *access_, *accounts_, options_);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void add(const std::string& user, Role role, const std::string& person) {
    NewAccount a;
    a.landlord = 1;
    a.username = user;
    a.display_name = user;
    a.password = "password of " + user;
    a.role = role;
    a.person_ref = person;
    ASSERT_TRUE(accounts_->addAccount(a));
  }
  http::Response send(const std::string& method, const std::string& target,
                      const std::string& body = {}, const std::string& cookie = {}) {
    http::Request r;
    r.method = method;
    r.target = target;
    auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = *http::parseQuery(target.substr(q + 1));
    r.body = body;
    if (!cookie.empty()) r.headers["cookie"] = "charter_session=" + cookie;
    r.headers["content-type"] = "application/x-www-form-urlencoded";
    return router_.dispatch(r);
  }
  Session signIn(const std::string& user) {
    return accounts_->signIn("demo", user, "password of " + user, "127.0.0.1").value();
  }
  static std::string header(const http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }
  CaseId complaint(const std::string& received_at, const std::string& person_ref,
                   const std::string& handler = {}) {
    nlohmann::json body = {{"kind", "complaint"}, {"received_at", received_at}, {"channel", "phone"},
                           {"summary", "Boiler broken"},
                           {"person", {{"name", "Ada Resident"}, {"account", person_ref}}}};
    CaseId id = service_->create(body, "test").value().state.id;
    if (!handler.empty()) {
      auto at = parseInstant(received_at).value() + std::chrono::hours(1);
      EXPECT_TRUE(service_->act(id, {{"action", "acknowledge"}, {"at", formatInstant(at)},
                                     {"definition", "Boiler"}, {"handler", handler}}, "test"));
    }
    return id;
  }

  std::filesystem::path dir_;
  SystemTimeSource time_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<CaseService> service_;
  std::unique_ptr<CaseAccess> access_;
  std::unique_ptr<MemoryAccounts> accounts_;
  WebOptions options_;
  http::Router router_;
};

TEST_F(WebPages, SignedOutVisitorsAreSentToSignInAndBack) {
  auto r = send("GET", "/staff/search?q=x");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(header(r, "Location"), "/sign-in?next=/staff/search%3Fq%3Dx");
  EXPECT_EQ(send("GET", "/sign-in").status, 200);
  EXPECT_EQ(send("POST", "/staff/new", "kind=complaint").status, 403);
}

TEST_F(WebPages, SignInSetsAHttpOnlyLaxCookieAndNeverSaysWhichPartWasWrong) {
  auto bad = send("POST", "/sign-in", "username=ivy&password=wrong");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("Enter a correct email address or staff ID and password"), std::string::npos);
  EXPECT_TRUE(header(bad, "Set-Cookie").empty());
  auto empty = send("POST", "/sign-in", "username=&password=");
  EXPECT_NE(empty.body.find("href=\"#password\""), std::string::npos);
  auto ok = send("POST", "/sign-in", "username=ivy&password=password+of+ivy&next=%2Fstaff%2Fsearch");
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(header(ok, "Location"), "/staff/search");
  std::string cookie = header(ok, "Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  // Never back to another site.
  auto away = send("POST", "/sign-in", "username=ivy&password=password+of+ivy&next=%2F%2Fevil.example");
  EXPECT_EQ(header(away, "Location"), "/staff");
}

TEST_F(WebPages, SecureCookiesOverTls) {
  options_.secure_cookies = true;
  auto ok = send("POST", "/sign-in", "username=ada&password=password+of+ada");
  EXPECT_NE(header(ok, "Set-Cookie").find("; Secure"), std::string::npos);
  EXPECT_EQ(header(ok, "Location"), "/portal");
}

TEST_F(WebPages, EveryPostNeedsTheSessionsCsrfToken) {
  Session s = signIn("ivy");
  CaseId id = complaint("2026-01-05T10:00:00+00:00", "P-1");
  std::string path = "/staff/cases/" + std::to_string(id) + "/act/note";
  EXPECT_EQ(send("POST", path, "text=hello", s.token).status, 403);
  EXPECT_EQ(send("POST", path, "text=hello&csrf_token=forged", s.token).status, 403);
  EXPECT_EQ(send("POST", path, "text=hello&csrf_token=" + s.csrf_token, s.token).status, 303);
  EXPECT_EQ(service_->get(id)->state.events.back().type, "note");
  // Sign-out needs it too, and ends the session.
  EXPECT_EQ(send("POST", "/sign-out", "", s.token).status, 403);
  EXPECT_EQ(send("POST", "/sign-out", "csrf_token=" + s.csrf_token, s.token).status, 303);
  EXPECT_EQ(send("GET", "/staff", "", s.token).status, 303);
}

TEST_F(WebPages, ResidentsSeeOnlyTheirOwnCasesAndNeverTheWorkspace) {
  Session ada = signIn("ada"), bob = signIn("bob"), ivy = signIn("ivy");
  CaseId mine = complaint("2026-01-05T10:00:00+00:00", "P-1");
  EXPECT_EQ(send("GET", "/portal/cases/" + std::to_string(mine), "", ada.token).status, 200);
  EXPECT_EQ(send("GET", "/portal/cases/" + std::to_string(mine), "", bob.token).status, 404);
  auto list = send("GET", "/portal", "", bob.token);
  EXPECT_EQ(list.body.find("CH-"), std::string::npos);
  EXPECT_EQ(header(send("GET", "/staff", "", ada.token), "Location"), "/portal");
  EXPECT_EQ(header(send("GET", "/portal", "", ivy.token), "Location"), "/staff");
}

TEST_F(WebPages, APortalComplaintIsAboutTheResident) {
  Session ada = signIn("ada");
  auto r = send("POST", "/portal/new", "kind=complaint&summary=Mould+is+back&csrf_token=" + ada.csrf_token, ada.token);
  ASSERT_EQ(r.status, 303);
  CaseId id = std::stoll(header(r, "Location").substr(std::string("/portal/cases/").size()));
  auto v = service_->get(id).value();
  EXPECT_EQ(v.state.person.account, "P-1");
  EXPECT_EQ(v.state.channel, Channel::kOnlineAccount);
  auto err = send("POST", "/portal/new", "summary=&csrf_token=" + ada.csrf_token, ada.token);
  EXPECT_EQ(err.status, 422);
  EXPECT_NE(err.body.find("<title>Error: Contact us"), std::string::npos);
  EXPECT_NE(err.body.find("id=\"kind-error\""), std::string::npos);
  EXPECT_NE(err.body.find("id=\"summary-error\""), std::string::npos);
}

TEST_F(WebPages, MyWorkGroupsTheHandlersOpenCasesByNextDeadline) {
  Session ivy = signIn("ivy");
  complaint("2025-01-06T10:00:00+00:00", "P-1", "ivy");                       // long overdue
  complaint(formatInstant(time_.now() - std::chrono::minutes(90)), "P-1", "ivy");  // due later
  complaint("2025-01-06T10:00:00+00:00", "P-1", "someone-else");
  auto r = send("GET", "/staff", "", ivy.token);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("You have 2 open cases"), std::string::npos);
  EXPECT_NE(r.body.find("Overdue (1)"), std::string::npos);
  EXPECT_NE(r.body.find("Due today (0)"), std::string::npos);
  EXPECT_NE(r.body.find("The rest (1)"), std::string::npos);
}

TEST_F(WebPages, ActionErrorsAreShownNextToTheirField) {
  Session ivy = signIn("ivy");
  CaseId id = complaint("2026-01-05T10:00:00+00:00", "P-1");
  std::string path = "/staff/cases/" + std::to_string(id) + "/act/acknowledge";
  auto r = send("POST", path, "definition=&handler=ivy&csrf_token=" + ivy.csrf_token, ivy.token);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#definition\""), std::string::npos);
  EXPECT_NE(r.body.find("id=\"definition-error\""), std::string::npos);
  // Responding before acknowledging: the Code's 409, summarised.
  auto early = send("POST", "/staff/cases/" + std::to_string(id) + "/act/respond",
                    "decision=upheld&elements%5B0%5D.summary=a&elements%5B0%5D.finding=upheld&"
                    "elements%5B0%5D.reasons=b&csrf_token=" + ivy.csrf_token, ivy.token);
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(early.body.find("govuk-error-summary"), std::string::npos);
}

TEST_F(WebPages, ALetterMissingWhatTheCodeRequiresIsRefusedWithTheItemsNamed) {
  Session ivy = signIn("ivy");
  CaseId id = complaint("2026-01-05T10:00:00+00:00", "P-1", "ivy");
  std::string path = "/staff/cases/" + std::to_string(id) + "/letters";
  auto r = send("POST", path, "letter=stage1_response&csrf_token=" + ivy.csrf_token, ivy.token);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("the decision on the complaint (Code 6.9(c))"), std::string::npos);
  EXPECT_NE(r.body.find("the reasons for each decision"), std::string::npos);
  // The acknowledgement lacks the responsibility statement (Code 5.7) until it is recorded.
  auto ack = send("POST", path, "letter=acknowledgement&csrf_token=" + ivy.csrf_token, ivy.token);
  EXPECT_EQ(ack.status, 409);
  EXPECT_NE(ack.body.find("Code 5.7"), std::string::npos);
  EXPECT_EQ(service_->get(id)->state.events.size(), 2u);  // nothing issued
}

TEST_F(WebPages, AnIssuedLetterIsStoredAndReadableInThePortalAsHtmlAndPdf) {
  Session ivy = signIn("ivy"), ada = signIn("ada");
  CaseId id = complaint("2026-01-05T10:00:00+00:00", "P-1");
  ASSERT_TRUE(service_->act(id, {{"action", "acknowledge"}, {"at", "2026-01-05T12:00:00+00:00"},
                                 {"definition", "Boiler broken; wants it fixed"},
                                 {"responsibility", "We are responsible for the repair"},
                                 {"handler", "ivy"}}, "ivy"));
  auto r = send("POST", "/staff/cases/" + std::to_string(id) + "/letters",
                "letter=acknowledgement&csrf_token=" + ivy.csrf_token, ivy.token);
  ASSERT_EQ(r.status, 303);
  auto view = service_->get(id).value();
  EXPECT_EQ(view.state.events.back().type, "letter_issued");
  std::string seq = std::to_string(view.state.events.back().seq);
  auto html = send("GET", "/portal/cases/" + std::to_string(id) + "/letters/" + seq, "", ada.token);
  EXPECT_EQ(html.status, 200);
  EXPECT_NE(html.body.find("Boiler broken; wants it fixed"), std::string::npos);
  auto pdf = send("GET", "/portal/cases/" + std::to_string(id) + "/letters/" + seq + "/pdf", "", ada.token);
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
}

TEST_F(WebPages, AssetsAreServedWithCacheHeadersAndNothingOutsideTheFolder) {
  auto css = send("GET", "/assets/charter.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_NE(header(css, "Cache-Control").find("max-age"), std::string::npos);
  auto font = send("GET", "/assets/fonts/bold-1.woff2");
  EXPECT_NE(header(font, "Cache-Control").find("immutable"), std::string::npos);
  EXPECT_EQ(send("GET", "/assets/..%2Ft.db").status, 404);
  EXPECT_EQ(send("GET", "/assets/.hidden").status, 404);
}

TEST_F(WebPages, SearchFindsByReferenceAndName) {
  Session ivy = signIn("ivy");
  CaseId id = complaint("2026-01-05T10:00:00+00:00", "P-1");
  auto r = send("GET", "/staff/search?q=" + caseReference(id), "", ivy.token);
  EXPECT_NE(r.body.find("1 case for"), std::string::npos);
  r = send("GET", "/staff/search?q=Ada", "", ivy.token);
  EXPECT_NE(r.body.find(caseReference(id)), std::string::npos);
}

}  // namespace
}  // namespace charter::web
