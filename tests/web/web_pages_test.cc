// The web's pages through the router, on a real SQLite file: sign-in, the session cookie, the
// CSRF check, who sees what, My work's groups, form errors and the letter check.
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
    account_store_ = std::make_unique<SqliteAccountStore>(*store_);
    registry_ = std::make_unique<LandlordRegistry>(*store_, *account_store_, time_,
                                                   builtinPolicy("hos-code-2024").value());
    ASSERT_TRUE(registry_->load());
    cases_ = std::make_unique<AuthorisedCases>(*registry_);
    accounts_ = std::make_unique<MemoryAccounts>("demo", time_);
    add("ivy", Role::kInvestigatingManager, "");
    add("ada", Role::kResident, "P-1");
    add("bob", Role::kResident, "P-2");
    options_.landlord_slug = "demo";
    options_.landlord_name = "Northside Homes";
    options_.assets_dir = dir_ / "assets";
    options_.letter_template_dirs = {std::filesystem::path(sourceDir()) / "templates" / "letters"};
    addRoutes(router_, *cases_, *accounts_, options_);
  }
  void TearDown() override {
    http::setSecureCookies(false);
    cases_.reset();
    registry_.reset();
    account_store_.reset();
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
                      const std::string& body = {}, const std::string& cookie = {},
                      const std::string& raw_cookie = {}) {
    http::Request r;
    r.method = method;
    r.target = target;
    auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = *http::parseQuery(target.substr(q + 1));
    r.body = body;
    if (!cookie.empty()) r.headers["cookie"] = "charter_session=" + cookie;
    if (!raw_cookie.empty()) r.headers["cookie"] = raw_cookie;
    r.headers["content-type"] = "application/x-www-form-urlencoded";
    return router_.dispatch(r);
  }
  // The sign-in form's login-CSRF token (hidden field and cookie), from GET /sign-in.
  std::string signInToken() {
    auto page = send("GET", "/sign-in");
    std::string marker = "name=\"signin_token\" value=\"";
    auto at = page.body.find(marker);
    if (at == std::string::npos) return {};
    at += marker.size();
    return page.body.substr(at, page.body.find('"', at) - at);
  }
  http::Response postSignIn(const std::string& body) {
    std::string t = signInToken();
    return send("POST", "/sign-in", body + "&signin_token=" + t, {}, "charter_signin=" + t);
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
  std::unique_ptr<SqliteAccountStore> account_store_;
  std::unique_ptr<LandlordRegistry> registry_;
  std::unique_ptr<AuthorisedCases> cases_;
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

TEST_F(WebPages, ALandlordsPageTemplatesReplaceTheBuiltInOnes) {
  std::filesystem::create_directories(dir_ / "pages-own" / "partials");
  std::ofstream(dir_ / "pages-own" / "partials" / "footer.mustache")
      << "<footer class=\"govuk-footer\">{{service_name}}: our own footer</footer>\n";
  WebOptions own = options_;
  own.page_templates_dir = dir_ / "pages-own";
  http::Router router;
  addRoutes(router, *cases_, *accounts_, own);
  http::Request r;
  r.method = "GET";
  r.target = r.path = "/sign-in";
  auto page = router.dispatch(r);
  EXPECT_NE(page.body.find("Northside Homes: our own footer"), std::string::npos);
  EXPECT_NE(page.body.find("Sign in to Northside Homes"), std::string::npos);  // the rest built in
  std::ofstream(dir_ / "pages-own" / "partials" / "footer.mustache") << "{{#unclosed}}";
  http::Router refused;
  EXPECT_THROW(addRoutes(refused, *cases_, *accounts_, own), std::runtime_error);
  WebOptions builtin = options_;
  addRoutes(refused, *cases_, *accounts_, builtin);  // back to the built-in set
  EXPECT_EQ(send("GET", "/sign-in").body.find("our own footer"), std::string::npos);
}

TEST_F(WebPages, SignInSetsAHttpOnlyLaxCookieAndNeverSaysWhichPartWasWrong) {
  auto bad = postSignIn("username=ivy&password=wrong");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("Enter a correct email address or staff ID and password"), std::string::npos);
  EXPECT_EQ(header(bad, "Set-Cookie").find("charter_session"), std::string::npos);
  auto empty = postSignIn("username=&password=");
  EXPECT_NE(empty.body.find("href=\"#password\""), std::string::npos);
  auto ok = postSignIn("username=ivy&password=password+of+ivy&next=%2Fstaff%2Fsearch");
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(header(ok, "Location"), "/staff/search");
  std::string cookie = header(ok, "Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  // Never back to another site.
  auto away = postSignIn("username=ivy&password=password+of+ivy&next=%2F%2Fevil.example");
  EXPECT_EQ(header(away, "Location"), "/staff");
}

TEST_F(WebPages, SecureCookiesOverTls) {
  http::setSecureCookies(true);
  auto ok = postSignIn("username=ada&password=password+of+ada");
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
  // The list of their cases at /portal/cases too: Ada's lists hers, Bob's none.
  auto cases = send("GET", "/portal/cases", "", ada.token);
  EXPECT_EQ(cases.status, 200);
  EXPECT_NE(cases.body.find("/portal/cases/" + std::to_string(mine)), std::string::npos);
  EXPECT_EQ(send("GET", "/portal/cases", "", bob.token).body.find("CH-"), std::string::npos);
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

TEST_F(WebPages, AResidentAsksForStageTwoSayingWhatTheyAreStillUnhappyAbout) {
  Session ada = signIn("ada");
  const Instant now = time_.now();
  CaseId id = complaint(formatInstant(now - std::chrono::hours(72)), "P-1", "ivy");
  ASSERT_TRUE(service_->act(id, {{"action", "respond"}, {"at", formatInstant(now - std::chrono::hours(1))},
                                 {"decision", "not_upheld"},
                                 {"elements", {{{"summary", "Boiler"}, {"finding", "not_upheld"},
                                                {"reasons", "It was fixed on time"}}}}}, "ivy"));
  const std::string path = "/portal/cases/" + std::to_string(id);
  auto before = send("GET", path, "", ada.token);
  EXPECT_NE(before.body.find("What are you still unhappy about? (optional)"), std::string::npos);
  EXPECT_NE(before.body.find("We have sent you our answer."), std::string::npos) << "the resident's words, not staff's";
  auto r = send("POST", path + "/escalate",
                "reason=It+is+still+cold.%0D%0A%0D%0AThe+engineer+never+came.&csrf_token=" + ada.csrf_token, ada.token);
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(header(r, "Location"), path + "?done=escalated");
  auto v = service_->get(id).value();
  EXPECT_EQ(v.state.stage, 2);
  EXPECT_EQ(v.state.events.back().data.value("reason", ""), "It is still cold.\r\n\r\nThe engineer never came.");
  auto after = send("GET", path + "?done=escalated", "", ada.token);
  EXPECT_NE(after.body.find("You have asked for a stage 2 review"), std::string::npos);
  EXPECT_NE(after.body.find("We will write to confirm we have your request for a stage 2 review"), std::string::npos);
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

TEST_F(WebPages, MyWorkCountsACaseAssignedToThePersonBeforeItIsAcknowledged) {
  Session ivy = signIn("ivy");
  CaseId id = complaint("2025-01-06T10:00:00+00:00", "P-1");  // its acknowledgement overdue
  ASSERT_TRUE(service_->act(id, {{"action", "assign"}, {"owner", "ivy"}}, "test"));
  auto r = send("GET", "/staff", "", ivy.token);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("You have 1 open case"), std::string::npos);
  EXPECT_NE(r.body.find("Overdue (1)"), std::string::npos);
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
                "letter=acknowledgement&step=send&channel=post&csrf_token=" + ivy.csrf_token, ivy.token);
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

TEST_F(WebPages, SignInNeedsItsOwnCsrfTokenFromAPreSessionCookie) {
  auto form = send("GET", "/sign-in");
  std::string cookie = header(form, "Set-Cookie");
  EXPECT_EQ(cookie.rfind("charter_signin=", 0), 0u);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  std::string t = signInToken();
  ASSERT_EQ(t.size(), 43u);
  // The same visitor keeps their token; another visitor gets another.
  auto again = send("GET", "/sign-in", "", {}, "charter_signin=" + t);
  EXPECT_NE(again.body.find("value=\"" + t + "\""), std::string::npos);
  EXPECT_NE(signInToken(), t);
  const std::string creds = "username=ivy&password=password+of+ivy";
  // No token, a token without the cookie, a cookie without the token, or a mismatch: 403, a
  // sign-in page that says why, and no session.
  for (auto [body, raw] : std::vector<std::pair<std::string, std::string>>{
           {creds, ""},
           {creds + "&signin_token=" + t, ""},
           {creds, "charter_signin=" + t},
           {creds + "&signin_token=" + std::string(43, 'a'), "charter_signin=" + t}}) {
    auto r = send("POST", "/sign-in", body, {}, raw);
    EXPECT_EQ(r.status, 403) << body << " / " << raw;
    EXPECT_NE(r.body.find("The sign-in form had expired"), std::string::npos);
    EXPECT_NE(r.body.find("id=\"username-error\""), std::string::npos);
    EXPECT_EQ(header(r, "Set-Cookie").find("charter_session"), std::string::npos);
  }
  auto ok = send("POST", "/sign-in", creds + "&signin_token=" + t, {}, "charter_signin=" + t);
  EXPECT_EQ(ok.status, 303);
  EXPECT_NE(header(ok, "Set-Cookie").find("charter_session="), std::string::npos);
}

TEST_F(WebPages, SearchFindsACaseByTheResidentsAddress) {
  Session ivy = signIn("ivy");
  nlohmann::json body = {{"kind", "complaint"}, {"received_at", "2026-01-05T10:00:00+00:00"},
                         {"channel", "phone"}, {"summary", "Boiler broken"},
                         {"person", {{"name", "Ada Resident"}, {"address", "12 Acacia Avenue, Leeds"}}}};
  CaseId id = service_->create(body, "test").value().state.id;
  complaint("2026-01-05T10:00:00+00:00", "P-2");
  auto r = send("GET", "/staff/search?q=acacia+avenue", "", ivy.token);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("1 case for"), std::string::npos) << r.body.substr(r.body.find("<main"), 3000);
  EXPECT_NE(r.body.find(caseReference(id)), std::string::npos);
  EXPECT_NE(send("GET", "/staff/search?q=Mill+Lane", "", ivy.token).body.find("0 cases for"),
            std::string::npos);
}

TEST_F(WebPages, DatesAreThreePartInputsWithTheWrongPartNamedAndHighlighted) {
  Session ivy = signIn("ivy");
  CaseId id = complaint("2026-01-05T10:00:00+00:00", "P-1", "ivy");
  std::string path = "/staff/cases/" + std::to_string(id) + "/act/extend";
  auto form = send("GET", path, "", ivy.token);
  EXPECT_NE(form.body.find("class=\"govuk-date-input\" id=\"new_due\""), std::string::npos);
  EXPECT_NE(form.body.find("name=\"new_due-day\""), std::string::npos);
  EXPECT_NE(form.body.find("name=\"new_due-year\""), std::string::npos);
  const std::string csrf = "&reason=Waiting+for+a+survey&ombudsman_details_given=yes&csrf_token=" + ivy.csrf_token;
  const auto before = service_->get(id)->state.events.size();
  // A missing month: named, only the month highlighted, the summary links to it.
  auto r = send("POST", path, "new_due-day=3&new_due-month=&new_due-year=2026" + csrf, ivy.token);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("The new response date must include a month"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#new_due-month\""), std::string::npos);
  EXPECT_NE(r.body.find("govuk-input--error\" id=\"new_due-month\""), std::string::npos);
  EXPECT_EQ(r.body.find("govuk-input--error\" id=\"new_due-day\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"3\""), std::string::npos);  // what was typed stays
  // Not a real date.
  r = send("POST", path, "new_due-day=31&new_due-month=2&new_due-year=2026" + csrf, ivy.token);
  EXPECT_NE(r.body.find("The new response date must be a real date"), std::string::npos);
  r = send("POST", path, "new_due-day=3&new_due-month=13&new_due-year=2026" + csrf, ivy.token);
  EXPECT_NE(r.body.find("govuk-input--error\" id=\"new_due-month\""), std::string::npos);
  r = send("POST", path, "new_due-day=3&new_due-month=2&new_due-year=26" + csrf, ivy.token);
  EXPECT_NE(r.body.find("The year of the new response date must include 4 numbers"), std::string::npos);
  r = send("POST", path, "new_due-day=&new_due-month=&new_due-year=" + csrf, ivy.token);
  EXPECT_NE(r.body.find("Enter the new response date"), std::string::npos);
  // A real date the Code refuses (a Saturday): the app's message, every part highlighted.
  r = send("POST", path, "new_due-day=7&new_due-month=2&new_due-year=2026" + csrf, ivy.token);
  EXPECT_EQ(r.status, 422) << r.body.substr(0, 300);
  EXPECT_NE(r.body.find("href=\"#new_due-day\""), std::string::npos);
  EXPECT_NE(r.body.find("govuk-input--error\" id=\"new_due-year\""), std::string::npos);
  EXPECT_EQ(service_->get(id)->state.events.size(), before);
}

TEST_F(WebPages, LoggingAContactReadsTheReceivedDateAndTimeInLocalTime) {
  Session ivy = signIn("ivy");
  const std::string rest = "&kind=complaint&channel=letter&summary=Damp&csrf_token=" + ivy.csrf_token;
  auto made = [&](const std::string& when) {
    auto r = send("POST", "/staff/new", when + rest, ivy.token);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 400);
    CaseId id = std::stoll(header(r, "Location").substr(std::string("/staff/cases/").size()));
    return formatInstant(service_->get(id)->state.received_at);
  };
  EXPECT_EQ(made("received_at-day=5&received_at-month=1&received_at-year=2026&received_at_time=17%3A30"),
            "2026-01-05T17:30:00Z");  // GMT
  EXPECT_EQ(made("received_at-day=13&received_at-month=6&received_at-year=2025&received_at_time=17.30"),
            "2025-06-13T16:30:00Z");  // 17:30 BST
  EXPECT_EQ(made("received_at-day=13&received_at-month=6&received_at-year=2025&received_at_time="),
            "2025-06-13T11:00:00Z");  // no time: midday
  auto bad = send("POST", "/staff/new", "received_at-day=30&received_at-month=2&received_at-year=2025&received_at_time=25%3A00" + rest, ivy.token);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("The date it was received must be a real date"), std::string::npos);
  EXPECT_NE(bad.body.find("id=\"received_at_time-error\""), std::string::npos);
  auto future = send("POST", "/staff/new", "received_at-day=1&received_at-month=1&received_at-year=2099" + rest, ivy.token);
  EXPECT_EQ(future.status, 422);
  EXPECT_NE(future.body.find("href=\"#received_at-day\""), std::string::npos);
}

