// The account store conformance suite: sign-in, sessions (lifetime and idle timeout), API
// tokens and their revocation, the view log, subject access, rectification and retention, on a
// real SQLite file and, when CHARTER_PG_DSN is set (scripts/with-postgres.sh), a real
// PostgreSQL in a fresh schema per test; and the statement-list check that every query on a
// landlord's table is scoped to one. It names both concrete stores, so it lives in tests/store/.
#include <cctype>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <regex>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../support/pg_test_db.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "app/accounts.h"
#include "app/audit.h"
#include "app/authz.h"
#include "app/landlords.h"
#include "app/restriction_service.h"
#include "app/subject_access.h"
#include "util/durable_before_send.h"
#include "store/pg/pg_account_store.h"
#include "store/pg/pg_person_store.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/account_store.h"
#include "store/sqlite/person_store.h"
#include "store/sqlite/statement_log.h"

namespace charter {
namespace {

using namespace std::chrono_literals;

Instant at(const char* text) { return *parseInstant(text); }

using charter::testing::pgDsn;
using charter::testing::pgExec;

// A fresh PostgreSQL schema for one test (the session's search_path names it), dropped after.
class PgSchema {
 public:
  explicit PgSchema(std::string base) : base_(std::move(base)) {
    std::random_device rd;
    name_ = fmt::format("acc_{:08x}{:08x}", rd(), rd());
    const bool uri = base_.rfind("postgres", 0) == 0 && base_.find("://") != std::string::npos;
    dsn_ = uri ? base_ + (base_.find('?') == std::string::npos ? "?" : "&") +
                     "options=-csearch_path%3D" + name_
               : base_ + " options='-csearch_path=" + name_ + "'";
    EXPECT_TRUE(pgExec(base_, "CREATE SCHEMA " + name_));
  }
  ~PgSchema() { pgExec(base_, "DROP SCHEMA IF EXISTS " + name_ + " CASCADE"); }
  const std::string& dsn() const { return dsn_; }

 private:
  std::string base_, name_, dsn_;
};

class AccountsTest : public ::testing::TestWithParam<std::string> {
 protected:
  bool pg() const { return GetParam() == "postgresql"; }

  // The case store and its account store on the database under test; open twice for two
  // processes' worth of stores on one database.
  struct Stores {
    std::unique_ptr<CaseStore> cases;
    std::unique_ptr<AccountStore> accounts;
  };
  Stores openStores() {
    Stores out;
    if (pg()) {
      PgOptions options;
      options.dsn = schema_->dsn();
      auto s = PgStore::open(options);
      EXPECT_TRUE(s) << s.error().message;
      if (!s) return out;
      auto a = PgAccountStore::open(schema_->dsn(), 2);
      EXPECT_TRUE(a) << a.error().message;
      if (!a) return out;
      out.cases = std::move(*s);
      out.accounts = std::move(*a);
    } else {
      SqliteOptions options;
      options.path = dir_ / "charter.db";
      auto s = SqliteStore::open(options);
      EXPECT_TRUE(s) << s.error().message;
      if (!s) return out;
      out.accounts = std::make_unique<SqliteAccountStore>(**s);
      out.cases = std::move(*s);
    }
    return out;
  }

