// The HTTP/1.1 server: Beast with Asio C++20 coroutines.
//
// One io_context run by `io_threads`; each connection is a coroutine on its own strand (so the
// tcp_stream's timeout timer and the reads/writes never race). Each request is handed to a
// worker thread_pool with co_spawn, where the handler may block; the connection coroutine
// resumes on its strand and writes the response.
//
// Each accepted connection first takes a place under the ConnectionLimits (or is turned away);
// the place is held by its session coroutine's frame until the connection ends.
//
// With a certificate the connection is a beast::ssl_stream over the tcp_stream (OpenSSL;
// settings in tls_context.h): the TLS handshake runs under the first-byte timeout, then the
// same session code serves HTTP/1.1.
#include "http/asio.h"

#include <atomic>
#include <chrono>
#include <array>
#include <condition_variable>
#include <future>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "http/log.h"

#include "http/server.h"
#include "http/connection_limits.h"
#include "http/forwarded.h"
#include "http/tls_context.h"
#include "util/durable_before_send.h"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

namespace charter::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
namespace ssl = boost::asio::ssl;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

namespace {

std::string newRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}() ^
                                   static_cast<std::uint64_t>(
                                       std::chrono::steady_clock::now().time_since_epoch().count())};
  return fmt::format("{:016x}", rng());
}

// A client-supplied id is echoed only if it is short and plain.
bool acceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

