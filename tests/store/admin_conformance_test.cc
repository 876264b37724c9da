// The administration store's conformance suite (app/admin_store.h over
// store/core/admin_store.h) on a real SQLite file and, when CHARTER_PG_DSN is set
// (scripts/with-postgres.sh), a real PostgreSQL in a fresh schema per test: the log is kept
// newest first and per landlord, disabling an account ends its sessions with its log entry in
// the same transaction, a new password clears failed sign-ins, an unknown account changes
// nothing and logs nothing, contact details are saved and replaced, every statement is scoped
// to a landlord, and everything survives closing and reopening the database.
#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../support/pg_test_db.h"

#include "app/admin_store.h"
#include "store/core/admin_store.h"
#include "store/pg/pg_account_store.h"
#include "store/pg/pg_database.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/account_store.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

Instant at(const char* text) { return *parseInstant(text); }

using charter::testing::pgDsn;
using charter::testing::pgExec;

class AdminConformance : public ::testing::TestWithParam<std::string> {
 protected:
  bool pg() const { return GetParam() == "postgresql"; }

  void SetUp() override {
    std::random_device rd;
    if (pg()) {
      if (pgDsn() == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
      base_ = pgDsn();
      schema_ = fmt::format("admin_{:08x}{:08x}", rd(), rd());
      dsn_ = charter::testing::pgDsnInSchema(base_, schema_);
      ASSERT_TRUE(pgExec(base_, "CREATE SCHEMA " + schema_));
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             fmt::format("charter-admin-{:08x}{:08x}", rd(), rd());
      std::filesystem::create_directories(dir_);
    }
    open();
  }
  void TearDown() override {
    close();
    if (!schema_.empty()) pgExec(base_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  // The case store (which migrates), the account store and the admin store on one database.
  void open() {
    if (pg()) {
      PgOptions o;
      o.dsn = dsn_;
      auto s = PgStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      cases_ = std::move(*s);
      auto a = PgAccountStore::open(dsn_);
      ASSERT_TRUE(a) << a.error().message;
      accounts_ = std::move(*a);
      auto db = pg::PgDatabase::open(dsn_, 1);
      ASSERT_TRUE(db) << db.error().message;
      store_ = std::make_unique<store_core::SqlAdminStore>(std::move(*db));
    } else {
      SqliteOptions o;
      o.path = dir_ / "charter.db";
      auto s = SqliteStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      accounts_ = std::make_unique<SqliteAccountStore>(**s);
      store_ = std::make_unique<store_core::SqlAdminStore>(
          std::make_unique<sqlite::StoreDatabase>(**s));
      cases_ = std::move(*s);
    }
  }
  void close() {
    store_.reset();
    accounts_.reset();
    cases_.reset();
  }

  AdminChange change(const std::string& action, const std::string& subject) {
    return AdminChange{1, 0, time_.now(), "sysadmin", action, subject, "detail of " + action};
  }
  std::int64_t account(const std::string& username) {
    AccountRecord a;
    a.landlord = 1;
    a.username = username;
    a.display_name = username;
    a.role = Role::kFrontLine;
    a.password_hash = "old-hash";
    a.created = time_.now();
    auto id = accounts_->insertAccount(a);
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or(0);
  }
  void session(std::int64_t account_id, const std::string& hash) {
    ASSERT_TRUE(accounts_->insertSession(
        SessionRecord{1, hash, account_id, "csrf", time_.now(), time_.now() + std::chrono::hours(8)}));
  }

  std::string base_, schema_, dsn_;
  std::filesystem::path dir_;
  FixedTimeSource time_{at("2026-12-04T10:00:00Z")};
  std::unique_ptr<CaseStore> cases_;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<AdminStore> store_;
};

TEST_P(AdminConformance, TheLogIsKeptNewestFirstPerLandlord) {
  ASSERT_TRUE(store_->recordChange(change("token_created", "hms")));
  time_.set(at("2026-12-04T11:00:00Z"));
  ASSERT_TRUE(store_->recordChange(change("token_revoked", "hms")));
  auto log = store_->changes(1, 10);
  ASSERT_TRUE(log) << log.error().message;
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].action, "token_revoked");
  EXPECT_EQ((*log)[0].id, 2);
  EXPECT_EQ((*log)[0].at, at("2026-12-04T11:00:00Z"));
  EXPECT_EQ((*log)[1].action, "token_created");
  EXPECT_EQ((*log)[1].actor, "sysadmin");
  EXPECT_EQ((*log)[1].detail, "detail of token_created");
  auto one = store_->changes(1, 1);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), 1u);
  auto other = store_->changes(2, 10);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TEST_P(AdminConformance, DisablingEndsTheSessionsAndIsLoggedWithTheChange) {
  const auto ivy = account("ivy"), bob = account("bob");
  session(ivy, "hash-ivy");
  session(bob, "hash-bob");
  ASSERT_TRUE(store_->setAccountDisabled(1, ivy, true, change("account_disabled", "ivy")));
  EXPECT_TRUE(accounts_->account(1, ivy).value()->disabled);
  EXPECT_FALSE(accounts_->session(1, "hash-ivy").value());
  EXPECT_TRUE(accounts_->session(1, "hash-bob").value());  // others keep theirs
  ASSERT_TRUE(store_->setAccountDisabled(1, ivy, false, change("account_enabled", "ivy")));
  EXPECT_FALSE(accounts_->account(1, ivy).value()->disabled);
  auto log = store_->changes(1, 10).value();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].action, "account_enabled");

  auto missing = store_->setAccountDisabled(1, 999, true, change("account_disabled", "nobody"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(store_->changes(1, 10).value().size(), 2u);  // rolled back: nothing logged
  EXPECT_FALSE(store_->setAccountDisabled(2, ivy, true, change("account_disabled", "ivy")));
}

TEST_P(AdminConformance, ANewPasswordClearsFailuresAndEndsSessions) {
  const auto ivy = account("ivy");
  ASSERT_TRUE(accounts_->setSignInState(1, ivy, 5, at("2026-12-04T12:00:00Z")));
  session(ivy, "hash-ivy");
  ASSERT_TRUE(store_->setPasswordHash(1, ivy, "new-hash", change("password_reset", "ivy")));
  auto a = accounts_->account(1, ivy).value().value();
  EXPECT_EQ(a.password_hash, "new-hash");
  EXPECT_EQ(a.failed_attempts, 0);
  EXPECT_EQ(a.locked_until, fromEpochMillis(0));
  EXPECT_FALSE(accounts_->session(1, "hash-ivy").value());
  EXPECT_EQ(store_->changes(1, 10).value().at(0).action, "password_reset");
  auto missing = store_->setPasswordHash(1, 999, "x", change("password_reset", "nobody"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_P(AdminConformance, ContactDetailsAreSavedReplacedAndSurviveReopening) {
  EXPECT_FALSE(store_->contact(1).value());
  ASSERT_TRUE(store_->setContact(1, {"0300 123 4567", "help@example.org", "1 High Street"},
                                 change("contact_changed", "contact details")));
  ASSERT_TRUE(store_->setContact(1, {"0300 765 4321", "", "2 Low Road"},
                                 change("contact_changed", "contact details")));
  close();
  open();
  auto c = store_->contact(1).value();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->phone, "0300 765 4321");
  EXPECT_EQ(c->email, "");
  EXPECT_EQ(c->address, "2 Low Road");
  EXPECT_FALSE(store_->contact(2).value());
  EXPECT_EQ(store_->changes(1, 10).value().size(), 2u);
}

TEST(AdminStatements, EveryOneIsScopedToTheLandlord) {
  for (const auto& sql : store_core::adminStatements()) {
    const bool scoped = sql.find("landlord_id = $1") != std::string::npos ||
                        sql.find("($1 * 16 + 4)") != std::string::npos ||
                        sql.find("(landlord_id, ") != std::string::npos;
    EXPECT_TRUE(scoped) << sql;
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, AdminConformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
