#include "web/reports/report_pages.h"

#include <algorithm>

#include <fmt/format.h>

#include "app/authz.h"
#include "web/layout.h"
#include "web/reports/annual_learning.h"
#include "web/web.h"

namespace charter::web {

using http::Request;
using http::Response;
using measures::MeasureResult;
using measures::Period;

namespace {

Response html(int status, const Page& page) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = renderPage(page);
  return r;
}

// The page for an app error, as the web maps it (errorPageText).
Response errorPage(const Error& e) {
  const ErrorPageText text = errorPageText(e);
  Page p;
  p.title = text.title + " – Charter";
  p.body_html = "<h1 class=\"govuk-heading-l\">" + escape(text.title) +
                "</h1><p class=\"govuk-body\">" + escape(e.message) + "</p>";
  return html(text.status, p);
}

// A page for a signed-in principal of one landlord, with that landlord's ReportService.
using ReportPage = std::function<Response(const Request&, ReportService&, const Session&)>;

http::Handler forStaff(AccountService& accounts, ReportServiceFor reports, ReportPage page) {
  return [&accounts, reports = std::move(reports), page = std::move(page)](const Request& request) {
    auto session = sessionOf(accounts, request);
    if (!session) return toSignIn(request);
    if (!allowed(session->principal, Permission::kViewReports))
      return errorPage(forbidden("Your role does not allow viewing performance reports.").value());
    auto service = reports(session->principal.landlord);
    if (!service) return errorPage(service.error());
    return page(request, **service, *session);
  };
}

// Shows who is signed in, with the sign-out form, as the web's other pages do.
Response signedInPage(int status, Page page, const Session& session) {
  page.signed_in_as = session.principal.display_name.empty() ? session.principal.username
                                                             : session.principal.display_name;
  page.csrf_token = session.csrf_token;
  return html(status, page);
}

std::vector<NavItem> nav(const std::string& active) {
  return {{"Performance", "/performance", active == "performance"},
          {"Annual report", "/reports/annual", active == "annual"},
          {"Our promises", "/promises", active == "promises"},
          {"You said, we did", "/you-said-we-did", false}};
}

std::string metText(const MeasureResult& m) {
  if (!m.met) return m.target ? "No figure" : "No target";
  return *m.met ? "<strong class=\"govuk-tag govuk-tag--green\">Met</strong>"
                : "<strong class=\"govuk-tag govuk-tag--red\">Not met</strong>";
}

std::string targetText(const MeasureResult& m) {
  if (!m.target) return "–";
  const std::string v = m.unit == "%" ? fmt::format("{:g}%", *m.target) : fmt::format("{:g}", *m.target);
  return (m.higher_is_better ? "at least " : "at most ") + v;
}

std::string periodPicker(const std::string& action, const Period& current) {
  std::string options;
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
  for (const auto& c : choices)
    options += fmt::format("<option value=\"{}\"{}>{}</option>", escape(c.label),
                           c.label == current.label ? " selected" : "", escape(c.displayName()));
  return fmt::format(
      "<form method=\"get\" action=\"{}\" class=\"govuk-!-margin-bottom-6\"><div "
      "class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"period\">Period</label>"
      "<select class=\"govuk-select\" id=\"period\" name=\"period\">{}</select></div>"
      "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
      "data-module=\"govuk-button\">Show</button></form>",
      action, options);
}

Result<Period> periodFrom(const Request& r, const Period& fallback) {
  if (!r.hasQuery("period")) return fallback;
  return measures::parsePeriod(r.queryParam("period"));
}

std::string sectorFor(const Policy& policy, const std::string& code) {
  std::string out;
  for (const auto& s : policy.sector_figures) {
    if (s.code != code) continue;
    out += fmt::format("<p class=\"govuk-body-s\">{}: <strong>{:g}</strong> <span "
                       "class=\"govuk-hint\">(source: {})</span></p>",
                       escape(s.label), s.value, escape(s.source));
  }
  return out;
}

}  // namespace

