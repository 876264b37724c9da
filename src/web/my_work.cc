// My work (GET /staff): the signed-in person's cases grouped by their next deadline, each group
// capped at kShown rows with a link to the whole group, and that group's own paged view
// (GET /staff/work/{section}?page=K). Rendered from templates/pages/my_work.mustache and
// my_work_section.mustache. Both read the person's cases once (casesOf: five store lists).
#include <algorithm>
#include <array>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "app/case_query.h"
#include "web/restriction_pages.h"
#include "web/staff_pages.h"
#include "web/templates.h"
#include "web/translation_pages.h"

namespace charter::web::staff {
namespace {

using nlohmann::json;

constexpr std::size_t kShown = 25;    // rows of a section on My work
constexpr std::size_t kPerPage = 50;  // rows of a page of a section's own view

// My work's deadline sections, in the order shown; `show_all` is the link to the whole section.
struct WorkSection {
  std::string_view id;  // the URL's {section}
  std::string_view heading;
  std::string_view show_all;  // fmt: the section's count
};
constexpr std::array<WorkSection, 4> kSections = {{
    {"overdue", "Overdue", "Show all {} overdue cases"},
    {"due-today", "Due today", "Show all {} cases due today"},
    {"next-five", "Due in the next five working days",
     "Show all {} cases due in the next five working days"},
    {"rest", "The rest", "Show all {} cases due later or with no deadline running"}}};

// The cases as a table (the data partials/table sees), or false when there are none.
json workTable(std::span<const CaseSummary> rows, const Policy& policy, std::string_view caption) {
  if (rows.empty()) return false;
  Table t;
  t.caption = std::string(caption);
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"Case", false}, {"Resident", false}, {"What", false}, {"Next deadline", false}};
  for (const auto& c : rows) {
    std::string what = kindLabel(c.kind);
    if (c.stage) what += fmt::format(", stage {}", c.stage);
    TableCell kind{what};
    kind.notes = {truncate(c.summary, 90)};
    kind.note_class = "govuk-body-s";
    TableCell due{c.next_clock.empty() ? "No deadline running" : clockTitle(policy, c.next_clock)};
    due.notes = {c.next_due ? formatDateLong(*c.next_due) : ""};
    due.note_class = "charter-due";
    t.rows.push_back({TableCell::link(c.reference, caseHref(c.id)),
                      TableCell{c.person_name.empty() ? "-" : c.person_name}, kind, due});
  }
  return t.data();
}

// The person's open and responded cases, as handler or as owner (a complaint assigned to them
// and not yet acknowledged is theirs to acknowledge), and the closed ones they handled with a
// promise still to keep (an outstanding action, a remedy, a learning action: a next due date),
// every page of them, each once. Five store lists, each by its index (list_plan_tests).
Result<std::vector<CaseSummary>> casesOf(Ctx& ctx, Visit& v, Date today) {
  std::vector<CaseSummary> mine;
  std::set<CaseId> seen;
  static constexpr std::pair<CaseStatus, bool> kLists[] = {  // (status, as owner)
      {CaseStatus::kOpen, false}, {CaseStatus::kOpen, true}, {CaseStatus::kResponded, false},
      {CaseStatus::kResponded, true}, {CaseStatus::kClosed, false}};
  for (const auto& [status, as_owner] : kLists) {
    CaseQuery q;
    (as_owner ? q.owner : q.handler) = v.who().username;
    q.status = status;
    if (status == CaseStatus::kClosed) q.due_before = fromDayNumber(1 << 24);  // any due date
    q.limit = 500;
    q.today = today;
    for (int pages = 0; pages < 20; ++pages) {
      auto page = ctx.cases.list(v.who(), q);
      if (!page) return tl::unexpected(page.error());
      for (auto& c : page->cases) {
        if (status == CaseStatus::kClosed && !isCommitment(c.next_clock)) continue;
        if (seen.insert(c.id).second) mine.push_back(std::move(c));
      }
      if (!page->next_cursor) break;
      q.after = page->next_cursor;
    }
  }
  return mine;
}

// The person's cases as My work shows them: each deadline section sorted by next due date
// (then case id), how many are open (not finished: "You have N open cases", as handler or
// owner, never their team's), and the open ones they own (triage's "Assigned to you").
struct MyCases {
  std::array<std::vector<CaseSummary>, kSections.size()> sections;
  std::size_t open = 0;
  std::vector<CaseSummary> owned;
};

