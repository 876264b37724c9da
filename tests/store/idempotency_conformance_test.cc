// The idempotency store's conformance suite (app/idempotency.h over store/core/idempotency_store.h)
// on a real SQLite file and, when CHARTER_PG_DSN is set (scripts/with-postgres.sh), a real
// PostgreSQL in a fresh schema per test: the first answer is given again for the same key and
// request, a different request with the key is refused, a key in use is not acted on twice, a
// stale claim and an expired key may be taken afresh, a 5xx frees the key, principals are kept
// apart, every statement is scoped to a landlord, and the answer survives closing and reopening
// the database.
#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../support/pg_test_db.h"

#include "app/idempotency.h"
#include "store/core/idempotency_store.h"
#include "store/pg/pg_database.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

Instant at(const char* text) { return *parseInstant(text); }

using charter::testing::pgDsn;
using charter::testing::pgExec;

class IdempotencyConformance : public ::testing::TestWithParam<std::string> {
 protected:
  bool pg() const { return GetParam() == "postgresql"; }

  void SetUp() override {
    std::random_device rd;
    if (pg()) {
      if (pgDsn() == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
      base_ = pgDsn();
      schema_ = fmt::format("idem_{:08x}{:08x}", rd(), rd());
      dsn_ = charter::testing::pgDsnInSchema(base_, schema_);
      ASSERT_TRUE(pgExec(base_, "CREATE SCHEMA " + schema_));
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             fmt::format("charter-idem-{:08x}{:08x}", rd(), rd());
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

  // The case store (which migrates) and the idempotency store on the same database.
  void open() {
    if (pg()) {
      PgOptions o;
      o.dsn = dsn_;
      auto s = PgStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      cases_ = std::move(*s);
      auto db = pg::PgDatabase::open(dsn_, 1);
      ASSERT_TRUE(db) << db.error().message;
      store_ = std::make_unique<store_core::SqlIdempotencyStore>(std::move(*db));
    } else {
      SqliteOptions o;
      o.path = dir_ / "charter.db";
      auto s = SqliteStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      store_ = std::make_unique<store_core::SqlIdempotencyStore>(
          std::make_unique<sqlite::StoreDatabase>(**s));
      cases_ = std::move(*s);
    }
    keys_ = std::make_unique<Idempotency>(*store_, time_);
  }
  void close() {
    keys_.reset();
    store_.reset();
    cases_.reset();
  }

  Result<std::optional<IdempotentAnswer>> begin(const std::string& principal, const std::string& key,
                                                const std::string& fingerprint = "fp-1") {
    return keys_->begin(1, principal, key, fingerprint);
  }

  std::string base_, schema_, dsn_;
  std::filesystem::path dir_;
  FixedTimeSource time_{at("2026-12-04T10:00:00Z")};
  std::unique_ptr<CaseStore> cases_;
  std::unique_ptr<IdempotencyStore> store_;
  std::unique_ptr<Idempotency> keys_;
};

TEST_P(IdempotencyConformance, TheFirstAnswerIsGivenAgainForTheSameKeyAndRequest) {
  auto first = begin("token:7", "key-a");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(*first);  // act
  ASSERT_TRUE(keys_->finish(1, "token:7", "key-a", 201, R"({"id":42})"));

  time_.set(at("2026-12-05T09:59:00Z"));  // within 24 hours
  auto again = begin("token:7", "key-a");
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_TRUE(*again);
  EXPECT_EQ((*again)->status, 201);
  EXPECT_EQ((*again)->body, R"({"id":42})");
  EXPECT_EQ((*again)->at, at("2026-12-04T10:00:00Z"));

  auto other = begin("token:7", "key-a", "fp-2");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(other.error().field, "Idempotency-Key");
  EXPECT_EQ(other.error().rule, "idempotency-key-reused");

  auto someone_else = begin("account:3", "key-a", "fp-2");  // the key is per principal
  ASSERT_TRUE(someone_else);
  EXPECT_FALSE(*someone_else);
  auto another_landlord = store_->find(2, "token:7", "key-a");
  ASSERT_TRUE(another_landlord);
  EXPECT_FALSE(*another_landlord);
}

TEST_P(IdempotencyConformance, AKeyInUseIsNotActedOnTwiceUntilItsClaimIsStale) {
  ASSERT_TRUE(begin("token:7", "key-b"));
  auto racing = begin("token:7", "key-b");
  ASSERT_FALSE(racing);
  EXPECT_EQ(racing.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(racing.error().rule, "idempotency-key-in-use");
  time_.set(at("2026-12-04T10:06:00Z"));  // the first never answered: taken over
  auto late = begin("token:7", "key-b");
  ASSERT_TRUE(late) << late.error().message;
  EXPECT_FALSE(*late);
}

TEST_P(IdempotencyConformance, AServerErrorFreesTheKeyAndAnExpiredKeyIsNew) {
  ASSERT_TRUE(begin("token:7", "key-c"));
  ASSERT_TRUE(keys_->finish(1, "token:7", "key-c", 503, "{}"));
  auto retry = begin("token:7", "key-c");
  ASSERT_TRUE(retry) << retry.error().message;
  EXPECT_FALSE(*retry);
  ASSERT_TRUE(keys_->finish(1, "token:7", "key-c", 200, "first"));
  time_.set(at("2026-12-05T10:00:01Z"));  // 24 hours on
  auto fresh = begin("token:7", "key-c", "fp-other");
  ASSERT_TRUE(fresh) << fresh.error().message;
  EXPECT_FALSE(*fresh);
}

TEST_P(IdempotencyConformance, TheAnswerSurvivesReopeningTheDatabase) {
  ASSERT_TRUE(begin("token:7", "key-d"));
  ASSERT_TRUE(keys_->finish(1, "token:7", "key-d", 200, "kept"));
  close();
  open();
  auto again = begin("token:7", "key-d");
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_TRUE(*again);
  EXPECT_EQ((*again)->body, "kept");
}

TEST(IdempotencyStatements, EveryOneIsScopedToTheLandlord) {
  for (const auto& sql : store_core::idempotencyStatements()) {
    const bool scoped = sql.find("landlord_id = $1") != std::string::npos ||
                        sql.rfind("INSERT INTO idempotency_keys (landlord_id", 0) == 0;
    EXPECT_TRUE(scoped) << sql;
  }
}

TEST(IdempotencyKeys, AreCheckedAndFingerprinted) {
  EXPECT_TRUE(checkIdempotencyKey("9b2f0c9e-1f0d-4c3a-8a55-0d9c7b1e2f3a"));
  for (std::string bad : {std::string(), std::string("has space"), std::string(201, 'k')}) {
    auto r = checkIdempotencyKey(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "Idempotency-Key");
  }
  EXPECT_EQ(idempotencyFingerprint("POST", "/api/v1/cases", "{}"),
            idempotencyFingerprint("POST", "/api/v1/cases", "{}"));
  EXPECT_NE(idempotencyFingerprint("POST", "/api/v1/cases", "{}"),
            idempotencyFingerprint("POST", "/api/v1/cases", "{ }"));
}

INSTANTIATE_TEST_SUITE_P(Stores, IdempotencyConformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
