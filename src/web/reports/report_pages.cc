#include "web/reports/report_pages.h"

#include <algorithm>
#include <atomic>

#include <fmt/format.h>

#include "app/authz.h"
#include "app/labels.h"
#include "app/tsm_publication.h"
#include "web/components.h"
#include "web/language.h"
#include "web/layout.h"
#include "web/templates.h"
#include "web/reports/annual_learning.h"
#include "web/reports/service_pages.h"
#include "web/reports/page_responses.h"
#include "web/reports/promise_register.h"
#include "web/web.h"
#include "util/money.h"

namespace charter::web {

using http::Request;
using http::Response;
using measures::MeasureResult;
using measures::Period;
using nlohmann::json;

namespace {

// A page for a signed-in principal of one landlord, with that landlord's ReportService.
using ReportPage = std::function<Response(const Request&, ReportService&, const Session&)>;

http::Handler forStaff(AccountService& accounts, ReportServiceFor reports, ReportPage page) {
  return [&accounts, reports = std::move(reports), page = std::move(page)](const Request& request) {
    auto session = sessionOf(accounts, request);
    if (!session) return toSignIn(request);
    if (!allowed(session->principal, Permission::kViewReports))
      return errorResponse(forbidden("Your role does not allow viewing performance reports.").value());
    auto service = reports(session->principal.landlord);
    if (!service) return errorResponse(service.error());
    return page(request, **service, *session);
  };
}

// Shows who is signed in, with the sign-out form, as the web's other pages do.
Response signedInPage(int status, Page page, const Session& session) {
  page.signed_in_as = session.principal.display_name.empty() ? session.principal.username
                                                             : session.principal.display_name;
  page.csrf_token = session.csrf_token;
  return htmlPage(status, page);
}

std::vector<NavItem> nav(const std::string& active) {
  return {{"Performance", "/performance", active == "performance"},
          {"Annual report", "/reports/annual", active == "annual"},
          {"Our promises", "/promises", active == "promises"},
          {"You said, we did", "/you-said-we-did", false}};
}

// The periods offered: the last three years, their quarters and this year's months.
std::vector<Period> periodChoices(const Period& current) {
  const Period year = current.year();
  std::vector<Period> choices;
  for (const auto& y : year.trend(3)) {
    choices.push_back(y);
    for (int q = 1; q <= 4; ++q) choices.push_back(measures::quarter(std::stoi(y.label.substr(0, 4)), q));
  }
  for (int i = 0; i < 12; ++i) {
    const int y = std::stoi(year.label.substr(0, 4));
    const unsigned month = static_cast<unsigned>((i + 3) % 12 + 1);
    choices.push_back(measures::month(month >= 4 ? y : y + 1, month));
  }
  std::sort(choices.begin(), choices.end(), [](const Period& a, const Period& b) { return a.label < b.label; });
  choices.erase(std::unique(choices.begin(), choices.end(), [](const Period& a, const Period& b) { return a.label == b.label; }), choices.end());
  return choices;
}

json periodPicker(const std::string& action, const Period& current) {
  json choices = json::array();
  for (const auto& c : periodChoices(current))
    choices.push_back({{"value", c.label}, {"label", c.displayName()}, {"selected", c.label == current.label}});
  return {{"action", action}, {"choices", choices}};
}

Result<Period> periodFrom(const Request& r, const Period& fallback) {
  if (!r.hasQuery("period")) return fallback;
  return measures::parsePeriod(r.queryParam("period"));
}

json sectorFor(const Policy& policy, const std::string& code) {
  json out = json::array();
  for (const auto& s : policy.sector_figures)
    if (s.code == code)
      out.push_back({{"label", s.label}, {"value", fmt::format("{:g}", s.value)}, {"source", s.source}});
  return out;
}

Response performancePage(const Request& request, ReportService& reports, const Session& session,
                         const Period& p) {
  auto ms = reports.measures(p);
  if (!ms) return errorResponse(internalError("The measures could not be worked out.").value());
  Table t;
  t.caption = "Every measure";
  t.caption_class = "govuk-table__caption--m";
  t.head = {{"Code", false}, {"Measure", false}, {"Value", false}, {"Numerator / denominator", false},
            {"Target", false}, {"Met", false}, {"Trend", false}, {"Behind the figure", false}};
  for (const auto& m : *ms) {
    auto trend = reports.trend(m.code, p, 4);
    const std::string behind =
        m.caseBased() ? renderTemplate("partials/cases_behind_link", {{"code", m.code}, {"period", p.label}})
                      : escape(m.note);
    t.rows.push_back({TableCell::row(m.code), {m.title}, {measures::formatValue(m)},
                      {fmt::format("{:g} / {:g}", m.numerator, m.denominator)}, {targetText(m)},
                      TableCell::markup(renderTemplate("partials/met_tag", metData(m))),
                      TableCell::markup(trend ? trendSvg(*trend, m.code + " trend", m.target) : ""),
                      TableCell::markup(behind)});
  }
  Page page;
  page.title = "Performance";
  page.nav = nav("performance");
  page.body_html = renderTemplate("pages/performance",
                                  {{"period_name", p.displayName()}, {"period", p.label},
                                   {"picker", periodPicker("/performance", p)}, {"table", t.data()},
                                   {"services_html", serviceTablesHtml(reports, p)}});
  return signedInPage(200, page, session);
}

json caseList(const std::string& heading, const std::vector<CaseId>& ids, bool shown) {
  json cases = json::array();
  const std::size_t n = std::min<std::size_t>(ids.size(), 500);
  for (std::size_t i = 0; i < n; ++i) cases.push_back({{"id", ids[i]}, {"reference", caseReference(ids[i])}});
  return {{"heading", heading}, {"count", ids.size()}, {"shown", shown}, {"cases", cases},
          {"more", ids.size() > n ? json(ids.size() - n) : json(false)}};
}

Response measurePage(const Request& request, ReportService& reports, const Session& session,
                     const Period& p) {
  const std::string code = request.params.at("code");
  auto spec = reports.spec(code);
  if (!spec) return errorResponse(notFound("There is no measure " + code + ".").value());
  auto r = measures::evaluate(*spec, p, reports.store(), reports.policy());
  auto num = reports.casesBehind(code, p, "numerator");
  auto den = reports.casesBehind(code, p, "denominator");
  if (!r || !num || !den) return errorResponse(internalError("The cases could not be listed.").value());
  const bool clock = spec->type == "clock_percent";
  Page page;
  page.title = code + " – Performance";
  page.nav = nav("performance");
  page.breadcrumbs = {{"Performance", "/performance?period=" + p.label}};
  page.body_html = renderTemplate(
      "pages/performance_measure",
      {{"code", code}, {"title", spec->title}, {"note", r->note}, {"period_name", p.displayName()},
       {"value", measures::formatValue(*r)},
       {"lists", {caseList(clock ? "In time" : "Counted", *num, true),
                  caseList(clock ? "All responses" : "The same cases", *den, clock)}}});
  return signedInPage(200, page, session);
}

json countTable(const std::string& caption, const std::vector<Breakdown>& bs) {
  Table t;
  t.caption = caption;
  t.caption_class = "govuk-table__caption--s";
  t.head = {{"Item", false}, {"Number", true}};
  for (const auto& b : bs) {
    TableCell n{std::to_string(b.count)};
    n.numeric = true;
    t.rows.push_back({TableCell::row(breakdownLabel(b.key)), n});
  }
  if (t.rows.empty()) {
    TableCell none{"None"};
    none.colspan = 2;
    t.rows.push_back({none});
  }
  return t.data();
}

std::string pct(long n, long d) {
  return d == 0 ? std::string("–") : fmt::format("{:.1f}% ({} of {})", measures::roundHalfUp(100.0 * n / d), n, d);
}

json outcomesList(const AnnualReport& r) {
  const auto& o = r.outcomes;
  return summaryListData({{"Stage 1 complaints received", std::to_string(o.stage1_received)},
                          {"Stage 2 escalations", std::to_string(o.stage2_received)},
                          {"Elements upheld or partly upheld", escape(pct(o.elements_upheld, o.elements))},
                          {"Resolved at stage 1", escape(pct(o.resolved_at_stage1, o.stage1_responded))},
                          {"Stage 2 reviews overturning stage 1", escape(pct(o.stage2_overturned, o.stage2_reviews))},
                          {"Answered after an extension", std::to_string(o.extensions)},
                          {"Remedies and compensation offered",
                           fmt::format("{} remedies, {}", o.remedies, formatPounds(o.compensation))}});
}

json annualTables(const AnnualReport& r) {
  Table ms;
  ms.caption = "Every measure for the year";
  ms.caption_class = "govuk-table__caption--s";
  ms.head = {{"Code", false}, {"Measure", false}, {"Value", false}, {"Target", false}};
  for (const auto& m : r.measures)
    ms.rows.push_back({TableCell::row(m.code), {m.title}, {measures::formatValue(m)}, {targetText(m)}});
  Table sa;
  sa.caption = "One row per provision; evidence filled from Charter's records where it can be";
  sa.caption_class = "govuk-table__caption--s";
  sa.head = {{"Provision", false}, {"Requirement", false}, {"Comply", false}, {"Evidence", false},
             {"Commentary", false}};
  for (const auto& s : r.self_assessment)
    sa.rows.push_back({TableCell::row(s.provision), {s.requirement},
                       {complyText(s)}, {s.evidence}, {s.commentary}});
  json volumes = json::array({countTable("Contacts by kind", r.by_kind),
                              countTable("Complaints by service area", r.by_service_area),
                              countTable("Complaints by theme", r.by_theme),
                              countTable("Complaints by channel", r.by_channel)});
  return {{"volumes", volumes}, {"refusals", countTable("Refusals by reason", r.outcomes.refusals)},
          {"measures", ms.data()}, {"self_assessment", sa.data()}};
}

Response annualPage(const Request& request, ReportService& reports, const Session& session,
                    const Period& p) {
  auto r = reports.annualReport(p);
  if (!r) return errorResponse(internalError("The report could not be made.").value());
  json d = annualTables(*r);
  d.update({{"period_name", p.displayName()}, {"period", p.label},
            {"picker", periodPicker("/reports/annual", p)}, {"outcomes", outcomesList(*r)},
            {"learning_html", learningSectionsHtml(*r)}});
  Page page;
  page.title = "Annual complaints performance and service improvement report";
  page.nav = nav("annual");
  page.body_html = renderTemplate("pages/annual_report", d);
  return signedInPage(200, page, session);
}

// A source as the public reads it: without internal references such as "(tsm.md §4.1)".
std::string publicSource(std::string source) {
  for (auto open = source.find('('); open != std::string::npos; open = source.find('(', open)) {
    const auto close = source.find(')', open);
    if (close == std::string::npos) break;
    const std::string inside = source.substr(open, close - open);
    if (inside.find(".md") == std::string::npos && inside.find("\u00a7") == std::string::npos &&
        inside.find("§") == std::string::npos) {
      open = close;
      continue;
    }
    std::size_t from = open;
    while (from > 0 && source[from - 1] == ' ') --from;
    source.erase(from, close + 1 - from);
    open = from;
  }
  return source;
}

// One year of "Our promises": each promise's measures, the commitments register, and whether
// the year has any figure. `to_date`: the year is not over, so its figures are so far.
json promisesYear(ReportService& reports, const Period& p, const std::string& heading,
                  const std::string& intro, bool to_date, i18n::Lang lang) {
  auto ms = reports.measures(p);
  const Policy& policy = reports.policy();
  YearTrends trends(reports, p);
  bool any = false;
  auto section = [&](const std::string& title, const std::string& text, const std::string& promise_id) {
    json cards = json::array();
    for (const auto& m : *ms) {
      if (m.promise != promise_id) continue;
      any = any || m.value.has_value();
      const auto* trend = trends.of(m.code);
      json sector = sectorFor(policy, m.code);
      for (auto& s : sector) s["source"] = publicSource(s["source"].get<std::string>());
      json card = metData(m, lang);
      card.update({{"title", m.title},
                   {"value", m.value ? measures::formatValue(m) : i18n::text(lang, "pr_no_figure_yet")},
                   {"target", targetText(m, lang)},
                   {"trend_svg", trend ? trendSvg(*trend, m.title, m.target, lang) : std::string()},
                   {"trend_text", trend ? trendText(*trend, m, to_date, lang) : std::string()},
                   {"sector", sector}});
      cards.push_back(card);
    }
    return json{{"title", title}, {"text", text}, {"cards", cards}};
  };
  json shown = json::array();
  if (ms) {
    for (const auto& pr : policy.promises) shown.push_back(section(pr.title, pr.text, pr.id));
    shown.push_back(section(i18n::text(lang, "pr_tsm"), i18n::text(lang, "pr_tsm_text"), ""));
  }
  json kept = json::array();
  for (auto& s : shown)
    if (!s["cards"].empty()) kept.push_back(std::move(s));
  json register_ = ms && any ? registerYear(policy, reports, *ms, trends, to_date, lang) : json::array();
  return {{"heading", heading}, {"intro", intro}, {"promises", any ? kept : json::array()},
          {"empty", !any}, {"register", register_}, {"has_register", !register_.empty()},
          {"no_figures_text", fmt::format(fmt::runtime(i18n::text(lang, "pr_no_figures_for")),
                                          p.displayName())}};
}

// The last whole financial year and the current one so far, each labelled as such, in the
// page's language (the switch, web/language.h).
Response promisesPage(const Request& req, ReportService& reports, const Period& last,
                      const Period& current, Date today) {
  const i18n::Lang lang = pageLanguage(req);
  auto said = [lang](std::string_view key, const std::string& a, const std::string& b = {}) {
    return fmt::format(fmt::runtime(i18n::text(lang, key)), a, b);
  };
  auto day = [lang](Date d) { return i18n::formatDateLong(d, lang); };
  json years = json::array();
  years.push_back(promisesYear(reports, last, said("pr_last_year", last.displayName()),
                               said("pr_last_year_intro", day(last.start), day(last.end)), false,
                               lang));
  years.push_back(promisesYear(reports, current, said("pr_this_year", current.displayName()),
                               said("pr_this_year_intro", day(current.start), day(today)), true,
                               lang));
  json not_measured = notMeasured(reports.policy());
  Page page;
  page.title = i18n::text(lang, "nav_promises");
  page.lang = std::string(i18n::code(lang));
  page.switch_path = "/promises";
  page.nav = publicNav(lang, "/promises");
  page.body_html = renderTemplate("pages/promises", {{"years", years}, {"not_measured", not_measured},
                                                     {"has_not_measured", !not_measured.empty()},
                                                     {"t", words(lang)}});
  return rememberLanguage(req, htmlPage(200, page));
}

// GET /reports/tsm-return?period=..: the TSM return as CSV, or (409) a page naming what it
// still lacks, in the order tsmPublicationGaps gives.
Response tsmReturnPage(const Request&, ReportService& reports, const Session& session, const Period& p) {
  auto ms = reports.measures(p);
  if (!ms) return errorResponse(ms.error());
  auto responses = reports.store().surveyResponses(p, "");
  if (!responses) return errorResponse(responses.error());
  auto gaps = tsmPublicationGaps(*ms, reports.policy(), *responses);
  if (gaps.empty()) {
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"tsm-" + p.label + ".csv\"");
    r.body = tsmReturnCsv(*ms, reports.policy(), p.label);
    return r;
  }
  json reasons = json::array({fmt::format("The Tenant Satisfaction Measures return for {} cannot be "
                                          "downloaded until it is complete. {} item{} missing:",
                                          p.displayName(), gaps.size(), gaps.size() == 1 ? " is" : "s are")});
  for (const auto& g : gaps) reasons.push_back(g.item + ": " + g.message);
  json next = json::array({{{"text", "Add the missing figures or survey details, then try again."}, {"href", ""}},
                           {{"text", "Back to Performance"}, {"href", "/performance?period=" + p.label}}});
  Page page;
  page.title = "The TSM return is not complete";
  page.nav = nav("performance");
  page.body_html = renderTemplate("pages/error", {{"heading", page.title}, {"reasons", reasons},
                                                   {"next", next}, {"request_id", ""}});
  return signedInPage(409, page, session);
}

// A staff report page for the request's period (`fallback` when it names none).
ReportPage withPeriod(std::function<Period()> fallback,
                      Response (*page)(const Request&, ReportService&, const Session&, const Period&)) {
  return [fallback = std::move(fallback), page](const Request& request, ReportService& reports,
                                                const Session& session) {
    auto p = periodFrom(request, fallback());
    if (!p) return errorResponse(p.error());
    return page(request, reports, session, *p);
  };
}

}  // namespace

