// A libpq connection for the PostgreSQL stores (PgStore, PgAccountStore): text parameters,
// owned results, statements prepared once per connection by name, libpq's pipeline mode, and
// the mapping of SQLSTATEs to the app's errors. Shared so each store does not wrap libpq anew.
#pragma once

#include <libpq-fe.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "store/core/case_sql.h"
#include "store/core/pool.h"
#include "util/result.h"
#include "util/time.h"

namespace charter::pg {

// ---------------------------------------------------------------------------------------------
// Errors

inline constexpr const char* kSerializationFailure = "40001";
inline constexpr const char* kDeadlockDetected = "40P01";
inline constexpr const char* kUniqueViolation = "23505";

inline std::string sqlstateOf(const PGresult* r) {
  const char* s = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  return s != nullptr ? s : "";
}

inline bool retryable(const std::string& state) {
  return state == kSerializationFailure || state == kDeadlockDetected;
}

inline Error pgError(PGconn* c, const PGresult* r, std::string_view what) {
  const std::string state = sqlstateOf(r);
  std::string detail = r != nullptr ? PQresultErrorMessage(r) : "";
  if (detail.empty() && c != nullptr) detail = PQerrorMessage(c);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  const bool down = c == nullptr || PQstatus(c) != CONNECTION_OK || state.rfind("08", 0) == 0 ||
                    state.rfind("57P", 0) == 0 || state == "53300";
  const ErrorKind kind = (down || retryable(state)) ? ErrorKind::kUnavailable : ErrorKind::kInternal;
  return Error{kind, "", kind == ErrorKind::kUnavailable ? "unavailable" : "internal",
               fmt::format("database error in {}: {}{}", what, detail,
                           state.empty() ? "" : fmt::format(" ({})", state))};
}


// ---------------------------------------------------------------------------------------------
// Parameters and results (text format: libpq converts, the server infers the types)

class Params {
 public:
  Params& add(std::int64_t v) {
    values_.push_back(std::to_string(v));
    null_.push_back(false);
    return *this;
  }
  Params& add(std::string_view v) {
    values_.emplace_back(v);
    null_.push_back(false);
    return *this;
  }
  Params& add(const char* v) { return add(std::string_view(v)); }
  Params& add(const std::string& v) { return add(std::string_view(v)); }
  Params& addNull() {
    values_.emplace_back();
    null_.push_back(true);
    return *this;
  }
  Params& addDay(const std::optional<Date>& d) {
    return d ? add(static_cast<std::int64_t>(dayNumber(*d))) : addNull();
  }
  Params& add(const store_core::SqlValue& v) {
    if (const auto* n = std::get_if<std::int64_t>(&v)) return add(*n);
    if (const auto* d = std::get_if<double>(&v)) return add(fmt::format("{}", *d));
    if (const auto* t = std::get_if<std::string>(&v)) return add(*t);
    return addNull();
  }
  static Params of(const std::vector<store_core::SqlValue>& values) {
    Params p;
    for (const auto& v : values) p.add(v);
    return p;
  }
  int size() const { return static_cast<int>(values_.size()); }
  std::vector<const char*> pointers() const {
    std::vector<const char*> out(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) out[i] = null_[i] ? nullptr : values_[i].c_str();
    return out;
  }

 private:
  std::vector<std::string> values_;
  std::vector<bool> null_;
};

class Res {
 public:
  Res() = default;
  explicit Res(PGresult* r) : r_(r) {}
  Res(Res&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  Res& operator=(Res&& o) noexcept {
    if (this != &o) {
      if (r_ != nullptr) PQclear(r_);
      r_ = std::exchange(o.r_, nullptr);
    }
    return *this;
  }
  Res(const Res&) = delete;
  Res& operator=(const Res&) = delete;
  ~Res() {
    if (r_ != nullptr) PQclear(r_);
  }
  const PGresult* get() const { return r_; }
  int rows() const { return PQntuples(r_); }
  bool isNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string text(int row, int col) const {
    return std::string(PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col)));
  }
  std::int64_t i64(int row, int col) const {
    return std::strtoll(PQgetvalue(r_, row, col), nullptr, 10);
  }

 private:
  PGresult* r_ = nullptr;
};

inline void quietNotices(void*, const char*) {}

class PgConn {
 public:
  static Result<std::unique_ptr<PgConn>> open(const std::string& dsn) {
    PGconn* c = PQconnectdb(dsn.c_str());
    std::unique_ptr<PgConn> conn(new PgConn(c, dsn));
    if (c == nullptr || PQstatus(c) != CONNECTION_OK) {
      std::string msg = c != nullptr ? PQerrorMessage(c) : "out of memory";
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      return tl::unexpected(Error{ErrorKind::kUnavailable, "", "unavailable",
                                  fmt::format("cannot connect to PostgreSQL: {}", msg)});
    }
    if (auto s = conn->setup(); !s) return tl::unexpected(s.error());
    return conn;
  }
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;
  ~PgConn() {
    if (c_ != nullptr) PQfinish(c_);
  }

  PGconn* raw() const { return c_; }

  // Reconnects a connection the server dropped (PostgreSQL restarted, network failure).
  Status ensure() {
    if (PQstatus(c_) == CONNECTION_OK) return {};
    prepared_.clear();
    PQreset(c_);
    if (PQstatus(c_) != CONNECTION_OK) {
      return tl::unexpected(pgError(c_, nullptr, "reconnecting to PostgreSQL"));
    }
    return setup();
  }

  // Runs one or more statements with no parameters (simple protocol).
  Status exec(std::string_view sql, std::string* sqlstate = nullptr) {
    Res r(PQexec(c_, std::string(sql).c_str()));
    return check(r, sql, sqlstate);
  }