  void SetUp() override {
    if (pg()) {
      if (pgDsn() == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
      schema_ = std::make_unique<PgSchema>(pgDsn());
    }
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("charter-accounts-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    Stores stores = openStores();
    ASSERT_TRUE(stores.cases && stores.accounts);
    store_ = std::move(stores.cases);
    accounts_store_ = std::move(stores.accounts);
    accounts_ = makeAccountService(*accounts_store_, time_, options());
    auto policy = builtinPolicy("hos-code-2024");
    ASSERT_TRUE(policy);
    policy_ = *policy;
    auto second = accounts_store_->addLandlord("second", "Second Homes");
    ASSERT_TRUE(second) << second.error().message;
    second_ = *second;
    registry_ = std::make_unique<LandlordRegistry>(*store_, *accounts_store_, time_, *policy);
    ASSERT_TRUE(registry_->load());
    cases_ = std::make_unique<AuthorisedCases>(*registry_);
  }
  void TearDown() override {
    cases_.reset();
    registry_.reset();
    accounts_.reset();
    accounts_store_.reset();
    store_.reset();
    schema_.reset();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  static AccountOptions options() {
    AccountOptions o;
    o.opslimit = 1;
    o.memlimit = 8192;
    return o;
  }

  Principal add(LandlordId landlord, const std::string& username, Role role,
                const std::string& person_ref = "") {
    auto p = accounts_->addAccount(NewAccount{landlord, username, "Name of " + username,
                                              "kettle pigeon marble", role, person_ref});
    EXPECT_TRUE(p) << p.error().message;
    return p ? *p : Principal{};
  }

  CaseView complaint(const Principal& who, const std::string& account, const char* received) {
    nlohmann::json body = {{"kind", "complaint"},
                           {"received_at", received},
                           {"channel", "phone"},
                           {"summary", "Damp in the bedroom of " + account},
                           {"person", {{"name", "Ada " + account}, {"account", account},
                                       {"phone", "01632 960000"}}}};
    auto v = cases_->create(who, body);
    EXPECT_TRUE(v) << v.error().message;
    return v ? *v : CaseView{};
  }

  std::unique_ptr<PgSchema> schema_;
  std::filesystem::path dir_;
  FixedTimeSource time_{at("2025-03-24T12:00:00Z")};
  PolicyPtr policy_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<AccountStore> accounts_store_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<LandlordRegistry> registry_;
  std::unique_ptr<AuthorisedCases> cases_;
  LandlordId second_ = 0;
};

TEST_P(AccountsTest, SignInSessionAndSignOut) {
  add(1, "Officer@Example.org", Role::kInvestigatingManager);
  auto s = accounts_->signIn("demo", "officer@example.org", "kettle pigeon marble", "1.2.3.4");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->principal.role, Role::kInvestigatingManager);
  EXPECT_EQ(s->principal.landlord, 1);
  EXPECT_FALSE(s->csrf_token.empty());
  EXPECT_TRUE(csrfMatches(*s, s->csrf_token));
  auto again = accounts_->session(s->token);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->principal.username, "officer@example.org");
  EXPECT_EQ(again->csrf_token, s->csrf_token);

  // The store keeps only a hash of the token.
  EXPECT_TRUE(accounts_store_->session(1, tokenHash(s->token)).value().has_value());

  // Expiry.
  time_.set(time_.now() + 9h);
  EXPECT_FALSE(accounts_->session(s->token));
  time_.set(at("2025-03-24T12:00:00Z"));
  ASSERT_TRUE(accounts_->session(s->token));
  ASSERT_TRUE(accounts_->signOut(s->token));
  EXPECT_FALSE(accounts_->session(s->token));
  EXPECT_FALSE(accounts_->session("garbage"));
  EXPECT_FALSE(accounts_->session("s1.tooshort"));

  // The wrong landlord does not know the username.
  auto other = accounts_->signIn("second", "officer@example.org", "kettle pigeon marble", "1.2.3.4");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().rule, "sign-in");
}

TEST_P(AccountsTest, AddAccountChecksPasswordAndUniqueness) {
  auto weak = accounts_->addAccount(NewAccount{1, "a", "A", "password123", Role::kFrontLine, ""});
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().field, "password");
  add(1, "a", Role::kFrontLine);
  auto dup = accounts_->addAccount(NewAccount{1, "A", "A", "kettle pigeon marble", Role::kFrontLine, ""});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().kind, ErrorKind::kConflict);
  // The same username at another landlord is another account.
  add(second_, "a", Role::kFrontLine);
  auto resident = accounts_->addAccount(NewAccount{1, "r", "R", "kettle pigeon marble", Role::kResident, ""});
  ASSERT_FALSE(resident);
  EXPECT_EQ(resident.error().field, "person_ref");
}

TEST_P(AccountsTest, TheNameAndJobTitleThatSignLettersComeBackOnTheSession) {
  NewAccount in{1, "ivy", "Ivy Okonkwo", "kettle pigeon marble", Role::kInvestigatingManager, "",
                "Complaints Investigator"};
  ASSERT_TRUE(accounts_->addAccount(in));
  auto s = accounts_->signIn("demo", "ivy", "kettle pigeon marble", "1.2.3.4");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->principal.display_name, "Ivy Okonkwo");
  EXPECT_EQ(s->principal.job_title, "Complaints Investigator");
  auto again = accounts_->session(s->token);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->principal.job_title, "Complaints Investigator");
  // No title given: none shown.
  add(1, "clerk", Role::kFrontLine);
  auto c = accounts_->signIn("demo", "clerk", "kettle pigeon marble", "1.2.3.4");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->principal.job_title, "");
  in.username = "long";
  in.job_title = std::string(201, 'x');
  auto too_long = accounts_->addAccount(in);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field, "job_title");
}

