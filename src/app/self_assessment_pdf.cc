// The self-assessment as a PDF (util/pdf.h), for the governing body's papers and the public
// site: the same rows, figures and review as the pages.
#include <fmt/format.h>

#include "app/self_assessment.h"

#ifdef CHARTER_HAVE_PDF
#include "util/pdf.h"
#endif

namespace charter {

Result<std::string> selfAssessmentPdf(const SelfAssessmentView& v) {
#ifdef CHARTER_HAVE_PDF
  const std::string title = "Self-assessment against the Complaint Handling Code " + v.period;
  const std::string footer = v.landlord_name.empty() ? v.period_name : v.landlord_name + ", " + v.period_name;
  pdf::Document doc({.title = title, .author = v.landlord_name,
                     .subject = "Housing Ombudsman Complaint Handling Code 2024, 8.1(a) and 8.2",
                     .footer = footer});
  if (!v.landlord_name.empty()) doc.heading(v.landlord_name, 2);
  doc.heading(title);
  doc.paragraph(v.published_at ? fmt::format("Published {} by {}.",
                                             formatDateLong(std::chrono::floor<std::chrono::days>(*v.published_at)),
                                             v.published_by)
                               : fmt::format("Draft, not published. Due {}.", formatDateLong(v.due)));
  doc.rows({{"Met", std::to_string(v.met)}, {"Not met", std::to_string(v.not_met)},
            {"For the landlord to complete", std::to_string(v.to_complete)},
            {"Stage 1 complaints received", std::to_string(v.figures.stage1_received)},
            {"Stage 2 escalations", std::to_string(v.figures.stage2_received)},
            {"Ombudsman findings of fault", std::to_string(v.figures.ombudsman_fault_findings)}});
  doc.heading("The governing body's review (Code 8.2)", 2);
  if (v.review) {
    doc.paragraph(fmt::format("Reviewed by {} on {}.", v.review->reviewed_by,
                              formatDateLong(v.review->reviewed_on)));
    doc.paragraph(v.review->response);
  } else {
    doc.paragraph("Not yet reviewed.");
  }
  doc.pageBreak();
  doc.heading("Provisions", 2);
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : v.rows) {
    std::string evidence = r.figure.empty() ? r.evidence : r.figure + ". " + r.evidence;
    rows.push_back({r.provision, r.requirement,
                    complyText(r), evidence, r.commentary});
  }
  doc.table({"Provision", "Requirement", "Comply", "Evidence", "Commentary"}, rows,
            {0.13f, 0.31f, 0.1f, 0.26f, 0.2f});
  return doc.finish();
#else
  (void)v;
  return unavailable("this build has no PDF writer (libhpdf)");
#endif
}

}  // namespace charter
