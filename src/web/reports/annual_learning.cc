#include "web/reports/annual_learning.h"

#include <fmt/format.h>

#include "web/components.h"
#include "web/layout.h"
#include "web/templates.h"
#include "util/money.h"

namespace charter::web {

namespace {

using nlohmann::json;

std::string pct(long n, long d) {
  return d == 0 ? std::string("–")
                : fmt::format("{:.1f}% ({} of {})", measures::roundHalfUp(100.0 * n / d), n, d);
}

std::string outcomeTitle(const std::string& slug) {
  std::string s = slug;
  for (auto& c : s) if (c == '_') c = ' ';
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// Text rows as what partials/summary_list sees.
json figures(const std::vector<std::pair<std::string, std::string>>& text_rows) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& [k, v] : text_rows) rows.emplace_back(k, escape(v));
  return summaryListData(rows);
}

json learningData(const LearningFigures& l) {
  return {{"figures", figures({{"Learning actions raised", std::to_string(l.raised)},
                               {"Learning actions completed", std::to_string(l.completed)},
                               {"Completed by their due date", pct(l.completed_on_time, l.completed)},
                               {"Overdue", std::to_string(l.overdue)},
                               {"Service improvements published (\"You said, we did\")",
                                std::to_string(l.published)}})},
          {"has_improvements", !l.improvements.empty()},
          {"improvements", l.improvements}};
}

json ombudsmanData(const OmbudsmanFigures& m) {
  Table t;
  t.caption = "Determinations by outcome";
  t.caption_class = "govuk-table__caption--s";
  t.head = {{"Outcome", false}, {"Number", true}};
  for (const auto& b : m.by_outcome) {
    TableCell n{std::to_string(b.count)};
    n.numeric = true;
    t.rows.push_back({TableCell::row(outcomeTitle(b.key)), n});
  }
  return {{"figures",
           figures({{"Complaints referred to the Ombudsman", std::to_string(m.referrals)},
                    {"Determinations", std::to_string(m.determinations)},
                    {"Findings of fault (severe maladministration, maladministration, service failure)",
                     std::to_string(m.fault_findings)},
                    {"Orders made", std::to_string(m.orders_made)},
                    {"Orders complied with on time", pct(m.orders_on_time, m.orders_due)},
                    {"Orders overdue", std::to_string(m.orders_open_overdue)},
                    {"Compensation ordered", formatPounds(m.compensation)},
                    {"Findings of non-compliance with the Code (Complaint Handling Failure "
                     "Orders)",
                     std::to_string(m.chfos_issued)},
                    {"Complaint Handling Failure Orders complied with on time",
                     pct(m.chfos_on_time, m.chfos_due)}})},
          {"by_outcome", t.data()}};
}

}  // namespace

std::string learningSectionsHtml(const AnnualReport& r) {
  if (!r.learning && !r.ombudsman) return {};
  return renderTemplate("pages/annual_learning",
                        {{"learning", r.learning ? learningData(*r.learning) : json(false)},
                         {"ombudsman", r.ombudsman ? ombudsmanData(*r.ombudsman) : json(false)}});
}

}  // namespace charter::web
