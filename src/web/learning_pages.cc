// The staff "Learning action plan" page and the public "You said, we did" page.
#include <fmt/format.h>

#include "web/aftercare.h"
#include "web/templates.h"

namespace charter::web {

namespace {

using nlohmann::json;

std::string statusTag(const std::string& status) {
  if (status == "completed") return tag("Completed", "green");
  if (status == "completed_late") return tag("Completed late", "yellow");
  if (status == "overdue") return tag("Overdue", "red");
  return tag("Open", "blue");
}

json planTable(const PlanArea& area, const std::string& id) {
  Table t;
  t.id = id;
  t.caption = area.service_area;
  t.caption_class = "govuk-table__caption--s";
  t.head = {{"Case", false}, {"Action", false}, {"Owner", false}, {"Due", false}, {"Status", false}};
  for (const auto& item : area.actions) {
    const auto& a = item.action;
    TableCell what{a.lesson};
    what.note_class = "govuk-body-s";
    if (!a.improvement.empty()) what.notes.push_back("Done: " + a.improvement);
    if (item.carried_over) what.notes.push_back("Carried over from an earlier quarter");
    t.rows.push_back({TableCell::link(a.reference, fmt::format("/staff/cases/{}#learning", a.case_id)),
                      what, {a.owner}, {formatDateLong(a.due)},
                      TableCell::markup(statusTag(item.status))});
  }
  return t.data();
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
  return select("period", "Period", periods, period, none) + area_field;
}

http::Response planPage(Ctx& ctx, Visit& v, LearningService& learning) {
  if (!allowed(v.who(), Permission::kViewReports)) {
    return errorPage(ctx, v, forbidden().value());
  }
  const Date today = learning.today();
  std::string label = v.req.queryParam("period");
  if (label.empty()) label = measures::financialYearOf(today).label;
  const std::string area = v.req.queryParam("service_area");
  json d = {{"error_summary_html", ""}, {"filter_html", filterForm(learning.policy(), label, area, today)},
            {"text", "Show"}, {"extra_class", "govuk-button--secondary"}, {"quarters", json::array()}};
  auto refused = [&](const std::string& field, const std::string& message) {
    FormErrors e;
    e.add(field, message);
    d["error_summary_html"] = errorSummary(e);
    return htmlResponse(422, page(ctx, v, "Error: Learning action plan", renderTemplate("pages/learning_plan", d)));
  };
  auto period = measures::parsePeriod(label);
  if (!period) return refused("period", period.error().message);
  auto plan = learning.actionPlan(v.who().landlord, *period, area);
  if (!plan) {
    if (plan.error().kind != ErrorKind::kInvalid) return errorPage(ctx, v, plan.error());
    return refused("service_area", plan.error().message);
  }
  int n = 0;
  for (const auto& q : plan->quarters) {
    json tables = json::array();
    for (const auto& a : q.areas) tables.push_back(planTable(a, fmt::format("plan-{}", ++n)));
    d["quarters"].push_back({{"name", q.quarter.displayName()}, {"tables", tables}});
  }
  return htmlResponse(200, page(ctx, v, "Learning action plan", renderTemplate("pages/learning_plan", d), "learning"));
}

// "You said, we did", in the page's language (the landlord's words stay as written).
http::Response youSaidPage(Ctx& ctx, LearningService& learning, const http::Request& req) {
  const i18n::Lang lang = pageLanguage(req);
  auto list = learning.youSaidWeDid(1);
  json items = json::array();
  if (list) {
    for (const auto& i : *list)
      items.push_back({{"service_area", i.service_area},
                       {"month", i18n::formatMonthYear(i.completed_on, lang)},
                       {"facts", summaryListData({{tr(lang, "ys_you_said"), escape(i.you_said)},
                                                  {tr(lang, "ys_we_did"), escape(i.we_did)}})}});
  }
  std::string body = renderTemplate("pages/you_said_we_did", {{"unavailable", !list},
                                                              {"empty", list && list->empty()},
                                                              {"items", items}, {"t", words(lang)}});
  const std::string title = tr(lang, "nav_you_said") + " – " + ctx.options.landlord_name;
  return rememberLanguage(req, htmlResponse(list ? 200 : 503, renderPage(publicPage(
                                                                   ctx, title, body, lang,
                                                                   "/you-said-we-did"))));
}

}  // namespace

void addLearningPages(http::Router& router, Ctx& ctx, LearningService& learning) {
  router.add("GET", "/staff/learning",
             guarded(ctx, Audience::kStaff, [&learning](Ctx& c, Visit& v) { return planPage(c, v, learning); }));
  router.add("GET", "/you-said-we-did",
             [&ctx, &learning](const http::Request& req) { return youSaidPage(ctx, learning, req); });
}

}  // namespace charter::web
