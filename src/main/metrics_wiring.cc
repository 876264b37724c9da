#include "main/metrics_wiring.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>

#include <spdlog/spdlog.h>

namespace charter {
namespace {

using Sample = http::Metrics::Sample;
using Kind = http::Metrics::Kind;

// The per-landlord counts, read from the store at most once every 30 seconds.
class CaseCounts {
 public:
  CaseCounts(CaseStore& cases, AccountStore& accounts, LandlordRegistry& landlords,
             OutboxStore* outbox)
      : cases_(cases), accounts_(accounts), landlords_(landlords), outbox_(outbox) {}

  std::vector<Sample> open() { return fresh().open; }
  std::vector<Sample> overdue() { return fresh().overdue; }
  std::vector<Sample> unsent() { return fresh().unsent; }
  std::vector<Sample> oldestUnsent() { return fresh().oldest_unsent; }

 private:
  struct Counts {
    std::vector<Sample> open, overdue, unsent, oldest_unsent;
  };

  Counts fresh() {
    std::lock_guard lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    if (read_ && now - read_at_ < std::chrono::seconds(30)) return counts_;
    counts_ = read();
    read_ = true;
    read_at_ = now;
    return counts_;
  }

  Counts read() {
    Counts out;
    auto all = accounts_.landlords();
    if (!all) return out;
    for (const LandlordRecord& l : *all) {
      auto service = landlords_.cases(l.id);
      if (!service) continue;
      auto g = cases_.gauges(l.id, (*service)->today());
      if (!g) {
        spdlog::warn("metrics: counting the cases of {}: {}", l.slug, g.error().message);
        continue;
      }
      for (const auto& [kind, n] : g->open_by_kind) {
        out.open.push_back({{{"landlord", l.slug}, {"kind", kind}}, static_cast<double>(n)});
      }
      std::map<std::string, long long> by_standard;
      for (const auto& [clock, n] : g->overdue_by_clock) by_standard[clockStandard(clock)] += n;
      for (const auto& [standard, n] : by_standard) {
        out.overdue.push_back({{{"landlord", l.slug}, {"standard", standard}}, static_cast<double>(n)});
      }
      readBacklog(l, out);
    }
    return out;
  }

  // The outbox's unsent messages by channel and status, and the age of the oldest one still
  // to be sent (pending or sending) by channel: a sender that stopped shows as a growing age.
  void readBacklog(const LandlordRecord& l, Counts& out) {
    if (outbox_ == nullptr) return;
    auto backlog = outbox_->backlog(l.id);
    if (!backlog) {
      spdlog::warn("metrics: the outbox backlog of {}: {}", l.slug, backlog.error().message);
      return;
    }
    std::map<std::string, Instant> oldest;
    for (const auto& b : *backlog) {
      out.unsent.push_back({{{"landlord", l.slug}, {"channel", b.channel}, {"status", b.status}},
                            static_cast<double>(b.messages)});
      if (b.status == "failed") continue;
      auto [at, fresh] = oldest.emplace(b.channel, b.oldest);
      if (!fresh && b.oldest < at->second) at->second = b.oldest;
    }
    const auto now = std::chrono::system_clock::now();  // main: the wall clock is allowed here
    for (const auto& [channel, at] : oldest) {
      const double age = std::chrono::duration<double>(now - at).count();
      out.oldest_unsent.push_back({{{"landlord", l.slug}, {"channel", channel}}, std::max(0.0, age)});
    }
  }

  CaseStore& cases_;
  AccountStore& accounts_;
  LandlordRegistry& landlords_;
  OutboxStore* outbox_;
  std::mutex mu_;
  bool read_ = false;
  std::chrono::steady_clock::time_point read_at_;
  Counts counts_;
};

double residentBytes() {
  std::ifstream statm("/proc/self/statm");
  long long pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

std::vector<Sample> one(double v) { return {{{}, v}}; }

void addWriterMetrics(http::Metrics& m, CaseStore& cases) {
  auto writer = [&cases](auto field) {
    return [&cases, field] { return one(field(cases.writerStats())); };
  };
  m.addCallback("charter_writer_commits_total", "Group commits that committed.", Kind::kCounter,
                writer([](const WriterStats& s) { return double(s.commits); }));
  m.addCallback("charter_writer_writes_total", "Writes carried by group commits.", Kind::kCounter,
                writer([](const WriterStats& s) { return double(s.jobs); }));
  m.addCallback("charter_writer_failed_batches_total",
                "Group commits that failed as a whole (nothing of them kept).", Kind::kCounter,
                writer([](const WriterStats& s) { return double(s.failed_batches); }));
  m.addCallback("charter_writer_retries_total",
                "Group commits run again after a serialization failure or deadlock.",
                Kind::kCounter, writer([](const WriterStats& s) { return double(s.retries); }));
  m.addCallback("charter_writer_batch_seconds_total",
                "Time spent running group commits, BEGIN to COMMIT.", Kind::kCounter,
                writer([](const WriterStats& s) { return double(s.batch_nanos) / 1e9; }));
  m.addCallback("charter_writer_queued", "Writes waiting for the next group commit.",
                Kind::kGauge, writer([](const WriterStats& s) { return double(s.queued); }));
}

}  // namespace

std::string clockStandard(std::string_view clock) {
  const auto dot = clock.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == clock.size()) return std::string(clock);
  for (char c : clock.substr(dot + 1)) {
    if (c < '0' || c > '9') return std::string(clock);
  }
  return std::string(clock.substr(0, dot));
}

void addServeMetrics(http::Metrics& metrics, CaseStore& cases, AccountStore& accounts,
                     LandlordRegistry& landlords, const http::Server& server,
                     OutboxStore* outbox) {
  addWriterMetrics(metrics, cases);
  metrics.addCallback("charter_http_connections_open", "Connections open now.", Kind::kGauge,
                      [&server] { return one(double(server.openConnections())); });
  metrics.addCallback("charter_http_connections_turned_away_total",
                      "Connections turned away over the connection limits.", Kind::kCounter,
                      [&server] { return one(double(server.turnedAway())); });
  auto counts = std::make_shared<CaseCounts>(cases, accounts, landlords, outbox);
  metrics.addCallback("charter_cases_open", "Open cases, by landlord and kind.", Kind::kGauge,
                      [counts] { return counts->open(); });
  metrics.addCallback("charter_clocks_overdue",
                      "Unmet clocks of open cases past their due date, by landlord and standard.",
                      Kind::kGauge, [counts] { return counts->overdue(); });
  metrics.addCallback("charter_outbox_messages",
                      "Messages to residents not yet sent, by landlord, channel and status "
                      "(pending, sending, failed).",
                      Kind::kGauge, [counts] { return counts->unsent(); });
  metrics.addCallback("charter_outbox_oldest_unsent_seconds",
                      "Age of the oldest message still to be sent, by landlord and channel.",
                      Kind::kGauge, [counts] { return counts->oldestUnsent(); });
  metrics.addCallback("charter_process_resident_bytes", "Resident memory of this process.",
                      Kind::kGauge, [] { return one(residentBytes()); });
}

}  // namespace charter
