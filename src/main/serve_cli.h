// `charter serve`: the signed-in JSON API, web pages and reports over one database, until
// SIGINT/SIGTERM.
//
//   charter serve --db FILE|postgresql://... [--port N] [--address A] [--policy FILE]
//                 [--tls-cert PEM --tls-key PEM] [--request-timeout S] [--idle-timeout S]
//                 [--first-byte-timeout S] [--max-connections N]
//                 [--max-connections-per-address N]
//                 [--session-idle-minutes N] [web options: main/web_cli.h]
//                 [--smtp smtp://HOST:PORT [--smtp-from ADDR] [--smtp-user U
//                  --smtp-password-file F] [--smtp-require-tls]] [--outbox-retry-base S]
//                 [--outbox-retry-cap S] [--outbox-max-attempts N] [--outbox-lease S]
//                 [--notify-url URL --notify-key-file F --notify-sms-template ID]
//                 [--trusted-proxy ADDRESS|NETWORK ...] [--drain-seconds S]
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "main/backend.h"
#include "main/cli_common.h"
#include "main/notify_sms.h"
#include "main/smtp_mailer.h"

namespace charter {

struct ServeOptions {
  std::string address = "127.0.0.1";
  int port = 8080;                // 0: any free port
  std::string tls_cert, tls_key;  // both set: HTTPS only
  int request_timeout = 30;       // seconds for a whole request, from its first byte
  int idle_timeout = 60;          // seconds a kept-alive connection may sit idle
  int first_byte_timeout = 10;    // seconds a new connection has to send its first byte
  int max_connections = 1024;     // open at once, in all
  int max_connections_per_address = 64;  // open at once from one client address
  int session_idle_minutes = 30;  // a signed-in session unused this long ends (0: never)
  // "HOST:PORT" to serve GET /metrics on a listener of its own (main/metrics_wiring.h); ""
  // serves no metrics. Port 0: any free port.
  std::string metrics_address;
  // Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (http/forwarded.h).
  std::vector<std::string> trusted_proxies;
  // On SIGTERM/SIGINT: readiness answers 503 and every answer closes its connection for this
  // long before the listener closes, so a load balancer drains the process (0: stop at once).
  int drain_seconds = 0;
  // --smtp: the outbox's sender (app/outbox.h) runs on a thread of its own and sends email
  // through this server. Empty url: nothing is sent (messages wait in the outbox).
  SmtpOptions smtp;
  std::string smtp_password_file;
  // --notify-url: text messages through GOV.UK Notify, on a sender of their own.
  NotifyOptions notify;
  std::string notify_key_file;
  OutboxPolicy outbox;
  // --public-url: where residents reach this server ("https://charter.example.org"), for the
  // links in messages (a survey's). Empty: messages tell residents to sign in instead.
  std::string public_url;
  // --sqlite-cache-mb: what SQLite's page caches may hold together (BackendOptions::
  // sqlite_cache_bytes), so the server's memory stays bounded however large the file grows.
  int sqlite_cache_mb = 128;
};

// Serves `backend` until a shutdown signal. Prints "listening on http://ADDRESS:PORT" once
// ready, which the tests and scripts read (https:// when serving TLS), after "metrics on
// http://HOST:PORT/metrics" when metrics are served.
int serve(Backend& backend, PolicyPtr policy, const ServeOptions& options);

CommandRun addServeCommand(CLI::App& app);

}  // namespace charter