bool safeHeaderValue(std::string_view v) {
  for (char c : v) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

using Parser = bhttp::request_parser<bhttp::string_body>;

// A client that went away or was too slow: nothing useful to answer.
bool clientGone(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == beast::error::timeout ||
         ec == asio::error::operation_aborted || ec == asio::error::broken_pipe ||
         ec.category() == asio::error::get_ssl_category() ||
         ec == asio::ssl::error::stream_truncated;
}

Request toRequest(bhttp::request<bhttp::string_body>& msg, const std::string& remote) {
  Request request;
  request.method = std::string(msg.method_string());
  request.target = std::string(msg.target());
  request.remote_address = remote;
  for (const auto& field : msg) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  std::string rid = request.header("x-request-id");
  request.request_id = acceptableRequestId(rid) ? rid : newRequestId();
  request.body = std::move(msg.body());
  return request;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Router router;
  ConnectionLimits limits;
  const TrustedProxies proxies = trustedProxies();  // forwarded.h, as set before serving
  std::atomic<std::uint64_t> turned_away{0};
  const std::string too_many_answer = tooManyConnectionsAnswer();
  std::atomic<std::int64_t> last_turned_away_log{0};
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::thread_pool workers;
  std::vector<std::thread> threads;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};
  bool started = false;
  bool stopped = false;
  std::mutex mu;
  std::condition_variable cv;
  bool shutdown_requested = false;
  std::unique_ptr<asio::signal_set> signals;
  std::unique_ptr<ssl::context> tls;  // set when the server speaks HTTPS

  Impl(ServerOptions o, Router r)
      : options(std::move(o)),
        router(std::move(r)),
        limits(std::max<std::size_t>(1, options.max_connections),
               std::max<std::size_t>(1, options.max_connections_per_address)),
        ioc(std::max(1, options.io_threads)),
        acceptor(asio::make_strand(ioc)),
        workers(static_cast<std::size_t>(std::max(1, options.worker_threads))) {}

  std::chrono::seconds requestTimeout() const {
    return std::chrono::seconds(std::max(1, options.request_timeout_seconds));
  }
  std::chrono::seconds firstByteTimeout() const {
    return std::chrono::seconds(std::max(1, options.first_byte_timeout_seconds));
  }
  std::chrono::seconds idleTimeout() const {
    return std::chrono::seconds(std::max(1, options.idle_timeout_seconds));
  }

  void requestShutdown() {
    {
      std::lock_guard lock(mu);
      shutdown_requested = true;
    }
    cv.notify_all();
  }

  awaitable<void> listen() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket(asio::make_strand(ioc));
      co_await acceptor.async_accept(socket, asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (ec == asio::error::operation_aborted || stopping || !acceptor.is_open()) co_return;
        // EMFILE and friends: back off briefly instead of spinning.
        spdlog::warn("accept failed: {}", ec.message());
        asio::steady_timer timer(acceptor.get_executor(), std::chrono::milliseconds(50));
        co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
        continue;
      }
      if (stopping) {
        socket.close(ec);
        co_return;
      }
      accepted(std::move(socket));
    }
  }

  // Starts the session of a connection within the limits; turns any other away at once.
  void accepted(tcp::socket socket) {
    boost::system::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    std::string remote = ec ? std::string() : endpoint.address().to_string();
    auto slot = limits.admit(remote, !proxies.trusts(remote));
    if (!slot) {
      turnAway(socket, remote);
      return;
    }
    auto ex = socket.get_executor();
    if (tls) {
      asio::co_spawn(ex,
                     tlsSession(tls_stream(beast::tcp_stream(std::move(socket)), *tls),
                                std::move(remote), std::move(*slot)),
                     log::connectionFailed);
    } else {
      asio::co_spawn(ex,
                     plainSession(beast::tcp_stream(std::move(socket)), std::move(remote),
                                  std::move(*slot)),
                     log::connectionFailed);
    }
  }

  // Over the limits: plain HTTP gets a 503 written without waiting (what the socket buffer
  // takes); TLS would need a handshake first, so it is just closed. Logged at most once a
  // second.
  void turnAway(tcp::socket& socket, const std::string& remote) {
    turned_away.fetch_add(1, std::memory_order_relaxed);
    boost::system::error_code ec;
    if (!tls) {
      socket.non_blocking(true, ec);
      if (!ec) socket.write_some(asio::buffer(too_many_answer), ec);
      socket.shutdown(tcp::socket::shutdown_send, ec);
    }
    socket.close(ec);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::steady_clock::now().time_since_epoch())
                         .count();
    auto last = last_turned_away_log.load();
    if (now > last && last_turned_away_log.compare_exchange_strong(last, now)) {
      spdlog::warn("turned away a connection from {}: {} open (limits {} in all, {} an address)",
                   remote, limits.total(), options.max_connections,
                   options.max_connections_per_address);
    }
  }

  // Runs the router on a worker thread. Never throws.
  awaitable<Response> runHandler(Request* request) {
    co_return handle(*request);
  }

  // The handler's response, sent only once every write it registered with the request's
  // DurableBeforeSend has committed; when one failed, the error it was registered with
  // (kUnavailable: 503) instead, and the response built is dropped unsent. Never throws.
  Response handle(Request& request) {
    DurableBeforeSend barrier;
    Response response = handleUnguarded(request);
    auto durable = barrier.wait();
    if (durable) return response;
    const Error& e = durable.error();
    spdlog::error("request {} {} {}: a write it depends on failed: {}", request.request_id,
                  request.method, request.path, e.message);
    return errorFor(request, e.kind == ErrorKind::kUnavailable ? 503 : 500, e.rule, e.message);
  }

  Response handleUnguarded(Request& request) {
    try {
      return router.dispatch(request);
    } catch (const std::exception& e) {
      spdlog::error("request {} {} {} failed: {}", request.request_id, request.method,
                    request.path, e.what());
    } catch (...) {
      spdlog::error("request {} {} {} failed: unknown exception", request.request_id,
                    request.method, request.path);
    }
    return errorFor(request, 500, "internal", "Something went wrong on our side. Quote "
                    "request id " + request.request_id + " if you report it.");
  }

  Response errorFor(const Request& request, int status, std::string_view rule,
                    const std::string& message) {
    try {
      return router.error(request, status, "", rule, message);
    } catch (...) {
      Response r;
      r.status = status;
      r.body = R"({"error":{"rule":"internal","message":"internal error"}})";
      return r;
    }
  }

  // The handler's response, from a worker thread, logged with its time and the TCP peer.
  awaitable<Response> dispatch(Request& request, const std::string& peer) {
    Response response;
    auto start = std::chrono::steady_clock::now();
    try {
      response =
          co_await asio::co_spawn(workers.get_executor(), runHandler(&request), use_awaitable);
    } catch (...) {
      response = handle(request);  // unreachable in practice: runHandler never throws
    }
    const double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    if (options.observe) options.observe(request, response, ms / 1000.0);
    log::request(request, peer, response.status, ms);
    co_return response;
  }

  bhttp::response<bhttp::string_body> toBeast(const Response& r, unsigned version,
                                               bool keep_alive,
                                               const std::string& request_id) const {
    bhttp::response<bhttp::string_body> res;
    res.version(version);
    res.result(static_cast<unsigned>(r.status));
    res.set(bhttp::field::server, "charter");
    if (!r.content_type.empty() && safeHeaderValue(r.content_type)) {
      res.set(bhttp::field::content_type, r.content_type);
    }
    if (!request_id.empty()) res.set("X-Request-Id", request_id);
    for (const auto& [name, value] : r.headers) {
      if (name.empty() || !safeHeaderValue(name) || !safeHeaderValue(value)) continue;
      res.set(name, value);
    }
    // Security headers, unless the handler chose its own value for one.
    for (const auto& [name, value] : securityHeaders(tls != nullptr)) {
      if (res.find(name) == res.end()) res.set(name, value);
    }
    res.keep_alive(keep_alive);
    res.body() = r.body;
    res.prepare_payload();
    return res;
  }

  // The answer to a request that could not be read: 413, 431 or 400.
  Response readError(const boost::system::error_code& ec, const std::string& remote,
                     std::size_t body_limit, const Request& request) const {
    if (ec == bhttp::error::body_limit) {
      return router.error(request, 413, "body", "too-large",
                          fmt::format("The request body is larger than {} bytes.", body_limit));
    }
    if (ec == bhttp::error::header_limit) {
      return router.error(request, 431, "headers", "too-large", fmt::format(
          "The request headers are larger than {} bytes.", options.header_limit));
    }
    spdlog::debug("bad request from {}: {}", remote, ec.message());
    return router.error(request, 400, "request", "malformed",
                        "The HTTP request could not be parsed: " + ec.message());
  }

  // Writes an error response and closes the connection, draining what the client is still
  // sending for a moment so it reads our answer instead of a reset.
  template <class Stream>
  awaitable<void> failAndClose(Stream& stream, Response response, unsigned version,
                               const std::string& request_id) {
    boost::system::error_code ec;
    auto res = toBeast(response, version == 10 ? 10 : 11, false, request_id);
    beast::get_lowest_layer(stream).expires_after(requestTimeout());
    co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
    co_await lingeringClose(stream);
  }

  // TLS: send close_notify and wait (briefly) for the client's.
  awaitable<void> lingeringClose(tls_stream& stream) {
    boost::system::error_code ec;
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ec));
    beast::get_lowest_layer(stream).socket().close(ec);
  }

  awaitable<void> lingeringClose(beast::tcp_stream& stream) {
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(std::chrono::seconds(2));
    std::array<char, 16 * 1024> scratch;
    std::size_t drained = 0;
    while (!ec && drained < 64 * 1024 * 1024) {
      std::size_t n = co_await stream.async_read_some(asio::buffer(scratch),
                                                      asio::redirect_error(use_awaitable, ec));
      drained += n;
    }
    stream.socket().close(ec);
  }

  // The end of a connection that answered everything it read.
  awaitable<void> finish(tls_stream& stream) { co_await lingeringClose(stream); }
  awaitable<void> finish(beast::tcp_stream& stream) {
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.socket().close(ec);
    co_return;
  }

  // An HTTPS connection: the handshake (under the first-byte timeout), then HTTP as usual.
  awaitable<void> tlsSession(tls_stream stream, std::string remote, ConnectionLimits::Slot) {
    boost::system::error_code ec;
    beast::get_lowest_layer(stream).expires_after(firstByteTimeout());
    co_await stream.async_handshake(ssl::stream_base::server,
                                    asio::redirect_error(use_awaitable, ec));
    if (ec) {
      spdlog::debug("TLS handshake failed: {}", ec.message());
      beast::get_lowest_layer(stream).socket().close(ec);
      co_return;
    }
    co_await serveHttp(stream, remote);
  }

  awaitable<void> plainSession(beast::tcp_stream stream, std::string remote,
                               ConnectionLimits::Slot) {
    co_await serveHttp(stream, remote);
  }

  // The body limit of the request whose start line is `head` (ServerOptions::is_upload).
  template <class Head>
  std::size_t bodyLimitFor(const Head& head) const {
    const auto method = head.method_string();
    const auto target = head.target();
    const bool upload = options.is_upload(std::string_view(method.data(), method.size()),
                                          std::string_view(target.data(), target.size()));
    return upload ? options.upload_body_limit : options.body_limit;
  }

  // Reads one request into `parser`. Its first byte must come within `wait` (the first-byte
  // timeout on a new connection, the idle timeout on a kept-alive one); from then on the whole
  // request (headers, body) has the request timeout: one deadline, not renewed per read, so a
  // trickle of bytes (slowloris) cannot hold a connection beyond it.
  template <class Stream>
  awaitable<boost::system::error_code> readRequest(Stream& stream, beast::flat_buffer& buffer,
                                                   Parser& parser, std::chrono::seconds wait,
                                                   std::size_t& read_limit) {
    boost::system::error_code ec;
    auto& lowest = beast::get_lowest_layer(stream);
    if (buffer.size() == 0) {
      lowest.expires_after(wait);
      std::size_t n = co_await stream.async_read_some(buffer.prepare(4096),
                                                      asio::redirect_error(use_awaitable, ec));
      if (ec) co_return ec;
      buffer.commit(n);
    }
    lowest.expires_after(requestTimeout());
    co_await bhttp::async_read_header(stream, buffer, parser,
                                      asio::redirect_error(use_awaitable, ec));
    // The start line is read even when a too-long Content-Length stopped the headers.
    if (options.is_upload) read_limit = bodyLimitFor(parser.get());
    if (ec) co_return ec;
    parser.body_limit(read_limit);
    auto length = parser.content_length();
    if (length && *length > read_limit) co_return boost::system::error_code(bhttp::error::body_limit);
    auto expect = parser.get()[bhttp::field::expect];
    if (!expect.empty() && beast::iequals(expect, "100-continue") && !parser.is_done()) {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
      co_await bhttp::async_write(stream, cont, asio::redirect_error(use_awaitable, ec));
      if (ec) co_return ec;
    }
    co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    co_return ec;
  }

  // Serves requests on one connection until the client closes it, a request asks to close,
  // a timeout passes or the server stops.
  template <class Stream>
  awaitable<void> serveHttp(Stream& stream, const std::string& remote) {
    boost::system::error_code ec;
    auto& lowest = beast::get_lowest_layer(stream);
    lowest.socket().set_option(tcp::no_delay(true), ec);
    beast::flat_buffer buffer;
    auto wait = firstByteTimeout();
    while (!stopping) {
      Parser parser;
      // The larger limit until the start line says which request this is (readRequest).
      parser.body_limit(std::max(options.body_limit, options.upload_body_limit));
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      std::size_t read_limit = options.body_limit;
      ec = co_await readRequest(stream, buffer, parser, wait, read_limit);
      wait = idleTimeout();
      if (ec && clientGone(ec)) break;
      if (ec) {
        Request partial{.target = std::string(parser.get().target())};  // a page or the API?
        if (parseTarget(partial)) partial.path.clear();
        co_await failAndClose(stream, readError(ec, remote, read_limit, partial), 11, newRequestId());
        co_return;
      }
      auto& msg = parser.get();
      const unsigned version = msg.version() == 10 ? 10 : 11;
      Request request = toRequest(msg, remote);
      const std::string scheme = proxies.apply(request, remote, tls != nullptr);
      // A request we could not make sense of closes the connection.
      std::optional<Response> bad = parseTarget(request);
      bool keep_alive = msg.keep_alive() && !bad && !stopping;
      ++in_flight;
      Response response;
      if (bad) {
        response = std::move(*bad);
      } else {
        response = co_await dispatch(request, remote);
      }
      secureOverHttps(scheme, response);
      if (stopping || draining()) keep_alive = false;
      auto res = toBeast(response, version, keep_alive, request.request_id);
      if (request.method == "HEAD") res.body().clear();
      lowest.expires_after(requestTimeout());
      co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
      --in_flight;
      if (ec) break;
      if (!keep_alive) {
        co_await lingeringClose(stream);
        co_return;
      }
    }
    co_await finish(stream);
  }
};

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() {
  try {
    stop();
  } catch (...) {
  }
}

