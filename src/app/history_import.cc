#include "app/history_import.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/clocks.h"
#include "domain/lifecycle.h"

namespace charter {
namespace {

constexpr const char* kDefaultActor = "import";

// The error `e` with its field put under `prefix` ("steps[2]." + "decision").
Error under(Error e, const std::string& prefix) {
  e.field = e.field.empty() ? prefix.substr(0, prefix.size() - 1) : prefix + e.field;
  return e;
}

Result<std::string> textField(const nlohmann::json& o, const char* key, const std::string& field,
                              bool required) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) {
    if (required) return invalid(field, "required", fmt::format("{} is required.", field));
    return std::string();
  }
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return invalid(field, "text", fmt::format("{} must be a non-empty string.", field));
  }
  return it->get<std::string>();
}

// The step's time, required: a legacy step happened when it says.
Result<Instant> stepTime(const nlohmann::json& o, const char* key, const std::string& field) {
  auto text = textField(o, key, field, true);
  if (!text) return tl::unexpected(text.error());
  auto at = parseInstant(*text, field);
  if (!at) return tl::unexpected(at.error());
  return *at;
}

Result<std::vector<Event>> replayStep(const CaseState& state, nlohmann::json step, size_t i,
                                      const Policy& policy, const std::string& default_actor) {
  const std::string prefix = fmt::format("steps[{}].", i);
  if (!step.is_object()) return invalid(prefix + "", "type", "A step must be a JSON object.");
  auto actor = textField(step, "actor", prefix + "actor", false);
  if (!actor) return tl::unexpected(actor.error());
  auto at = stepTime(step, "at", prefix + "at");
  if (!at) return tl::unexpected(at.error());
  if (step.value("action", "") == "convert_to_complaint") {
    return invalid(prefix + "action", "not-importable",
                   "convert_to_complaint cannot be imported: give the complaint its own line "
                   "with the service request's reference in its summary.");
  }
  step.erase("actor");
  // A step that names no actor names no account: Code 6.13 by account cannot be judged for it
  // (the typed handler still is), and its events are recorded as the default actor's.
  DecisionContext ctx{policy, *at, *actor};
  auto events = decideAction(state, step, ctx);
  if (!events) return tl::unexpected(under(events.error(), prefix));
  if (actor->empty()) {
    for (auto& e : *events) e.actor = default_actor;
  }
  return events;
}

// Replays a parsed line; its steps are moved out of `doc` (no copy of each step's JSON).
Result<ImportedCase> replayParsed(nlohmann::json& doc, long line, const Policy& policy,
                                  Date today) {
  if (!doc.is_object()) return invalid("", "type", "A line must be a JSON object.");
  ImportedCase out;
  out.line = line;
  auto ref = textField(doc, "ref", "ref", true);
  if (!ref) return tl::unexpected(ref.error());
  out.ref = std::move(*ref);
  auto actor = textField(doc, "recorded_by", "recorded_by", false);
  if (!actor) return tl::unexpected(actor.error());
  const std::string default_actor = actor->empty() ? kDefaultActor : *actor;

  auto body = doc.find("case");
  if (body == doc.end() || !body->is_object()) {
    return invalid("case", "required", "case must be the POST /cases body of the case.");
  }
  auto received = stepTime(*body, "received_at", "case.received_at");
  if (!received) return tl::unexpected(received.error());
  DecisionContext ctx{policy, *received, default_actor};
  auto first = decideNew(*body, ctx);
  if (!first) return tl::unexpected(under(first.error(), "case."));
  first->seq = 1;
  out.state.reference = caseReference(0);  // as CaseState::fold(0, "", {*first}) leaves it
  out.state.apply(*first);

  if (auto steps = doc.find("steps"); steps != doc.end() && !steps->is_null()) {
    if (!steps->is_array()) return invalid("steps", "type", "steps must be a list of actions.");
    for (size_t i = 0; i < steps->size(); ++i) {
      auto events = replayStep(out.state, std::move((*steps)[i]), i, policy, default_actor);
      if (!events) return tl::unexpected(events.error());
      for (const auto& e : *events) out.state.apply(e);
    }
  }
  out.clocks = evaluateClocks(out.state, policy, today);
  return out;
}

// Prepared batches from the reading thread to the writing one; at most two wait.
class BatchQueue {
 public:
  // False when the writer has stopped taking batches.
  bool push(std::unique_ptr<PreparedBatch> b) {
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return q_.size() < 2 || stopped_; });
    if (stopped_) return false;
    q_.push_back(std::move(b));
    ready_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    ready_.notify_one();
  }
  // The next batch, or null once closed and empty.
  std::unique_ptr<PreparedBatch> pop() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return !q_.empty() || closed_; });
    if (q_.empty()) return nullptr;
    auto b = std::move(q_.front());
    q_.pop_front();
    room_.notify_one();
    return b;
  }
  void stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    q_.clear();
    room_.notify_all();
  }
  bool stopped() {
    std::lock_guard lock(mu_);
    return stopped_;
  }

 private:
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<std::unique_ptr<PreparedBatch>> q_;
  bool closed_ = false, stopped_ = false;
};

// The reading side: lines replayed and checked, batches prepared and queued.
class Importer {
 public:
  Importer(HistorySink* sink, const Policy& policy, const HistoryImportOptions& options,
           BatchQueue& queue)
      : sink_(sink), policy_(policy), options_(options), queue_(queue) {}

