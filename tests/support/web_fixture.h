// The pages through the router on a real SQLite file, for the web tests: a case service and the
// landlord registry on a fresh file, the in-memory accounts of memory_accounts.h with "ivy"
// (an investigating manager, "Ivy Okonkwo, Complaints Investigator") signed in, the routes as
// `charter serve` adds them, and requests sent as a signed-in browser would.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "http/browser.h"
#include "support/memory_accounts.h"
#include "store/sqlite/account_store.h"
#include "store/sqlite/sqlite_store.h"
#include "web/web.h"

namespace charter::test_support {

class WebFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("charter-web-" + std::to_string(::getpid()) + "-" +
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
    ivy_ = add("ivy", Role::kInvestigatingManager, "", "Ivy Okonkwo", "Complaints Investigator");
    options_.landlord_slug = "demo";
    options_.landlord_name = "Northside Homes";
    options_.assets_dir = dir_ / "assets";
    const char* source = std::getenv("CHARTER_SOURCE_DIR");
    options_.letter_template_dirs = {std::filesystem::path(source ? source : ".") / "templates" /
                                     "letters"};
    web::addRoutes(router_, *cases_, *accounts_, options_);
  }
  void TearDown() override {
    cases_.reset();
    registry_.reset();
    account_store_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Adds an account (password "password of USER") and signs it in.
  Session add(const std::string& user, Role role, const std::string& person,
              const std::string& name = {}, const std::string& job_title = {}) {
    NewAccount a;
    a.landlord = 1;
    a.username = user;
    a.display_name = name.empty() ? user : name;
    a.job_title = job_title;
    a.password = "password of " + user;
    a.role = role;
    a.person_ref = person;
    EXPECT_TRUE(accounts_->addAccount(a));
    return accounts_->signIn("demo", user, "password of " + user, "127.0.0.1").value();
  }
  // GET, or POST of a form (`body` URL-encoded; the session's CSRF token is added).
  http::Response send(const std::string& method, const std::string& path, const Session& who,
                      const std::string& body = {}) {
    http::Request r;
    r.method = method;
    r.target = r.path = path;
    r.headers["cookie"] = "charter_session=" + who.token;
    if (method == "POST") {
      r.body = body + "&csrf_token=" + who.csrf_token;
      r.headers["content-type"] = "application/x-www-form-urlencoded";
    }
    return router_.dispatch(r);
  }
  static bool has(const http::Response& r, const std::string& text) {
    return r.body.find(text) != std::string::npos;
  }
  static std::string header(const http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }

  std::filesystem::path dir_;
  SystemTimeSource time_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<CaseService> service_;
  std::unique_ptr<SqliteAccountStore> account_store_;
  std::unique_ptr<LandlordRegistry> registry_;
  std::unique_ptr<AuthorisedCases> cases_;
  std::unique_ptr<MemoryAccounts> accounts_;
  web::WebOptions options_;
  http::Router router_;
  Session ivy_;
};

}  // namespace charter::test_support
