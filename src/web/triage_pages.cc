// Triage in the staff workspace: the "New, not yet assigned" queue, "Assigned to you" and, for
// each team of the policy the person is in, "Assigned to your team" at the top of My work, and the form that assigns a case (on the case page and at
// /staff/cases/{id}/act/assign). The rule of who may own a case is app/triage.h's.
#include <algorithm>
#include <cctype>
#include <span>

#include <fmt/format.h>

#include "app/triage.h"
#include "web/staff_pages.h"
#include "web/templates.h"

namespace charter::web::staff {
namespace {

using nlohmann::json;

// Every page of a list query (at most 20 pages of 500).
Result<std::vector<CaseSummary>> allPages(Ctx& ctx, Visit& v, CaseQuery q) {
  std::vector<CaseSummary> out;
  q.limit = 500;
  for (int pages = 0; pages < 20; ++pages) {
    auto page = ctx.cases.list(v.who(), q);
    if (!page) return tl::unexpected(page.error());
    for (auto& c : page->cases) out.push_back(std::move(c));
    if (!page->next_cursor) break;
    q.after = page->next_cursor;
  }
  return out;
}

// Who sees the queue: the complaints team and the front line, who triage new contacts.
bool triages(const Principal& who) {
  return who.role == Role::kComplaintsAdmin || who.role == Role::kFrontLine;
}

// The open cases `owner` (a team) owns, in case order.
Result<std::vector<CaseSummary>> ownedBy(Ctx& ctx, Visit& v, const std::string& owner, Date today) {
  CaseQuery q;
  q.owner = owner;
  q.today = today;
  auto rows = allPages(ctx, v, q);
  if (!rows) return tl::unexpected(rows.error());
  std::erase_if(*rows, [](const CaseSummary& c) {
    return c.status == "closed" || c.status == "refused" || c.status == "withdrawn";
  });
  return rows;
}

// "assigned-to-team-" and the team's name, each character not a letter, digit or '-' as '-'.
std::string teamSectionId(const std::string& team) {
  std::string id = "assigned-to-team-" + team;
  for (auto& c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '-';
  }
  return id;
}

// `text` as a fmt format string that prints it as it is (its braces doubled).
std::string fmtLiteral(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '{' || c == '}') out += c;
  }
  return out;
}

}  // namespace

json triageTable(std::span<const CaseSummary> rows, const Policy& policy,
                 const std::string& caption, Date today) {
  if (rows.empty()) return false;
  Table t;
  t.caption = caption;
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"Case", false}, {"What", false}, {"Due", false}};  // 3 columns: fits 320 px
  for (const auto& c : rows) {
    TableCell what{kindLabel(c.kind)};
    what.notes = {truncate(c.summary, 90), c.person_name.empty() ? "" : c.person_name};
    what.note_class = "govuk-body-s";
    // The date first, what it is for beneath in smaller type (narrow screens).
    TableCell due{c.next_due ? formatDateLong(*c.next_due) : "No deadline running"};
    // A queue's date already past is said, as My work's Overdue section says it.
    if (c.next_due && *c.next_due < today) due.html = tag("Overdue", "red") + " " + escape(due.text);
    due.notes = {c.next_clock.empty() ? "" : clockTitle(policy, c.next_clock)};
    due.note_class = "govuk-body-s";
    TableCell ref = TableCell::link(c.reference, caseHref(c.id));
    ref.notes = {"Received " + whenText(c.received_at, policy)};
    ref.note_class = "govuk-body-s";
    t.rows.push_back({ref, what, due});
  }
  return t.data();
}

