// The mail log's conformance suite (app/mail_in.h over store/core/mail_store.h) on a real
// SQLite file and, when CHARTER_PG_DSN is set (scripts/with-postgres.sh), a real PostgreSQL in
// a fresh schema per test: a message key is claimed once, a finished message is never claimed
// again (a second delivery is a duplicate), a claim left unfinished is taken over only once
// stale, a released claim is free, a quarantined message keeps its bytes exactly and is
// listed newest first without them, landlords are kept apart, every statement is scoped to a
// landlord, and the log survives closing and reopening the database.
#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../support/pg_test_db.h"

#include "app/mail_in.h"
#include "store/core/mail_store.h"
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

class MailConformance : public ::testing::TestWithParam<std::string> {
 protected:
  bool pg() const { return GetParam() == "postgresql"; }

  void SetUp() override {
    std::random_device rd;
    if (pg()) {
      if (pgDsn() == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
      base_ = pgDsn();
      schema_ = fmt::format("mail_{:08x}{:08x}", rd(), rd());
      dsn_ = charter::testing::pgDsnInSchema(base_, schema_);
      ASSERT_TRUE(pgExec(base_, "CREATE SCHEMA " + schema_));
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             fmt::format("charter-mail-{:08x}{:08x}", rd(), rd());
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

  // The case store (which migrates), the account store and the mail store on one database.
  void open() {
    if (pg()) {
      PgOptions o;
      o.dsn = dsn_;
      auto s = PgStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      cases_ = std::move(*s);
      auto a = PgAccountStore::open(dsn_, 1);
      ASSERT_TRUE(a) << a.error().message;
      accounts_ = std::move(*a);
      auto db = pg::PgDatabase::open(dsn_, 1);
      ASSERT_TRUE(db) << db.error().message;
      store_ = std::make_unique<store_core::SqlMailStore>(std::move(*db));
    } else {
      SqliteOptions o;
      o.path = dir_ / "charter.db";
      auto s = SqliteStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      store_ = std::make_unique<store_core::SqlMailStore>(
          std::make_unique<sqlite::StoreDatabase>(**s));
      accounts_ = std::make_unique<SqliteAccountStore>(**s);
      cases_ = std::move(*s);
    }
  }
  void close() {
    store_.reset();
    accounts_.reset();
    cases_.reset();
  }

  Result<bool> claim(const std::string& key, const char* now, const char* stale_before,
                     LandlordId landlord = 1) {
    return store_->claim(landlord, key, at(now), at(stale_before));
  }

  MailRecord record(const std::string& key, const std::string& outcome) {
    MailRecord r;
    r.message_key = key;
    r.outcome = outcome;
    r.case_id = outcome == "quarantined" ? 0 : 17;
    r.from = "Amina Khan <amina.khan@example.org>";
    r.subject = "Damp";
    r.size = 1234;
    return r;
  }

  std::string base_, schema_, dsn_;
  std::filesystem::path dir_;
  std::unique_ptr<CaseStore> cases_;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<MailStore> store_;
};

TEST_P(MailConformance, AMessageIsClaimedOnceAndAFinishedOneNeverAgain) {
  auto first = claim("m1@example.org", "2026-12-07T09:00:00Z", "2026-12-07T08:50:00Z");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(*first);
  auto racing = claim("m1@example.org", "2026-12-07T09:00:01Z", "2026-12-07T08:50:01Z");
  ASSERT_TRUE(racing);
  EXPECT_FALSE(*racing);
  auto held = store_->find(1, "m1@example.org");
  ASSERT_TRUE(held && *held);
  EXPECT_EQ((*held)->outcome, "");

  ASSERT_TRUE(store_->finish(1, record("m1@example.org", "contact")));
  auto again = claim("m1@example.org", "2026-12-09T09:00:00Z", "2026-12-09T08:50:00Z");
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);  // logged once, however late it comes again
  auto row = store_->find(1, "m1@example.org");
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->outcome, "contact");
  EXPECT_EQ((*row)->case_id, 17);
  EXPECT_EQ((*row)->from, "Amina Khan <amina.khan@example.org>");
  EXPECT_EQ((*row)->received_at, at("2026-12-07T09:00:00Z"));
  EXPECT_EQ((*row)->raw, "");
}

TEST_P(MailConformance, AnUnfinishedClaimIsTakenOverOnlyOnceStaleAndAReleasedOneIsFree) {
  ASSERT_TRUE(claim("m2", "2026-12-07T09:00:00Z", "2026-12-07T08:50:00Z"));
  auto early = claim("m2", "2026-12-07T09:05:00Z", "2026-12-07T08:55:00Z");
  ASSERT_TRUE(early);
  EXPECT_FALSE(*early);
  auto late = claim("m2", "2026-12-07T09:11:00Z", "2026-12-07T09:01:00Z");
  ASSERT_TRUE(late);
  EXPECT_TRUE(*late);
  ASSERT_TRUE(store_->release(1, "m2"));
  auto row = store_->find(1, "m2");
  ASSERT_TRUE(row);
  EXPECT_FALSE(*row);
  auto fresh = claim("m2", "2026-12-07T09:12:00Z", "2026-12-07T09:02:00Z");
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(*fresh);
  // A finished row is never released.
  ASSERT_TRUE(store_->finish(1, record("m2", "joined")));
  ASSERT_TRUE(store_->release(1, "m2"));
  auto kept = store_->find(1, "m2");
  ASSERT_TRUE(kept && *kept);
  EXPECT_EQ((*kept)->outcome, "joined");
  // Finishing what was never claimed is refused.
  auto stray = store_->finish(1, record("never-claimed", "contact"));
  ASSERT_FALSE(stray);
  EXPECT_EQ(stray.error().kind, ErrorKind::kNotFound);
}

TEST_P(MailConformance, TheQuarantineKeepsTheBytesExactlyAndListsNewestFirst) {
  std::string raw = "From: x\r\n\r\n";
  raw += std::string("\0\xff\xfe binary \x80", 13);
  ASSERT_TRUE(claim("sha256:aaa", "2026-12-07T09:00:00Z", "2026-12-07T08:50:00Z"));
  MailRecord q = record("sha256:aaa", "quarantined");
  q.reason = "malformed";
  q.detail = "The message is malformed: a multipart has no boundary.";
  q.raw = raw;
  ASSERT_TRUE(store_->finish(1, q));
  ASSERT_TRUE(claim("big@example.org", "2026-12-07T10:00:00Z", "2026-12-07T09:50:00Z"));
  MailRecord big = record("big@example.org", "quarantined");
  big.reason = "too-large";
  big.raw = std::string(300000, 'x');
  ASSERT_TRUE(store_->finish(1, big));
  ASSERT_TRUE(claim("ok@example.org", "2026-12-07T11:00:00Z", "2026-12-07T10:50:00Z"));
  ASSERT_TRUE(store_->finish(1, record("ok@example.org", "contact")));

  auto list = store_->quarantined(1, 10);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].message_key, "big@example.org");
  EXPECT_EQ((*list)[0].reason, "too-large");
  EXPECT_EQ((*list)[0].raw, "");  // listed without the bytes
  EXPECT_EQ((*list)[1].reason, "malformed");
  EXPECT_EQ((*list)[1].detail, q.detail);
  auto one = store_->quarantined(1, 1);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), 1u);

  auto row = store_->find(1, "sha256:aaa");
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->raw, raw);
  auto large = store_->find(1, "big@example.org");
  ASSERT_TRUE(large && *large);
  EXPECT_EQ((*large)->raw.size(), 300000u);
}

