#include "main/history_cli.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "app/history_import.h"
#include "main/backend.h"
#include "main/cli_common.h"

namespace charter {
namespace {

using Steady = std::chrono::steady_clock;

// Lines from a file (or standard input), counting the bytes read for the progress line.
class LineReader {
 public:
  explicit LineReader(const std::string& path) {
    if (path == "-") {
      in_ = &std::cin;
      return;
    }
    file_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    file_.open(path, std::ios::binary);
    in_ = &file_;
    std::ifstream size(path, std::ios::binary | std::ios::ate);
    if (size) total_ = static_cast<long long>(size.tellg());
  }
  bool ok() const { return in_ != nullptr && static_cast<bool>(*in_); }
  bool next(std::string& line) {
    if (!std::getline(*in_, line)) return false;
    read_ += static_cast<long long>(line.size()) + 1;
    return true;
  }
  long long read() const { return read_; }
  long long total() const { return total_; }

 private:
  std::vector<char> buffer_ = std::vector<char>(1 << 20);
  std::ifstream file_;
  std::istream* in_ = nullptr;
  long long read_ = 0, total_ = 0;
};

// "  120,000 lines  8,412/s  41% 0:01:52 left" on one terminal line, redrawn in place.
class ProgressLine {
 public:
  explicit ProgressLine(const LineReader& r) : reader_(r), on_(isatty(STDERR_FILENO) == 1) {}
  void update(long lines) {
    if (!on_) return;
    const auto now = Steady::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? lines / secs : 0;
    std::string left;
    if (reader_.total() > 0 && reader_.read() > 0) {
      const double done = static_cast<double>(reader_.read()) / reader_.total();
      const long rest = static_cast<long>(secs / done * (1 - done));
      left = fmt::format("  {:3.0f}%  {}:{:02}:{:02} left", done * 100, rest / 3600,
                         rest / 60 % 60, rest % 60);
    }
    std::fprintf(stderr, "\r  %ld lines  %.0f/s%s   ", lines, rate, left.c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  void end() {
    if (shown_) std::fprintf(stderr, "\n");
  }

 private:
  const LineReader& reader_;
  bool on_;
  bool shown_ = false;
  Steady::time_point start_ = Steady::now(), last_{};
};

Result<Date> importDay(const std::string& today, const Policy& policy) {
  if (!today.empty()) return parseDate(today, "today");
  SystemTimeSource clock;
  return policy.working_calendar->localDate(clock.now());
}

void report(const HistoryImportSummary& s, const HistoryImportArgs& a, double secs) {
  for (const auto& e : s.errors) fmt::print(stderr, "{}\n", describe(e));
  if (s.invalid > static_cast<long>(s.errors.size())) {
    fmt::print(stderr, "... and {} more invalid line(s)\n", s.invalid - s.errors.size());
  }
  const double rate = secs > 0 ? s.imported / secs : 0;
  if (a.dry_run) {
    fmt::print("dry run: {} line(s) read, {} valid, {} invalid; nothing written\n", s.lines,
               s.imported, s.invalid);
  } else if (s.committed) {
    fmt::print("imported {} case(s) from {} for {} in {:.1f} s ({:.0f} cases/s){}\n", s.imported,
               a.file, a.landlord, secs, rate,
               s.invalid > 0 ? fmt::format("; skipped {} invalid line(s)", s.invalid) : "");
    fmt::print("rollups checked: {} case rows, {} stopped clocks, {} monthly groups, {} "
               "mismatches\n",
               s.check.case_rows, s.check.clock_rows, s.check.rollup_groups, s.check.mismatches);
  } else {
    fmt::print(stderr, "{} invalid line(s) of {}: nothing was imported\n", s.invalid, s.lines);
  }
}

}  // namespace

int runHistoryImport(const HistoryImportArgs& a) {
  auto policy = loadPolicy(a.policy);
  if (!policy) return fail(policy.error());
  HistoryImportOptions options;
  auto today = importDay(a.today, **policy);
  if (!today) return fail(today.error());
  options.today = *today;
  options.dry_run = a.dry_run;
  options.skip_invalid = a.skip_invalid;
  LineReader reader(a.file);
  if (!reader.ok()) return failMessage(fmt::format("cannot read {}", a.file));
  auto backend = openBackend(a.db);
  if (!backend) return fail(backend.error());
  auto record = backend->accounts->landlordBySlug(a.landlord);
  if (!record) return fail(record.error());
  if (!*record) return failMessage(fmt::format("There is no landlord '{}'.", a.landlord));
  std::unique_ptr<HistorySink> sink;
  if (!a.dry_run) {
    auto opened = backend->history((*record)->id);
    if (!opened) return fail(opened.error());
    sink = std::move(*opened);
  }
  ProgressLine progress(reader);
  const auto start = Steady::now();
  auto summary = importHistory([&](std::string& line) { return reader.next(line); }, sink.get(),
                               **policy, options, [&](long lines) { progress.update(lines); });
  progress.end();
  if (!summary) return fail(summary.error());
  report(*summary, a, std::chrono::duration<double>(Steady::now() - start).count());
  return summary->committed || (a.dry_run && summary->invalid == 0) ? 0 : 1;
}

}  // namespace charter