std::string trendSvg(const std::vector<TrendPoint>& points, const std::string& title,
                     std::optional<double> target) {
  const int w = 320, h = 120, left = 8, bottom = 20;
  double max = target.value_or(0);
  for (const auto& p : points) max = std::max(max, p.value.value_or(0));
  if (max <= 0) max = 1;
  const int n = std::max<int>(1, static_cast<int>(points.size()));
  const int slot = (w - left) / n;
  std::string desc;
  std::string bars;
  for (int i = 0; i < static_cast<int>(points.size()); ++i) {
    const auto& p = points[static_cast<std::size_t>(i)];
    desc += fmt::format("{}{}: {}", i ? "; " : "", p.period, p.value ? fmt::format("{:g}", *p.value) : "no figure");
    const double v = p.value.value_or(0);
    const int bh = static_cast<int>((h - bottom - 10) * v / max);
    const int x = left + i * slot + 4;
    bars += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#1d70b8\"/>", x,
                        h - bottom - bh, slot - 8, bh);
    bars += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#0b0c0c\">{}</text>", x,
                        h - 6, escape(p.period));
  }
  std::string line;
  if (target) {
    const int y = h - bottom - static_cast<int>((h - bottom - 10) * *target / max);
    line = fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#d4351c\" "
                       "stroke-width=\"2\" stroke-dasharray=\"4 3\"/>", left, w, y, y);
  }
  static int counter = 0;
  const int id = ++counter;
  return fmt::format(
      "<svg role=\"img\" aria-labelledby=\"t{0} d{0}\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 "
      "{1} {2}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"t{0}\">{3}</title><desc "
      "id=\"d{0}\">{4}{5}</desc>{6}{7}</svg>",
      id, w, h, escape(title), escape(desc),
      target ? escape(fmt::format("; target {:g}", *target)) : "", bars, line);
}

