#include "app/case_list_csv.h"

#include <fmt/format.h>

#include "app/csv.h"

namespace charter {

Status caseListRows(const CaseLister& list, CaseQuery query, const CaseCsvWords& words,
                    const CaseRowSink& sink) {
  auto word = [](const auto& f, const CaseSummary& c, const std::string& code) {
    return f ? f(c) : code;
  };
  sink({"Reference", "Received", "Kind", "Stage", "Status", "Resident", "Summary", "Owner",
        "Handler", "Next deadline", "Next due"});
  std::size_t rows = 0;
  query.limit = kCsvPage;
  query.after.reset();
  for (;;) {
    auto page = list(query);
    if (!page) return tl::unexpected(page.error());
    for (const auto& c : page->cases) {
      if (++rows > kMaxCsvRows) {
        return invalid("q", "too-many",
                       fmt::format("More than {} cases match. Narrow the search (a date range, "
                                   "a status or more words) and download again.",
                                   kMaxCsvRows));
      }
      sink({c.reference,
            words.received ? words.received(c.received_at) : formatInstant(c.received_at),
            word(words.kind, c, c.kind), c.stage ? std::to_string(c.stage) : "",
            word(words.status, c, c.status), c.person_name, c.summary, c.owner, c.handler,
            word(words.next, c, c.next_clock), c.next_due ? formatDate(*c.next_due) : ""});
    }
    if (!page->next_cursor) break;
    query.after = page->next_cursor;
  }
  return {};
}

Result<std::string> caseListCsv(const CaseLister& list, CaseQuery query,
                                const CaseCsvWords& words) {
  std::string out;
  auto done = caseListRows(list, std::move(query), words, [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv::cell(cells[i]);
    out += "\r\n";
  });
  if (!done) return tl::unexpected(done.error());
  return out;
}

}  // namespace charter