TEST_F(WebPages, TheResponseFormAddsAsManyPartsRemediesAndActionsAsNeeded) {
  Session ivy = signIn("ivy");
  CaseId id = complaint("2026-01-05T10:00:00+00:00", "P-1", "ivy");
  std::string path = "/staff/cases/" + std::to_string(id) + "/act/respond";
  auto form = send("GET", path, "", ivy.token);
  EXPECT_NE(form.body.find("name=\"elements[0].summary\""), std::string::npos);
  EXPECT_EQ(form.body.find("name=\"elements[1].summary\""), std::string::npos);  // no fixed slots
  EXPECT_NE(form.body.find("name=\"add\" value=\"elements\""), std::string::npos);
  const auto before = service_->get(id)->state.events.size();
  const std::string csrf = "&csrf_token=" + ivy.csrf_token;
  std::string typed =
      "decision=partly_upheld&elements%5B0%5D.summary=Boiler&elements%5B0%5D.finding=upheld&"
      "elements%5B0%5D.reasons=Late&remedies%5B0%5D.type=&remedies%5B0%5D.description=&"
      "remedies%5B0%5D.amount=&outstanding_actions%5B0%5D.description=&"
      "outstanding_actions%5B0%5D.due-day=&outstanding_actions%5B0%5D.due-month=&"
      "outstanding_actions%5B0%5D.due-year=&outstanding_actions%5B0%5D.owner=";
  auto more = send("POST", path, typed + "&add=elements" + csrf, ivy.token);
  EXPECT_EQ(more.status, 200);
  EXPECT_NE(more.body.find("name=\"elements[1].summary\""), std::string::npos);
  EXPECT_EQ(more.body.find("name=\"elements[2].summary\""), std::string::npos);
  EXPECT_NE(more.body.find("value=\"Boiler\""), std::string::npos);  // what was typed stays
  EXPECT_NE(more.body.find("formaction=\"/staff/cases/" + std::to_string(id) + "/act/respond#elements-2\""), std::string::npos);
  EXPECT_EQ(service_->get(id)->state.events.size(), before);  // nothing saved yet
  // Two more parts and a second action, then save all three parts.
  typed += "&elements%5B1%5D.summary=Repairs&elements%5B1%5D.finding=not_upheld&elements%5B1%5D.reasons=On+time"
           "&elements%5B2%5D.summary=Staff&elements%5B2%5D.finding=upheld&elements%5B2%5D.reasons=Rude";
  auto actions = send("POST", path, typed + "&add=outstanding_actions" + csrf, ivy.token);
  EXPECT_NE(actions.body.find("name=\"outstanding_actions[1].due-day\""), std::string::npos);
  EXPECT_NE(actions.body.find("name=\"elements[2].summary\""), std::string::npos);
  // A bad due date on an action: named next to it, nothing saved.
  auto bad = send("POST", path, typed + "&outstanding_actions%5B1%5D.description=Fit+a+fan&"
                  "outstanding_actions%5B1%5D.due-day=40&outstanding_actions%5B1%5D.due-month=3&"
                  "outstanding_actions%5B1%5D.due-year=2026&outstanding_actions%5B1%5D.owner=Repairs" + csrf, ivy.token);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("The due date of action 2 must be a real date"), std::string::npos);
  EXPECT_NE(bad.body.find("href=\"#outstanding_actions-1-due-day\""), std::string::npos);
  EXPECT_EQ(service_->get(id)->state.events.size(), before);
  // The app's error on a row after one left empty points at the row the resident typed in.
  auto second = send("POST", path, typed + "&remedies%5B1%5D.type=financial&remedies%5B1%5D.description=Money"
                     "&remedies%5B1%5D.amount=" + csrf, ivy.token);
  EXPECT_EQ(second.status, 422);
  EXPECT_NE(second.body.find("href=\"#remedies-1-amount\""), std::string::npos) << second.body.substr(0, 2000);
  EXPECT_EQ(service_->get(id)->state.events.size(), before);
  // Partly upheld, so a remedy is required (Code 7.1): an apology.
  const std::string with_remedy = std::string(typed).replace(
      typed.find("remedies%5B0%5D.type=&remedies%5B0%5D.description="),
      std::string("remedies%5B0%5D.type=&remedies%5B0%5D.description=").size(),
      "remedies%5B0%5D.type=apology&remedies%5B0%5D.description=Sorry");
  auto saved = send("POST", path, with_remedy + "&outstanding_actions%5B1%5D.description=Fit+a+fan&"
                    "outstanding_actions%5B1%5D.due-day=4&outstanding_actions%5B1%5D.due-month=3&"
                    "outstanding_actions%5B1%5D.due-year=2027&outstanding_actions%5B1%5D.owner=Repairs" + csrf, ivy.token);
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 600);
  const Event e = service_->get(id)->state.events.back();
  ASSERT_EQ(e.type, "responded");
  EXPECT_EQ(e.data["elements"].size(), 3u);
  EXPECT_EQ(e.data["elements"][2]["summary"], "Staff");
  ASSERT_EQ(e.data["outstanding_actions"].size(), 1u);
  EXPECT_EQ(e.data["outstanding_actions"][0]["due"], "2027-03-04");
}