Result<std::vector<TriageList>> triageLists(Ctx& ctx, Visit& v, const Policy& policy, Date today,
                                            std::vector<CaseSummary> assigned_to_you) {
  std::vector<TriageList> out;
  if (triages(v.who())) {
    CaseQuery q;
    q.unassigned = true;
    q.today = today;
    auto queue = allPages(ctx, v, q);
    if (!queue) return tl::unexpected(queue.error());
    std::stable_sort(queue->begin(), queue->end(), [](const auto& a, const auto& b) {
      return std::make_pair(a.received_at, a.id) < std::make_pair(b.received_at, b.id);
    });
    out.push_back({"new-unassigned", "New, not yet assigned", "the first received first",
                   "Show all {} cases not yet assigned", std::move(*queue)});
  }
  if (v.who().role == Role::kReviewingManager || v.who().role == Role::kComplaintsAdmin) {
    // Stage 2 requests no one has yet taken on (acknowledged as their handler).
    CaseQuery q;
    q.kind = CaseKind::kComplaint;
    q.stage = 2;
    q.status = CaseStatus::kOpen;
    q.today = today;
    auto waiting = allPages(ctx, v, q);
    if (!waiting) return tl::unexpected(waiting.error());
    std::erase_if(*waiting, [](const CaseSummary& c) { return !c.handler.empty(); });
    std::stable_sort(waiting->begin(), waiting->end(), [](const auto& a, const auto& b) {
      return std::make_pair(a.next_due, a.id) < std::make_pair(b.next_due, b.id);
    });
    out.push_back({"stage-2-waiting", "Stage 2 requests awaiting a reviewer", "the earliest deadline first",
                   "Show all {} stage 2 requests awaiting a reviewer", std::move(*waiting)});
  }
  out.push_back({"assigned-to-you", "Assigned to you", "in case order",
                 "Show all {} cases assigned to you", std::move(assigned_to_you)});
  for (const Team* team : teamsOf(policy, v.who().username)) {
    auto theirs = ownedBy(ctx, v, team->name, today);
    if (!theirs) return tl::unexpected(theirs.error());
    out.push_back({teamSectionId(team->name), "Assigned to your team, " + team->name, "in case order",
                   "Show all {} cases assigned to " + fmtLiteral(team->name), std::move(*theirs)});
  }
  return out;
}

Result<json> triageSections(Ctx& ctx, Visit& v, const Policy& policy, Date today,
                            std::vector<CaseSummary> assigned_to_you) {
  auto lists = triageLists(ctx, v, policy, today, std::move(assigned_to_you));
  if (!lists) return tl::unexpected(lists.error());
  json out = json::array();
  for (const TriageList& l : *lists) {
    const std::size_t n = l.rows.size();
    json more = false;
    if (n > kTriageShown) {
      more = {{"href", "/staff/work/" + l.id},
              {"text", fmt::format(fmt::runtime(l.show_all), n)},
              {"intro", fmt::format("These are the first {} of them, {}.", kTriageShown, l.order)}};
    }
    out.push_back({{"id", l.id}, {"heading", l.heading}, {"count", n},
                   {"table", triageTable(std::span(l.rows).first(std::min(n, kTriageShown)), policy,
                                         l.heading, today)},
                   {"more", more}});
  }
  return out;
}

std::string staffName(Ctx& ctx, LandlordId landlord, const std::string& name) {
  if (name.empty()) return name;
  auto a = ctx.cases.landlords().accountStore().accountByUsername(landlord, name);
  if (!a || !*a || (*a)->display_name.empty() || (*a)->display_name == name) return name;
  if ((*a)->job_title.empty()) return (*a)->display_name;
  return fmt::format("{}, {}", (*a)->display_name, (*a)->job_title);
}

std::string assignFields(Ctx& ctx, const Principal& who, const CaseState& s, const Form& f,
                         const FormErrors& e) {
  const std::string chosen = f.has("owner") ? f.get("owner") : s.owner;
  std::string html;
  auto staff = assignableAccounts(ctx.cases.landlords().accountStore(), who.landlord);
  if (staff && !staff->empty()) {
    std::vector<Option> options = {{"", "Choose a person", ""}};
    for (const auto& a : *staff) {
      std::string label = a.display_name.empty() ? a.username
                                                 : fmt::format("{} ({})", a.display_name, a.username);
      options.push_back({a.username, label, ""});
    }
    if (auto policy = ctx.cases.landlords().policy(who.landlord); policy) {
      for (const auto& t : (*policy)->teams) options.push_back({t.name, "Team: " + t.name, ""});
    }
    html += select("owner", "Assign to", options, chosen, e);
  } else {
    html += textInput("owner", "Assign to (username)", chosen, e);
  }
  html += textarea("reason", s.owner.empty() ? "Why (optional)" : "Why it is being reassigned",
                   f.get("reason"), e, {}, 2);
  return html;
}

json assignBody(const Form& f) {
  json b = {{"action", "assign"}};
  setText(b, f, "owner");
  setText(b, f, "reason");
  return b;
}

json assignOnCasePage(Ctx& ctx, Visit& v, const CaseState& s) {
  if (s.finished() || !mayAct(v.who(), s, "assign")) return false;
  return {{"action", caseHref(s.id) + "/act/assign"},
          {"csrf_token", v.session.csrf_token},
          {"fields_html", assignFields(ctx, v.who(), s, Form{}, FormErrors{})},
          {"text", s.owner.empty() ? "Assign" : "Reassign"},
          {"extra_class", "govuk-button--secondary"}};
}

}  // namespace charter::web::staff