TEST_P(AccountsTest, FailuresAreThrottledWithGrowingDelaysNeverLockedOut) {
  add(1, "clerk", Role::kFrontLine);
  auto attempt = [&](const char* user, const char* password) {
    auto r = accounts_->signIn("demo", user, password, "10.0.0.1");
    return r ? std::string("ok") : r.error().rule;
  };
  // Known and unknown names alike: three free failures, then a wait after each.
  for (const char* user : {"clerk", "nobody"}) {
    for (int i = 0; i < 4; ++i) EXPECT_EQ(attempt(user, "wrong password here"), "sign-in") << user << i;
    EXPECT_EQ(attempt(user, "wrong password here"), "rate-limited") << user;
    EXPECT_EQ(accounts_->signInWait("10.0.0.1", "demo", user), 1s) << user;
  }
  // Even the right password waits; the wait running out does not forget the count.
  EXPECT_EQ(attempt("clerk", "kettle pigeon marble"), "rate-limited");
  time_.set(time_.now() + 1s);
  EXPECT_EQ(attempt("clerk", "wrong password here"), "sign-in");
  EXPECT_EQ(accounts_->signInWait("10.0.0.1", "demo", "clerk"), 2s);
  time_.set(time_.now() + 2s);
  EXPECT_EQ(attempt("clerk", "wrong password here"), "sign-in");
  EXPECT_EQ(accounts_->signInWait("10.0.0.1", "demo", "CLERK"), 4s);  // names are case-blind
  time_.set(time_.now() + 4s);
  EXPECT_EQ(attempt("clerk", "kettle pigeon marble"), "ok");
  // A success clears the name's count; the store keeps no lock.
  EXPECT_EQ(accounts_->signInWait("10.0.0.9", "demo", "clerk"), 0s);
  EXPECT_EQ(accounts_store_->accountByUsername(1, "clerk").value()->locked_until, Instant{});
  // An over-long password is a plain wrong one, for a known name or not.
  const std::string long_password(200, 'p');
  EXPECT_EQ(attempt("clerk", long_password.c_str()), "sign-in");
}

TEST_P(AccountsTest, ThrottlePerAddress) {
  add(1, "clerk", Role::kFrontLine);
  for (int i = 0; i < 11; ++i) {
    auto r = accounts_->signIn("demo", "nobody" + std::to_string(i), "wrong password here", "10.9.9.9");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().rule, "sign-in") << i;
  }
  EXPECT_EQ(accounts_->signInWait("10.9.9.9"), 1s);
  auto held = accounts_->signIn("demo", "clerk", "kettle pigeon marble", "10.9.9.9");
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().rule, "rate-limited");
  // Another address is not held up; after the wait this one may try again.
  EXPECT_TRUE(accounts_->signIn("demo", "clerk", "kettle pigeon marble", "10.9.9.8"));
  time_.set(time_.now() + 1s);
  EXPECT_TRUE(accounts_->signIn("demo", "clerk", "kettle pigeon marble", "10.9.9.9"));
}

TEST_P(AccountsTest, ApiTokensAreScopedToTheirLandlord) {
  auto token = accounts_->createApiToken(second_, Role::kGovernance, "board pack");
  ASSERT_TRUE(token) << token.error().message;
  auto p = accounts_->bearer(*token);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->landlord, second_);
  EXPECT_EQ(p->role, Role::kGovernance);
  EXPECT_TRUE(p->api_token);
  // Claiming another landlord in the token's prefix finds nothing.
  std::string forged = *token;
  forged.replace(0, forged.find('_', 3), "ch_1");
  EXPECT_FALSE(accounts_->bearer(forged));
  EXPECT_FALSE(accounts_->bearer("ch_2_" + std::string(43, 'A')));
}