  // Replays `n` lines (a chunk of the file) on two threads, this one and a helper: the lines
  // are independent, and what depends on their order (line numbers, the uniqueness of the
  // references, the batches and so the ids) is done afterwards, in order, on this thread.
  Status lines(const std::vector<std::string>& text, size_t n) {
    std::vector<std::pair<size_t, long>> todo;  // (index in text, line number)
    todo.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      if (text[i].find_first_not_of(" \t\r") == std::string::npos) {
        ++blank_;
        continue;
      }
      ++summary_.lines;
      todo.emplace_back(i, summary_.lines + blank_);
    }
    std::vector<Result<ImportedCase>> replayed(todo.size());
    auto replay = [&](size_t from, size_t to) {
      for (size_t k = from; k < to; ++k) {
        replayed[k] = replayLegacyCase(text[todo[k].first], todo[k].second, policy_,
                                       options_.today);
      }
    };
    const size_t half = todo.size() / 2;
    std::thread helper(replay, 0, half);
    replay(half, todo.size());
    helper.join();
    for (size_t k = 0; k < todo.size(); ++k) {
      if (auto s = accept(std::move(replayed[k]), todo[k].second); !s) return s;
    }
    return {};
  }

  // Takes one replayed line, in file order.
  Status accept(Result<ImportedCase> replayed, long number) {
    if (replayed) {
      const std::uint64_t h = std::hash<std::string>{}(replayed->ref);
      if (!seen_.insert(h).second ||
          (sink_ != nullptr && sink_->alreadyImported(replayed->ref))) {
        replayed = invalid("ref", "unique",
                           fmt::format("line {}: the reference {} is already imported or "
                                       "repeated in this file.",
                                       number, replayed->ref));
      }
    }
    if (!replayed) {
      ++summary_.invalid;
      if (summary_.errors.size() < options_.max_errors) {
        summary_.errors.push_back(LineError{number, replayed.error()});
      }
      return {};
    }
    ++summary_.imported;
    if (!writing()) return {};
    batch_.push_back(std::move(*replayed));
    return batch_.size() >= options_.batch ? flush() : Status{};
  }

  Status flush() {
    if (!writing() || batch_.empty()) {
      batch_.clear();
      return {};
    }
    auto rows = sink_->prepare(batch_);
    batch_.clear();
    if (!rows) return tl::unexpected(rows.error());
    if (!queue_.push(std::move(*rows))) return internalError("the writer stopped");
    return {};
  }

  bool writing() const {
    return sink_ != nullptr && !options_.dry_run && (options_.skip_invalid || summary_.invalid == 0);
  }
  long linesRead() const { return summary_.lines + blank_; }
  HistoryImportSummary& summary() { return summary_; }

 private:
  HistorySink* sink_;
  const Policy& policy_;
  const HistoryImportOptions& options_;
  BatchQueue& queue_;
  HistoryImportSummary summary_;
  std::vector<ImportedCase> batch_;
  std::unordered_set<std::uint64_t> seen_;
  long blank_ = 0;
};

// Reads and prepares everything on the calling thread (and a helper: Importer::lines);
// answers the first error.
Status readAll(Importer& importer, const LineSource& next, BatchQueue& queue,
               const ImportProgress& progress) {
  constexpr size_t kChunk = 1000;  // lines replayed at a time
  std::vector<std::string> text(kChunk);
  for (bool more = true; more;) {
    size_t n = 0;
    while (n < kChunk && (more = next(text[n]))) ++n;
    if (auto s = importer.lines(text, n); !s) return s;
    if (queue.stopped()) return {};
    if (progress) progress(importer.linesRead());
  }
  if (auto s = importer.flush(); !s) return s;
  if (progress) progress(importer.linesRead());
  return {};
}

}  // namespace

Result<ImportedCase> replayLegacyCase(std::string_view text, long line, const Policy& policy,
                                      Date today) {
  Result<ImportedCase> out = [&]() -> Result<ImportedCase> {
    try {
      auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (doc.is_discarded()) return invalid("", "json", "The line is not valid JSON.");
      return replayParsed(doc, line, policy, today);
    } catch (const std::exception& e) {
      return invalid("", "json", fmt::format("The line cannot be read: {}", e.what()));
    }
  }();
  if (!out) out.error().message = fmt::format("line {}: {}", line, out.error().message);
  return out;
}

Result<HistoryImportSummary> importHistory(const LineSource& next, HistorySink* sink,
                                           const Policy& policy,
                                           const HistoryImportOptions& options,
                                           const ImportProgress& progress) {
  BatchQueue queue;
  Importer importer(sink, policy, options, queue);
  Status read_status, write_status;
  // The reading and replaying run on their own thread; this one writes.
  std::thread reader([&] {
    try {
      read_status = readAll(importer, next, queue, progress);
    } catch (const std::exception& e) {
      read_status = internalError(fmt::format("reading the history: {}", e.what()));
    }
    queue.close();
  });
  while (auto rows = queue.pop()) {
    if (!write_status) continue;
    write_status = sink->write(std::move(rows));
    if (!write_status) queue.stop();
  }
  reader.join();
  if (!write_status) return tl::unexpected(write_status.error());
  if (!read_status) return tl::unexpected(read_status.error());
  HistoryImportSummary& summary = importer.summary();
  if (importer.writing()) {
    auto check = sink->commit();
    if (!check) return tl::unexpected(check.error());
    summary.check = *check;
    summary.committed = true;
  }
  return std::move(summary);
}

std::string describe(const LineError& e) {
  // The message already starts with "line N: ".
  if (e.error.field.empty()) return e.error.message;
  return fmt::format("{} [field {}, rule {}]", e.error.message, e.error.field, e.error.rule);
}

}  // namespace charter
