#include "store/core/case_sql.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "app/case_search.h"
#include "store/core/case_statements.h"

namespace charter::store_core {

const std::string& finishedStatusList() {
  static const std::string list = [] {
    std::string out = "(";
    for (CaseStatus s : kFinishedStatuses) {
      if (out.size() > 1) out += ", ";
      out += fmt::format("'{}'", slug(s));
    }
    return out + ")";
  }();
  return list;
}

const std::string& openByKindSql() {
  static const std::string sql = fmt::format(
      "SELECT kind, count(*) FROM cases WHERE landlord_id = $1 AND status NOT IN {} "
      "GROUP BY kind ORDER BY kind",
      finishedStatusList());
  return sql;
}

const std::string& overdueByClockSql() {
  static const std::string sql = fmt::format(
      "SELECT k.name, count(*) FROM clocks k JOIN cases c "
      "ON c.landlord_id = k.landlord_id AND c.case_id = k.case_id "
      "WHERE k.landlord_id = $1 AND k.met_day IS NULL AND k.due_day < $2 "
      "AND c.status NOT IN {} GROUP BY k.name ORDER BY k.name",
      finishedStatusList());
  return sql;
}

std::string likePattern(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '%';
  return out;
}

std::string checksum(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("fnv1a64:{:016x}", h);
}

namespace {

// The phone number `q` looks for by equality on cases.phone_norm, or "" (not a whole number, or
// asked to look in the text: CaseQuery::phone_in_text).
std::string phoneEqual(const CaseQuery& q) {
  return q.text && !q.phone_in_text ? wholePhone(*q.text) : std::string();
}

// The case `q` names by its whole reference, looked up by id (wholeReference), or nullopt (not
// a whole reference, or asked to look in the text: q.phone_in_text covers references too).
std::optional<CaseId> referenceEqual(const CaseQuery& q) {
  return q.text && !q.phone_in_text ? wholeReference(*q.text) : std::nullopt;
}

// Whether `q`'s text is answered by an equality (a whole phone number or reference), not terms.
bool equalitySearch(const CaseQuery& q) {
  return q.text && !q.phone_in_text && charter::equalitySearch(*q.text);
}

// Builds the WHERE clause: each filter adds " AND ..." and its parameters.
class Filters {
 public:
  Filters(const SqlDialect& d, CaseListSql& out) : d_(d), out_(out) {}
  std::string param(std::int64_t v) {
    out_.params.emplace_back(std::in_place_type<std::int64_t>, v);
    return placeholder();
  }
  std::string param(std::string_view v) {
    out_.params.emplace_back(std::in_place_type<std::string>, v);
    return placeholder();
  }
  template <class V>
  void equals(const char* column, const V& v) {
    out_.sql += fmt::format(" AND c.{} = {}", column, param(v));
  }
  void overdue(bool wanted, Date today) {
    // Overdue: an unmet clock past due as of `today`, on a case still being handled (a
    // finished case keeps the clock it missed, but nobody can act on it any more).
    // cases.next_due_day is the earliest due date of the case's unmet clocks (running or
    // missed-and-unmet: nextDue), written with the clock rows, so "some unmet clock is past
    // due" is "next_due_day < today": one indexed range, no per-case probe of clocks.
    const std::string test =
        fmt::format("(c.next_due_day < {} AND c.status NOT IN {})",
                    param(std::int64_t{dayNumber(today)}), finishedStatusList());
    out_.sql += wanted ? " AND " + test
                       : fmt::format(" AND NOT coalesce({}, {})", test, d_.false_value);
  }
  // Every term of searchTerms(text) in the case's search text (app/case_search.h). A query
  // with no term (only % _ \\ and spaces) matches nothing.
  void search(const CaseQuery& q, LandlordId landlord, SearchPlan plan) {
    const std::string& text = *q.text;
    // A whole phone number: the case's phone, equal (the cases_by_phone index, 0035).
    if (const std::string phone = phoneEqual(q); !phone.empty()) {
      out_.sql += " AND c.phone_norm = " + param(std::string_view(phone));
      return;
    }
    // A whole reference: that case, by its primary key, if its reference is the one asked for.
    if (const std::optional<CaseId> id = referenceEqual(q)) {
      out_.sql += " AND c.case_id = " + param(std::int64_t{*id});
      out_.sql += " AND c.reference = " + param(std::string_view(caseReference(*id)));
      return;
    }
    const std::vector<std::string> terms = searchTerms(text);
    if (terms.empty()) {
      out_.sql += fmt::format(" AND {}", d_.false_value);
      return;
    }
    // PostgreSQL: the terms on the row itself (the GIN index finds candidates).
    // SQLite: the case ids the FTS5 table finds for the landlord, looked up by primary key.
    // Only terms the trigram index can answer go to the FTS5 table; shorter ones are tested
    // on the row.
    const auto [indexed, short_terms] = splitByTrigrams(terms);
    const bool table = d_.search_table && plan == SearchPlan::kIndex && !indexed.empty();
    if (!table) {
      out_.sql += termLikes(terms, "c.search_text");
      return;
    }
    const std::int64_t low = landlord * kSearchRowidSpan;
    const std::string lo = param(low);
    const std::string hi = param(low + kSearchRowidSpan - 1);
    const std::string likes = termLikes(indexed, "search_text");
    out_.sql += fmt::format(
        " AND c.case_id IN (SELECT rowid - {} FROM case_search WHERE rowid BETWEEN {} AND {}{})",
        lo, lo, hi, likes);
    out_.sql += termLikes(short_terms, "c.search_text");
  }
  // " AND strpos(column, 'term') > 0" for each term: the same test as LIKE '%term%' (a term
  // holds no % _ \\), written so that no index answers it.
  std::string termPositions(const std::vector<std::string>& terms, const char* column) {
    std::string tests;
    for (const auto& term : terms) {
      tests += fmt::format(" AND {}({}, {}) > 0", d_.position, column,
                           param(std::string_view(term)));
    }
    return tests;
  }
  // " AND column LIKE '%term%'" for each term.
  std::string termLikes(const std::vector<std::string>& terms, const char* column) {
    std::string likes;
    for (const auto& term : terms) {
      likes += fmt::format(" AND {} LIKE {}", column, param(std::string_view("%" + term + "%")));
    }
    return likes;
  }