TEST_P(AccountsTest, ResidentsSeeOnlyTheirCasesAndOtherLandlordsNothing) {
  Principal admin = add(1, "admin", Role::kComplaintsAdmin);
  Principal ada = add(1, "ada", Role::kResident, "P-ADA");
  Principal bob = add(1, "bob", Role::kResident, "P-BOB");
  Principal other = add(second_, "admin", Role::kComplaintsAdmin);
  CaseView a = complaint(admin, "P-ADA", "2025-03-21T10:00:00Z");
  CaseView b = complaint(admin, "P-BOB", "2025-03-21T11:00:00Z");

  EXPECT_TRUE(cases_->get(ada, a.state.id));
  auto hidden = cases_->get(ada, b.state.id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().kind, ErrorKind::kNotFound);
  auto list = cases_->list(ada, CaseQuery{.today = registry_->cases(1).value()->today(), .limit = 50});
  ASSERT_TRUE(list);
  ASSERT_EQ(list->cases.size(), 1u);
  EXPECT_EQ(list->cases[0].id, a.state.id);

  // A resident logging a contact: it is about them whatever the body says.
  auto mine = cases_->create(bob, {{"kind", "enquiry"}, {"received_at", "2025-03-21T12:00:00Z"},
                                   {"channel", "web_form"}, {"summary", "When is my visit?"},
                                   {"person", {{"name", "Bob"}, {"account", "P-ADA"}}}});
  ASSERT_TRUE(mine) << mine.error().message;
  EXPECT_EQ(mine->state.person.account, "P-BOB");
  // ... and may not acknowledge their own complaint.
  auto ack = cases_->act(ada, a.state.id, {{"action", "acknowledge"}});
  ASSERT_FALSE(ack);
  EXPECT_TRUE(isForbidden(ack.error()));

  // The second landlord's staff: case 1 of landlord 1 does not exist for them.
  auto cross = cases_->get(other, a.state.id);
  ASSERT_FALSE(cross);
  EXPECT_EQ(cross.error().kind, ErrorKind::kNotFound);
  auto cross_list = cases_->list(other, CaseQuery{.today = registry_->cases(1).value()->today(), .limit = 50});
  ASSERT_TRUE(cross_list);
  EXPECT_TRUE(cross_list->cases.empty());

  // Governance reads but never writes.
  Principal board = add(1, "board", Role::kGovernance);
  EXPECT_TRUE(cases_->get(board, a.state.id));
  auto write = cases_->create(board, {{"kind", "enquiry"}});
  ASSERT_FALSE(write);
  EXPECT_TRUE(isForbidden(write.error()));
}

TEST_P(AccountsTest, ViewLogSubjectAccessAndRectification) {
  Principal admin = add(1, "admin", Role::kComplaintsAdmin);
  Principal officer = add(1, "officer", Role::kInvestigatingManager);
  Principal clerk = add(1, "clerk", Role::kFrontLine);
  CaseView a = complaint(admin, "P-ADA", "2025-03-21T10:00:00Z");
  complaint(admin, "P-BOB", "2025-03-21T11:00:00Z");
  ASSERT_TRUE(cases_->get(officer, a.state.id, "web"));
  ASSERT_TRUE(cases_->get(clerk, a.state.id));
  auto views = viewsOfPerson(*accounts_store_, admin, "P-ADA");
  ASSERT_TRUE(views) << views.error().message;
  ASSERT_EQ(views->size(), 2u);
  EXPECT_EQ((*views)[0].viewer, "clerk");
  EXPECT_EQ((*views)[1].viewer, "officer");
  EXPECT_EQ((*views)[1].purpose, "web");
  EXPECT_FALSE(viewsOfPerson(*accounts_store_, clerk, "P-ADA"));  // not a data protection role

  auto sar = subjectAccess(*cases_, admin, "P-ADA");
  ASSERT_TRUE(sar) << sar.error().message;
  ASSERT_EQ((*sar)["cases"].size(), 1u);
  EXPECT_EQ((*sar)["cases"][0]["person"]["phone"], "01632 960000");
  EXPECT_EQ((*sar)["views"].size(), 3u);  // the two reads and this export
  EXPECT_FALSE(subjectAccess(*cases_, admin, "P-NOBODY"));
  // The export itself is in the view log.
  EXPECT_EQ(viewsOfPerson(*accounts_store_, admin, "P-ADA")->front().purpose, "subject-access");

  auto fixed = rectify(*cases_, admin, "P-ADA", {{"phone", "01632 960999"}}, "Resident asked");
  ASSERT_TRUE(fixed) << fixed.error().message;
  EXPECT_EQ(*fixed, 1);
  auto after = registry_->cases(1).value()->get(a.state.id);
  EXPECT_EQ(after->state.person.phone, "01632 960999");
  EXPECT_EQ(after->state.person.name, "Ada P-ADA");
  EXPECT_EQ(after->state.events.back().type, "person_rectified");
  EXPECT_EQ(after->state.events.front().data["person"]["phone"], "01632 960000");  // history kept
  EXPECT_FALSE(rectify(*cases_, admin, "P-ADA", {{"account", "P-BOB"}}, "move"));
}

