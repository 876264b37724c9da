#include "store/core/sql.h"

#include <cctype>

namespace charter::store_core {

std::string dialectSql(Dialect d, std::string_view sql) {
  std::string out(sql);
  if (d == Dialect::kPostgres) return out;
  // Our statements hold no '$' inside string literals, so every "$<digit>" is a parameter.
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == '$' && std::isdigit(static_cast<unsigned char>(out[i + 1]))) out[i] = '?';
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
