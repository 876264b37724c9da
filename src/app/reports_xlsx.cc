// XLSX exports on libxlsxwriter (Debian libxlsxwriter-dev). The library writes to a file, so the
// workbook goes to a private temporary file that is read back and removed.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "app/case_list_csv.h"
#include "app/reports_service.h"

#ifdef CHARTER_HAVE_XLSX
#include <xlsxwriter.h>
#endif

namespace charter {

#ifdef CHARTER_HAVE_XLSX
namespace {

class Book {
 public:
  Book() {
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("charter-{}-{}.xlsx", ::getpid(), std::random_device{}());
    wb_ = workbook_new(path_.c_str());
    if (wb_) bold_ = workbook_add_format(wb_);
    if (bold_) format_set_bold(bold_);
  }
  ~Book() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  bool ok() const { return wb_ != nullptr; }
  // A sheet with a bold header row; returns it for rows.
  lxw_worksheet* sheet(const std::string& name, std::initializer_list<const char*> header) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.substr(0, 31).c_str());
    lxw_col_t c = 0;
    for (const char* h : header) worksheet_write_string(ws, 0, c++, h, bold_);
    worksheet_set_column(ws, 0, static_cast<lxw_col_t>(header.size() - 1), 18, nullptr);
    return ws;
  }
  lxw_worksheet* sheet(const std::string& name, const std::vector<std::string>& header) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.substr(0, 31).c_str());
    for (std::size_t c = 0; c < header.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold_);
    }
    if (!header.empty()) {
      worksheet_set_column(ws, 0, static_cast<lxw_col_t>(header.size() - 1), 18, nullptr);
    }
    return ws;
  }
  Result<std::string> finish() {
    if (workbook_close(wb_) != LXW_NO_ERROR) return internalError("writing the XLSX workbook");
    wb_ = nullptr;
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  std::filesystem::path path_;
  lxw_workbook* wb_ = nullptr;
  lxw_format* bold_ = nullptr;
};

void text(lxw_worksheet* ws, int row, int col, const std::string& s) {
  worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), s.c_str(), nullptr);
}
void number(lxw_worksheet* ws, int row, int col, double v) {
  worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v, nullptr);
}

void writeMeasures(Book& b, const std::vector<measures::MeasureResult>& ms, const std::string& period) {
  auto* ws = b.sheet("Measures", {"Period", "Code", "Title", "Tenure", "Unit", "Value", "Numerator",
                                  "Denominator", "Target", "Met", "Note"});
  int row = 1;
  for (const auto& m : ms) {
    text(ws, row, 0, period);
    text(ws, row, 1, m.code);
    text(ws, row, 2, m.title);
    text(ws, row, 3, m.tenure);
    text(ws, row, 4, m.unit);
    if (auto v = m.published()) number(ws, row, 5, *v);
    number(ws, row, 6, m.numerator);
    number(ws, row, 7, m.denominator);
    if (m.target) number(ws, row, 8, *m.target);
    if (m.met) text(ws, row, 9, *m.met ? "yes" : "no");
    text(ws, row, 10, m.note);
    ++row;
  }
}

}  // namespace

Result<std::string> measuresXlsx(const std::vector<measures::MeasureResult>& ms, const std::string& period) {
  Book b;
  if (!b.ok()) return internalError("creating the XLSX workbook");
  writeMeasures(b, ms, period);
  return b.finish();
}

Result<std::string> annualReportXlsx(const AnnualReport& r) {
  Book b;
  if (!b.ok()) return internalError("creating the XLSX workbook");
  const auto& o = r.outcomes;
  auto* summary = b.sheet("Summary", {"Item", "Value"});
  int row = 1;
  auto item = [&](const std::string& k, double v) {
    text(summary, row, 0, k);
    number(summary, row++, 1, v);
  };
  text(summary, row, 0, "Period");
  text(summary, row++, 1, r.period.displayName());
  item("Stage 1 complaints received", static_cast<double>(o.stage1_received));
  item("Stage 1 responses", static_cast<double>(o.stage1_responded));
  item("Stage 1 elements decided", static_cast<double>(o.elements));
  item("Stage 1 elements upheld or partly upheld", static_cast<double>(o.elements_upheld));
  item("Resolved at stage 1", static_cast<double>(o.resolved_at_stage1));
  item("Answered after an extension", static_cast<double>(o.extensions));
  item("Escalated to stage 2", static_cast<double>(o.stage2_received));
  item("Stage 2 reviews", static_cast<double>(o.stage2_reviews));
  item("Stage 2 reviews overturning stage 1", static_cast<double>(o.stage2_overturned));
  item("Remedies offered", static_cast<double>(o.remedies));
  item("Compensation offered (GBP)", o.compensation);
  for (auto [name, list] : {std::pair{"By kind", &r.by_kind}, std::pair{"By service area", &r.by_service_area},
                            std::pair{"By theme", &r.by_theme}, std::pair{"By channel", &r.by_channel},
                            std::pair{"Refusals by reason", &o.refusals}}) {
    auto* ws = b.sheet(name, {"Key", "Count"});
    int i = 1;
    for (const auto& x : *list) {
      text(ws, i, 0, x.key.empty() ? "(not recorded)" : x.key);
      number(ws, i++, 1, static_cast<double>(x.count));
    }
  }
  writeMeasures(b, r.measures, r.period.label);
  auto* sa = b.sheet("Self-assessment", {"Section", "Provision", "Requirement", "Comply", "Evidence", "Commentary"});
  int i = 1;
  for (const auto& s : r.self_assessment) {
    text(sa, i, 0, s.section);
    text(sa, i, 1, s.provision);
    text(sa, i, 2, s.requirement);
    text(sa, i, 3, complyText(s));
    text(sa, i, 4, s.evidence);
    text(sa, i++, 5, s.commentary);
  }
  return b.finish();
}

Result<std::string> caseListXlsx(const CaseLister& list, CaseQuery query,
                                 const CaseCsvWords& words) {
  Book b;
  if (!b.ok()) return internalError("creating the XLSX workbook");
  lxw_worksheet* ws = nullptr;
  int row = 0;
  auto done = caseListRows(list, std::move(query), words, [&](const std::vector<std::string>& cells) {
    if (!ws) {
      ws = b.sheet("Cases", cells);
    } else {
      for (std::size_t c = 0; c < cells.size(); ++c) text(ws, row, static_cast<int>(c), cells[c]);
    }
    ++row;
  });
  if (!done) return tl::unexpected(done.error());
  return b.finish();
}

#else

Result<std::string> caseListXlsx(const CaseLister&, CaseQuery, const CaseCsvWords&) {
  return unavailable("this build has no XLSX writer (install libxlsxwriter-dev)");
}
Result<std::string> measuresXlsx(const std::vector<measures::MeasureResult>&, const std::string&) {
  return unavailable("this build has no XLSX writer (install libxlsxwriter-dev)");
}
Result<std::string> annualReportXlsx(const AnnualReport&) {
  return unavailable("this build has no XLSX writer (install libxlsxwriter-dev)");
}

#endif

}  // namespace charter
