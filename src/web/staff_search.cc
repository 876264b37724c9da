// The staff search page: GET /staff/search, a search box and filters (kind, stage, status,
// owner, overdue, service area, received from/to) over the case list, newest first, 50 a page
// with the GOV.UK pagination component; GET /staff/search.csv and /staff/search.xlsx, every case
// the same search matches as CSV or as an XLSX workbook (app/case_list_csv.h). What `q` finds is app/case_search.h's rule.
//
// Paging is by keyset cursor: the URL's `pages` holds the cursor of each page before this
// one ("12.7"), so Next appends this page's cursor and Previous drops the last, with no
// count or offset query however deep the list.
#include <cctype>
#include <functional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "app/case_list_csv.h"
#include "app/case_query.h"
#include "app/triage.h"
#include "web/date_input.h"
#include "web/staff_pages.h"
#include "web/templates.h"

namespace charter::web::staff {
namespace {

using nlohmann::json;

constexpr int kSearchPage = 50;
constexpr const char* kNoOwner = "~none";
// The filter parameters a page link carries (with the date parts).
constexpr const char* kFilterNames[] = {"q", "kind", "stage", "status", "owner", "overdue",
                                        "service_area"};
constexpr const char* kDateParts[] = {"from-day", "from-month", "from-year",
                                      "to-day",   "to-month",   "to-year"};

std::string percentEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

struct Search {
  Form f;
  CaseQuery query;
  FormErrors errors;
  std::vector<CaseId> pages;  // the cursors of the pages before this one
  bool searched = false;      // the form was sent (even empty: every case, newest first)
  DateParts from, to;
};

// The filters' query string (no paging), "q=...&kind=..."; only those given.
std::string filterString(const Search& s) {
  std::string out;
  auto add = [&](const char* name) {
    const std::string v = s.f.get(name);
    if (v.empty() && std::string_view(name) != "q") return;
    out += fmt::format("{}{}={}", out.empty() ? "" : "&", name, percentEncode(v));
  };
  for (const char* n : kFilterNames) add(n);
  for (const char* n : kDateParts) add(n);
  return out;
}

std::string pagesParam(const std::vector<CaseId>& pages) {
  std::string out;
  for (CaseId id : pages) out += fmt::format("{}{}", out.empty() ? "" : ".", id);
  return out;
}

void readChoice(Search& s, const char* name, const std::function<bool(const std::string&)>& set,
                const char* message) {
  const std::string v = s.f.get(name);
  if (!v.empty() && !set(v)) s.errors.add(name, message);
}

Search readSearch(const Visit& v) {
  Search s;
  const auto at = v.req.target.find('?');
  if (at != std::string::npos) {
    if (auto f = Form::parse(std::string_view(v.req.target).substr(at + 1))) s.f = std::move(*f);
  }
  CaseQuery& q = s.query;
  q.newest_first = true;
  q.limit = kSearchPage;
  for (const char* n : kFilterNames) s.searched = s.searched || s.f.has(n);
  const std::string text = s.f.get("q");
  if (text.size() > 200) s.errors.add("q", "Search for 200 characters or fewer");
  if (!text.empty()) q.text = text;
  readChoice(s, "kind", [&](const std::string& x) {
    auto k = parseCaseKind(x);
    if (k) q.kind = *k;
    return k.has_value();
  }, "Choose a kind of case from the list");
  readChoice(s, "stage", [&](const std::string& x) {
    if (x != "1" && x != "2") return false;
    q.stage = x == "1" ? 1 : 2;
    return true;
  }, "Choose stage 1 or stage 2");
  readChoice(s, "status", [&](const std::string& x) {
    auto st = parseCaseStatus(x);
    if (st) q.status = *st;
    return st.has_value();
  }, "Choose a status from the list");
  if (const std::string o = s.f.get("owner"); o == kNoOwner) {
    q.unassigned = true;
  } else if (!o.empty()) {
    q.owner = o;
  }
  if (!s.f.get("service_area").empty()) q.service_area = s.f.get("service_area");
  if (s.f.get("overdue") == "yes") q.overdue = true;
  s.from = datePartsOf(s.f, "from");
  s.to = datePartsOf(s.f, "to");
  q.received_from = readDate(s.from, "from", "the first day received", false, s.errors).date;
  q.received_to = readDate(s.to, "to", "the last day received", false, s.errors).date;
  if (q.received_from && q.received_to && *q.received_to < *q.received_from) {
    s.errors.add("to-day", "The last day received must be the same as or after the first day");
  }
  const std::string pages_text = s.f.get("pages");
  std::string_view pages = pages_text;
  while (!pages.empty()) {
    const auto dot = pages.find('.');
    auto id = parsePositive(pages.substr(0, dot));
    if (!id) break;
    s.pages.push_back(*id);
    pages = dot == std::string_view::npos ? std::string_view{} : pages.substr(dot + 1);
  }
  if (!s.pages.empty()) q.after = s.pages.back();
  return s;
}

std::vector<Option> ownerOptions(Ctx& ctx, const Visit& v, const Policy& policy) {
  std::vector<Option> options = {{"", "Anyone", ""}, {kNoOwner, "Not assigned", ""}};
  if (auto staff = assignableAccounts(ctx.cases.landlords().accountStore(), v.who().landlord)) {
    for (const auto& a : *staff) {
      options.push_back({a.username, a.display_name.empty() ? a.username : a.display_name, ""});
    }
  }
  for (const auto& t : policy.teams) options.push_back({t.name, "Team: " + t.name, ""});
  return options;
}

std::string filtersHtml(Ctx& ctx, const Visit& v, const Search& s, const Policy& policy) {
  std::vector<Option> kinds = {{"", "Any kind", ""}};
  for (const char* k : {"complaint", "service_request", "enquiry", "mp_enquiry", "compliment",
                        "comment"}) {
    kinds.push_back({k, kindLabel(k), ""});
  }
  std::vector<Option> statuses = {{"", "Any status", ""}, {"open", "Open", ""},
                                  {"responded", "Responded", ""}, {"closed", "Closed", ""},
                                  {"refused", "Not taken forward", ""},
                                  {"withdrawn", "Withdrawn", ""}};
  std::vector<Option> areas = {{"", "Any service area", ""}};
  for (const auto& a : policy.service_areas) areas.push_back({a, a, ""});
  std::string html;
  html += select("kind", "Kind", kinds, s.f.get("kind"), s.errors);
  html += select("stage", "Complaint stage",
                 {{"", "Any stage", ""}, {"1", "Stage 1", ""}, {"2", "Stage 2", ""}},
                 s.f.get("stage"), s.errors);
  html += select("status", "Status", statuses, s.f.get("status"), s.errors);
  html += select("owner", "Owner", ownerOptions(ctx, v, policy), s.f.get("owner"), s.errors);
  if (!policy.service_areas.empty()) {
    html += select("service_area", "Service area", areas, s.f.get("service_area"), s.errors);
  }
  html += checkbox("overdue", "Only overdue cases", s.f.get("overdue") == "yes");
  html += dateInput("from", "Received on or after", s.from, s.errors, "For example, 1 4 2025");
  html += dateInput("to", "Received on or before", s.to, s.errors);
  return html;
}

json resultsTable(const std::vector<CaseSummary>& rows, const Policy& policy) {
  Table t;
  t.id = "results";
  t.caption = "Cases found, newest first";
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"Case", false}, {"Received", false}, {"Resident", false}, {"What", false},
            {"Next deadline", false}};
  for (const auto& c : rows) {
    TableCell what{kindLabel(c.kind)};
    what.notes = {statusLabel(c.status, c.stage), truncate(c.summary, 90)};
    what.note_class = "govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0";
    TableCell due{c.next_clock.empty() ? "None running" : clockTitle(policy, c.next_clock)};
    due.notes = {c.next_due ? formatDateLong(*c.next_due) : ""};
    due.note_class = "charter-due";
    TableCell owner{c.person_name.empty() ? "Not recorded" : c.person_name};
    if (!c.owner.empty()) owner.notes = {"Owner: " + c.owner};
    owner.note_class = "govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0";
    t.rows.push_back({TableCell::link(c.reference, caseHref(c.id)),
                      TableCell{formatDateLong(policy.working_calendar->localDate(c.received_at))},
                      owner, what, due});
  }
  return t.data();
}

