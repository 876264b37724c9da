#include "main/serve_cli.h"

#include <chrono>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

#include <curl/curl.h>

#include <fmt/format.h>

#include "api/api.h"
#include "api/open311_api.h"
#include "http/browser.h"
#include "http/forwarded.h"
#include "api/health_api.h"
#include "api/attachments_api.h"
#include "api/learning_api.h"
#include "api/mail_in_api.h"
#include "api/restrictions_api.h"
#include "api/letters_api.h"
#include "api/messages_api.h"
#include "api/surveys_api.h"
#include "app/case_messages.h"
#include "app/learning_service.h"
#include "http/log.h"
#include "http/metrics.h"
#include "http/server.h"
#include "mail/mime_parser.h"
#include "main/admin_wiring.h"
#include "main/auth_cli.h"
#include "main/metrics_wiring.h"
#include "main/reports_wiring.h"
#include "main/web_cli.h"

namespace charter {
namespace {

// charter serve's options for TLS, timeouts, connection limits and sessions.
void addTransportOptions(CLI::App* cmd, ServeOptions& serve) {
  auto* tls_cert = cmd->add_option("--tls-cert", serve.tls_cert,
                                   "TLS certificate chain (PEM): serve HTTPS")
                       ->check(CLI::ExistingFile);
  auto* tls_key = cmd->add_option("--tls-key", serve.tls_key, "TLS private key (PEM)")
                      ->check(CLI::ExistingFile);
  tls_cert->needs(tls_key);
  tls_key->needs(tls_cert);
  cmd->add_option("--request-timeout", serve.request_timeout,
                  "Seconds a client has to send a whole request (slow clients are cut off)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--idle-timeout", serve.idle_timeout,
                  "Seconds a kept-alive connection may sit idle")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--first-byte-timeout", serve.first_byte_timeout,
                  "Seconds a new connection has to send its first byte (TLS: to shake hands)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--max-connections", serve.max_connections,
                  "Connections open at once, in all (more are answered 503 and closed)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--max-connections-per-address", serve.max_connections_per_address,
                  "Connections open at once from one client address (a --trusted-proxy is exempt)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--trusted-proxy", serve.trusted_proxies,
                  "A reverse proxy (address or network, e.g. 127.0.0.1 or 10.0.0.0/8; repeat for "
                  "more) whose X-Forwarded-For, -Proto and -Host are believed")
      ->check([](const std::string& v) { return http::TrustedProxies::check(v); })
      ->take_all();
  cmd->add_option("--drain-seconds", serve.drain_seconds,
                  "On SIGTERM, seconds to keep answering (readiness 503, connections closed after "
                  "each answer) before the listener closes, so a load balancer drains this process")
      ->check(CLI::Range(0, 600));
  cmd->add_option("--session-idle-minutes", serve.session_idle_minutes,
                  "Minutes a signed-in session may go unused before it ends (0: never)")
      ->check(CLI::Range(0, 24 * 60));
  cmd->add_option("--sqlite-cache-mb", serve.sqlite_cache_mb,
                  "SQLite: MiB all connections' page caches may hold together (the operating "
                  "system's page cache holds the rest of the file)")
      ->check(CLI::Range(8, 1 << 20));
  cmd->add_option("--metrics-address", serve.metrics_address,
                  "HOST:PORT to serve Prometheus metrics at /metrics on a listener of its own "
                  "(keep it private: it is not signed in), e.g. 127.0.0.1:9464")
      ->check([](const std::string& v) -> std::string {
        auto colon = v.rfind(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == v.size()) return "expected HOST:PORT";
        for (char c : v.substr(colon + 1))
          if (c < '0' || c > '9') return "the port must be a number";
        if (std::stol(v.substr(colon + 1)) > 65535) return "the port must be at most 65535";
        return "";
      });
}

// charter serve's outbox sender: where email goes, and how failed attempts are retried.
void addOutboxOptions(CLI::App* cmd, ServeOptions& serve) {
  cmd->add_option("--smtp", serve.smtp.url,
                  "Send the outbox's email through this SMTP server: smtp://HOST:PORT (STARTTLS "
                  "when the server offers it) or smtps://HOST:PORT");
  cmd->add_option("--smtp-from", serve.smtp.from, "The From address of email to residents");
  cmd->add_option("--public-url", serve.public_url,
                  "Where residents reach this server (https://HOST[:PORT]), for the survey links "
                  "in email and text messages")
      ->check([](const std::string& v) -> std::string {
        const bool scheme = v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0;
        return scheme && v.back() != '/' ? "" : "expected http(s)://HOST[:PORT] with no trailing /";
      });
  auto* user = cmd->add_option("--smtp-user", serve.smtp.username, "SMTP AUTH user name");
  auto* password = cmd->add_option("--smtp-password-file", serve.smtp_password_file,
                                   "A file holding the SMTP AUTH password")
                       ->check(CLI::ExistingFile);
  user->needs(password);
  password->needs(user);
  cmd->add_flag("--smtp-require-tls", serve.smtp.require_tls,
                "Send only over TLS (STARTTLS must succeed)");
  auto seconds = [](std::chrono::seconds& s) {
    return [&s](const std::string& v) { s = std::chrono::seconds(std::stol(v)); };
  };
  cmd->add_option_function<std::string>("--outbox-retry-base", seconds(serve.outbox.base),
                                        "Seconds before the first retry of a failed message "
                                        "(doubling after each failure; default 30)")
      ->check(CLI::Range(1, 86400));
  cmd->add_option_function<std::string>("--outbox-retry-cap", seconds(serve.outbox.cap),
                                        "The longest wait between retries, in seconds (3600)")
      ->check(CLI::Range(1, 7 * 86400));
  cmd->add_option_function<std::string>("--outbox-lease", seconds(serve.outbox.lease),
                                        "Seconds a sender holds a message it is sending; after "
                                        "a crash it is sent again once this has passed (300)")
      ->check(CLI::Range(1, 86400));
  auto* notify = cmd->add_option("--notify-url", serve.notify.url,
                                 "Send the outbox's text messages through GOV.UK Notify at this "
                                 "URL (https://api.notifications.service.gov.uk)");
  auto* key = cmd->add_option("--notify-key-file", serve.notify_key_file,
                              "A file holding the Notify API key")
                  ->check(CLI::ExistingFile);
  auto* sms_template = cmd->add_option("--notify-sms-template", serve.notify.template_id,
                                       "The Notify text message template whose content is ((body))");
  notify->needs(key)->needs(sms_template);
  cmd->add_option("--outbox-max-attempts", serve.outbox.max_attempts,
                  "Attempts before a message is marked failed (12)")
      ->check(CLI::Range(1, 1000));
}

// The outbox's senders for --smtp and --notify-url (none without them): one per channel, each
// on its own thread, stopped when this goes.
struct RunningSenders {
  std::vector<std::unique_ptr<Mailer>> mailers;
  std::vector<std::unique_ptr<OutboxSender>> senders;
  void stop() {
    for (auto& s : senders) s->stop();
  }
};

// A secret file's first line.
std::string firstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// Fills a survey message's link just before it is sent, recording the survey's offer first
// (app/outbox.h surveyMessages); other messages pass unchanged.
OutboxSender::Finish surveyLinks(Surveys* surveys, const std::string& public_url) {
  return [surveys, public_url](const OutboxMessage& m) -> Result<OutboxMessage> {
    const std::string trigger = surveyTriggerOf(m);
    if (trigger.empty()) return m;
    if (surveys == nullptr || public_url.empty()) return withSurveyLink(m, "");
    auto token = surveys->linkToken(m.landlord, m.case_id, trigger);
    if (!token) return tl::unexpected(token.error());
    return withSurveyLink(m, public_url + "/survey/" + *token);
  };
}

Result<RunningSenders> startSenders(Backend& backend, const TimeSource& clock,
                                    const ServeOptions& o, Surveys* surveys) {
  RunningSenders running;
  if ((o.smtp.url.empty() && o.notify.url.empty()) || !backend.outbox) return running;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (!o.smtp.url.empty()) {
    SmtpOptions smtp = o.smtp;
    if (!o.smtp_password_file.empty()) smtp.password = firstLine(o.smtp_password_file);
    running.mailers.push_back(std::make_unique<SmtpMailer>(std::move(smtp), clock));
  }
  if (!o.notify.url.empty()) {
    NotifyOptions notify = o.notify;
    notify.api_key = firstLine(o.notify_key_file);
    if (auto key = parseNotifyKey(notify.api_key); !key) return tl::unexpected(key.error());
    running.mailers.push_back(std::make_unique<NotifySms>(std::move(notify), clock));
  }
  AccountStore* accounts = backend.accounts.get();
  auto landlords = [accounts]() -> Result<std::vector<LandlordId>> {
    auto all = accounts->landlords();
    if (!all) return tl::unexpected(all.error());
    std::vector<LandlordId> ids;
    for (const auto& l : *all) ids.push_back(l.id);
    return ids;
  };
  for (auto& mailer : running.mailers) {
    running.senders.push_back(std::make_unique<OutboxSender>(
        *backend.outbox, *mailer, clock, landlords, o.outbox,
        [](const std::string& line) { spdlog::warn("outbox: {}", line); },
        surveyLinks(surveys, o.public_url)));
    running.senders.back()->start();
  }
  if (!o.smtp.url.empty()) fmt::print("sending email through {}\n", o.smtp.url);
  if (!o.notify.url.empty()) fmt::print("sending text messages through {}\n", o.notify.url);
  return running;
}

// charter serve's logging: the line format, and whether every request is logged.
struct LogOptions {
  std::string format = "text";
  bool access = false;
};

void addLogOptions(CLI::App* cmd, LogOptions& log) {
  cmd->add_option("--log-format", log.format,
                  "text, or json: one JSON object a line (time, level, msg and, for a request, "
                  "remote, method, target, status, ms, request_id)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--access-log", log.access,
                "Log every request (at level info; a 5xx is always logged, as a warning)");
}

void applyLogOptions(const LogOptions& log) {
  http::log::useFormat(log.format == "json" ? http::log::Format::kJson : http::log::Format::kText);
  if (log.access) spdlog::set_level(spdlog::level::info);
}

http::ServerOptions serverOptions(const ServeOptions& o) {
  http::ServerOptions options;
  options.address = o.address;
  options.port = static_cast<std::uint16_t>(o.port);
  options.tls_cert_file = o.tls_cert;
  options.tls_key_file = o.tls_key;
  options.request_timeout_seconds = o.request_timeout;
  options.idle_timeout_seconds = o.idle_timeout;
  options.first_byte_timeout_seconds = o.first_byte_timeout;
  options.max_connections = static_cast<std::size_t>(o.max_connections);
  options.max_connections_per_address = static_cast<std::size_t>(o.max_connections_per_address);
  // Uploads: files on the case (10 MiB) and email from a gateway (api/mail_in_api.h), each
  // route checking its own limit below the larger one.
  options.upload_body_limit = std::max(api::kAttachmentBodyLimit, api::kMailBodyLimit);
  options.is_upload = [](std::string_view method, std::string_view target) {
    return api::isAttachmentUpload(method, target) || api::isMailUpload(method, target);
  };
  return options;
}

// Every route is signed in (an API token or a session; each request acts for the principal's
// landlord): the API, the learning routes, the web pages, and the measures and reports
// ("Our promises" is public). The answer keeps what the routes use alive.
struct Alive {
  std::unique_ptr<SignIn> signin;
  std::unique_ptr<LearningService> learning;
  std::unique_ptr<RestrictionService> restrictions;
  std::unique_ptr<LetterService> letters;
  std::unique_ptr<AttachmentService> attachments;
  std::unique_ptr<Idempotency> idempotency;
  std::unique_ptr<CaseMessages> messages;
  std::unique_ptr<Surveys> surveys;
  std::unique_ptr<MailIn> mail;
  std::shared_ptr<void> web, reports, admin;
};

Result<std::shared_ptr<Alive>> addSignedInRoutes(http::Router& router, Backend& backend,
                                                 PolicyPtr policy, const TimeSource& clock,
                                                 const ServeOptions& o) {
  auto alive = std::make_shared<Alive>();
  AccountOptions account_options;
  account_options.session_idle = std::chrono::minutes(o.session_idle_minutes);
  auto signin = SignIn::open(backend, policy, clock, account_options);
  if (!signin) return tl::unexpected(signin.error());
  alive->signin = std::move(*signin);
  alive->learning = std::make_unique<LearningService>(*backend.learning, policy, clock);
  SignIn& s = *alive->signin;
  const bool tls = !o.tls_cert.empty();
  http::setSecureCookies(tls);
  alive->idempotency = std::make_unique<Idempotency>(*backend.idempotency, clock);
  api::addRoutes(router, s.cases(), s.accounts(),
                 [cases = backend.cases.get()] { return cases->ready(); }, alive->idempotency.get());
  api::addOpen311Routes(router, s.cases(), s.accounts(), alive->idempotency.get());
  api::addLearningRoutes(router, *alive->learning, s.accounts());
  alive->restrictions = std::make_unique<RestrictionService>(*backend.people, s.landlords());
  api::addRestrictionRoutes(router, *alive->restrictions, s.accounts());
  alive->letters = makeLetterService(s.cases());
  api::addLetterRoutes(router, *alive->letters, s.accounts());
  alive->attachments = std::make_unique<AttachmentService>(s.cases(), *backend.attachments);
  api::addAttachmentRoutes(router, *alive->attachments, s.accounts());
  alive->letters->setAttachments(alive->attachments.get());  // translated letters
  alive->mail = std::make_unique<MailIn>(s.cases(), *alive->attachments, *backend.mail,
                                        mail::parseMessage);
  api::addMailInRoutes(router, *alive->mail, s.accounts());
  alive->messages = std::make_unique<CaseMessages>(s.cases(), backend.outbox.get());
  api::addMessageRoutes(router, *alive->messages, s.accounts());
  if (backend.surveys) {
    alive->surveys = std::make_unique<Surveys>(s.cases(), *backend.surveys, clock);
    api::addSurveyRoutes(router, *alive->surveys, s.accounts());
  }
  // The self-assessment service is made with the reports (below); My work reminds through it.
  auto self_assessment = std::make_shared<SelfAssessmentService*>(nullptr);
  alive->web = addWebRoutes(
      router, s.cases(), s.accounts(), alive->learning.get(), alive->attachments.get(),
      alive->restrictions.get(),
      [self_assessment](LandlordId id) -> std::optional<SelfAssessmentReminder> {
        if (*self_assessment == nullptr) return std::nullopt;
        auto r = (*self_assessment)->reminder(id);
        return r ? *r : std::nullopt;
      },
      alive->idempotency.get(),
      alive->messages.get(), alive->surveys.get(), alive->mail.get(), alive->letters.get());
  auto admin = addAdminWeb(router, backend, s.cases(), s.accounts(), clock, account_options,
                           alive->idempotency.get());
  if (!admin) return tl::unexpected(admin.error());
  alive->admin = std::move(*admin);
  alive->reports = addReports(router, backend.reports, s.accounts(), s.landlords(), clock,
                              webCli().landlord, alive->learning.get(),
                              backend.self_assessments.get(),
                              [self_assessment](SelfAssessmentService* made) { *self_assessment = made; });
  return alive;
}

int runServe(const std::string& db, const std::string& policy_path, const ServeOptions& o) {
  auto policy = loadPolicy(policy_path);
  if (!policy) return fail(policy.error());
  auto backend = openBackend(db, {.sqlite_cache_bytes = std::int64_t{o.sqlite_cache_mb} << 20});
  if (!backend) return fail(backend.error());
  return serve(*backend, *policy, o);
}

// The metrics listener for --metrics-address (no TLS, no sign-in: bind it privately), or null.
std::unique_ptr<http::Server> startMetrics(const http::Metrics& metrics, const std::string& where) {
  if (where.empty()) return nullptr;
  const auto colon = where.rfind(':');
  http::ServerOptions options;
  options.address = where.substr(0, colon);
  options.port = static_cast<std::uint16_t>(std::stoi(where.substr(colon + 1)));
  options.worker_threads = 2;
  options.max_connections = 16;
  http::Router router;
  metrics.addRoute(router);
  auto server = std::make_unique<http::Server>(options, std::move(router));
  const std::uint16_t bound = server->start();
  fmt::print("metrics on http://{}:{}/metrics\n", options.address, bound);
  return server;
}

// Readiness (api/health_api.h): not draining, the store ready, the database answering a read
// of the landlords.
api::Readiness readiness(Backend& backend) {
  api::Readiness r;
  r.draining = [] { return http::draining(); };
  r.store_ready = [cases = backend.cases.get()] { return cases->ready(); };
  r.database = [accounts = backend.accounts.get()]() -> Status {
    auto all = accounts->landlords();
    if (!all) return tl::unexpected(all.error());
    return {};
  };
  return r;
}

// The graceful end of `charter serve` after SIGTERM/SIGINT: readiness 503 and no kept-alive
// connections for `seconds`, then the listener closes and in-flight requests finish.
void drainAndStop(http::Server& server, int seconds) {
  http::setDraining(true);
  if (seconds > 0) {
    spdlog::info("draining for {} s before closing the listener", seconds);
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
  }
  server.stop();
}

}  // namespace

