// The staff workspace: My work here; search in staff_search.cc; the case page, the lifecycle forms and logging
// a contact in staff_case.cc, staff_actions.cc and staff_new_contact.cc. Pages are rendered
// from templates/pages/*.mustache.
#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "web/attachment_pages.h"
#include "web/restriction_pages.h"
#include "web/translation_pages.h"
#include "web/staff_pages.h"
#include "web/templates.h"

namespace charter::web {
namespace staff {

using nlohmann::json;

std::string caseHref(CaseId id) { return fmt::format("/staff/cases/{}", id); }

std::string truncate(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::optional<CaseId> caseParam(const Visit& v) {
  auto id = positive(v.req.params.at("id"));
  if (!id) return std::nullopt;
  return static_cast<CaseId>(*id);
}

void setText(json& body, const Form& f, const std::string& name) {
  std::string v = f.get(name);
  if (!v.empty()) body[name] = v;
}

namespace {

// The dated commitments' clocks (domain/aftercare.h, domain/follow_through.h): "action.2".
constexpr std::pair<std::string_view, std::string_view> kCommitments[] = {
    {"action.", "Outstanding action"}, {"remedy.", "Remedy"},
    {"learning.", "Learning action"}, {"ombudsman.order.", "Ombudsman order"},
    {"update.", "Update to the resident"}, {"chfo.", "Complaint Handling Failure Order"},
    {"translation.", "Translation of a letter"}};

// A promise kept after the case is finished, unlike the Code's stage clocks.
bool isCommitment(const std::string& clock) {
  for (const auto& [prefix, title] : kCommitments)
    if (clock.starts_with(prefix)) return true;
  return false;
}

}  // namespace

std::string clockTitle(const Policy& policy, const std::string& name) {
  for (const auto& s : policy.standards)
    if (s.id == name) return s.title;
  for (const auto& [prefix, title] : kCommitments)
    if (name.starts_with(prefix)) return fmt::format("{} {}", title, name.substr(prefix.size()));
  return name;
}

namespace {

// The cases as a table (the data partials/table sees), or false when there are none.
json workTable(const std::vector<CaseSummary>& rows, const Policy& policy,
               const std::string& caption) {
  if (rows.empty()) return false;
  Table t;
  t.caption = caption;
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
// every page of them, each once.
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

// The self-assessment's submission reminder for My work, for those who report (or false).
json selfAssessmentReminder(Ctx& ctx, Visit& v) {
  if (!ctx.options.self_assessment_reminder || !allowed(v.who(), Permission::kViewReports)) return false;
  auto r = ctx.options.self_assessment_reminder(v.who().landlord);
  if (!r) return false;
  return {{"period", r->period}, {"due", formatDateLong(r->due)}, {"overdue", r->overdue}};
}

// "You have N open cases": the person's own, as handler (`handled`, from casesOf) or as owner,
// never their team's.
Result<std::size_t> ownCaseCount(Ctx& ctx, Visit& v, Date today, std::set<CaseId> handled) {
  CaseQuery q;
  q.owner = v.who().username;
  q.today = today;
  q.limit = 500;
  for (int pages = 0; pages < 20; ++pages) {
    auto page = ctx.cases.list(v.who(), q);
    if (!page) return tl::unexpected(page.error());
    for (const auto& c : page->cases) {
      if (c.status != "closed" && c.status != "refused" && c.status != "withdrawn") {
        handled.insert(c.id);
      }
    }
    if (!page->next_cursor) break;
    q.after = page->next_cursor;
  }
  return handled.size();
}

http::Response myWork(Ctx& ctx, Visit& v) {
  // The system administrator has no cases: their home is the administration pages.
  if (!maySeeAny(v.who()) && allowed(v.who(), Permission::kAdminister))
    return redirect("/staff/admin");
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  const Policy& policy = (*service)->policy();
  const Date today = (*service)->today();
  auto mine = casesOf(ctx, v, today);
  if (!mine) return errorPage(ctx, v, mine.error());
  std::set<CaseId> own_ids;
  for (const auto& c : *mine) own_ids.insert(c.id);
  const Date horizon = policy.working_calendar->addWorkingDays(today, 5);
  std::vector<CaseSummary> groups[4];  // overdue, due today, soon, the rest
  for (auto& c : *mine) {
    int g = !c.next_due ? 3 : *c.next_due < today ? 0 : *c.next_due == today ? 1 : *c.next_due <= horizon ? 2 : 3;
    groups[g].push_back(std::move(c));
  }
  auto byDue = [](const CaseSummary& a, const CaseSummary& b) {
    Date far = fromDayNumber(1 << 24);
    return std::make_pair(a.next_due.value_or(far), a.id) < std::make_pair(b.next_due.value_or(far), b.id);
  };
  static const std::pair<const char*, const char*> kSections[] = {
      {"overdue", "Overdue"}, {"due-today", "Due today"},
      {"next-five", "Due in the next five working days"}, {"rest", "The rest"}};
  auto triage = triageSections(ctx, v, policy, today);
  if (!triage) return errorPage(ctx, v, triage.error());
  json sections = std::move(*triage);
  for (int g = 0; g < 4; ++g) {
    std::sort(groups[g].begin(), groups[g].end(), byDue);
    sections.push_back({{"id", kSections[g].first}, {"heading", kSections[g].second},
                        {"count", groups[g].size()},
                        {"table", workTable(groups[g], policy, kSections[g].second)}});
  }
  auto own = ownCaseCount(ctx, v, today, std::move(own_ids));
  if (!own) return errorPage(ctx, v, own.error());
  const std::size_t count = *own;
  std::string body = renderTemplate(
      "pages/my_work", {{"today", formatDateLong(today)}, {"count", count},
                        {"cases_word", count == 1 ? "case" : "cases"}, {"sections", sections},
                        {"self_assessment", selfAssessmentReminder(ctx, v)}});
  body += translationsSection(ctx, v, today);
  body += restrictionReviewsSection(ctx, v, today);
  return htmlResponse(200, page(ctx, v, "My work", body, "work"));
}

}  // namespace
}  // namespace staff


void addStaffRoutes(http::Router& router, Ctx& ctx) {
  using namespace staff;  // NOLINT: the handlers named below
  router.add("GET", "/staff", guarded(ctx, Audience::kStaff, myWork));
  addSearchRoutes(router, ctx);
  router.add("GET", "/staff/new", guarded(ctx, Audience::kStaff, newContactGet));
  router.add("POST", "/staff/new", guarded(ctx, Audience::kStaff, onceOnly(newContactPost)));
  router.add("GET", "/staff/cases/{id}", guarded(ctx, Audience::kStaff, caseGet));
  router.add("GET", "/staff/cases/{id}/act/{action}", guarded(ctx, Audience::kStaff, actionGet));
  router.add("POST", "/staff/cases/{id}/act/{action}", guarded(ctx, Audience::kStaff, actionPost));
  router.add("POST", "/staff/cases/{id}/letters", guarded(ctx, Audience::kStaff, issueLetter));
  router.add("POST", "/staff/cases/{id}/attachments",
             guarded(ctx, Audience::kStaff, uploadAttachment));
  router.add("POST", "/staff/cases/{id}/attachments/share",
             guarded(ctx, Audience::kStaff, shareAttachment));
  addLetterRoutes(router, ctx, "/staff/cases", Audience::kStaff);
  addRestrictionPages(router, ctx);
  addTranslationPages(router, ctx);
}

}  // namespace charter::web