json pagination(const Search& s, bool more) {
  const std::string base = "/staff/search?" + filterString(s);
  json out = false;
  if (s.pages.empty() && !more) return out;
  out = json::object();
  if (!s.pages.empty()) {
    std::vector<CaseId> prev(s.pages.begin(), s.pages.end() - 1);
    out["prev"] = {{"href", prev.empty() ? base : base + "&pages=" + pagesParam(prev)},
                   {"label", fmt::format("Page {}", s.pages.size())}};
  }
  return out;
}

http::Response search(Ctx& ctx, Visit& v) {
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  const Policy& policy = (*service)->policy();
  Search s = readSearch(v);
  json d = {{"errors", s.errors.empty() ? "" : errorSummary(s.errors)},
            {"query_input", textInput("q", "Search", s.f.get("q"), s.errors,
                                      "A reference, name, phone number, email, tenancy "
                                      "reference, street or words from the case, for example "
                                      "\"okafor heating\"")},
            {"filters", filtersHtml(ctx, v, s, policy)},
            {"searched", false}};
  if (s.searched && s.errors.empty()) {
    auto found = ctx.cases.list(v.who(), s.query);
    if (!found) {
      if (found.error().kind != ErrorKind::kInvalid) return errorPage(ctx, v, found.error());
      s.errors = fromError(found.error(), {"q", "to-day"});
      d["errors"] = errorSummary(s.errors);
    } else {
      const std::size_t n = found->cases.size();
      const std::size_t first = s.pages.size() * kSearchPage + 1;
      json pager = pagination(s, found->next_cursor.has_value());
      if (found->next_cursor) {
        std::vector<CaseId> next = s.pages;
        next.push_back(*found->next_cursor);
        pager["next"] = {{"href", "/staff/search?" + filterString(s) + "&pages=" + pagesParam(next)},
                        {"label", fmt::format("Page {}", s.pages.size() + 2)}};
      }
      const std::string q = s.f.get("q");
      const std::string for_q = q.empty() ? "" : fmt::format(" for “{}”", q);
      std::string heading;
      if (s.pages.empty() && !found->next_cursor) {
        heading = fmt::format("{} {}{}", n, n == 1 ? "case" : "cases", q.empty() ? " found" : for_q);
      } else {
        heading = fmt::format("Cases {} to {}{}", first, first + n - 1, for_q);
      }
      d["searched"] = {{"none", n == 0},
                       {"heading", heading},
                       {"newest_first", n > 1},
                       {"table", n ? resultsTable(found->cases, policy) : json(false)},
                       {"pagination", pager},
                       {"csv_href", "/staff/search.csv?" + filterString(s)},
                       {"xlsx_href", "/staff/search.xlsx?" + filterString(s)}};
    }
  }
  const int status = s.errors.empty() ? 200 : 400;
  const std::string title = s.errors.empty() ? "Find a case" : "Error: Find a case";
  return htmlResponse(status, page(ctx, v, title, renderTemplate("pages/search", d), "search"));
}