TEST_P(MailConformance, LandlordsAreKeptApart) {
  auto second = accounts_->addLandlord("second", "Second Homes");
  ASSERT_TRUE(second) << second.error().message;
  ASSERT_TRUE(claim("shared@example.org", "2026-12-07T09:00:00Z", "2026-12-07T08:50:00Z"));
  ASSERT_TRUE(store_->finish(1, record("shared@example.org", "quarantined")));
  auto theirs = claim("shared@example.org", "2026-12-07T09:00:00Z", "2026-12-07T08:50:00Z",
                      *second);
  ASSERT_TRUE(theirs) << theirs.error().message;
  EXPECT_TRUE(*theirs);  // the same message to another landlord is theirs to take in
  auto none = store_->quarantined(*second, 10);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(MailConformance, TheLogSurvivesReopeningTheDatabase) {
  ASSERT_TRUE(claim("kept@example.org", "2026-12-07T09:00:00Z", "2026-12-07T08:50:00Z"));
  MailRecord q = record("kept@example.org", "quarantined");
  q.reason = "no-from";
  q.raw = "Subject: hello\r\n\r\nNo sender.\r\n";
  ASSERT_TRUE(store_->finish(1, q));
  close();
  open();
  auto row = store_->find(1, "kept@example.org");
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->reason, "no-from");
  EXPECT_EQ((*row)->raw, q.raw);
}

TEST(MailStatements, EveryOneIsScopedToTheLandlord) {
  for (const auto& sql : store_core::mailStatements()) {
    const bool scoped = sql.find("landlord_id = $1") != std::string::npos ||
                        sql.rfind("INSERT INTO mail_in (landlord_id", 0) == 0;
    EXPECT_TRUE(scoped) << sql;
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, MailConformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