int serve(Backend& backend, PolicyPtr policy, const ServeOptions& o) {
  SystemTimeSource clock;
  http::Router router;
  auto alive = addSignedInRoutes(router, backend, policy, clock, o);
  if (!alive) return fail(alive.error());
  api::addHealthRoutes(router, readiness(backend));
  http::setTrustedProxies(http::TrustedProxies(o.trusted_proxies));
  http::Metrics metrics;
  http::ServerOptions options = serverOptions(o);
  if (!o.metrics_address.empty()) options.observe = metrics.observer();
  http::Server server(options, std::move(router));
  // The per-landlord counts read the landlords as the stores hold them.
  LandlordRegistry landlords(*backend.cases, *backend.accounts, clock, policy);
  if (auto s = landlords.load(); !s) return fail(s.error());
  addServeMetrics(metrics, *backend.cases, *backend.accounts, landlords, server,
                  backend.outbox.get());
  auto metrics_server = startMetrics(metrics, o.metrics_address);
  auto senders = startSenders(backend, clock, o, (*alive)->surveys.get());
  if (!senders) return fail(senders.error());
  std::uint16_t bound = server.start();
  fmt::print("listening on {}://{}:{}\n", options.tls() ? "https" : "http", o.address, bound);
  std::fflush(stdout);
  server.waitForShutdownSignal();
  drainAndStop(server, o.drain_seconds);
  senders->stop();
  if (metrics_server) metrics_server->stop();
  return 0;
}

CommandRun addServeCommand(CLI::App& app) {
  struct Opts {
    std::string db = "charter.db", policy;
    ServeOptions serve;
    LogOptions log;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("serve", "Serve the web API on the embedded database");
  cmd->add_option("--db", o->db, "SQLite database file (created if absent) or postgresql://...");
  cmd->add_option("--port", o->serve.port, "TCP port (0 = any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--address", o->serve.address,
                  "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)");
  cmd->add_option("--policy", o->policy, "Landlord policy file (TOML)");
  addWebOptions(*cmd);
  addTransportOptions(cmd, o->serve);
  addOutboxOptions(cmd, o->serve);
  addLogOptions(cmd, o->log);
  return [cmd, o]() -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    applyLogOptions(o->log);
    return runServe(o->db, o->policy, o->serve);
  };
}

}  // namespace charter
