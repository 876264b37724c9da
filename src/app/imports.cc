#include "app/imports.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "app/csv.h"

namespace charter {

namespace {

const std::initializer_list<std::string_view> kTenures = {"social_rent", "shared_ownership",
                                                           "other"};

// A reference (home, block, measure code): printable, no spaces, at most 64 characters, so a
// stray header or a pasted paragraph is caught rather than stored.
Status reference(const csv::Table& t, const csv::Row& row, std::string_view column,
                 std::string& out, bool required) {
  out = t.cell(row, column);
  if (out.empty()) {
    if (required) return csv::cellError(row, column, "required", "empty");
    return {};
  }
  if (out.size() > 64) return csv::cellError(row, column, "length", "at most 64 characters");
  for (unsigned char c : out) {
    if (c <= ' ' || c == 0x7f)
      return csv::cellError(row, column, "format", "letters, digits and - _ . / only, no spaces");
  }
  return {};
}

// A local date and time (app/contact_records.h) in a required cell.
Result<LocalTime> localTime(const csv::Table& t, const csv::Row& row, std::string_view column) {
  const std::string v = t.cell(row, column);
  if (v.empty()) return csv::cellError(row, column, "required", "empty (give YYYY-MM-DD HH:MM)");
  auto time = parseLocalTime(v, column);
  if (!time)
    return csv::cellError(row, column, "format",
                          "not a local date and time (YYYY-MM-DD HH:MM[:SS]): " + v.substr(0, 40));
  return *time;
}

// A wait in seconds: at most a day, so a column of times or milliseconds is caught.
Result<long> waitSeconds(const csv::Table& t, const csv::Row& row, std::string_view column) {
  auto n = csv::count(t, row, column);
  if (!n) return tl::unexpected(n.error());
  if (*n > 86400) return csv::cellError(row, column, "range", "at most 86400 seconds (a day)");
  return *n;
}

Result<CallRecord> callRow(const csv::Table& t, const csv::Row& row) {
  CallRecord c;
  if (auto s = reference(t, row, "CALL_ID", c.call_id, true); !s) return tl::unexpected(s.error());
  auto started = localTime(t, row, "STARTED");
  if (!started) return tl::unexpected(started.error());
  c.started = *started;
  auto wait = waitSeconds(t, row, "WAIT_SECONDS");
  if (!wait) return tl::unexpected(wait.error());
  c.wait_seconds = *wait;
  auto outcome = csv::oneOf(t, row, "OUTCOME", {"answered", "abandoned"});
  if (!outcome) return tl::unexpected(outcome.error());
  c.answered = *outcome == "answered";
  auto transferred = csv::yesNo(t, row, "TRANSFERRED");
  if (!transferred) return tl::unexpected(transferred.error());
  c.transferred = transferred->value_or(false);
  if (!t.cell(row, "TRANSFER_WAIT_SECONDS").empty()) {
    if (!c.transferred)
      return csv::cellError(row, "transfer_wait_seconds", "one-of",
                            "given for a call that was not transferred");
    auto second = waitSeconds(t, row, "TRANSFER_WAIT_SECONDS");
    if (!second) return tl::unexpected(second.error());
    c.transfer_wait_seconds = *second;
  }
  return c;
}

Result<ReceptionVisit> visitRow(const csv::Table& t, const csv::Row& row) {
  ReceptionVisit v;
  if (auto s = reference(t, row, "VISIT_ID", v.visit_id, false); !s)
    return tl::unexpected(s.error());
  auto arrived = localTime(t, row, "ARRIVED");
  if (!arrived) return tl::unexpected(arrived.error());
  v.arrived = *arrived;
  v.came_to_see = t.cell(row, "CAME_TO_SEE").substr(0, 200);
  v.seen_by = t.cell(row, "SEEN_BY").substr(0, 200);
  if (!t.cell(row, "SEEN").empty()) {
    auto seen = localTime(t, row, "SEEN");
    if (!seen) return tl::unexpected(seen.error());
    if (*seen < v.arrived) return csv::cellError(row, "seen", "range", "is before arrived");
    if (v.seen_by.empty()) return csv::cellError(row, "seen_by", "required", "empty (who saw them)");
    v.seen = *seen;
  } else if (!v.seen_by.empty()) {
    return csv::cellError(row, "seen", "required", "empty, but seen_by is given");
  }
  return v;
}

// Keeps the last record of each id, in the order the ids first appear; answers how many lines
// repeated an id.
template <class T>
long lastOfEachId(std::vector<T>& records, std::string T::*id) {
  std::map<std::string, std::size_t> at;
  std::vector<T> out;
  for (auto& r : records) {
    auto [it, fresh] = at.emplace(r.*id, out.size());
    if (fresh) out.push_back(std::move(r));
    else out[it->second] = std::move(r);
  }
  const long repeated = static_cast<long>(records.size() - out.size());
  records = std::move(out);
  return repeated;
}

}  // namespace

Result<CallsCsv> parseCallsCsv(std::string_view text) {
  auto table = csv::read(text, {"CALL_ID", "STARTED", "WAIT_SECONDS", "OUTCOME"});
  if (!table) return tl::unexpected(table.error());
  CallsCsv out;
  for (const auto& row : table->rows) {
    auto c = callRow(*table, row);
    if (!c) return tl::unexpected(c.error());
    out.calls.push_back(std::move(*c));
  }
  out.repeated = lastOfEachId(out.calls, &CallRecord::call_id);
  return out;
}

Result<VisitsCsv> parseVisitsCsv(std::string_view text) {
  auto table = csv::read(text, {"ARRIVED"});
  if (!table) return tl::unexpected(table.error());
  VisitsCsv out;
  std::map<long long, int> at_time;  // visits without an id arriving at each time
  for (const auto& row : table->rows) {
    auto v = visitRow(*table, row);
    if (!v) return tl::unexpected(v.error());
    if (v->visit_id.empty()) {
      const int n = ++at_time[localSeconds(v->arrived)];
      std::string when = formatLocalTime(v->arrived);
      std::replace(when.begin(), when.end(), ' ', 'T');
      v->visit_id = fmt::format("{}/{}", when, n);
    }
    out.visits.push_back(std::move(*v));
  }
  out.repeated = lastOfEachId(out.visits, &ReceptionVisit::visit_id);
  return out;
}

Result<ImportKind> parseImportKind(std::string_view s) {
  for (auto k : {ImportKind::kStock, ImportKind::kHomes, ImportKind::kCompliance,
                 ImportKind::kSurvey, ImportKind::kSeries, ImportKind::kAsb, ImportKind::kCalls,
                 ImportKind::kVisits})
    if (slug(k) == s) return k;
  return invalid("kind", "enum",
                 "an import is stock, homes, compliance, survey, series, asb, calls or visits");
}

std::string_view slug(ImportKind k) {
  switch (k) {
    case ImportKind::kStock: return "stock";
    case ImportKind::kHomes: return "homes";
    case ImportKind::kCompliance: return "compliance";
    case ImportKind::kSurvey: return "survey";
    case ImportKind::kSeries: return "series";
    case ImportKind::kAsb: return "asb";
    case ImportKind::kCalls: return "calls";
    case ImportKind::kVisits: return "visits";
  }
  return "stock";
}

Result<std::vector<StockCount>> parseStockCsv(std::string_view text) {
  auto table = csv::read(text, {"AS_OF", "TENURE", "HOMES"});
  if (!table) return tl::unexpected(table.error());
  const csv::Table& t = *table;
  std::vector<StockCount> out;
  for (const auto& row : t.rows) {
    StockCount s;
    auto d = csv::date(t, row, "AS_OF");
    if (!d) return tl::unexpected(d.error());
    auto tenure = csv::oneOf(t, row, "TENURE", kTenures);
    if (!tenure) return tl::unexpected(tenure.error());
    auto homes = csv::count(t, row, "HOMES");
    if (!homes) return tl::unexpected(homes.error());
    s.as_of = *d;
    s.tenure = *tenure;
    s.homes = *homes;
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<HomeRecord>> parseHomesCsv(std::string_view text) {
  auto table = csv::read(text, {"HOME_REF", "TENURE"});
  if (!table) return tl::unexpected(table.error());
  const csv::Table& t = *table;
  std::vector<HomeRecord> out;
  for (const auto& row : t.rows) {
    HomeRecord h;
    if (auto s = reference(t, row, "HOME_REF", h.home_ref, true); !s) return tl::unexpected(s.error());
    if (auto s = reference(t, row, "BLOCK_REF", h.block_ref, false); !s)
      return tl::unexpected(s.error());
    auto tenure = csv::oneOf(t, row, "TENURE", kTenures);
    if (!tenure) return tl::unexpected(tenure.error());
    h.tenure = *tenure;
    out.push_back(std::move(h));
  }
  return out;
}

Result<std::vector<ComplianceRecord>> parseComplianceCsv(std::string_view text) {
  auto table = csv::read(text, {"AS_OF", "CHECK", "COMPLIANT"});
  if (!table) return tl::unexpected(table.error());
  const csv::Table& t = *table;
  if (!t.has("HOME_REF") && !t.has("BLOCK_REF"))
    return invalid("csv", "required", "the header needs a HOME_REF or a BLOCK_REF column");
  std::vector<ComplianceRecord> out;
  for (const auto& row : t.rows) {
    ComplianceRecord c;
    auto d = csv::date(t, row, "AS_OF");
    if (!d) return tl::unexpected(d.error());
    c.as_of = *d;
    auto check = csv::oneOf(t, row, "CHECK",
                            {"gas", "fire", "asbestos", "water", "lift", "decent_homes"});
    if (!check) return tl::unexpected(check.error());
    c.check = *check;
    if (auto s = reference(t, row, "HOME_REF", c.home_ref, false); !s) return tl::unexpected(s.error());
    if (auto s = reference(t, row, "BLOCK_REF", c.block_ref, false); !s)
      return tl::unexpected(s.error());
    if (c.home_ref.empty() == c.block_ref.empty())
      return csv::cellError(row, "home_ref", "one-of",
                            "give a home_ref or (for a check of a whole block) a block_ref, not "
                            "both");
    auto required = csv::yesNo(t, row, "REQUIRED");
    if (!required) return tl::unexpected(required.error());
    c.required = required->value_or(true);
    auto compliant = csv::yesNo(t, row, "COMPLIANT");
    if (!compliant) return tl::unexpected(compliant.error());
    if (!*compliant) return csv::cellError(row, "compliant", "required", "empty (yes or no)");
    c.compliant = **compliant;
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<SeriesRow>> parseSeriesCsv(std::string_view text) {
  auto table = csv::read(text, {"CODE", "START", "END", "NUMERATOR"});
  if (!table) return tl::unexpected(table.error());
  const csv::Table& t = *table;
  std::vector<SeriesRow> out;
  for (const auto& row : t.rows) {
    SeriesRow s;
    if (auto r = reference(t, row, "CODE", s.code, true); !r) return tl::unexpected(r.error());
    if (!t.cell(row, "TENURE").empty()) {
      auto tenure = csv::oneOf(t, row, "TENURE", {"social_rent", "shared_ownership"});
      if (!tenure) return tl::unexpected(tenure.error());
      s.tenure = *tenure;
    }
    auto start = csv::date(t, row, "START");
    if (!start) return tl::unexpected(start.error());
    auto end = csv::date(t, row, "END");
    if (!end) return tl::unexpected(end.error());
    if (*end < *start) return csv::cellError(row, "end", "range", "is before start");
    s.start = *start;
    s.end = *end;
    auto num = csv::number(t, row, "NUMERATOR");
    if (!num) return tl::unexpected(num.error());
    if (*num < 0) return csv::cellError(row, "numerator", "range", "must be 0 or more");
    s.numerator = *num;
    if (!t.cell(row, "DENOMINATOR").empty()) {
      auto den = csv::number(t, row, "DENOMINATOR");
      if (!den) return tl::unexpected(den.error());
      if (*den < 0) return csv::cellError(row, "denominator", "range", "must be 0 or more");
      s.denominator = *den;
    }
    s.source = t.cell(row, "SOURCE").substr(0, 200);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<measures::AsbReport>> parseAsbCsv(std::string_view text) {
  auto table = csv::read(text, {"REPORT_REF", "PARTY_REF", "REPORTED_ON"});
  if (!table) return tl::unexpected(table.error());
  const csv::Table& t = *table;
  std::vector<measures::AsbReport> out;
  for (const auto& row : t.rows) {
    measures::AsbReport r;
    if (auto s = reference(t, row, "REPORT_REF", r.report_ref, true); !s)
      return tl::unexpected(s.error());
    if (auto s = reference(t, row, "PARTY_REF", r.party_ref, true); !s)
      return tl::unexpected(s.error());
    auto reported = csv::date(t, row, "REPORTED_ON");
    if (!reported) return tl::unexpected(reported.error());
    r.reported = *reported;
    if (!t.cell(row, "CASE_CLOSED_ON").empty()) {
      auto closed = csv::date(t, row, "CASE_CLOSED_ON");
      if (!closed) return tl::unexpected(closed.error());
      if (*closed < r.reported)
        return csv::cellError(row, "case_closed_on", "range", "is before reported_on");
      r.closed = *closed;
    }
    auto hate = csv::yesNo(t, row, "HATE_INCIDENT");
    if (!hate) return tl::unexpected(hate.error());
    r.hate_incident = hate->value_or(false);
    out.push_back(std::move(r));
  }
  // Every month between the first and the last report is written (zeros too), so a stray date
  // (0001-01-01) would write thousands of rows: refuse a file spanning more than ten years.
  // Found by fuzz_csv_asb (it ran at under 200 inputs a second on such files).
  if (!out.empty()) {
    auto [lo, hi] = std::minmax_element(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.reported < b.reported;
    });
    if (hi->reported - lo->reported > std::chrono::days{3660})
      return invalid("csv", "range",
                     fmt::format("the reports run from {} to {}, more than ten years: check the "
                                 "reported_on dates, or import a few years at a time",
                                 formatDate(lo->reported), formatDate(hi->reported)));
  }
  return out;
}

std::vector<SeriesRow> asbSeries(const std::vector<measures::AsbReport>& reports) {
  std::vector<SeriesRow> out;
  for (const auto& m : measures::asbCasesByMonth(measures::asbCases(reports), reports)) {
    out.push_back({"NM01-1", "", m.month.start, m.month.end, static_cast<double>(m.cases), 0,
                   "ASB reports (charter import asb)"});
    out.push_back({"NM01-2", "", m.month.start, m.month.end, static_cast<double>(m.hate_cases), 0,
                   "ASB reports (charter import asb)"});
  }
  return out;
}

Result<ImportSummary> runImport(ReportStore& store, ImportKind kind, std::string_view text,
                                bool dry_run) {
  ImportSummary summary{.kind = kind, .dry_run = dry_run};
  // Parse everything first: a bad line anywhere means nothing is written.
  auto apply = [&](auto parsed, auto write) -> Result<ImportSummary> {
    if (!parsed) return tl::unexpected(parsed.error());
    summary.rows = summary.written = static_cast<long>(parsed->size());
    if (dry_run) return summary;
    if (auto s = write(*parsed); !s) return tl::unexpected(s.error());
    return summary;
  };
  switch (kind) {
    case ImportKind::kStock:
      return apply(parseStockCsv(text), [&](const auto& r) { return store.importStock(r); });
    case ImportKind::kHomes:
      return apply(parseHomesCsv(text), [&](const auto& r) { return store.importHomes(r); });
    case ImportKind::kCompliance:
      return apply(parseComplianceCsv(text),
                   [&](const auto& r) { return store.importCompliance(r); });
    case ImportKind::kSurvey:
      return apply(parseSurveyCsv(text), [&](const auto& r) { return store.importSurvey(r); });
    case ImportKind::kSeries:
      return apply(parseSeriesCsv(text), [&](const auto& r) { return store.importSeries(r); });
    case ImportKind::kAsb: {
      auto reports = parseAsbCsv(text);
      if (!reports) return tl::unexpected(reports.error());
      const auto series = asbSeries(*reports);
      summary.rows = static_cast<long>(reports->size());
      summary.written = static_cast<long>(series.size());
      summary.cases = static_cast<long>(measures::asbCases(*reports).size());
      if (dry_run) return summary;
      if (auto s = store.importSeries(series); !s) return tl::unexpected(s.error());
      return summary;
    }
    case ImportKind::kCalls: {
      auto calls = parseCallsCsv(text);
      if (!calls) return tl::unexpected(calls.error());
      auto done = apply(Result<std::vector<CallRecord>>(std::move(calls->calls)),
                        [&](const auto& r) { return store.importCalls(r); });
      if (done) {
        done->repeated = calls->repeated;
        done->rows += calls->repeated;
      }
      return done;
    }
    case ImportKind::kVisits: {
      auto visits = parseVisitsCsv(text);
      if (!visits) return tl::unexpected(visits.error());
      auto done = apply(Result<std::vector<ReceptionVisit>>(std::move(visits->visits)),
                        [&](const auto& r) { return store.importVisits(r); });
      if (done) {
        done->repeated = visits->repeated;
        done->rows += visits->repeated;
      }
      return done;
    }
  }
  return invalid("kind", "enum", "unknown import");
}

}  // namespace charter
