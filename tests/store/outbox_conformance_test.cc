// The outbox's conformance suite on a real SQLite file and, when CHARTER_PG_DSN is set
// (scripts/with-postgres.sh), a real PostgreSQL in a fresh schema per test: a message is queued
// in the same transaction as the event that causes it (kept with it, rolled back with it, never
// queued twice), a claim is exclusive, a message marked sent is never due again, a lost claim
// cannot mark, and every statement is scoped to a landlord.
#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../support/pg_test_db.h"

#include "app/case_service.h"
#include "store/core/outbox_store.h"
#include "store/pg/pg_database.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

using namespace std::chrono_literals;

Instant at(const char* text) { return *parseInstant(text); }

using charter::testing::pgDsn;
using charter::testing::pgExec;

class OutboxConformance : public ::testing::TestWithParam<std::string> {
 protected:
  bool pg() const { return GetParam() == "postgresql"; }

  void SetUp() override {
    std::random_device rd;
    if (pg()) {
      if (pgDsn() == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
      base_ = pgDsn();
      schema_ = fmt::format("ob_{:08x}{:08x}", rd(), rd());
      ASSERT_TRUE(pgExec(base_, "CREATE SCHEMA " + schema_));
      const std::string dsn = charter::testing::pgDsnInSchema(base_, schema_);
      PgOptions o;
      o.dsn = dsn;
      auto s = PgStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      store_ = std::move(*s);
      auto db = pg::PgDatabase::open(dsn, 2);
      ASSERT_TRUE(db) << db.error().message;
      outbox_ = std::make_unique<store_core::SqlOutboxStore>(std::move(*db));
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             fmt::format("charter-outbox-{:08x}{:08x}", rd(), rd());
      std::filesystem::create_directories(dir_);
      SqliteOptions o;
      o.path = dir_ / "charter.db";
      auto s = SqliteStore::open(o);
      ASSERT_TRUE(s) << s.error().message;
      outbox_ = std::make_unique<store_core::SqlOutboxStore>(
          std::make_unique<sqlite::StoreDatabase>(**s));
      store_ = std::move(*s);
    }
    service_ = std::make_unique<CaseService>(*store_, *builtinPolicy("hos-code-2024"), time_);
  }
  void TearDown() override {
    service_.reset();
    outbox_.reset();
    store_.reset();
    if (!schema_.empty()) pgExec(base_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  // A complaint from a resident with an email address, acknowledged: one message queued.
  CaseId acknowledgedCase(const std::string& email = "ada@example.org") {
    auto created = service_->create(
        {{"kind", "complaint"},
         {"received_at", "2025-03-24T10:00:00Z"},
         {"channel", "email"},
         {"summary", "Boiler still broken"},
         {"person", {{"name", "Ada Resident"}, {"email", email}}}},
        "Test Officer");
    EXPECT_TRUE(created) << created.error().message;
    const CaseId id = created->state.id;
    auto acked = service_->act(id, {{"action", "acknowledge"},
                                    {"at", "2025-03-24T11:00:00Z"},
                                    {"definition", "Boiler not repaired; wants it fixed"},
                                    {"handler", "Investigating Officer"}},
                               "Test Officer");
    EXPECT_TRUE(acked) << acked.error().message;
    return id;
  }

  std::vector<OutboxMessage> due(Instant now) {
    auto d = outbox_->due(1, "email", now, 50);
    EXPECT_TRUE(d) << d.error().message;
    return d ? *d : std::vector<OutboxMessage>{};
  }

  FixedTimeSource time_{at("2025-03-24T12:00:00Z")};
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<OutboxStore> outbox_;
  std::unique_ptr<CaseService> service_;
  std::string base_, schema_;
  std::filesystem::path dir_;
};

TEST_P(OutboxConformance, AnAcknowledgementQueuesOneEmailWithTheEvent) {
  const CaseId id = acknowledgedCase();
  auto list = outbox_->forCase(1, id);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 1u);
  const OutboxMessage& m = list->front();
  EXPECT_EQ(m.kind, "acknowledgement");
  EXPECT_EQ(m.event_seq, 2);
  EXPECT_EQ(m.recipient, "ada@example.org");
  EXPECT_EQ(m.status, "pending");
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.created, time_.now());
  EXPECT_FALSE(m.sent);
  EXPECT_NE(m.body.find("Ada Resident"), std::string::npos);
  EXPECT_EQ(due(time_.now()).size(), 1u);
  EXPECT_TRUE(due(time_.now() - 1s).empty());
}

TEST_P(OutboxConformance, AMessageIsRolledBackWithItsTransactionAndNeverQueuedTwice) {
  const CaseId id = acknowledgedCase();
  OutboxMessage m = outbox_->forCase(1, id)->front();
  // Queued again under the same key: refused, nothing else kept.
  auto again = store_->write(1, [&](CaseTxn& txn) { return txn.enqueue(m); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  // A write that queues a message and then fails keeps nothing.
  m.kind = "case_update";
  auto failed = store_->write(1, [&](CaseTxn& txn) -> Status {
    if (auto s = txn.enqueue(m); !s) return s;
    return conflict("test", "the work fails after queuing");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(outbox_->forCase(1, id)->size(), 1u);
  // A write that succeeds keeps it.
  ASSERT_TRUE(store_->write(1, [&](CaseTxn& txn) { return txn.enqueue(m); }));
  EXPECT_EQ(outbox_->forCase(1, id)->size(), 2u);
}

TEST_P(OutboxConformance, AClaimIsExclusiveAndSentIsFinal) {
  acknowledgedCase();
  auto read = due(time_.now());
  ASSERT_EQ(read.size(), 1u);
  OutboxMessage first = read[0], second = read[0];
  auto a = outbox_->claim(first, time_.now() + 300s);
  auto b = outbox_->claim(second, time_.now() + 300s);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(*a);
  EXPECT_FALSE(*b);  // the same read cannot claim twice
  EXPECT_EQ(first.status, "sending");
  EXPECT_EQ(first.attempts, 1);
  EXPECT_TRUE(due(time_.now() + 299s).empty());  // held by its lease
  ASSERT_TRUE(*outbox_->markSent(first, time_.now() + 1s));
  EXPECT_TRUE(due(time_.now() + 24h).empty());
  auto stored = outbox_->forCase(1, first.case_id)->front();
  EXPECT_EQ(stored.status, "sent");
  EXPECT_EQ(stored.sent, time_.now() + 1s);
  EXPECT_FALSE(*outbox_->markSent(first, time_.now() + 2s));  // marked once
}

TEST_P(OutboxConformance, AnExpiredLeaseIsClaimedAgainAndTheOldClaimCannotMark) {
  acknowledgedCase();
  OutboxMessage crashed = due(time_.now())[0];
  ASSERT_TRUE(*outbox_->claim(crashed, time_.now() + 60s));
  auto later = due(time_.now() + 60s);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].status, "sending");
  OutboxMessage retaken = later[0];
  ASSERT_TRUE(*outbox_->claim(retaken, time_.now() + 120s));
  EXPECT_EQ(retaken.attempts, 2);
  EXPECT_FALSE(*outbox_->markSent(crashed, time_.now() + 61s));
  EXPECT_FALSE(*outbox_->markFailed(crashed, time_.now() + 90s, false, "late"));
  EXPECT_TRUE(*outbox_->markSent(retaken, time_.now() + 62s));
}

TEST_P(OutboxConformance, AFailureWaitsForItsNextAttemptAndGivingUpIsFinal) {
  acknowledgedCase();
  OutboxMessage m = due(time_.now())[0];
  ASSERT_TRUE(*outbox_->claim(m, time_.now() + 300s));
  ASSERT_TRUE(*outbox_->markFailed(m, time_.now() + 30s, false, "SMTP: connection refused"));
  EXPECT_TRUE(due(time_.now() + 29s).empty());
  auto retry = due(time_.now() + 30s);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].status, "pending");
  EXPECT_EQ(retry[0].last_error, "SMTP: connection refused");
  m = retry[0];
  ASSERT_TRUE(*outbox_->claim(m, time_.now() + 300s));
  ASSERT_TRUE(*outbox_->markFailed(m, time_.now() + 90s, true, "gave up"));
  EXPECT_TRUE(due(time_.now() + 24h).empty());
  EXPECT_EQ(outbox_->forCase(1, m.case_id)->front().status, "failed");
}

TEST_P(OutboxConformance, TheBacklogCountsWhatIsUnsentByChannelAndStatus) {
  EXPECT_TRUE(outbox_->backlog(1)->empty());
  acknowledgedCase();
  time_.set(time_.now() + 1h);
  acknowledgedCase("bo@example.org");
  acknowledgedCase("cy@example.org");
  auto b = outbox_->backlog(1);
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ((*b)[0].channel, "email");
  EXPECT_EQ((*b)[0].status, "pending");
  EXPECT_EQ((*b)[0].messages, 3);
  EXPECT_EQ((*b)[0].oldest, time_.now() - 1h);  // the first one's queuing
  // One sent (gone from the backlog), one given up.
  auto d = due(time_.now());
  ASSERT_EQ(d.size(), 3u);
  ASSERT_TRUE(*outbox_->claim(d[0], time_.now() + 300s));
  ASSERT_TRUE(*outbox_->markSent(d[0], time_.now()));
  ASSERT_TRUE(*outbox_->claim(d[1], time_.now() + 300s));
  ASSERT_TRUE(*outbox_->markFailed(d[1], time_.now(), true, "gave up"));
  b = outbox_->backlog(1);
  ASSERT_TRUE(b);
  ASSERT_EQ(b->size(), 2u);
  EXPECT_EQ((*b)[0].status, "failed");
  EXPECT_EQ((*b)[0].messages, 1);
  EXPECT_EQ((*b)[1].status, "pending");
  EXPECT_EQ((*b)[1].messages, 1);
  EXPECT_EQ((*b)[1].oldest, time_.now());
  EXPECT_TRUE(outbox_->backlog(2)->empty());
}

TEST_P(OutboxConformance, LandlordsAreKeptApartAndNoEmailMeansNoMessage) {
  acknowledgedCase();
  acknowledgedCase("");
  EXPECT_EQ(due(time_.now()).size(), 1u);
  auto other = outbox_->due(2, "email", time_.now(), 50);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
  other = outbox_->due(1, "sms", time_.now(), 50);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
  // Every read and update is scoped by landlord_id = $1; the insert leads with it.
  for (const auto& s : store_core::outboxStatements())
    EXPECT_TRUE(s.find("landlord_id = $1") != std::string::npos ||
                (s.rfind("INSERT INTO outbox (landlord_id,", 0) == 0 &&
                 s.find("VALUES ($1,") != std::string::npos))
        << s;
}

INSTANTIATE_TEST_SUITE_P(Stores, OutboxConformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
