#include "http/log.h"

#include <atomic>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>

namespace charter::http::log {
namespace {

std::atomic<Format> g_format{Format::kText};

// An event's payload in JSON mode: this byte, then the members after "msg" without braces.
// The formatter splices them in; any other payload is a plain message.
constexpr char kFieldsMark = '\x1e';

std::string jsonString(std::string_view s) {
  // Invalid UTF-8 (a client's target) is replaced, never a reason to drop the line.
  return nlohmann::json(std::string(s)).dump(-1, ' ', false,
                                             nlohmann::json::error_handler_t::replace);
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    const auto level = spdlog::level::to_string_view(msg.level);
    const auto secs = std::chrono::floor<std::chrono::seconds>(msg.time);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(msg.time - secs).count();
    fmt::format_to(std::back_inserter(dest),
                   R"({{"time":"{:%Y-%m-%dT%H:%M:%S}.{:03}Z","level":"{}",)", secs, millis,
                   std::string_view(level.data(), level.size()));
    if (!payload.empty() && payload.front() == kFieldsMark) {
      dest.append(payload.substr(1));
    } else {
      const std::string m = "\"msg\":" + jsonString(payload);
      dest.append(m);
    }
    dest.append(std::string_view("}\n"));
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

void appendValue(std::string& out, const Field& f, bool json) {
  if (const auto* s = std::get_if<std::string_view>(&f.value)) {
    out += json ? jsonString(*s) : std::string(*s);
  } else if (const auto* n = std::get_if<long long>(&f.value)) {
    fmt::format_to(std::back_inserter(out), "{}", *n);
  } else {
    fmt::format_to(std::back_inserter(out), "{:.1f}", std::get<double>(f.value));
  }
}

}  // namespace

void useFormat(Format f) {
  g_format = f;
  if (f == Format::kJson) {
    spdlog::set_formatter(jsonFormatter());
  } else {
    spdlog::set_formatter(std::make_unique<spdlog::pattern_formatter>());
  }
}

Format format() { return g_format; }

void connectionFailed(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    spdlog::error("connection failed: {}", ex.what());
  } catch (...) {
    spdlog::error("connection failed: unknown exception");
  }
}

std::unique_ptr<spdlog::formatter> jsonFormatter() { return std::make_unique<JsonFormatter>(); }

void event(spdlog::level::level_enum level, std::string_view message,
           std::initializer_list<Field> fields) {
  if (!spdlog::should_log(level)) return;
  std::string line;
  if (g_format == Format::kJson) {
    line += kFieldsMark;
    line += "\"msg\":" + jsonString(message);
    for (const auto& f : fields) {
      line += "," + jsonString(f.key) + ":";
      appendValue(line, f, true);
    }
  } else {
    line = std::string(message);
    for (const auto& f : fields) {
      fmt::format_to(std::back_inserter(line), " {}=", f.key);
      appendValue(line, f, false);
    }
  }
  spdlog::log(level, "{}", line);
}

void request(const Request& r, std::string_view peer, int status, double ms) {
  const auto level = status >= 500 ? spdlog::level::warn : spdlog::level::info;
  if (peer.empty() || peer == r.remote_address) {
    event(level, "request", {{"remote", r.remote_address}, {"method", r.method},
                             {"target", r.target}, {"status", static_cast<long long>(status)},
                             {"ms", ms}, {"request_id", r.request_id}});
    return;
  }
  event(level, "request", {{"remote", r.remote_address}, {"method", r.method},
                           {"target", r.target}, {"status", static_cast<long long>(status)},
                           {"ms", ms}, {"request_id", r.request_id}, {"via", peer}});
}

}  // namespace charter::http::log
