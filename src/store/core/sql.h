// The SQL both databases run, written once: statements carry PostgreSQL's $1..$n parameters
// (SQLite reads the same numbers as ?1..?n, dialectSql), values are bound by type, and rows are
// read through RowReader, which each dialect's statement wrapper implements. The few places
// where the dialects differ are named by Dialect.
//
// A SqlSession is one connection lent for one piece of work (a read, or the body of one
// transaction); a SqlDatabase lends them. Threading: a session belongs to the thread it was
// lent to; a database may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/case_store.h"
#include "util/durable_before_send.h"
#include "util/result.h"
#include "util/time.h"

namespace charter::store_core {

enum class Dialect { kSqlite, kPostgres };

// `sql` with $n parameters as the dialect reads them: unchanged for PostgreSQL, ?n for SQLite.
std::string dialectSql(Dialect d, std::string_view sql);

// A named statement: the name is PostgreSQL's prepared-statement name (unique per text).
struct Sql {
  const char* name;
  const char* text;
};

// A parameter: NULL, an integer, a real or text.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using SqlValues = std::vector<SqlValue>;

SqlValue sqlDay(Date d);
SqlValue sqlDay(const std::optional<Date>& d);  // NULL when absent
SqlValue sqlInt(const std::optional<std::int64_t>& v);
SqlValue sqlMillis(Instant t);

// A statement with its parameters. `name` is null for a text not named in advance (prepared
// once per connection under a name derived from the text).
struct Command {
  const char* name = nullptr;
  const char* fixed = nullptr;  // the text, when it has static storage
  std::string built;            // the text, when built at run time
  SqlValues params;

  Command() = default;
  Command(const Sql& sql, SqlValues p) : name(sql.name), fixed(sql.text), params(std::move(p)) {}
  Command(const char* sql, SqlValues p) : fixed(sql), params(std::move(p)) {}
  Command(std::string sql, SqlValues p) : built(std::move(sql)), params(std::move(p)) {}
  const char* text() const { return fixed != nullptr ? fixed : built.c_str(); }
};

// One column of a result row as the database holds it, not copied: NULL, an integer (SQLite's
// INTEGER values; PostgreSQL answers every type as text) or text (any other value as the
// database renders it, as RowReader::text would answer; valid until the next row).
struct SqlCell {
  enum class Kind : std::uint8_t { kNull, kInteger, kText };
  Kind kind = Kind::kNull;
  std::int64_t integer = 0;
  std::string_view text;
};

// One result row. Columns are 0-based.
class RowReader {
 public:
  virtual ~RowReader() = default;
  virtual std::int64_t i64(int col) const = 0;
  virtual double f64(int col) const = 0;
  virtual std::string text(int col) const = 0;
  virtual bool isNull(int col) const = 0;
  // The column without a copy (reading many values: no string per value).
  virtual SqlCell cell(int col) const = 0;

  Date day(int col) const { return fromDayNumber(static_cast<int>(i64(col))); }
  std::optional<Date> maybeDay(int col) const {
    if (isNull(col)) return std::nullopt;
    return day(col);
  }
  Instant instant(int col) const { return fromEpochMillis(i64(col)); }
  bool flag(int col) const { return i64(col) != 0; }
};

using RowFn = std::function<void(const RowReader&)>;

class SqlSession {
 public:
  virtual ~SqlSession() = default;
  virtual Dialect dialect() const = 0;
  // Runs `command`, handing each result row to `row` (when given). Answers the rows the
  // statement changed (INSERT, UPDATE, DELETE). A unique-key violation is kConflict with
  // rule "exists"; an unreachable database kUnavailable; anything else kInternal.
  virtual Result<long> run(const Command& command, const RowFn& row = nullptr) = 0;
};

class SqlDatabase {
 public:
  virtual ~SqlDatabase() = default;
  // `work` on one connection, outside a transaction.
  virtual Status read(const std::function<Status(SqlSession&)>& work) = 0;
  // `work` in one transaction of the landlord's: durable when it answers, rolled back
  // entirely when `work` (or the commit) fails.
  virtual Status write(LandlordId landlord, const std::function<Status(SqlSession&)>& work) = 0;
  // One statement written on its own (durable when it answers): rows changed. By default a
  // transaction of one; a dialect may run it in autocommit instead.
  virtual Result<long> writeOne(LandlordId landlord, const Command& command);
  // write() without waiting, where the database has a writer to hand `work` to: the answer
  // resolves once `work`'s transaction has committed (or failed). `work` may run after this
  // returns, so it must own what it uses. By default write() itself, resolved on return.
  virtual PendingStatus writeLater(LandlordId landlord, std::function<Status(SqlSession&)> work);
};

// ---- helpers over a session ----------------------------------------------------------------

// Runs `command` on a session `lend` lends: the rows it changed.
using Lender = std::function<Status(const std::function<Status(SqlSession&)>&)>;
Result<long> changedBy(const Lender& lend, const Command& command);

// Runs a statement whose rows do not matter.
Status exec(SqlSession& s, const Command& c);
// The first column of the first row as an integer (0 when there is no row).
Result<std::int64_t> scalar(SqlSession& s, const Command& c);

// Every row of `c`, decoded with `decode`.
template <class T>
Result<std::vector<T>> rows(SqlSession& s, const Command& c, T (*decode)(const RowReader&)) {
  std::vector<T> out;
  auto r = s.run(c, [&](const RowReader& row) { out.push_back(decode(row)); });
  if (!r) return tl::unexpected(r.error());
  return out;
}

// Reads with `body` on a connection of `db`, answering its result.
template <class T>
Result<T> readWith(SqlDatabase& db, const std::function<Result<T>(SqlSession&)>& body) {
  std::optional<Result<T>> out;
  auto s = db.read([&](SqlSession& session) -> Status {
    out.emplace(body(session));
    if (!*out) return tl::unexpected(out->error());
    return {};
  });
  if (!s) return tl::unexpected(s.error());
  return std::move(*out);
}

// Every row of `c` read on `db`.
template <class T>
Result<std::vector<T>> readRows(SqlDatabase& db, const Command& c,
                                T (*decode)(const RowReader&)) {
  return readWith<std::vector<T>>(db, [&](SqlSession& s) { return rows<T>(s, c, decode); });
}

// The first row of `c` read on `db`, if any.
template <class T>
Result<std::optional<T>> readOne(SqlDatabase& db, const Command& c,
                                 T (*decode)(const RowReader&)) {
  auto all = readRows<T>(db, c, decode);
  if (!all) return tl::unexpected(all.error());
  if (all->empty()) return std::optional<T>();
  return std::optional<T>(std::move(all->front()));
}

}  // namespace charter::store_core