// The database refuses every new row of the view log from now on (a trigger), as a full disk
// or a lost connection would.
void refuseViews(bool pg, const std::string& dsn, const std::filesystem::path& file) {
  if (pg) {
    ASSERT_TRUE(pgExec(dsn,
                       "CREATE FUNCTION refuse_view() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN RAISE EXCEPTION 'no views today'; END $$; "
                       "CREATE TRIGGER refuse_views BEFORE INSERT ON case_views FOR EACH ROW "
                       "EXECUTE FUNCTION refuse_view()"));
    return;
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db,
                              "CREATE TRIGGER refuse_views BEFORE INSERT ON case_views "
                              "BEGIN SELECT RAISE(ABORT, 'no views today'); END",
                              nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// show(): the view is durable before the response is sent (the request's DurableBeforeSend,
// which the HTTP server waits for), not necessarily before show() returns; outside a request it
// is waited for at once, as get() does. A view the database refuses fails the barrier with the
// view log's error, so the server drops the response built.
TEST_P(AccountsTest, ShowRecordsTheViewBeforeTheResponseIsSent) {
  Principal admin = add(1, "admin", Role::kComplaintsAdmin);
  Principal officer = add(1, "officer", Role::kInvestigatingManager);
  CaseView a = complaint(admin, "P-ADA", "2025-03-21T10:00:00Z");
  auto views = [&] {
    auto v = viewsOfPerson(*accounts_store_, admin, "P-ADA");
    EXPECT_TRUE(v);
    return v ? v->size() : size_t{0};
  };
  ASSERT_TRUE(cases_->show(officer, a.state.id, "web"));  // no barrier: durable on return
  EXPECT_EQ(views(), 1u);
  {
    DurableBeforeSend barrier;
    ASSERT_TRUE(cases_->show(officer, a.state.id, "api"));
    EXPECT_TRUE(barrier.wait());
    EXPECT_EQ(views(), 2u);
    EXPECT_EQ(viewsOfPerson(*accounts_store_, admin, "P-ADA")->front().purpose, "api");
  }

  refuseViews(pg(), pg() ? schema_->dsn() : "", dir_ / "charter.db");
  {
    DurableBeforeSend barrier;
    ASSERT_TRUE(cases_->show(officer, a.state.id, "api"));  // the read; its view is pending
    auto durable = barrier.wait();
    ASSERT_FALSE(durable);
    EXPECT_EQ(durable.error().kind, ErrorKind::kUnavailable);
    EXPECT_EQ(durable.error().rule, "view-log");
  }
  auto outside = cases_->show(officer, a.state.id, "api");
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().rule, "view-log");
  EXPECT_FALSE(cases_->get(officer, a.state.id, "api"));  // get() still refuses at once
  EXPECT_EQ(views(), 2u);
}

TEST_P(AccountsTest, RetentionDryRunThenAnonymise) {
  Principal admin = add(1, "admin", Role::kComplaintsAdmin);
  time_.set(at("2018-03-01T12:00:00Z"));
  CaseView old = complaint(admin, "P-OLD", "2018-02-26T10:00:00Z");
  auto withdrawn = cases_->act(admin, old.state.id, {{"action", "withdraw"}, {"at", "2018-02-27T10:00:00Z"}, {"reason", "Resident withdrew"}});
  ASSERT_TRUE(withdrawn) << withdrawn.error().message;
  CaseView open = complaint(admin, "P-OPEN", "2018-02-26T11:00:00Z");
  time_.set(at("2025-03-24T12:00:00Z"));
  CaseView recent = complaint(admin, "P-NEW", "2025-03-21T10:00:00Z");

  auto dry = retention(*cases_, admin, 6, true);
  ASSERT_TRUE(dry) << dry.error().message;
  ASSERT_EQ(dry->due.size(), 1u);
  EXPECT_EQ(dry->due[0].id, old.state.id);
  EXPECT_EQ(dry->anonymised, 0);
  EXPECT_EQ(registry_->cases(1).value()->get(old.state.id)->state.person.name, "Ada P-OLD");

  auto run = retention(*cases_, admin, 6, false);
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->anonymised, 1);
  auto gone = registry_->cases(1).value()->get(old.state.id);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->state.person.name, "(anonymised)");
  EXPECT_EQ(gone->state.person.phone, "");
  EXPECT_EQ(gone->state.events.size(), 3u);  // received, withdrawn, anonymised: history stays
  EXPECT_EQ(gone->state.events[0].data["person"]["name"], "(anonymised)");
  EXPECT_EQ(gone->state.events[0].data["summary"], "(anonymised)");
  EXPECT_EQ(gone->state.events[0].data["kind"], "complaint");
  EXPECT_EQ(gone->state.events[1].type, "withdrawn");
  EXPECT_FALSE(subjectAccess(*cases_, admin, "P-OLD"));  // no longer findable by the person
  EXPECT_EQ(registry_->cases(1).value()->get(open.state.id)->state.person.name, "Ada P-OPEN");
  EXPECT_EQ(registry_->cases(1).value()->get(recent.state.id)->state.person.name, "Ada P-NEW");
  // Running again finds nothing new.
  EXPECT_TRUE(retention(*cases_, admin, 6, true)->due.empty());
  // A non-anonymised case's events still cannot be changed in the database.
  EXPECT_FALSE(accounts_store_->redactEvents(1, open.state.id, {{1, "{}"}}));
}