TEST_F(WebPages, AfterEachActionTheCasePromptsForTheLetterItNeeds) {
  Session ivy = signIn("ivy");
  CaseId id = complaint("2026-01-05T10:00:00+00:00", "P-1");
  const std::string base = "/staff/cases/" + std::to_string(id);
  auto done = send("POST", base + "/act/acknowledge",
                   "definition=Boiler+broken%3B+wants+it+fixed&responsibility=We+repair+boilers&handler=ivy&csrf_token=" +
                       ivy.csrf_token, ivy.token);
  ASSERT_EQ(done.status, 303);
  EXPECT_EQ(header(done, "Location"), base + "?done=acknowledge");
  auto page = send("GET", base + "?done=acknowledge", "", ivy.token);
  EXPECT_NE(page.body.find("Now send the resident the acknowledgement letter"), std::string::npos);
  EXPECT_NE(page.body.find("id=\"letters-owed\""), std::string::npos);
  EXPECT_NE(page.body.find("name=\"letter\" value=\"acknowledgement\""), std::string::npos);
  // Sending it through the prompt's form clears the prompt.
  auto sent = send("POST", base + "/letters", "letter=acknowledgement&step=send&channel=email&csrf_token=" +
                                                  ivy.csrf_token, ivy.token);
  ASSERT_EQ(sent.status, 303);
  page = send("GET", base, "", ivy.token);
  EXPECT_EQ(page.body.find("id=\"letters-owed\""), std::string::npos);
  // Refusing calls for the refusal letter; it stays owed until sent.
  ASSERT_TRUE(service_->act(id, {{"action", "note"}, {"text", "x"}}, "ivy"));
  page = send("GET", base + "?done=note", "", ivy.token);
  EXPECT_EQ(page.body.find("Now send the resident"), std::string::npos);
}

