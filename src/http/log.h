// Charter's log lines: plain text for a person at a terminal, or one JSON object per line for a
// log collector (`charter serve --log-format json`). Every line carries its time and level; an
// event logged through `event` also carries its fields as top-level members (the access log:
// remote, method, target, status, ms, request_id), so a collector can filter on them without
// parsing a sentence. Text mode writes the same fields as `key=value` after the message.
//
// Cost: one small string per line; nothing is formatted for a level that is switched off.
// Threading: `useFormat` once at start-up, before other threads log; `event` from any thread.
#pragma once

#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include <spdlog/spdlog.h>

#include "http/server.h"

namespace charter::http::log {

enum class Format { kText, kJson };

// Sets the format of every spdlog line from now on (the default logger's formatter).
void useFormat(Format f);
Format format();

struct Field {
  std::string_view key;
  std::variant<std::string_view, long long, double> value;
};

// Logs `message` with `fields` at `level`.
void event(spdlog::level::level_enum level, std::string_view message,
           std::initializer_list<Field> fields);

// The access log's line for one answered request: remote (the client, after a trusted proxy's
// X-Forwarded-For), method, target, status, ms, request_id, and `via` (the TCP peer: the
// proxy's own address) when it is not the client. A 5xx at warning, anything else at info.
void request(const Request& request, std::string_view peer, int status, double ms);

// Logs the exception a connection's coroutine ended with, if any (the co_spawn completion).
void connectionFailed(std::exception_ptr e);

// The JSON formatter itself, for tests: {"time":"...","level":"...","msg":"...",...}.
std::unique_ptr<spdlog::formatter> jsonFormatter();

}  // namespace charter::http::log