std::size_t sectionOf(const CaseSummary& c, Date today, Date horizon) {
  if (!c.next_due) return 3;
  if (*c.next_due < today) return 0;
  if (*c.next_due == today) return 1;
  return *c.next_due <= horizon ? 2 : 3;
}

Result<MyCases> myCases(Ctx& ctx, Visit& v, const Policy& policy, Date today) {
  auto mine = casesOf(ctx, v, today);
  if (!mine) return tl::unexpected(mine.error());
  MyCases out;
  const Date horizon = policy.working_calendar->addWorkingDays(today, 5);
  for (auto& c : *mine) {
    auto status = parseCaseStatus(c.status);
    const bool finished = status && isFinished(*status);
    if (!finished) ++out.open;
    if (!finished && c.owner == v.who().username) out.owned.push_back(c);
    out.sections[sectionOf(c, today, horizon)].push_back(std::move(c));
  }
  auto byDue = [](const CaseSummary& a, const CaseSummary& b) {
    Date far = fromDayNumber(1 << 24);
    return std::make_pair(a.next_due.value_or(far), a.id) < std::make_pair(b.next_due.value_or(far), b.id);
  };
  for (auto& s : out.sections) std::sort(s.begin(), s.end(), byDue);
  std::sort(out.owned.begin(), out.owned.end(),
            [](const CaseSummary& a, const CaseSummary& b) { return a.id < b.id; });
  return out;
}

// A deadline section on My work: its count, its first kShown rows and, when it has more, the
// link to all of them.
json sectionOnMyWork(const WorkSection& s, const std::vector<CaseSummary>& rows,
                     const Policy& policy) {
  const std::size_t n = rows.size();
  json more = false;
  if (n > kShown) {
    more = {{"href", fmt::format("/staff/work/{}", s.id)},
            {"text", fmt::format(fmt::runtime(s.show_all), n)},
            {"intro", fmt::format("These are the {} with the earliest deadlines.", kShown)}};
  }
  return {{"id", std::string(s.id)}, {"heading", std::string(s.heading)}, {"count", n},
          {"table", workTable(std::span(rows).first(std::min(n, kShown)), policy, s.heading)},
          {"more", more}};
}

// The self-assessment's submission reminder for My work, for those who report (or false).
json selfAssessmentReminder(Ctx& ctx, Visit& v) {
  if (!ctx.options.self_assessment_reminder || !allowed(v.who(), Permission::kViewReports)) return false;
  auto r = ctx.options.self_assessment_reminder(v.who().landlord);
  if (!r) return false;
  return {{"period", r->period}, {"due", formatDateLong(r->due)}, {"overdue", r->overdue}};
}

// The system administrator has no cases: their home is the administration pages.
bool administratorOnly(const Visit& v) {
  return !maySeeAny(v.who()) && allowed(v.who(), Permission::kAdminister);
}

http::Response myWork(Ctx& ctx, Visit& v) {
  if (administratorOnly(v)) return redirect("/staff/admin");
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  const Policy& policy = (*service)->policy();
  const Date today = (*service)->today();
  auto mine = myCases(ctx, v, policy, today);
  if (!mine) return errorPage(ctx, v, mine.error());
  auto triage = triageSections(ctx, v, policy, today, std::move(mine->owned));
  if (!triage) return errorPage(ctx, v, triage.error());
  json sections = std::move(*triage);
  for (std::size_t g = 0; g < kSections.size(); ++g)
    sections.push_back(sectionOnMyWork(kSections[g], mine->sections[g], policy));
  const std::size_t count = mine->open;
  std::string body = renderTemplate(
      "pages/my_work", {{"today", formatDateLong(today)}, {"count", count},
                        {"cases_word", count == 1 ? "case" : "cases"}, {"sections", sections},
                        {"self_assessment", selfAssessmentReminder(ctx, v)}});
  body += translationsSection(ctx, v, today);
  body += restrictionReviewsSection(ctx, v, today);
  return htmlResponse(200, page(ctx, v, "My work", body, "work"));
}