namespace {

Response performancePage(const std::function<Date()>& today, const Request& request,
                    ReportService& reports, const Session& session) {
  auto p = periodFrom(request, measures::financialYearOf(today()));
  if (!p) return errorPage(p.error());
  auto ms = reports.measures(*p);
  if (!ms) return errorPage(internalError("The measures could not be worked out.").value());
  std::string rows;
  for (const auto& m : *ms) {
    auto trend = reports.trend(m.code, *p, 4);
    const std::string chart =
        trend ? trendSvg(*trend, m.code + " trend", m.target) : std::string();
    rows += fmt::format(
        "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>"
        "<td class=\"govuk-table__cell\">{}</td><td class=\"govuk-table__cell\">{}</td>"
        "<td class=\"govuk-table__cell\">{:g} / {:g}</td><td class=\"govuk-table__cell\">{}</td>"
        "<td class=\"govuk-table__cell\">{}</td><td class=\"govuk-table__cell\">{}</td>"
        "<td class=\"govuk-table__cell\">{}</td></tr>",
        escape(m.code), escape(m.title), escape(measures::formatValue(m)), m.numerator,
        m.denominator, escape(targetText(m)), metText(m), chart,
        m.caseBased() ? fmt::format("<a class=\"govuk-link\" href=\"/performance/{}?period={}\">Cases<span "
                                    "class=\"govuk-visually-hidden\"> behind {}</span></a>",
                                    escape(m.code), escape(p->label), escape(m.code))
                      : escape(m.note));
  }
  Page page;
  page.title = "Performance – Charter";
  page.nav = nav("performance");
  page.body_html = fmt::format(
      "<h1 class=\"govuk-heading-l\">Performance: {}</h1>{}"
      "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/api/v1/measures?period={}&amp;format=csv\">Download CSV</a> · "
      "<a class=\"govuk-link\" href=\"/api/v1/measures?period={}&amp;format=xlsx\">Download XLSX</a> · "
      "<a class=\"govuk-link\" href=\"/api/v1/measures?period={}&amp;format=tsm\">TSM figures for the annual return (CSV)</a></p>"
      "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Every measure</caption>"
      "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
      "<th scope=\"col\" class=\"govuk-table__header\">Code</th><th scope=\"col\" class=\"govuk-table__header\">Measure</th>"
      "<th scope=\"col\" class=\"govuk-table__header\">Value</th><th scope=\"col\" class=\"govuk-table__header\">Numerator / denominator</th>"
      "<th scope=\"col\" class=\"govuk-table__header\">Target</th><th scope=\"col\" class=\"govuk-table__header\">Met</th>"
      "<th scope=\"col\" class=\"govuk-table__header\">Trend</th><th scope=\"col\" class=\"govuk-table__header\">Behind the figure</th>"
      "</tr></thead><tbody class=\"govuk-table__body\">{}</tbody></table>",
      escape(p->displayName()), periodPicker("/performance", *p), escape(p->label), escape(p->label),
      escape(p->label), rows);
  return signedInPage(200, page, session);
}

Response measurePage(const std::function<Date()>& today, const Request& request,
                    ReportService& reports, const Session& session) {
  auto p = periodFrom(request, measures::financialYearOf(today()));
  if (!p) return errorPage(p.error());
  const std::string code = request.params.at("code");
  auto spec = reports.spec(code);
  if (!spec) return errorPage(notFound("There is no measure " + code + ".").value());
  auto r = measures::evaluate(*spec, *p, reports.store(), reports.policy());
  auto num = reports.casesBehind(code, *p, "numerator");
  auto den = reports.casesBehind(code, *p, "denominator");
  if (!r || !num || !den) return errorPage(internalError("The cases could not be listed.").value());
  auto list = [](const std::vector<CaseId>& ids) {
    std::string out = "<ul class=\"govuk-list\">";
    const std::size_t shown = std::min<std::size_t>(ids.size(), 500);
    for (std::size_t i = 0; i < shown; ++i)
      out += fmt::format("<li><a class=\"govuk-link\" href=\"/staff/cases/{}\">{}</a></li>", ids[i],
                         caseReference(ids[i]));
    out += "</ul>";
    if (ids.size() > shown)
      out += fmt::format("<p class=\"govuk-body\">and {} more (download the CSV for all).</p>", ids.size() - shown);
    return out;
  };
  Page page;
  page.title = code + " – Performance – Charter";
  page.nav = nav("performance");
  page.breadcrumbs = {{"Performance", "/performance?period=" + p->label}};
  const bool clock = spec->type == "clock_percent";
  page.body_html = fmt::format(
      "<h1 class=\"govuk-heading-l\">{}: {}</h1><p class=\"govuk-body-l\">{} in {}: <strong>{}</strong></p>"
      "<h2 class=\"govuk-heading-m\">{} ({})</h2>{}<h2 class=\"govuk-heading-m\">{} ({})</h2>{}",
      escape(code), escape(spec->title), escape(r->note), escape(p->displayName()),
      escape(measures::formatValue(*r)), clock ? "In time" : "Counted", num->size(), list(*num),
      clock ? "All responses" : "The same cases", den->size(), clock ? list(*den) : std::string());
  return signedInPage(200, page, session);
}

Response annualReportPage(const std::function<Date()>& today, const Request& request,
                    ReportService& reports, const Session& session) {
  auto p = periodFrom(request, measures::financialYearOf(today()).previous());
  if (!p) return errorPage(p.error());
  auto r = reports.annualReport(*p);
  if (!r) return errorPage(internalError("The report could not be made.").value());
  const auto& o = r->outcomes;
  auto table = [](const std::string& caption, const std::vector<Breakdown>& bs) {
    std::string rows;
    for (const auto& b : bs)
      rows += fmt::format("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>"
                          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td></tr>",
                          escape(b.key.empty() ? "(not recorded)" : b.key), b.count);
    if (rows.empty()) rows = "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" colspan=\"2\">None</td></tr>";
    return fmt::format("<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">{}</caption>"
                       "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Item</th>"
                       "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Number</th></tr></thead>"
                       "<tbody class=\"govuk-table__body\">{}</tbody></table>", escape(caption), rows);
  };
  auto pct = [](long n, long d) {
    return d == 0 ? std::string("–") : fmt::format("{:.1f}% ({} of {})", measures::roundHalfUp(100.0 * n / d), n, d);
  };
  std::string ms;
  for (const auto& m : r->measures)
    ms += fmt::format("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>"
                      "<td class=\"govuk-table__cell\">{}</td><td class=\"govuk-table__cell\">{}</td><td class=\"govuk-table__cell\">{}</td></tr>",
                      escape(m.code), escape(m.title), escape(measures::formatValue(m)), escape(targetText(m)));
  std::string sa;
  for (const auto& s : r->self_assessment)
    sa += fmt::format("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>"
                      "<td class=\"govuk-table__cell\">{}</td><td class=\"govuk-table__cell\">{}</td>"
                      "<td class=\"govuk-table__cell\">{}</td><td class=\"govuk-table__cell\">{}</td></tr>",
                      escape(s.provision), escape(s.requirement), escape(s.comply.empty() ? "To assess" : s.comply),
                      escape(s.evidence), escape(s.commentary));
  Page page;
  page.title = "Annual complaints performance and service improvement report – Charter";
  page.nav = nav("annual");
  page.body_html = fmt::format(
      "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">Annual complaints performance and service improvement report</h1>"
      "{}<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/api/v1/reports/annual?period={}&amp;format=pdf\">Download PDF</a> · "
      "<a class=\"govuk-link\" href=\"/api/v1/reports/annual?period={}&amp;format=xlsx\">Download XLSX</a> · "
      "<a class=\"govuk-link\" href=\"/api/v1/reports/annual?period={}&amp;format=csv\">Download CSV</a></p>"
      "<h2 class=\"govuk-heading-m\">Volumes</h2>{}{}{}{}"
      "<h2 class=\"govuk-heading-m\">Outcomes</h2><dl class=\"govuk-summary-list\">"
      "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Stage 1 complaints received</dt><dd class=\"govuk-summary-list__value\">{}</dd></div>"
      "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Stage 2 escalations</dt><dd class=\"govuk-summary-list__value\">{}</dd></div>"
      "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Elements upheld or partly upheld</dt><dd class=\"govuk-summary-list__value\">{}</dd></div>"
      "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Resolved at stage 1</dt><dd class=\"govuk-summary-list__value\">{}</dd></div>"
      "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Stage 2 reviews overturning stage 1</dt><dd class=\"govuk-summary-list__value\">{}</dd></div>"
      "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Answered after an extension</dt><dd class=\"govuk-summary-list__value\">{}</dd></div>"
      "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Remedies and compensation offered</dt><dd class=\"govuk-summary-list__value\">{} remedies, £{:.2f}</dd></div>"
      "</dl>{}{}"
      "<h2 class=\"govuk-heading-m\">Measures</h2><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">Every measure for the year</caption>"
      "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Code</th><th scope=\"col\" class=\"govuk-table__header\">Measure</th>"
      "<th scope=\"col\" class=\"govuk-table__header\">Value</th><th scope=\"col\" class=\"govuk-table__header\">Target</th></tr></thead><tbody class=\"govuk-table__body\">{}</tbody></table>"
      "<h2 class=\"govuk-heading-m\">Self-assessment against the Complaint Handling Code</h2><table class=\"govuk-table\">"
      "<caption class=\"govuk-table__caption govuk-table__caption--s\">One row per provision; evidence filled from Charter's records where it can be</caption>"
      "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Provision</th><th scope=\"col\" class=\"govuk-table__header\">Requirement</th>"
      "<th scope=\"col\" class=\"govuk-table__header\">Comply</th><th scope=\"col\" class=\"govuk-table__header\">Evidence</th><th scope=\"col\" class=\"govuk-table__header\">Commentary</th></tr></thead>"
      "<tbody class=\"govuk-table__body\">{}</tbody></table>",
      escape(p->displayName()), periodPicker("/reports/annual", *p), escape(p->label), escape(p->label), escape(p->label),
      table("Contacts by kind", r->by_kind), table("Complaints by service area", r->by_service_area),
      table("Complaints by theme", r->by_theme), table("Complaints by channel", r->by_channel),
      o.stage1_received, o.stage2_received, escape(pct(o.elements_upheld, o.elements)),
      escape(pct(o.resolved_at_stage1, o.stage1_responded)), escape(pct(o.stage2_overturned, o.stage2_reviews)),
      o.extensions, o.remedies, o.compensation, table("Refusals by reason", o.refusals),
      learningSectionsHtml(*r), ms, sa);
  return signedInPage(200, page, session);
}

Response promisesPage(const ReportServiceFor& for_landlord, LandlordId public_landlord,
                      const std::function<Date()>& today) {
  const Period p = measures::financialYearOf(today()).previous();
  auto service = for_landlord(public_landlord);
  if (!service) return errorPage(unavailable("Our figures could not be worked out.").value());
  ReportService& reports = **service;
  auto ms = reports.measures(p);
  if (!ms) return errorPage(internalError("Our figures could not be worked out.").value());
  const Policy& policy = reports.policy();
  std::string body = fmt::format(
      "<h1 class=\"govuk-heading-l\">Our promises</h1><p class=\"govuk-body-l\">How we did in {} "
      "against each promise we make to you, and how we compare with other landlords.</p>",
      escape(p.displayName()));
  auto section = [&](const std::string& title, const std::string& text, const std::string& promise_id) {
    std::string cards;
    for (const auto& m : *ms) {
      if (m.promise != promise_id) continue;
      auto trend = reports.trend(m.code, p, 3);
      cards += fmt::format(
          "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h3 "
          "class=\"govuk-summary-card__title\">{}</h3></div><div class=\"govuk-summary-card__content\">"
          "<p class=\"govuk-body\">Latest: <strong>{}</strong>. Target: {}. {}</p>{}{}</div></div>",
          escape(m.title), escape(measures::formatValue(m)), escape(targetText(m)), metText(m),
          trend ? trendSvg(*trend, m.title, m.target) : std::string(), sectorFor(policy, m.code));
    }
    if (cards.empty()) return std::string();
    return fmt::format("<h2 class=\"govuk-heading-m\">{}</h2><p class=\"govuk-body\">{}</p>{}", escape(title),
                       escape(text), cards);
  };
  for (const auto& pr : policy.promises) body += section(pr.title, pr.text, pr.id);
  body += section("Tenant Satisfaction Measures", "The Regulator of Social Housing's measures, for every landlord.", "");
  Page page;
  page.title = "Our promises";
  page.body_html = body;
  return html(200, page);
}

}  // namespace

void addReportPages(http::Router& router, AccountService& accounts, ReportServiceFor for_landlord,
                    LandlordId public_landlord, std::function<Date()> today) {
  router.add("GET", "/performance", forStaff(accounts, for_landlord, [today](const Request& r, ReportService& s, const Session& x) {
    return performancePage(today, r, s, x);
  }));
  router.add("GET", "/performance/{code}", forStaff(accounts, for_landlord, [today](const Request& r, ReportService& s, const Session& x) {
    return measurePage(today, r, s, x);
  }));
  router.add("GET", "/reports/annual", forStaff(accounts, for_landlord, [today](const Request& r, ReportService& s, const Session& x) {
    return annualReportPage(today, r, s, x);
  }));
  router.add("GET", "/promises", [for_landlord, public_landlord, today](const Request&) {
    return promisesPage(for_landlord, public_landlord, today);
  });
}

}  // namespace charter::web
