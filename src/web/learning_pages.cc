// The staff "Learning action plan" page and the public "You said, we did" page.
#include <fmt/format.h>

#include "web/aftercare.h"

namespace charter::web {

namespace {

// "Jun 2025" from "Mon 2 Jun 2025".
std::string monthYear(Date d) {
  const std::string s = formatDateLong(d);
  const auto first = s.find(' ');
  return s.substr(s.find(' ', first + 1) + 1);
}

std::string statusTag(const std::string& status) {
  if (status == "completed") return tag("Completed", "green");
  if (status == "completed_late") return tag("Completed late", "yellow");
  if (status == "overdue") return tag("Overdue", "red");
  return tag("Open", "blue");
}

std::string planTable(const PlanArea& area, const std::string& id) {
  std::string out = fmt::format(
      "<table class=\"govuk-table\" id=\"{}\"><caption class=\"govuk-table__caption "
      "govuk-table__caption--s\">{}</caption><thead class=\"govuk-table__head\"><tr "
      "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Case</th>"
      "<th scope=\"col\" class=\"govuk-table__header\">Action</th><th scope=\"col\" "
      "class=\"govuk-table__header\">Owner</th><th scope=\"col\" class=\"govuk-table__header\">"
      "Due</th><th scope=\"col\" class=\"govuk-table__header\">Status</th></tr></thead><tbody "
      "class=\"govuk-table__body\">",
      id, escape(area.service_area));
  for (const auto& item : area.actions) {
    const auto& a = item.action;
    std::string what = escape(a.lesson);
    if (!a.improvement.empty()) what += "<br><span class=\"govuk-body-s\">Done: " + escape(a.improvement) + "</span>";
    if (item.carried_over) what += "<br><span class=\"govuk-body-s\">Carried over from an earlier quarter</span>";
    out += fmt::format(
        "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
        "href=\"/staff/cases/{}#learning\">{}</a></td><td class=\"govuk-table__cell\">{}</td><td "
        "class=\"govuk-table__cell\">{}</td><td class=\"govuk-table__cell\">{}</td><td "
        "class=\"govuk-table__cell\">{}</td></tr>",
        a.case_id, escape(a.reference), what, escape(a.owner), escape(formatDateLong(a.due)),
        statusTag(item.status));
  }
  return out + "</tbody></table>";
}

std::string filterForm(const Policy& policy, const std::string& period, const std::string& area,
                       Date today) {
  const int y = std::stoi(measures::financialYearOf(today).label.substr(0, 4));
  std::vector<Option> periods;
  for (int fy = y; fy >= y - 2; --fy) {
    auto year = measures::financialYear(fy);
    periods.push_back({year.label, year.displayName()});
    for (int q = 1; q <= 4; ++q) {
      auto p = measures::quarter(fy, q);
      periods.push_back({p.label, p.displayName()});
    }
  }
  std::vector<Option> areas = {{"", "All service areas"}};
  for (const auto& a : policy.service_areas) areas.push_back({a, a});
  FormErrors none;
  std::string area_field = policy.service_areas.empty()
                               ? textInput("service_area", "Service area", area, none)
                               : select("service_area", "Service area", areas, area, none);
  return "<form method=\"get\" action=\"/staff/learning\" class=\"govuk-!-margin-bottom-6\">" +
         select("period", "Period", periods, period, none) + area_field +
         button("Show", "govuk-button--secondary") + "</form>";
}

http::Response planPage(Ctx& ctx, Visit& v, LearningService& learning) {
  if (!allowed(v.who(), Permission::kViewReports)) {
    return errorPage(ctx, v, forbidden().value());
  }
  const Date today = learning.today();
  std::string label = v.req.queryParam("period");
  if (label.empty()) label = measures::financialYearOf(today).label;
  const std::string area = v.req.queryParam("service_area");
  auto period = measures::parsePeriod(label);
  std::string body = "<h1 class=\"govuk-heading-l\">Learning action plan</h1>"
                     "<p class=\"govuk-body\">The actions learnt from complaints, by quarter and "
                     "service area: what is due in each quarter, and what is carried over "
                     "overdue (Code 9.1-9.3).</p>";
  body += filterForm(learning.policy(), label, area, today);
  if (!period) {
    FormErrors e;
    e.add("period", period.error().message);
    return htmlResponse(422, page(ctx, v, "Error: Learning action plan", errorSummary(e) + body));
  }
  auto plan = learning.actionPlan(v.who().landlord, *period, area);
  if (!plan) {
    if (plan.error().kind != ErrorKind::kInvalid) return errorPage(ctx, v, plan.error());
    FormErrors e;
    e.add("service_area", plan.error().message);
    return htmlResponse(422, page(ctx, v, "Error: Learning action plan", errorSummary(e) + body));
  }
  int n = 0;
  for (const auto& q : plan->quarters) {
    body += fmt::format("<h2 class=\"govuk-heading-m\">{}</h2>", escape(q.quarter.displayName()));
    if (q.areas.empty()) body += "<p class=\"govuk-body\">No learning actions due.</p>";
    for (const auto& a : q.areas) body += planTable(a, fmt::format("plan-{}", ++n));
  }
  return htmlResponse(200, page(ctx, v, "Learning action plan", body, "learning"));
}

http::Response publicPage(Ctx& ctx, LearningService& learning) {
  auto list = learning.youSaidWeDid(1);
  Page p;
  p.title = "You said, we did – " + ctx.options.landlord_name;
  p.service_name = ctx.options.landlord_name;
  p.nav = {{"Performance", "/performance", false},
           {"Annual report", "/reports/annual", false},
           {"Our promises", "/promises", false},
           {"You said, we did", "/you-said-we-did", true}};
  std::string body = "<h1 class=\"govuk-heading-l\">You said, we did</h1><p class=\"govuk-body\">"
                     "What residents told us through their complaints, and what we changed as a "
                     "result.</p>";
  if (!list) {
    body += "<p class=\"govuk-body\">This list cannot be shown just now. Please try again later.</p>";
    p.body_html = body;
    return htmlResponse(503, renderPage(p));
  }
  if (list->empty()) body += "<p class=\"govuk-body\">Nothing has been published yet.</p>";
  for (const auto& i : *list) {
    body += fmt::format(
        "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h2 "
        "class=\"govuk-summary-card__title\">{}, {}</h2></div><div "
        "class=\"govuk-summary-card__content\">{}</div></div>",
        escape(i.service_area), escape(monthYear(i.completed_on)),
        summaryList({{"You said", escape(i.you_said)}, {"We did", escape(i.we_did)}}));
  }
  p.body_html = body;
  return htmlResponse(200, renderPage(p));
}

}  // namespace

void addLearningPages(http::Router& router, Ctx& ctx, LearningService& learning) {
  router.add("GET", "/staff/learning",
             guarded(ctx, Audience::kStaff, [&learning](Ctx& c, Visit& v) { return planPage(c, v, learning); }));
  router.add("GET", "/you-said-we-did",
             [&ctx, &learning](const http::Request&) { return publicPage(ctx, learning); });
}

}  // namespace charter::web