// The GOV.UK pagination component's data for page `k` of `pages` (false for a single page):
// previous and next, the first and last pages, the current one and its neighbours, and an
// ellipsis for each gap.
json pagination(std::string_view id, std::string_view heading, std::size_t k, std::size_t pages) {
  if (pages <= 1) return false;
  auto href = [&](std::size_t p) { return fmt::format("/staff/work/{}?page={}", id, p); };
  json items = json::array();
  bool gap = false;
  for (std::size_t p = 1; p <= pages; ++p) {
    if (p != 1 && p != pages && (p + 1 < k || p > k + 1)) {
      if (!gap) items.push_back(json{{"ellipsis", true}});
      gap = true;
      continue;
    }
    gap = false;
    items.push_back(json{{"ellipsis", false}, {"number", p}, {"href", href(p)}, {"current", p == k}});
  }
  json out = {{"label", fmt::format("Pages of {}", heading)}, {"items", std::move(items)}};
  if (k > 1) out["prev"] = {{"href", href(k - 1)}, {"label", fmt::format("Page {} of {}", k - 1, pages)}};
  if (k < pages) out["next"] = {{"href", href(k + 1)}, {"label", fmt::format("Page {} of {}", k + 1, pages)}};
  return out;
}

const WorkSection* sectionNamed(std::string_view id) {
  for (const auto& s : kSections)
    if (s.id == id) return &s;
  return nullptr;
}

// A whole list as it is on its own page: what it is, its rows and how they are shown.
struct WholeList {
  std::string id, heading, order;
  std::vector<CaseSummary> rows;
  bool triage = false;  // shown as triage's table (triageTable), else as My work's (workTable)
};

// The list of My work named `id` (a deadline section or a triage list the person sees), or
// nullopt when there is none of that name.
Result<std::optional<WholeList>> wholeList(Ctx& ctx, Visit& v, const Policy& policy, Date today,
                                           std::string_view id) {
  auto mine = myCases(ctx, v, policy, today);
  if (!mine) return tl::unexpected(mine.error());
  if (const WorkSection* s = sectionNamed(id)) {
    return WholeList{std::string(s->id), std::string(s->heading), "the earliest deadline first",
                     std::move(mine->sections[static_cast<std::size_t>(s - kSections.data())])};
  }
  auto lists = triageLists(ctx, v, policy, today, std::move(mine->owned));
  if (!lists) return tl::unexpected(lists.error());
  for (auto& l : *lists) {
    if (l.id == id) return WholeList{l.id, l.heading, l.order, std::move(l.rows), true};
  }
  return std::nullopt;
}

// GET /staff/work/{section}?page=K: one section of My work (a deadline section or a triage
// list), kPerPage rows a page. Page 1 when `page` is absent; anything but a whole number from
// 1 to the last page is 400 naming the field and the rule (an empty section has one page,
// saying so).
http::Response myWorkSection(Ctx& ctx, Visit& v) {
  if (administratorOnly(v)) return redirect("/staff/admin");
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  const Policy& policy = (*service)->policy();
  const Date today = (*service)->today();
  auto list = wholeList(ctx, v, policy, today, v.req.params.at("section"));
  if (!list) return errorPage(ctx, v, list.error());
  if (!*list) {
    return problemPage(ctx, v, 404, "Page not found",
                       "My work's sections are overdue, due-today, next-five, rest and the "
                       "triage lists shown on My work.");
  }
  const WholeList& s = **list;
  const std::size_t n = s.rows.size();
  const std::size_t pages = std::max<std::size_t>(1, (n + kPerPage - 1) / kPerPage);
  std::size_t k = 1;
  if (v.req.hasQuery("page")) {
    auto p = parsePositive(v.req.queryParam("page"));
    if (!p || static_cast<std::size_t>(*p) > pages) {
      return problemPage(ctx, v, 400, "There is a problem with the page number",
                         fmt::format("page must be a whole number from 1 to {}.", pages));
    }
    k = static_cast<std::size_t>(*p);
  }
  const std::size_t first = (k - 1) * kPerPage;
  const std::size_t last = std::min(n, first + kPerPage);
  const auto shown = std::span(s.rows).subspan(first, last - first);
  json d = {{"heading", s.heading}, {"count", n}, {"first", first + 1}, {"last", last},
            {"order", s.order},
            {"table", s.triage ? triageTable(shown, policy, s.heading, today)
                               : workTable(shown, policy, s.heading)},
            {"pagination", pagination(s.id, s.heading, k, pages)}};
  const std::string title =
      pages > 1 ? fmt::format("{} (page {} of {})", s.heading, k, pages) : s.heading;
  return htmlResponse(200, page(ctx, v, title, renderTemplate("pages/my_work_section", d), "work",
                                {{"My work", "/staff"}}));
}

}  // namespace

void addMyWorkRoutes(http::Router& router, Ctx& ctx) {
  router.add("GET", "/staff", guarded(ctx, Audience::kStaff, myWork));
  router.add("GET", "/staff/work/{section}", guarded(ctx, Audience::kStaff, myWorkSection));
}

}  // namespace charter::web::staff
