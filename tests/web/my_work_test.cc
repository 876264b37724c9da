// My work for a person with many cases, through the router on a real SQLite file: each
// deadline section shows its 25 earliest, its whole count and a link to the section's own
// pages (GET /staff/work/{section}?page=K, 50 a page), which check their page number and let in
// exactly whom My work lets in.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "support/web_fixture.h"

namespace charter::web {
namespace {

// The web fixture's pages with "ivy" (an investigating manager), "ada" (a resident, P-1) and
// "root" (the system administrator).
class MyWork : public test_support::WebFixture {
 protected:
  void SetUp() override {
    WebFixture::SetUp();
    if (HasFatalFailure()) return;
    add("ada", Role::kResident, "P-1");
    add("root", Role::kSystemAdmin, "");
  }
  std::string token(const std::string& user) {
    return accounts_->signIn("demo", user, "password of " + user, "127.0.0.1").value().token;
  }
  http::Response get(const std::string& target, const std::string& session = {}) {
    http::Request r;
    r.method = "GET";
    r.target = target;
    auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = *http::parseQuery(target.substr(q + 1));
    if (!session.empty()) r.headers["cookie"] = "charter_session=" + session;
    return router_.dispatch(r);
  }
  static std::string location(const http::Response& r) { return header(r, "Location"); }
  // `n` stage 1 complaints handled by ivy, received a day apart from 6 January 2025 on (so
  // all overdue, the first received the most overdue); their ids in that order.
  std::vector<CaseId> overdueComplaints(int n) {
    std::vector<CaseId> ids;
    const Instant first = parseInstant("2025-01-06T10:00:00+00:00").value();
    for (int i = 0; i < n; ++i) {
      const Instant at = first + std::chrono::hours(24 * i);
      nlohmann::json body = {{"kind", "complaint"}, {"received_at", formatInstant(at)},
                             {"channel", "phone"}, {"summary", "Boiler broken"},
                             {"person", {{"name", "Ada Resident"}, {"account", "P-1"}}}};
      CaseId id = service_->create(body, "test").value().state.id;
      EXPECT_TRUE(service_->act(id, {{"action", "acknowledge"},
                                     {"at", formatInstant(at + std::chrono::hours(1))},
                                     {"definition", "Boiler"}, {"handler", "ivy"}}, "test"));
      ids.push_back(id);
    }
    return ids;
  }
  // `n` complaints nobody owns yet, received a day apart from 6 January 2025 on (the first
  // received first in the triage queue); their ids in that order.
  std::vector<CaseId> unassignedComplaints(int n) {
    std::vector<CaseId> ids;
    const Instant first = parseInstant("2025-01-06T10:00:00+00:00").value();
    for (int i = 0; i < n; ++i) {
      nlohmann::json body = {{"kind", "complaint"},
                             {"received_at", formatInstant(first + std::chrono::hours(24 * i))},
                             {"channel", "phone"}, {"summary", "Damp in the bedroom"},
                             {"person", {{"name", "Ada Resident"}, {"account", "P-1"}}}};
      ids.push_back(service_->create(body, "test").value().state.id);
    }
    return ids;
  }
  // The part of `body` from the heading with id `section` to the next heading.
  static std::string section(const std::string& body, const std::string& id) {
    auto from = body.find("id=\"" + id + "\"");
    if (from == std::string::npos) return {};
    return body.substr(from, body.find("<h2", from) - from);
  }
  static int count(const std::string& text, const std::string& needle) {
    int n = 0;
    for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
    return n;
  }
  static std::string link(CaseId id) { return "href=\"/staff/cases/" + std::to_string(id) + "\""; }

};

TEST_F(MyWork, ASectionShowsItsTwentyFiveEarliestItsTrueCountAndALinkToTheRest) {
  const auto ids = overdueComplaints(30);
  auto r = get("/staff", token("ivy"));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("You have 30 open cases."), std::string::npos);
  const std::string overdue = section(r.body, "overdue");
  EXPECT_NE(overdue.find("Overdue (30)"), std::string::npos);
  EXPECT_EQ(count(overdue, "href=\"/staff/cases/"), 25);
  EXPECT_NE(overdue.find(link(ids.front())), std::string::npos) << "the most overdue is shown";
  EXPECT_NE(overdue.find(link(ids[24])), std::string::npos);
  EXPECT_EQ(overdue.find(link(ids[25])), std::string::npos) << "the 26th is on the section's page";
  EXPECT_NE(overdue.find("<a class=\"govuk-link\" href=\"/staff/work/overdue\">Show all 30 overdue "
                         "cases</a>"), std::string::npos);
  EXPECT_EQ(section(r.body, "due-today").find("Show all"), std::string::npos) << "none there";
}

TEST_F(MyWork, AClosedCaseWithAPromiseDueIsListedButNotCountedAsOpen) {
  const auto open = overdueComplaints(2);
  // The second: answered with an action still to do, then closed; the action stays on My work.
  ASSERT_TRUE(service_->act(open[1], {
      {"action", "respond"}, {"at", "2025-01-20T10:00:00+00:00"}, {"decision", "upheld"},
      {"elements", {{{"summary", "Boiler"}, {"finding", "upheld"}, {"reasons", "Not fixed"}}}},
      {"apology", true},
      {"outstanding_actions", {{{"description", "Replace the boiler"}, {"due", "2025-02-14"},
                                {"owner", "Repairs"}}}}}, "ivy"));
  ASSERT_TRUE(service_->act(open[1], {{"action", "close"}, {"at", "2025-01-21T10:00:00+00:00"}}, "ivy"));
  auto r = get("/staff", token("ivy"));
  EXPECT_NE(r.body.find("You have 1 open case."), std::string::npos);
  const std::string overdue = section(r.body, "overdue");
  EXPECT_NE(overdue.find("Overdue (2)"), std::string::npos);
  EXPECT_NE(overdue.find(link(open[1])), std::string::npos);
  EXPECT_NE(overdue.find("Outstanding action 1"), std::string::npos);
}

TEST_F(MyWork, ASectionOfTwentyFiveOrFewerHasNoLink) {
  overdueComplaints(25);
  auto r = get("/staff", token("ivy"));
  const std::string overdue = section(r.body, "overdue");
  EXPECT_EQ(count(overdue, "href=\"/staff/cases/"), 25);
  EXPECT_EQ(overdue.find("/staff/work/overdue"), std::string::npos);
}

TEST_F(MyWork, TheSectionsPageShowsFiftyAPageEarliestDeadlineFirst) {
  const auto ids = overdueComplaints(60);
  const std::string ivy = token("ivy");
  auto one = get("/staff/work/overdue", ivy);
  ASSERT_EQ(one.status, 200);
  EXPECT_NE(one.body.find("<title>Overdue (page 1 of 2)"), std::string::npos);
  EXPECT_NE(one.body.find("Overdue (60)</h1>"), std::string::npos);
  EXPECT_NE(one.body.find("Cases 1 to 50 of 60, the earliest deadline first."), std::string::npos);
  EXPECT_EQ(count(one.body, "href=\"/staff/cases/"), 50);
  EXPECT_NE(one.body.find(link(ids[0])), std::string::npos);
  EXPECT_NE(one.body.find(link(ids[49])), std::string::npos);
  EXPECT_EQ(one.body.find(link(ids[50])), std::string::npos);
  EXPECT_NE(one.body.find("href=\"/staff/work/overdue?page=2\" rel=\"next\""), std::string::npos);
  EXPECT_EQ(get("/staff/work/overdue?page=1", ivy).body, one.body) << "page 1 by default";

  auto two = get("/staff/work/overdue?page=2", ivy);
  ASSERT_EQ(two.status, 200);
  EXPECT_NE(two.body.find("Cases 51 to 60 of 60"), std::string::npos);
  EXPECT_EQ(count(two.body, "href=\"/staff/cases/"), 10);
  EXPECT_EQ(two.body.find(link(ids[49])), std::string::npos);
  EXPECT_NE(two.body.find(link(ids[50])), std::string::npos);
  EXPECT_NE(two.body.find(link(ids[59])), std::string::npos);
  EXPECT_NE(two.body.find("href=\"/staff/work/overdue?page=1\" rel=\"prev\""), std::string::npos);
  EXPECT_EQ(two.body.find("rel=\"next\""), std::string::npos) << "the last page";
  EXPECT_NE(two.body.find("aria-current=\"page\">2</a>"), std::string::npos);
}

TEST_F(MyWork, APageNumberOutOfRangeOrNotANumberIs400NamingTheFieldAndRule) {
  overdueComplaints(3);
  const std::string ivy = token("ivy");
  for (const char* bad : {"?page=2", "?page=0", "?page=-1", "?page=x", "?page=", "?page=1.5"}) {
    auto r = get(std::string("/staff/work/overdue") + bad, ivy);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("page must be a whole number from 1 to 1."), std::string::npos) << bad;
  }
  auto empty = get("/staff/work/due-today", ivy);
  EXPECT_EQ(empty.status, 200) << "an empty section has its one page";
  EXPECT_NE(empty.body.find("Due today (0)"), std::string::npos);
  EXPECT_NE(empty.body.find("None."), std::string::npos);
  EXPECT_EQ(get("/staff/work/due-today?page=2", ivy).status, 400);
  EXPECT_EQ(get("/staff/work/soon", ivy).status, 404);
  for (const char* s : {"overdue", "due-today", "next-five", "rest"})
    EXPECT_EQ(get(std::string("/staff/work/") + s, ivy).status, 200) << s;
}