std::uint16_t Server::start() {
  Impl& s = *impl_;
  if (s.started) return s.acceptor.local_endpoint().port();
  boost::system::error_code ec;
  auto address = asio::ip::make_address(s.options.address, ec);
  if (ec) throw std::runtime_error("invalid listen address '" + s.options.address + "'");
  if (s.options.tls()) s.tls = makeTlsContext(s.options);
  tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{}: {}", s.options.address,
                                         s.options.port, ec.message()));
  }
  std::uint16_t port = s.acceptor.local_endpoint().port();
  s.started = true;
  s.work.emplace(s.ioc.get_executor());
  asio::co_spawn(s.acceptor.get_executor(), s.listen(), [](std::exception_ptr e) {
    if (e) spdlog::error("the listener stopped unexpectedly");
  });
  int n = std::max(1, s.options.io_threads);
  for (int i = 0; i < n; ++i) {
    s.threads.emplace_back([&s] {
      for (;;) {
        try {
          s.ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("I/O thread caught: {}", e.what());
        } catch (...) {
          spdlog::error("I/O thread caught an unknown exception");
        }
      }
    });
  }
  return port;
}

void Server::stop() {
  Impl& s = *impl_;
  if (!s.started || s.stopped) {
    s.requestShutdown();
    return;
  }
  s.stopped = true;
  s.stopping = true;
  // Stop accepting.
  std::promise<void> closed;
  asio::post(s.acceptor.get_executor(), [&s, &closed] {
    boost::system::error_code ec;
    s.acceptor.cancel(ec);
    s.acceptor.close(ec);
    closed.set_value();
  });
  closed.get_future().wait_for(std::chrono::seconds(5));
  if (s.signals) {
    asio::post(s.ioc, [sig = s.signals.get()] {
      boost::system::error_code ec;
      sig->cancel(ec);
    });
  }
  // Let requests already being handled finish (bounded).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (s.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  s.work.reset();
  s.ioc.stop();
  for (auto& t : s.threads) {
    if (t.joinable()) t.join();
  }
  s.workers.join();
  s.requestShutdown();
}

std::size_t Server::openConnections() const { return impl_->limits.total(); }

std::uint64_t Server::turnedAway() const { return impl_->turned_away.load(); }

void Server::waitForShutdownSignal() {
  Impl& s = *impl_;
  if (!s.signals) {
    s.signals = std::make_unique<asio::signal_set>(s.ioc, SIGINT, SIGTERM);
    s.signals->async_wait([&s](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      spdlog::info("signal {} received, shutting down", signo);
      s.requestShutdown();
    });
  }
  std::unique_lock lock(s.mu);
  s.cv.wait(lock, [&s] { return s.shutdown_requested; });
}

}  // namespace charter::http