std::string trendSvg(const std::vector<TrendPoint>& points, const std::string& title,
                     std::optional<double> target, i18n::Lang lang) {
  const int w = 320, h = 120, left = 8, bottom = 20;
  double max = target.value_or(0);
  for (const auto& p : points) max = std::max(max, p.value.value_or(0));
  if (max <= 0) max = 1;
  const int n = std::max<int>(1, static_cast<int>(points.size()));
  const int slot = (w - left) / n;
  std::string desc;
  json bars = json::array();
  for (int i = 0; i < static_cast<int>(points.size()); ++i) {
    const auto& p = points[static_cast<std::size_t>(i)];
    desc += fmt::format("{}{}: {}", i ? "; " : "", p.period, p.value ? fmt::format("{:g}", *p.value) : i18n::text(lang, "pr_chart_no_figure"));
    const int bh = static_cast<int>((h - bottom - 10) * p.value.value_or(0) / max);
    const int x = left + i * slot + 4;
    bars.push_back({{"x", x}, {"y", h - bottom - bh}, {"width", slot - 8}, {"height", bh},
                    {"label_y", h - 6}, {"period", p.period}});
  }
  json line = false;
  if (target) {
    desc += fmt::format("; {} {:g}", i18n::text(lang, "pr_chart_target"), *target);
    line = {{"x1", left}, {"x2", w}, {"y", h - bottom - static_cast<int>((h - bottom - 10) * *target / max)}};
  }
  static std::atomic<int> counter{0};
  return renderTemplate("partials/trend_chart", {{"id", ++counter}, {"w", w}, {"h", h}, {"title", title},
                                                 {"desc", desc}, {"bars", bars}, {"target", line}});
}

void addReportPages(http::Router& router, AccountService& accounts, ReportServiceFor for_landlord,
                    LandlordId public_landlord, std::function<Date()> today) {
  auto thisYear = [today] { return measures::financialYearOf(today()); };
  auto lastYear = [today] { return measures::financialYearOf(today()).previous(); };
  router.add("GET", "/performance", forStaff(accounts, for_landlord, withPeriod(thisYear, performancePage)));
  router.add("GET", "/performance/{code}", forStaff(accounts, for_landlord, withPeriod(thisYear, measurePage)));
  router.add("GET", "/reports/tsm-return", forStaff(accounts, for_landlord, withPeriod(lastYear, tsmReturnPage)));
  router.add("GET", "/reports/annual", forStaff(accounts, for_landlord, withPeriod(lastYear, annualPage)));
  router.add("GET", "/promises", [for_landlord, public_landlord, lastYear, thisYear, today](const Request& req) {
    auto service = for_landlord(public_landlord);
    if (!service) return errorResponse(unavailable("Our figures could not be worked out.").value());
    return promisesPage(req, **service, lastYear(), thisYear(), today());
  });
}

}  // namespace charter::web
