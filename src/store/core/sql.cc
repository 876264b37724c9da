#include "store/core/sql.h"

#include <cctype>
#include <vector>

namespace charter::store_core {

namespace {

// The numbers of the "$<digits>" parameters in `sql`, in the order they appear.
std::vector<long> parameterNumbers(std::string_view sql) {
  std::vector<long> out;
  for (size_t i = 0; i + 1 < sql.size(); ++i) {
    if (sql[i] != '$' || !std::isdigit(static_cast<unsigned char>(sql[i + 1]))) continue;
    long n = 0;
    while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      n = n * 10 + (sql[++i] - '0');
    }
    out.push_back(n);
  }
  return out;
}

}  // namespace

std::string dialectSql(Dialect d, std::string_view sql) {
  if (d == Dialect::kPostgres) return std::string(sql);
  // Our statements hold no '$' inside string literals, so every "$<digit>" is a parameter.
  // When they appear as $1, $2, ... $n, each once, SQLite's bare "?" (the next number) means
  // the same and prepares in linear time; "?NNN" costs SQLite 3.40 time quadratic in the
  // number of parameters (a 500-row import upsert: ~200 ms against ~15 ms).
  const auto numbers = parameterNumbers(sql);
  bool in_order = true;
  for (size_t k = 0; k < numbers.size() && in_order; ++k) {
    in_order = numbers[k] == static_cast<long>(k + 1);
  }
  std::string out;
  out.reserve(sql.size());
  for (size_t i = 0; i < sql.size(); ++i) {
    const bool parameter = sql[i] == '$' && i + 1 < sql.size() &&
                           std::isdigit(static_cast<unsigned char>(sql[i + 1]));
    if (!parameter) {
      out += sql[i];
      continue;
    }
    out += '?';
    if (!in_order) continue;  // keep the digits: ?NNN
    while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) ++i;
  }
  return out;
}

SqlValue sqlDay(Date d) { return static_cast<std::int64_t>(dayNumber(d)); }
SqlValue sqlDay(const std::optional<Date>& d) {
  if (!d) return nullptr;
  return sqlDay(*d);
}
SqlValue sqlInt(const std::optional<std::int64_t>& v) {
  if (!v) return nullptr;
  return *v;
}
SqlValue sqlMillis(Instant t) { return static_cast<std::int64_t>(epochMillis(t)); }

Result<long> changedBy(const Lender& lend, const Command& command) {
  long changed = 0;
  auto s = lend([&](SqlSession& session) -> Status {
    auto r = session.run(command);
    if (!r) return tl::unexpected(r.error());
    changed = *r;
    return {};
  });
  if (!s) return tl::unexpected(s.error());
  return changed;
}

Result<long> SqlDatabase::writeOne(LandlordId landlord, const Command& command) {
  return changedBy([&](const auto& work) { return write(landlord, work); }, command);
}

PendingStatus SqlDatabase::writeLater(LandlordId landlord,
                                      std::function<Status(SqlSession&)> work) {
  return resolvedStatus(write(landlord, work));
}

Status exec(SqlSession& s, const Command& c) {
  auto r = s.run(c);
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<std::int64_t> scalar(SqlSession& s, const Command& c) {
  std::int64_t out = 0;
  bool first = true;
  auto r = s.run(c, [&](const RowReader& row) {
    if (first) out = row.i64(0);
    first = false;
  });
  if (!r) return tl::unexpected(r.error());
  return out;
}

}  // namespace charter::store_core