TEST_F(MyWork, TheSectionsPageLetsInWhomMyWorkLetsIn) {
  overdueComplaints(1);
  auto signed_out = get("/staff/work/overdue");
  EXPECT_EQ(signed_out.status, get("/staff").status);
  EXPECT_EQ(location(signed_out), "/sign-in?next=/staff/work/overdue");
  const std::string ada = token("ada");  // a resident: their own home
  EXPECT_EQ(get("/staff/work/overdue", ada).status, 303);
  EXPECT_EQ(location(get("/staff/work/overdue", ada)), location(get("/staff", ada)));
  const std::string root = token("root");  // the system administrator: no cases
  EXPECT_EQ(location(get("/staff/work/overdue", root)), "/staff/admin");
  EXPECT_EQ(location(get("/staff", root)), "/staff/admin");
  EXPECT_EQ(get("/staff/work/overdue", token("ivy")).status, 200);
}

// Triage's lists are capped as the deadline sections are: the queue of 60 cases nobody owns
// shows its 25 first received, its count and a link to its own pages, which list all 60.
TEST_F(MyWork, TheUnassignedQueueShowsTwentyFiveItsCountAndALinkToAllOfThem) {
  const auto ids = unassignedComplaints(60);
  add("cat", Role::kComplaintsAdmin, "");
  const std::string cat = token("cat");
  auto r = get("/staff", cat);
  ASSERT_EQ(r.status, 200);
  const std::string queue = section(r.body, "new-unassigned");
  EXPECT_NE(queue.find("New, not yet assigned (60)"), std::string::npos) << queue;
  EXPECT_EQ(count(queue, "href=\"/staff/cases/"), 25);
  EXPECT_NE(queue.find(link(ids[0])), std::string::npos) << "the first received is shown";
  EXPECT_NE(queue.find(link(ids[24])), std::string::npos);
  EXPECT_EQ(queue.find(link(ids[25])), std::string::npos) << "the 26th is on the list's page";
  EXPECT_NE(queue.find("These are the first 25 of them, the first received first. "
                       "<a class=\"govuk-link\" href=\"/staff/work/new-unassigned\">Show all 60 "
                       "cases not yet assigned</a>"),
            std::string::npos) << queue;

  auto one = get("/staff/work/new-unassigned", cat);
  ASSERT_EQ(one.status, 200);
  EXPECT_NE(one.body.find("New, not yet assigned (60)</h1>"), std::string::npos);
  EXPECT_NE(one.body.find("Cases 1 to 50 of 60, the first received first."), std::string::npos);
  auto two = get("/staff/work/new-unassigned?page=2", cat);
  ASSERT_EQ(two.status, 200);
  EXPECT_NE(two.body.find("Cases 51 to 60 of 60"), std::string::npos);
  EXPECT_EQ(count(one.body, "href=\"/staff/cases/") + count(two.body, "href=\"/staff/cases/"), 60);
  for (std::size_t i = 0; i < ids.size(); ++i)
    EXPECT_NE((i < 50 ? one : two).body.find(link(ids[i])), std::string::npos) << i;
  EXPECT_EQ(get("/staff/work/new-unassigned?page=3", cat).status, 400);

  // An investigating manager does not triage: no queue on My work, and no page of it.
  const std::string ivy = token("ivy");
  EXPECT_EQ(section(get("/staff", ivy).body, "new-unassigned"), "");
  EXPECT_EQ(get("/staff/work/new-unassigned", ivy).status, 404);
}

TEST_F(MyWork, AQueueOfTwentyFiveOrFewerHasNoLink) {
  unassignedComplaints(25);
  add("cat", Role::kComplaintsAdmin, "");
  const std::string queue = section(get("/staff", token("cat")).body, "new-unassigned");
  EXPECT_EQ(count(queue, "href=\"/staff/cases/"), 25);
  EXPECT_EQ(queue.find("/staff/work/new-unassigned"), std::string::npos);
}

}  // namespace
}  // namespace charter::web
