#include "web/reports/service_pages.h"

#include <cctype>

#include <fmt/format.h>

#include "app/service_reports.h"
#include "measures/arithmetic.h"
#include "web/components.h"
#include "web/layout.h"
#include "web/templates.h"
#include "web/reports/page_responses.h"
#include "web/web.h"

namespace charter::web {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

constexpr int kComplimentLimit = 200;

std::string percentText(long n, long d) {
  if (d == 0) return "–";
  return fmt::format("{:.1f}%", measures::roundHalfUp(100.0 * static_cast<double>(n) / d));
}

TableCell numeric(std::string text) {
  TableCell c{std::move(text)};
  c.numeric = true;
  return c;
}

json breakdownTable(const std::string& caption, const std::string& key_heading,
                    const std::vector<ServiceBreakdown>& rows, bool repairs,
                    bool capitalise = false) {
  Table t;
  t.caption = caption;
  t.caption_class = "govuk-table__caption--s";
  if (repairs) {
    t.head = {{key_heading, false}, {"Completed", true}, {"In time", true}, {"In time (%)", true}};
  } else {
    t.head = {{key_heading, false}, {"Received", true}, {"Shared", true}};
  }
  for (const auto& r : rows) {
    std::string key = r.key.empty() ? "Not recorded" : r.key;
    if (capitalise) key[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[0])));
    std::vector<TableCell> row = {TableCell::row(key),
                                  numeric(std::to_string(r.total)),
                                  numeric(std::to_string(r.counted))};
    if (repairs) row.push_back(numeric(percentText(r.counted, r.total)));
    t.rows.push_back(std::move(row));
  }
  if (t.rows.empty()) {
    TableCell none{"None in this period"};
    none.colspan = repairs ? 4 : 3;
    t.rows.push_back({none});
  }
  return t.data();
}

Response complimentsPage(const Request& request, AccountService& accounts,
                         const ReportServiceFor& reports) {
  auto session = sessionOf(accounts, request);
  if (!session) return toSignIn(request);
  const Principal& who = session->principal;
  if (!who.isStaff()) return problemResponse(403, "You cannot see this page", "Compliments are listed for staff.");
  auto service = reports(who.landlord);
  if (!service) return problemResponse(503, "Sorry, there is a problem", service.error().message);
  std::vector<std::string> names = {who.username};
  if (!who.display_name.empty() && who.display_name != who.username) names.push_back(who.display_name);
  ServiceReports& store = (*service)->store().services();
  auto rows = store.complimentsAbout(names, kComplimentLimit);
  if (!rows) return problemResponse(503, "Sorry, there is a problem", rows.error().message);
  Table t;
  t.caption = "Compliments about you";
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"Case", false}, {"Received", false}, {"What they said", false}, {"Shared", false}};
  for (const auto& c : *rows) {
    TableCell ref = TableCell::row(c.reference);
    ref.href = fmt::format("/staff/cases/{}", c.case_id);
    t.rows.push_back({ref, {formatDateLong(c.received)}, {c.summary},
                      {c.shared == 0 ? "Not yet" : fmt::format("{} time{}", c.shared, c.shared == 1 ? "" : "s")}});
  }
  std::string shown = names.size() > 1 ? names[1] + " (" + names[0] + ")" : names[0];
  Page page;
  page.title = "Compliments – Charter";
  page.nav = {{"My work", "/staff", false}, {"Find a case", "/staff/search", false},
              {"Log a contact", "/staff/new", false}, {"Compliments", "/staff/compliments", true}};
  page.signed_in_as = who.display_name.empty() ? who.username : who.display_name;
  page.csrf_token = session->csrf_token;
  page.body_html = renderTemplate(
      "pages/compliments", {{"names", shown}, {"none", rows->empty()},
                            {"table", rows->empty() ? json(false) : t.data()}});
  return htmlPage(200, page);
}

}  // namespace

std::string serviceTablesHtml(ReportService& reports, const measures::Period& p) {
  ServiceReports& store = reports.store().services();
  auto category = store.serviceBreakdown(p, "category");
  auto contractor = store.serviceBreakdown(p, "contractor");
  auto about = store.serviceBreakdown(p, "about");
  if (!category || !contractor || !about) return "";
  json tables = json::array(
      {breakdownTable("Repairs completed in time, by priority", "Priority", *category, true, true),
       breakdownTable("Repairs completed in time, by contractor", "Contractor", *contractor, true),
       breakdownTable("Compliments, by the person or team praised", "Person or team", *about,
                      false)});
  return renderTemplate("partials/service_tables", {{"tables", tables}});
}

void addServicePages(http::Router& router, AccountService& accounts, ReportServiceFor reports) {
  router.add("GET", "/staff/compliments", [&accounts, reports](const Request& request) {
    return complimentsPage(request, accounts, reports);
  });
}

}  // namespace charter::web
