#include "web/reports/annual_learning.h"

#include <fmt/format.h>

#include "web/layout.h"

namespace charter::web {

namespace {

std::string row(const std::string& key, const std::string& value) {
  return fmt::format("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt>"
                     "<dd class=\"govuk-summary-list__value\">{}</dd></div>",
                     escape(key), escape(value));
}

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

}  // namespace

std::string learningSectionsHtml(const AnnualReport& r) {
  std::string out;
  if (r.learning) {
    const auto& l = *r.learning;
    out += "<h2 class=\"govuk-heading-m\" id=\"learning\">Learning and service improvements</h2>"
           "<dl class=\"govuk-summary-list\">" +
           row("Learning actions raised", std::to_string(l.raised)) +
           row("Learning actions completed", std::to_string(l.completed)) +
           row("Completed by their due date", pct(l.completed_on_time, l.completed)) +
           row("Overdue", std::to_string(l.overdue)) +
           row("Service improvements published (\"You said, we did\")", std::to_string(l.published)) +
           "</dl>";
    if (!l.improvements.empty()) {
      out += "<h3 class=\"govuk-heading-s\">Service improvements made</h3><ul class=\"govuk-list govuk-list--bullet\">";
      for (const auto& i : l.improvements) out += "<li>" + escape(i) + "</li>";
      out += "</ul>";
    }
  }
  if (r.ombudsman) {
    const auto& m = *r.ombudsman;
    out += "<h2 class=\"govuk-heading-m\" id=\"ombudsman\">The Housing Ombudsman</h2>"
           "<dl class=\"govuk-summary-list\">" +
           row("Complaints referred to the Ombudsman", std::to_string(m.referrals)) +
           row("Determinations", std::to_string(m.determinations)) +
           row("Findings of fault (severe maladministration, maladministration, service failure)",
               std::to_string(m.fault_findings)) +
           row("Orders made", std::to_string(m.orders_made)) +
           row("Orders complied with on time", pct(m.orders_on_time, m.orders_due)) +
           row("Orders overdue", std::to_string(m.orders_open_overdue)) +
           row("Compensation ordered", fmt::format("£{:.2f}", m.compensation)) + "</dl>";
    std::string rows;
    for (const auto& b : m.by_outcome) {
      rows += fmt::format("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>"
                          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td></tr>",
                          escape(outcomeTitle(b.key)), b.count);
    }
    out += "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
           "Determinations by outcome</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
           "<th scope=\"col\" class=\"govuk-table__header\">Outcome</th><th scope=\"col\" class=\"govuk-table__header "
           "govuk-table__header--numeric\">Number</th></tr></thead><tbody class=\"govuk-table__body\">" +
           rows + "</tbody></table>";
  }
  return out;
}

}  // namespace charter::web