// Every SQL statement the store prepared in this process (the tests above, plus these calls)
// that reads or writes a landlord's table names landlord_id = ?1 for each table it touches, and
// every insert into one leads with landlord_id bound to ?1.
TEST_P(AccountsTest, EveryStatementIsScopedToOneLandlord) {
  // Exercise the case store's statements here too (the list filters, rebuild).
  Principal admin = add(1, "admin", Role::kComplaintsAdmin);
  complaint(admin, "P-ADA", "2025-03-21T10:00:00Z");
  auto service = registry_->cases(1).value();
  CaseQuery q{.kind = CaseKind::kComplaint, .stage = 1, .status = CaseStatus::kOpen, .overdue = true,
              .due_before = service->today(), .handler = "x", .text = "Damp",
              .person_ref = "P-ADA", .today = service->today(), .limit = 10, .after = 0};
  ASSERT_TRUE(service->list(q));
  ASSERT_TRUE(service->rebuild());
  // ... and the account store's (each test runs in its own process under ctest).
  auto s = accounts_->signIn("demo", "admin", "kettle pigeon marble", "127.0.0.1");
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_TRUE(accounts_->session(s->token));
  ASSERT_TRUE(accounts_->signOut(s->token));
  EXPECT_FALSE(accounts_->signIn("demo", "admin", "wrong password!!", "127.0.0.1"));
  auto token = accounts_->createApiToken(1, Role::kGovernance, "t");
  ASSERT_TRUE(token && accounts_->bearer(*token));
  auto first = cases_->list(admin, CaseQuery{.today = service->today(), .limit = 1});
  ASSERT_TRUE(first && !first->cases.empty());
  ASSERT_TRUE(cases_->get(admin, first->cases[0].id));
  ASSERT_TRUE(viewsOfPerson(*accounts_store_, admin, "P-ADA"));
  ASSERT_TRUE(accounts_store_->accounts(1));
  ASSERT_TRUE(accounts_store_->setPolicy(second_, "", "none", time_.now()));
  ASSERT_TRUE(retention(*cases_, admin, 6, true));
  EXPECT_FALSE(accounts_store_->redactEvents(1, first->cases[0].id, {{1, "{}"}}));

  const std::set<std::string> landlord_tables = {"events", "cases", "clocks", "accounts",
                                                 "sessions", "api_tokens", "case_views",
                                                 "landlord_policies", "person_events"};
  // SQLite: every statement prepared in this process; PostgreSQL: the account store's list
  // (PgStore's own are checked in store_conformance_test.cc). Parameters are ?1 or $1.
  std::vector<std::string> statements =
      pg() ? PgAccountStore::statements() : sqlite_statements::seen();
  if (pg())  // the person store's (app/person_store.h), on the same database
    for (auto& s : store_core::personStatements()) statements.push_back(s);
  const char* p1 = pg() ? "$1" : "?1";
  // The list of landlords itself is the one statement over every landlord.
  const std::string landlord_query =
      "SELECT l.landlord_id, l.slug, l.name, coalesce(p.policy_toml, ''), coalesce(p.source, '') "
      "FROM landlords l LEFT JOIN landlord_policies p ON p.landlord_id = l.landlord_id ";
  const std::set<std::string> reviewed = {landlord_query + "ORDER BY l.landlord_id",
                                          landlord_query + "WHERE l.slug = " + p1};
  const std::regex table_ref(R"(\b(FROM|JOIN|UPDATE|INTO)\s+([a-z_]+))", std::regex::icase);
  const std::regex scoped(R"(landlord_id\s*=\s*[?$]1\b)");
  const std::regex insert(
      R"(^\s*INSERT INTO\s+([a-z_]+)\s*\(\s*landlord_id\b[^)]*\)\s*VALUES\s*\(\s*[?$]1\b)",
      std::regex::icase);
  // SQLite's bare "?" is the next number (store_core::dialectSql writes $1..$n in order so):
  // numbered here, so "landlord_id = ?" is checked as the ?1 it is.
  auto numbered = [](const std::string& sql) {
    std::string out;
    int next = 0;
    for (size_t i = 0; i < sql.size(); ++i) {
      out += sql[i];
      const bool bare = sql[i] == '?' && (i + 1 == sql.size() ||
                                          !std::isdigit(static_cast<unsigned char>(sql[i + 1])));
      if (bare) out += std::to_string(++next);
    }
    return out;
  };
  int checked = 0;
  for (const std::string& prepared : statements) {
    const std::string sql = numbered(prepared);
    if (reviewed.count(sql)) continue;
    int refs = 0;
    bool is_insert = false;
    for (auto it = std::sregex_iterator(sql.begin(), sql.end(), table_ref);
         it != std::sregex_iterator(); ++it) {
      std::string kw = (*it)[1];
      for (auto& c : kw) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!landlord_tables.count((*it)[2])) continue;
      if (kw == "INTO") {
        is_insert = true;
      } else {
        ++refs;
      }
    }
    if (refs == 0 && !is_insert) continue;
    ++checked;
    if (is_insert) {
      EXPECT_TRUE(std::regex_search(sql, insert)) << "insert not led by landlord_id = $1: " << sql;
    }
    const auto scopes = std::distance(std::sregex_iterator(sql.begin(), sql.end(), scoped),
                                      std::sregex_iterator());
    EXPECT_GE(scopes, refs) << "a landlord table read without landlord_id = $1: " << sql;
  }
  EXPECT_GE(checked, 20);
}