 private:
  std::string placeholder() const {
    return fmt::format("{}{}", d_.placeholder, out_.params.size());
  }

  const SqlDialect& d_;
  CaseListSql& out_;
};

}  // namespace

std::pair<std::vector<std::string>, std::vector<std::string>> splitByTrigrams(
    const std::vector<std::string>& terms) {
  std::pair<std::vector<std::string>, std::vector<std::string>> out;
  for (const auto& t : terms) {
    std::size_t chars = 0;
    for (unsigned char b : t) chars += (b & 0xC0) != 0x80;  // UTF-8 lead bytes
    (chars >= 3 ? out.first : out.second).push_back(t);
  }
  return out;
}

CaseListSql searchDensitySql(LandlordId landlord, const CaseQuery& q) {
  CaseListSql out;
  if (!q.text || equalitySearch(q)) return out;
  // The index's share of the work: its terms' matches (an upper bound on the query's).
  const std::vector<std::string> terms = splitByTrigrams(searchTerms(*q.text)).first;
  if (terms.empty()) return out;
  Filters f(kSqlite, out);
  const std::int64_t low = landlord * kSearchRowidSpan;
  const std::string lo = f.param(low);
  const std::string hi = f.param(low + kSearchRowidSpan - 1);
  const std::string likes = f.termLikes(terms, "search_text");
  out.sql = fmt::format(
      "SELECT count(*) FROM (SELECT 1 FROM case_search WHERE rowid BETWEEN {} AND {}{} LIMIT {})",
      lo, hi, likes, kDenseSearch);
  return out;
}

namespace {

// The columns caseSummaryRow reads, in order.
constexpr const char* kSummaryColumns =
    "c.case_id, c.reference, c.kind, c.channel, c.status, c.stage, c.summary, c.person_name, "
    "c.handler, c.received_ms, c.next_due_day, c.next_clock, c.owner";

// The terms kFirstRows tests on the first rows, or empty when the query has none to test
// (no text, a whole phone number or reference, or no term): then kFirstRows is kIndex.
std::vector<std::string> firstRowsTerms(const CaseQuery& q, SearchPlan plan) {
  if (plan != SearchPlan::kFirstRows || !q.text || equalitySearch(q)) return {};
  return searchTerms(*q.text);
}

// Whether the list first finds the page's case ids and then reads their rows
// (SqlDialect::area_period_ids_first: a service area's cases received in a period, the staff
// search's filters, no text). Other filters are tested in the same inner query.
bool idsFirst(const SqlDialect& d, const CaseQuery& q) {
  return d.area_period_ids_first && q.service_area && (q.received_since || q.received_before) &&
         !q.text;
}

// " AND c.case_id IN (...)": the cases with an unmet clock whose name starts with `prefix`,
// compared byte for byte (substr), read as a range of names [prefix, prefix with its last byte
// one higher) of the partial index clocks_unmet_by_name (migration 0037): only those clocks,
// not every unmet clock of the landlord.
void openClockPrefix(const SqlDialect& d, Filters& f, CaseListSql& out, LandlordId landlord,
                     const std::string& prefix) {
  out.sql += fmt::format(
      " AND c.case_id IN (SELECT k.case_id FROM clocks k WHERE k.landlord_id = {} AND "
      "k.met_day IS NULL AND substr(k.name, 1, {}) = {}",
      f.param(std::int64_t{landlord}), prefix.size(), f.param(std::string_view(prefix)));
  if (!prefix.empty() && static_cast<unsigned char>(prefix.back()) < 0xFF) {
    std::string upper = prefix;
    upper.back() = static_cast<char>(static_cast<unsigned char>(upper.back()) + 1);
    out.sql += fmt::format(" AND k.name{} >= {} AND k.name{} < {}", d.bytewise,
                           f.param(std::string_view(prefix)), d.bytewise,
                           f.param(std::string_view(upper)));
  }
  out.sql += ")";
}

}  // namespace

bool triesFirstRows(const CaseQuery& q) {
  if ((q.limit + 1) * 40 > kFirstRows) return false;
  const std::vector<std::string> terms = firstRowsTerms(q, SearchPlan::kFirstRows);
  const auto identifying = [](const std::string& t) {
    return t.find_first_of("0123456789@") != std::string::npos;
  };
  return terms.size() >= 2 && std::none_of(terms.begin(), terms.end(), identifying);
}

CaseListSql caseListSql(const SqlDialect& d, LandlordId landlord, const CaseQuery& q,
                        SearchPlan plan) {
  CaseListSql out;
  Filters f(d, out);
  const std::vector<std::string> first_terms = firstRowsTerms(q, plan);
  const bool first_rows = !first_terms.empty();
  const bool ids_first = idsFirst(d, q);
  out.sql = fmt::format("SELECT {}{} FROM cases c WHERE c.landlord_id = {}",
                        ids_first ? "c.case_id" : kSummaryColumns,
                        first_rows ? ", c.search_text" : "", f.param(std::int64_t{landlord}));
  if (q.kind) f.equals("kind", slug(*q.kind));
  if (q.status) f.equals("status", slug(*q.status));
  if (q.stage) f.equals("stage", std::int64_t{*q.stage});
  if (q.handler) f.equals("handler", std::string_view(*q.handler));
  if (q.person_ref) f.equals("person_ref", std::string_view(*q.person_ref));
  if (q.owner) f.equals("owner", std::string_view(*q.owner));
  if (q.service_area) f.equals("service_area", std::string_view(*q.service_area));
  if (q.received_since) {
    out.sql += " AND c.received_ms >= " + f.param(static_cast<std::int64_t>(epochMillis(*q.received_since)));
  }
  if (q.received_before) {
    out.sql += " AND c.received_ms < " + f.param(static_cast<std::int64_t>(epochMillis(*q.received_before)));
  }
  if (q.unassigned) {
    out.sql += fmt::format(" AND c.owner = '' AND c.status NOT IN {}", finishedStatusList());
  }
  if (q.due_before) {
    out.sql += " AND c.next_due_day < " + f.param(std::int64_t{dayNumber(*q.due_before)});
  }
  if (q.overdue) f.overdue(*q.overdue, q.today);
  if (q.open_clock_prefix) openClockPrefix(d, f, out, landlord, *q.open_clock_prefix);
  if (q.text && !first_rows) f.search(q, landlord, plan);
  if (q.after) {
    out.sql += (q.newest_first ? " AND c.case_id < " : " AND c.case_id > ") +
               f.param(std::int64_t{*q.after});
  }
  const char* order = q.newest_first ? " ORDER BY c.case_id DESC" : " ORDER BY c.case_id";
  out.sql += order;
  if (first_rows) {
    // The first kFirstRows cases in list order, then the terms tested on each.
    out.sql = fmt::format("SELECT {} FROM ({} LIMIT {}) c WHERE true{}{}", kSummaryColumns,
                          out.sql, f.param(std::int64_t{kFirstRows}),
                          f.termPositions(first_terms, "c.search_text"), order);
  }
  out.sql += " LIMIT " + f.param(std::int64_t{q.limit + 1});
  if (ids_first) {
    out.sql = fmt::format("SELECT {} FROM cases c WHERE c.landlord_id = {}1 AND c.case_id IN ({}){}",
                          kSummaryColumns, d.placeholder, out.sql, order);
  }
  return out;
}

}  // namespace charter::store_core

namespace charter::store_core {

Status checkSchemaNotNewer(std::int64_t database_version, int latest) {
  if (database_version <= latest) return {};
  return internalError(fmt::format(
      "the database is at schema version {}, newer than this build knows ({}); "
      "run a newer charter",
      database_version, latest));
}

Status checkMigrationUnchanged(const char* name, const char* file, const std::string& applied,
                               const std::string& now) {
  if (applied == now) return {};
  return internalError(fmt::format(
      "migration {} ({}) was changed after it was applied (applied {}, now {}); "
      "migrations are forward-only: add a new one instead",
      name, file, applied, now));
}

std::int64_t appliedAtMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string sqliteText(std::string_view sql) {
  std::string out(sql);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == '$' && out[i + 1] >= '0' && out[i + 1] <= '9') out[i] = '?';
  }
  return out;
}

}  // namespace charter::store_core