// Issue 12 item 5: a role sees only the steps it may take, is told before typing when it
// opens one it may not, and a refusal after submitting keeps what was typed.
TEST_F(WebPages, EachRoleIsOfferedOnlyWhatItMayDo) {
  add("fay", Role::kFrontLine, "");
  add("gus", Role::kGovernance, "");
  CaseId id = complaint("2026-01-05T10:00:00+00:00", "P-1");
  const std::string href = "/staff/cases/" + std::to_string(id);
  Session ivy = signIn("ivy"), fay = signIn("fay"), gus = signIn("gus");
  auto manager = send("GET", href, {}, ivy.token);
  ASSERT_EQ(manager.status, 200);
  EXPECT_NE(manager.body.find(href + "/act/acknowledge"), std::string::npos);
  EXPECT_NE(manager.body.find("action=\"" + href + "/letters\""), std::string::npos);
  auto front = send("GET", href, {}, fay.token);
  ASSERT_EQ(front.status, 200);
  EXPECT_EQ(front.body.find(href + "/act/acknowledge"), std::string::npos);
  EXPECT_EQ(front.body.find(href + "/act/respond"), std::string::npos);
  EXPECT_EQ(front.body.find(href + "/act/close"), std::string::npos);
  EXPECT_EQ(front.body.find("action=\"" + href + "/letters\""), std::string::npos);
  EXPECT_NE(front.body.find(href + "/act/note"), std::string::npos);  // front line may add notes
  auto board = send("GET", href, {}, gus.token);
  ASSERT_EQ(board.status, 200);
  EXPECT_EQ(board.body.find(href + "/act/"), std::string::npos) << "governance is read-only";
  auto form = send("GET", href + "/act/respond", {}, fay.token);
  EXPECT_EQ(form.status, 403);
  EXPECT_NE(form.body.find("You cannot do this"), std::string::npos);
  EXPECT_NE(form.body.find("Front-line staff"), std::string::npos);
  auto posted = send("POST", href + "/act/acknowledge",
                     "definition=Typed+by+Fay&handler=ivy&csrf_token=" + fay.csrf_token, fay.token);
  EXPECT_EQ(posted.status, 403);
  EXPECT_NE(posted.body.find("Typed by Fay"), std::string::npos) << "the typing is kept";
  EXPECT_NE(posted.body.find("govuk-error-summary"), std::string::npos);
}

}  // namespace
}  // namespace charter::web