// A revoked token is refused at once, by this store and by a second one on the same database
// (another `charter serve` process); by name or id; the others keep working.
TEST_P(AccountsTest, RevokedTokensAreRefusedEverywhereAtOnce) {
  Stores other = openStores();
  ASSERT_TRUE(other.accounts);
  auto other_service = makeAccountService(*other.accounts, time_, options());
  auto crm = accounts_->createApiToken(1, Role::kComplaintsAdmin, "crm");
  auto board = accounts_->createApiToken(1, Role::kGovernance, "board");
  auto theirs = accounts_->createApiToken(second_, Role::kGovernance, "crm");
  ASSERT_TRUE(crm && board && theirs);
  ASSERT_TRUE(other_service->bearer(*crm));  // seen by the other process before revoking

  auto revoked = revokeApiToken(*other.accounts, 1, std::nullopt, "crm");
  ASSERT_TRUE(revoked) << revoked.error().message;
  EXPECT_EQ(revoked->name, "crm");
  EXPECT_TRUE(revoked->revoked);
  EXPECT_FALSE(accounts_->bearer(*crm));
  EXPECT_FALSE(other_service->bearer(*crm));
  EXPECT_TRUE(accounts_->bearer(*board));
  EXPECT_TRUE(accounts_->bearer(*theirs));  // the other landlord's "crm" is another token
  // Revoking it again by name finds no live token; by id it is idempotent.
  auto again = revokeApiToken(*accounts_store_, 1, std::nullopt, "crm");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(revokeApiToken(*accounts_store_, 1, revoked->id, ""));
  auto missing = revokeApiToken(*accounts_store_, 1, 999, "");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  // A landlord's token id means nothing for another landlord.
  EXPECT_FALSE(accounts_store_->revokeApiToken(second_, 999));

  // Two live tokens of one name: the name is ambiguous, the id is not.
  auto a = accounts_->createApiToken(1, Role::kFrontLine, "import");
  auto b = accounts_->createApiToken(1, Role::kFrontLine, "import");
  ASSERT_TRUE(a && b);
  auto ambiguous = revokeApiToken(*accounts_store_, 1, std::nullopt, "import");
  ASSERT_FALSE(ambiguous);
  EXPECT_EQ(ambiguous.error().rule, "ambiguous");
  auto list = accounts_store_->apiTokens(1);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 4u);
  EXPECT_TRUE((*list)[0].revoked);
  EXPECT_FALSE((*list)[1].revoked);
  ASSERT_TRUE(revokeApiToken(*accounts_store_, 1, (*list)[3].id, ""));
  EXPECT_TRUE(accounts_->bearer(*a));
  EXPECT_FALSE(other_service->bearer(*b));
}

