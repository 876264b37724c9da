// The annual complaints performance and service improvement report as a PDF (util/pdf.h): the
// same sections as the HTML page and the CSV/XLSX exports, for the governing body's papers and
// for publishing. Built only when the shared PDF writer (libhpdf) is.
#include <fmt/format.h>

#include "app/labels.h"
#include "app/reports_service.h"
#include "util/money.h"

#ifdef CHARTER_HAVE_PDF
#include "util/pdf.h"
#endif

namespace charter {

#ifdef CHARTER_HAVE_PDF
namespace {

std::string share(long n, long d) {
  if (d == 0) return "none";
  return fmt::format("{:.1f}% ({} of {})", measures::roundHalfUp(100.0 * n / d), n, d);
}

std::vector<std::vector<std::string>> breakdownRows(const std::vector<Breakdown>& bs) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& b : bs) rows.push_back({breakdownLabel(b.key), std::to_string(b.count)});
  if (rows.empty()) rows.push_back({"None", ""});
  return rows;
}

std::string target(const measures::MeasureResult& m) {
  if (!m.target) return "";
  return fmt::format("{} {:g}{}", m.higher_is_better ? "at least" : "at most", *m.target,
                     m.unit == "%" ? "%" : "");
}

}  // namespace
#endif

Result<std::string> annualReportPdf(const AnnualReport& r) {
#ifdef CHARTER_HAVE_PDF
  const std::string title = "Annual complaints performance and service improvement report";
  pdf::Document doc({.title = title + " " + r.period.label,
                     .author = r.landlord_name,
                     .subject = "Complaint Handling Code 2024, section 8",
                     .footer = r.landlord_name.empty() ? r.period.displayName()
                                                       : r.landlord_name + ", " + r.period.displayName()});
  if (!r.landlord_name.empty()) doc.heading(r.landlord_name, 2);
  doc.heading(title);
  doc.paragraph(r.period.displayName());
  const auto& o = r.outcomes;
  doc.heading("Outcomes", 2);
  doc.rows({{"Stage 1 complaints received", std::to_string(o.stage1_received)},
            {"Stage 1 responses sent", std::to_string(o.stage1_responded)},
            {"Stage 2 escalations", std::to_string(o.stage2_received)},
            {"Stage 2 responses sent", std::to_string(o.stage2_responded)},
            {"Elements upheld or partly upheld", share(o.elements_upheld, o.elements)},
            {"Resolved at stage 1", share(o.resolved_at_stage1, o.stage1_responded)},
            {"Stage 2 reviews overturning stage 1", share(o.stage2_overturned, o.stage2_reviews)},
            {"Answered after an extension", std::to_string(o.extensions)},
            {"Remedies and compensation offered",
             fmt::format("{} remedies, {}", o.remedies, formatPounds(o.compensation))}});
  doc.heading("Refusals by reason", 3);
  doc.table({"Reason", "Number"}, breakdownRows(o.refusals), {0.8f, 0.2f});

  doc.heading("Volumes", 2);
  for (auto [caption, list] : {std::pair{"Contacts by kind", &r.by_kind},
                               std::pair{"Complaints by service area", &r.by_service_area},
                               std::pair{"Complaints by theme", &r.by_theme},
                               std::pair{"Complaints by channel", &r.by_channel}}) {
    doc.heading(caption, 3);
    doc.table({"Item", "Number"}, breakdownRows(*list), {0.8f, 0.2f});
  }

  doc.heading("Measures", 2);
  std::vector<std::vector<std::string>> ms;
  for (const auto& m : r.measures)
    ms.push_back({m.code, m.title, measures::formatValue(m), target(m)});
  doc.table({"Code", "Measure", "Value", "Target"}, ms, {0.2f, 0.5f, 0.12f, 0.18f});

  doc.pageBreak();
  doc.heading("Self-assessment against the Complaint Handling Code", 2);
  std::vector<std::vector<std::string>> sa;
  for (const auto& s : r.self_assessment)
    sa.push_back({s.provision, s.requirement, complyText(s),
                  s.evidence, s.commentary});
  doc.table({"Provision", "Requirement", "Comply", "Evidence", "Commentary"}, sa,
            {0.14f, 0.3f, 0.1f, 0.28f, 0.18f});
  return doc.finish();
#else
  (void)r;
  return unavailable("this build has no PDF writer (libhpdf)");
#endif
}

}  // namespace charter