// Every case the search matches, as one file: CSV, or an XLSX workbook.
http::Response searchFile(Ctx& ctx, Visit& v, bool xlsx) {
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  const Policy& policy = (*service)->policy();
  Search s = readSearch(v);
  if (!s.errors.empty()) {
    return problemPage(ctx, v, 400, "There is a problem with the search",
                       s.errors.items.front().second + ". Go back to the search and correct it.");
  }
  CaseCsvWords words;
  words.kind = [](const CaseSummary& c) { return kindLabel(c.kind); };
  words.status = [](const CaseSummary& c) { return statusLabel(c.status, c.stage); };
  words.next = [&](const CaseSummary& c) {
    return c.next_clock.empty() ? std::string() : clockTitle(policy, c.next_clock);
  };
  words.received = [&](Instant t) { return whenText(t, policy); };
  auto lister = [&](const CaseQuery& q) { return ctx.cases.list(v.who(), q); };
  auto file = xlsx ? caseListXlsx(lister, s.query, words) : caseListCsv(lister, s.query, words);
  if (!file) return errorPage(ctx, v, file.error());
  http::Response r;
  r.status = 200;
  r.content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        : "text/csv; charset=utf-8";
  r.body = std::move(*file);
  r.headers.emplace_back("Content-Disposition", xlsx ? "attachment; filename=\"cases.xlsx\""
                                                     : "attachment; filename=\"cases.csv\"");
  return r;
}

http::Response searchCsv(Ctx& ctx, Visit& v) { return searchFile(ctx, v, false); }
http::Response searchXlsx(Ctx& ctx, Visit& v) { return searchFile(ctx, v, true); }

}  // namespace

void addSearchRoutes(http::Router& router, Ctx& ctx) {
  router.add("GET", "/staff/search", guarded(ctx, Audience::kStaff, search));
  router.add("GET", "/staff/search.csv", guarded(ctx, Audience::kStaff, searchCsv));
  router.add("GET", "/staff/search.xlsx", guarded(ctx, Audience::kStaff, searchXlsx));
}

}  // namespace charter::web::staff