// A session ends after session_idle unused, slides with use (written at most once a minute),
// and never outlives session_lifetime; session_idle 0 keeps only the lifetime.
TEST_P(AccountsTest, IdleSessionsEnd) {
  add(1, "clerk", Role::kFrontLine);
  const Instant start = time_.now();
  auto s = accounts_->signIn("demo", "clerk", "kettle pigeon marble", "10.0.0.1");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->expires, start + 30min);
  time_.set(start + 20min);
  auto used = accounts_->session(s->token);
  ASSERT_TRUE(used) << used.error().message;
  EXPECT_EQ(used->expires, start + 50min);
  // The new expiry is in the database: another process's service agrees.
  Stores other = openStores();
  ASSERT_TRUE(other.accounts);
  auto other_service = makeAccountService(*other.accounts, time_, options());
  time_.set(start + 49min);
  ASSERT_TRUE(other_service->session(s->token));  // and slides it to 1h19
  time_.set(start + 49min + 30s);
  EXPECT_EQ(accounts_->session(s->token)->expires, start + 79min);  // not rewritten within a minute
  time_.set(start + 79min + 1s);
  auto idle = accounts_->session(s->token);
  ASSERT_FALSE(idle);
  EXPECT_EQ(idle.error().rule, "unauthenticated");

  // Used every 20 minutes, a session still ends at its lifetime (8 hours).
  time_.set(start);
  auto busy = accounts_->signIn("demo", "clerk", "kettle pigeon marble", "10.0.0.1");
  ASSERT_TRUE(busy);
  for (auto t = start + 20min; t < start + 8h; t += 20min) {
    time_.set(t);
    ASSERT_TRUE(accounts_->session(busy->token)) << formatInstant(t);
  }
  time_.set(start + 8h);
  EXPECT_FALSE(accounts_->session(busy->token));

  // No idle timeout: only the lifetime.
  AccountOptions o = options();
  o.session_idle = std::chrono::minutes(0);
  auto lasting = makeAccountService(*accounts_store_, time_, o);
  time_.set(start);
  auto l = lasting->signIn("demo", "clerk", "kettle pigeon marble", "10.0.0.2");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->expires, start + 8h);
  time_.set(start + 7h);
  EXPECT_TRUE(lasting->session(l->token));
}

// Contact warnings and restrictions on the person stream (app/person_store.h,
// migrations/0015_person_events.sql): kept on both databases alike, per landlord, surviving a
// reopen; a stale append is a conflict; a restricted person's complaint is logged and listed.
TEST_P(AccountsTest, RestrictionsLiveOnThePersonStreamOnBothStores) {
  auto openPeople = [&]() -> std::unique_ptr<PersonStore> {
    if (pg()) {
      auto p = PgPersonStore::open(schema_->dsn(), 1);
      EXPECT_TRUE(p) << p.error().message;
      return p ? std::move(*p) : nullptr;
    }
    return std::make_unique<SqlitePersonStore>(static_cast<SqliteStore&>(*store_));
  };
  auto people = openPeople();
  ASSERT_TRUE(people);
  RestrictionService service(*people, *registry_);
  Principal admin = add(1, "admin", Role::kComplaintsAdmin);
  Principal ada = add(1, "ada", Role::kResident, "P-ADA");
  Principal other = add(second_, "admin", Role::kComplaintsAdmin);

  nlohmann::json impose = {{"action", "impose"}, {"kind", "written_only"},
                           {"behaviour", "Abusive calls"}, {"review_on", "2025-06-30"}};
  auto refused = service.act(admin, "P-ADA", impose);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().rule, "policy-4.16");
  ASSERT_TRUE(service.act(admin, "P-ADA", {{"action", "warn"}, {"behaviour", "Shouted"}}));
  auto imposed = service.act(admin, "P-ADA", impose);
  ASSERT_TRUE(imposed) << imposed.error().message;
  EXPECT_EQ(imposed->restrictions.at(0).decided_by, "admin");

  // Residents never see them; another landlord has none.
  EXPECT_TRUE(isForbidden(service.get(ada, "P-ADA").error()));
  EXPECT_TRUE(service.get(other, "P-ADA")->restrictions.empty());

  // A stale append (seq 2 again) is refused whole.
  Event stale;
  stale.seq = 2;
  stale.type = "restriction_lifted";
  stale.actor = "x";
  auto clash = people->appendPersonEvents(1, "P-ADA", {stale});
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().kind, ErrorKind::kConflict);

  // Reopened, the stream folds to the same restriction.
  people.reset();
  people = openPeople();
  RestrictionService again(*people, *registry_);
  auto read = again.get(admin, "P-ADA");
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->active().size(), 1u);
  EXPECT_EQ(read->restrictions[0].kind, "written_only");
  auto all = again.people(admin);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().version, 2);

  // The Code forbids a restriction stopping a complaint: it is logged and listed as any other.
  CaseView c = complaint(admin, "P-ADA", "2025-03-24T10:00:00Z");
  EXPECT_GT(c.state.id, 0);
  CaseQuery q;
  q.person_ref = "P-ADA";
  auto listed = cases_->list(admin, q);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->cases.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Stores, AccountsTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