  // Runs a named statement, preparing it on first use on this connection.
  Result<Res> run(const char* name, const char* sql, const Params& p,
                  std::string* sqlstate = nullptr) {
    if (!prepared_.contains(name)) {
      Res prep(PQprepare(c_, name, sql, 0, nullptr));
      if (auto s = check(prep, name, sqlstate); !s) return tl::unexpected(s.error());
      prepared_.insert(name);
    }
    const auto values = p.pointers();
    Res r(PQexecPrepared(c_, name, p.size(), values.data(), nullptr, nullptr, 0));
    if (auto s = check(r, name, sqlstate); !s) return tl::unexpected(s.error());
    return r;
  }

  // Runs a statement given by its text, prepared once per connection under a name derived
  // from the text (the list queries, whose shape depends on the filters).
  Result<Res> runText(const std::string& sql, const Params& p) {
    auto it = dynamic_.find(sql);
    if (it == dynamic_.end()) {
      it = dynamic_.emplace(sql, fmt::format("dyn{}", dynamic_.size())).first;
    }
    return run(it->second.c_str(), sql.c_str(), p);
  }

  // One step of a pipeline: a named statement (prepared on first use) or, with name null, a
  // parameterless utility statement (SAVEPOINT, RELEASE).
  struct Step {
    const char* name;
    const char* sql;
    Params params;
  };

  // Sends every step at once in libpq's pipeline mode and reads the results: one round trip.
  // After a failing step the rest are skipped by the server (as the transaction is then
  // aborted); the first failure is returned.
  Result<std::vector<Res>> pipeline(const std::vector<Step>& steps, std::string* sqlstate = nullptr) {
    for (const auto& st : steps) {
      if (st.name != nullptr && !prepared_.contains(st.name)) {
        Res prep(PQprepare(c_, st.name, st.sql, 0, nullptr));
        if (auto s = check(prep, st.name, sqlstate); !s) return tl::unexpected(s.error());
        prepared_.insert(st.name);
      }
    }
    if (PQenterPipelineMode(c_) != 1) {
      return tl::unexpected(pgError(c_, nullptr, "entering pipeline mode"));
    }
    size_t sent = 0;
    for (const auto& st : steps) {
      const auto values = st.params.pointers();
      const int ok = st.name != nullptr
                         ? PQsendQueryPrepared(c_, st.name, st.params.size(), values.data(),
                                               nullptr, nullptr, 0)
                         : PQsendQueryParams(c_, st.sql, 0, nullptr, nullptr, nullptr, nullptr, 0);
      if (ok != 1) break;
      ++sent;
    }
    const bool synced = PQpipelineSync(c_) == 1;
    std::vector<Res> out;
    std::optional<Error> err;
    int nulls = 0;
    while (synced) {
      PGresult* r = PQgetResult(c_);
      if (r == nullptr) {
        if (PQstatus(c_) != CONNECTION_OK || ++nulls > static_cast<int>(steps.size()) + 2) break;
        continue;
      }
      nulls = 0;
      const ExecStatusType st = PQresultStatus(r);
      if (st == PGRES_PIPELINE_SYNC) {
        PQclear(r);
        break;
      }
      Res res(r);
      if (st == PGRES_PIPELINE_ABORTED) continue;  // skipped after an earlier failure
      if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        if (!err) {
          last_sqlstate = sqlstateOf(r);
          if (sqlstate != nullptr) *sqlstate = last_sqlstate;
          err = pgError(c_, r, "a pipelined write");
        }
        continue;
      }
      out.push_back(std::move(res));
    }
    PQexitPipelineMode(c_);
    if (err) return tl::unexpected(*err);
    if (!synced || sent != steps.size() || PQstatus(c_) != CONNECTION_OK) {
      return tl::unexpected(pgError(c_, nullptr, "a pipelined write"));
    }
    return out;
  }

  bool connected() const { return PQstatus(c_) == CONNECTION_OK; }
  bool inFailedTransaction() const { return PQtransactionStatus(c_) == PQTRANS_INERROR; }
  bool inTransaction() const {
    const auto s = PQtransactionStatus(c_);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR;
  }

  // The SQLSTATE of the last failure seen on this connection ("" when none since reset).
  std::string last_sqlstate;

 private:
  PgConn(PGconn* c, std::string dsn) : c_(c), dsn_(std::move(dsn)) {
    if (c_ != nullptr) PQsetNoticeProcessor(c_, quietNotices, nullptr);
  }

  Status setup() {
    PQsetNoticeProcessor(c_, quietNotices, nullptr);
    if (PQsetClientEncoding(c_, "UTF8") != 0) {
      return tl::unexpected(pgError(c_, nullptr, "setting the client encoding"));
    }
    // Complaint records are legal records: COMMIT returns after the WAL is flushed, whatever
    // the server's default. Times are epoch milliseconds, so the session zone never matters.
    return exec("SET synchronous_commit = on; SET application_name = 'charter'");
  }

  Status check(const Res& r, std::string_view what, std::string* sqlstate) {
    const PGresult* raw = r.get();
    const ExecStatusType st = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return {};
    last_sqlstate = sqlstateOf(raw);
    if (sqlstate != nullptr) *sqlstate = last_sqlstate;
    std::string head(what.substr(0, std::min<size_t>(what.size(), 60)));
    std::replace(head.begin(), head.end(), '\n', ' ');
    return tl::unexpected(pgError(c_, raw, fmt::format("'{}'", head)));
  }

  PGconn* c_;
  std::string dsn_;
  std::unordered_set<std::string> prepared_;
  std::map<std::string, std::string> dynamic_;
};

// A fixed set of connections, lent one at a time (store/core/pool.h).
using PgPool = store_core::Pool<PgConn>;

}  // namespace charter::pg
