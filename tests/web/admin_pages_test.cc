// The system administrator's pages (/staff/admin, web/admin_pages.h) through the router, on a
// real SQLite file with the real AccountService: the administrator lands on them and nobody
// else may open them; accounts are created, disabled, enabled and given a new password; API
// tokens are listed without secrets, made showing the secret once and revoked; the contact
// details reach the public home page; the policy reads in plain words; every change is logged.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "app/admin.h"
#include "http/browser.h"
#include "store/core/admin_store.h"
#include "store/sqlite/account_store.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/sqlite_store.h"
#include "web/admin_routes.h"

namespace charter::web {
namespace {

std::string sourceDir() {
  const char* s = std::getenv("CHARTER_SOURCE_DIR");
  return s ? s : ".";
}

AccountOptions fastHashing() {
  AccountOptions o;
  o.opslimit = 1;     // crypto_pwhash_OPSLIMIT_MIN
  o.memlimit = 8192;  // crypto_pwhash_MEMLIMIT_MIN
  return o;
}

class AdminPages : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("charter-admin-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "assets");
    SqliteOptions o;
    o.path = dir_ / "t.db";
    o.synchronous_full = false;
    store_ = SqliteStore::open(o).value();
    account_store_ = std::make_unique<SqliteAccountStore>(*store_);
    admin_store_ = std::make_unique<store_core::SqlAdminStore>(
        std::make_unique<sqlite::StoreDatabase>(*store_));
    registry_ = std::make_unique<LandlordRegistry>(*store_, *account_store_, time_,
                                                   builtinPolicy("hos-code-2024").value());
    ASSERT_TRUE(registry_->load());
    cases_ = std::make_unique<AuthorisedCases>(*registry_);
    accounts_ = makeAccountService(*account_store_, time_, fastHashing());
    admin_ = std::make_unique<AdminService>(*accounts_, *account_store_, *admin_store_,
                                            *registry_, time_, fastHashing());
    add("sam", Role::kSystemAdmin);
    add("ivy", Role::kInvestigatingManager);
    options_.landlord_slug = "demo";
    options_.landlord_name = "Northside Homes";
    options_.landlord_phone = "0300 000 0000";
    options_.assets_dir = dir_ / "assets";
    options_.letter_template_dirs = {std::filesystem::path(sourceDir()) / "templates" / "letters"};
    addRoutes(router_, *cases_, *accounts_, options_);
    addAdminRoutes(router_, *cases_, *accounts_, options_, *admin_);
  }
  void TearDown() override {
    admin_.reset();
    accounts_.reset();
    cases_.reset();
    registry_.reset();
    admin_store_.reset();
    account_store_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void add(const std::string& user, Role role) {
    NewAccount a;
    a.landlord = 1;
    a.username = user;
    a.display_name = "Name of " + user;
    a.password = "password of " + user;
    a.role = role;
    ASSERT_TRUE(accounts_->addAccount(a));
  }
  Session signIn(const std::string& user, const std::string& password = {}) {
    return accounts_->signIn("demo", user, password.empty() ? "password of " + user : password,
                             "127.0.0.1").value();
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
  http::Response post(const Session& s, const std::string& path, const std::string& body) {
    return send("POST", path, body + "&csrf_token=" + s.csrf_token, s.token);
  }
  static std::string header(const http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }
  static bool has(const http::Response& r, const std::string& text) {
    return r.body.find(text) != std::string::npos;
  }
  std::int64_t accountId(const std::string& username) {
    return account_store_->accountByUsername(1, username).value().value().id;
  }

  std::filesystem::path dir_;
  SystemTimeSource time_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteAccountStore> account_store_;
  std::unique_ptr<store_core::SqlAdminStore> admin_store_;
  std::unique_ptr<LandlordRegistry> registry_;
  std::unique_ptr<AuthorisedCases> cases_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<AdminService> admin_;
  WebOptions options_;
  http::Router router_;
};

TEST_F(AdminPages, TheAdministratorLandsOnThemAndNobodyElseMayOpenThem) {
  Session sam = signIn("sam");
  auto home = send("GET", "/staff", "", sam.token);
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(header(home, "Location"), "/staff/admin");
  auto index = send("GET", "/staff/admin", "", sam.token);
  EXPECT_EQ(index.status, 200);
  EXPECT_TRUE(has(index, "<h1 class=\"govuk-heading-l\">Administration</h1>"));
  EXPECT_TRUE(has(index, "href=\"/staff/admin\""));  // the navigation
  EXPECT_FALSE(has(index, "href=\"/staff/search\""));  // no case pages for them

  Session ivy = signIn("ivy");
  for (const char* path : {"/staff/admin", "/staff/admin/accounts", "/staff/admin/tokens",
                           "/staff/admin/landlord", "/staff/admin/policy"}) {
    auto r = send("GET", path, "", ivy.token);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_TRUE(has(r, "You cannot do this")) << path;
  }
  EXPECT_EQ(post(ivy, "/staff/admin/accounts/new", "username=x").status, 403);
  EXPECT_EQ(send("GET", "/staff/admin").status, 303);  // signed out: sign in first
  // Without the session's CSRF token nothing changes.
  EXPECT_EQ(send("POST", "/staff/admin/landlord", "phone=1", sam.token).status, 403);
}

TEST_F(AdminPages, AccountsAreCreatedDisabledEnabledAndGivenANewPassword) {
  Session sam = signIn("sam");
  auto form = send("GET", "/staff/admin/accounts/new", "", sam.token);
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(has(form, "name=\"form_token\""));
  auto weak = post(sam, "/staff/admin/accounts/new",
                   "display_name=Fay+Front&username=fay&role=front_line&password=short");
  EXPECT_EQ(weak.status, 422);
  EXPECT_TRUE(has(weak, "href=\"#password\""));
  auto no_role = post(sam, "/staff/admin/accounts/new", "display_name=Fay&username=fay&password=x");
  EXPECT_EQ(no_role.status, 422);
  EXPECT_TRUE(has(no_role, "Choose the account"));
  auto made = post(sam, "/staff/admin/accounts/new",
                   "display_name=Fay+Front&username=fay&job_title=Housing+Officer&role=front_line"
                   "&password=correct+horse+battery");
  EXPECT_EQ(made.status, 303);
  EXPECT_EQ(header(made, "Location"), "/staff/admin/accounts?done=created");
  auto taken = post(sam, "/staff/admin/accounts/new",
                    "display_name=Fay&username=fay&role=front_line&password=correct+horse+battery");
  EXPECT_EQ(taken.status, 409);
  EXPECT_TRUE(has(taken, "There is already an account"));
  auto list = send("GET", "/staff/admin/accounts", "", sam.token);
  EXPECT_TRUE(has(list, "Fay Front"));
  EXPECT_TRUE(has(list, "Front-line staff"));

  Session fay = signIn("fay", "correct horse battery");
  const auto id = std::to_string(accountId("fay"));
  EXPECT_EQ(post(sam, "/staff/admin/accounts/" + id + "/disable", "").status, 303);
  EXPECT_EQ(send("GET", "/staff", "", fay.token).status, 303);  // signed out
  EXPECT_FALSE(accounts_->signIn("demo", "fay", "correct horse battery", "127.0.0.2"));
  EXPECT_TRUE(has(send("GET", "/staff/admin/accounts", "", sam.token), "Disabled"));
  EXPECT_EQ(post(sam, "/staff/admin/accounts/" + id + "/enable", "").status, 303);
  EXPECT_EQ(post(sam, "/staff/admin/accounts/" + id + "/password", "password=abc").status, 422);
  EXPECT_EQ(post(sam, "/staff/admin/accounts/" + id + "/password",
                 "password=purple+monkey+dishwasher").status, 303);
  EXPECT_TRUE(accounts_->signIn("demo", "fay", "purple monkey dishwasher", "127.0.0.3"));
  // Their own account cannot be disabled; an unknown one is not found.
  auto self = post(sam, "/staff/admin/accounts/" + std::to_string(accountId("sam")) + "/disable", "");
  EXPECT_EQ(self.status, 409);
  EXPECT_EQ(post(sam, "/staff/admin/accounts/999/disable", "").status, 404);

  auto log = send("GET", "/staff/admin", "", sam.token);
  for (const char* what : {"Account created: fay", "Account disabled: fay", "Account enabled: fay",
                           "New password set: fay"})
    EXPECT_TRUE(has(log, what)) << what;
  EXPECT_FALSE(has(log, "purple monkey"));
}

TEST_F(AdminPages, TokensShowTheirSecretOnceAndAreRevoked) {
  Session sam = signIn("sam");
  auto empty = post(sam, "/staff/admin/tokens", "name=&role=complaints_admin");
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(has(empty, "href=\"#name\""));
  auto made = post(sam, "/staff/admin/tokens", "name=Housing+system&role=front_line");
  EXPECT_EQ(made.status, 200);
  const std::string marker = "id=\"token-secret\">";
  auto at = made.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  at += marker.size();
  const std::string secret = made.body.substr(at, made.body.find('<', at) - at);
  auto who = accounts_->bearer(secret);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->role, Role::kFrontLine);
  auto list = send("GET", "/staff/admin/tokens", "", sam.token);
  EXPECT_TRUE(has(list, "Housing system"));
  EXPECT_FALSE(has(list, secret));
  const auto id = account_store_->apiTokens(1).value().at(0).id;
  EXPECT_EQ(post(sam, "/staff/admin/tokens/" + std::to_string(id) + "/revoke", "").status, 303);
  EXPECT_FALSE(accounts_->bearer(secret));
  EXPECT_TRUE(has(send("GET", "/staff/admin/tokens", "", sam.token), "Revoked"));
  EXPECT_EQ(post(sam, "/staff/admin/tokens/999/revoke", "").status, 404);
  auto log = send("GET", "/staff/admin", "", sam.token);
  EXPECT_TRUE(has(log, "API token created: Housing system"));
  EXPECT_TRUE(has(log, "API token revoked: Housing system"));
  EXPECT_FALSE(has(log, secret));
}

TEST_F(AdminPages, ContactDetailsReachThePublicHomePage) {
  EXPECT_TRUE(has(send("GET", "/"), "0300 000 0000"));  // given at start-up
  Session sam = signIn("sam");
  auto form = send("GET", "/staff/admin/landlord", "", sam.token);
  EXPECT_TRUE(has(form, "Northside Homes") || has(form, "Demo landlord"));
  EXPECT_TRUE(has(form, "value=\"0300 000 0000\""));
  auto bad = post(sam, "/staff/admin/landlord", "phone=0300+111+2222&email=not-an-address");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(has(bad, "href=\"#email\""));
  auto saved = post(sam, "/staff/admin/landlord",
                    "phone=0300+111+2222&email=help%40northside.example&address=1+High+Street");
  EXPECT_EQ(saved.status, 303);
  auto home = send("GET", "/");
  EXPECT_TRUE(has(home, "0300 111 2222"));
  EXPECT_TRUE(has(home, "help@northside.example"));
  EXPECT_FALSE(has(home, "0300 000 0000"));
  EXPECT_TRUE(has(send("GET", "/staff/admin", "", sam.token), "Contact details changed"));
}

TEST_F(AdminPages, ThePolicyReadsInPlainWords) {
  Session sam = signIn("sam");
  auto r = send("GET", "/staff/admin/policy", "", sam.token);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "Time limits"));
  EXPECT_TRUE(has(r, "working days"));
  EXPECT_FALSE(has(r, "stage1.acknowledge"));  // no raw ids
  EXPECT_FALSE(has(r, "<form method=\"post\" action=\"/staff/admin/policy"));  // read-only
}

}  // namespace
}  // namespace charter::web
