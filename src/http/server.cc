// The HTTP/1.1 server: Beast with Asio C++20 coroutines.
//
// One io_context run by `io_threads`; each connection is a coroutine on its own strand (so the
// tcp_stream's timeout timer and the reads/writes never race). Each request is handed to a
// worker thread_pool with co_spawn, where the handler may block; the connection coroutine
// resumes on its strand and writes the response.
//
// With a certificate the connection is a beast::ssl_stream over the tcp_stream (OpenSSL): the
// TLS handshake runs under the request timeout, then the same session code serves HTTP/1.1.
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

#include "http/server.h"

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

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Router router;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::thread_pool workers;
  std::vector<std::thread> threads;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};
  std::atomic<int> connections{0};
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
        ioc(std::max(1, options.io_threads)),
        acceptor(asio::make_strand(ioc)),
        workers(static_cast<std::size_t>(std::max(1, options.worker_threads))) {}

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
      auto ex = socket.get_executor();
      auto done = [](std::exception_ptr e) {
                       if (!e) return;
                       try {
                         std::rethrow_exception(e);
                       } catch (const std::exception& ex) {
                         spdlog::error("connection failed: {}", ex.what());
                       } catch (...) {
                         spdlog::error("connection failed: unknown exception");
                       }
                     };
      if (tls) {
        asio::co_spawn(ex, tlsSession(tls_stream(beast::tcp_stream(std::move(socket)), *tls)),
                       done);
      } else {
        asio::co_spawn(ex, plainSession(beast::tcp_stream(std::move(socket))), done);
      }
    }
  }

  // Runs the router on a worker thread. Never throws.
  awaitable<Response> runHandler(Request* request) {
    co_return handle(*request);
  }

  Response handle(Request& request) {
    try {
      return router.dispatch(request);
    } catch (const std::exception& e) {
      spdlog::error("request {} {} {} failed: {}", request.request_id, request.method,
                    request.path, e.what());
    } catch (...) {
      spdlog::error("request {} {} {} failed: unknown exception", request.request_id,
                    request.method, request.path);
    }
    try {
      return jsonError(500, "", "internal",
                       "Something went wrong on our side. Quote request id " +
                           request.request_id + " if you report it.");
    } catch (...) {
      Response r;
      r.status = 500;
      r.body = R"({"error":{"rule":"internal","message":"internal error"}})";
      return r;
    }
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

  // Writes an error response and closes the connection, draining what the client is still
  // sending for a moment so it reads our answer instead of a reset.
  template <class Stream>
  awaitable<void> failAndClose(Stream& stream, Response response, unsigned version,
                               const std::string& request_id) {
    boost::system::error_code ec;
    auto res = toBeast(response, version == 10 ? 10 : 11, false, request_id);
    beast::get_lowest_layer(stream).expires_after(
        std::chrono::seconds(std::max(1, options.request_timeout_seconds)));
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

  // An HTTPS connection: the handshake (under the request timeout), then HTTP as usual.
  awaitable<void> tlsSession(tls_stream stream) {
    boost::system::error_code ec;
    beast::get_lowest_layer(stream).expires_after(
        std::chrono::seconds(std::max(1, options.request_timeout_seconds)));
    co_await stream.async_handshake(ssl::stream_base::server,
                                    asio::redirect_error(use_awaitable, ec));
    if (ec) {
      spdlog::debug("TLS handshake failed: {}", ec.message());
      beast::get_lowest_layer(stream).socket().close(ec);
      co_return;
    }
    co_await serveHttp(stream);
  }

  awaitable<void> plainSession(beast::tcp_stream stream) { co_await serveHttp(stream); }

  template <class Stream>
  awaitable<void> serveHttp(Stream& stream) {
    ++connections;
    struct Guard {
      std::atomic<int>& n;
      ~Guard() { --n; }
    } guard{connections};

    boost::system::error_code ec;
    std::string remote;
    auto& socket = beast::get_lowest_layer(stream).socket();
    auto& lowest = beast::get_lowest_layer(stream);
    {
      auto ep = socket.remote_endpoint(ec);
      if (!ec) remote = ep.address().to_string();
      ec = {};
    }
    socket.set_option(tcp::no_delay(true), ec);
    ec = {};
    beast::flat_buffer buffer;
    const auto request_timeout =
        std::chrono::seconds(std::max(1, options.request_timeout_seconds));

    for (;;) {
      if (stopping) break;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(options.body_limit);
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));

      // Waiting for the next request on a kept-alive connection: the idle timeout, until its
      // first bytes arrive. From then on the whole request (headers, body) has the request
      // timeout: one deadline, not renewed per read, so a trickle of bytes cannot keep a
      // connection (slowloris) beyond it.
      if (buffer.size() == 0) {
        lowest.expires_after(std::chrono::seconds(std::max(1, options.idle_timeout_seconds)));
        std::size_t n = co_await stream.async_read_some(
            buffer.prepare(4096), asio::redirect_error(use_awaitable, ec));
        if (!ec) buffer.commit(n);
      }
      if (!ec) {
        lowest.expires_after(request_timeout);
        co_await bhttp::async_read_header(stream, buffer, parser,
                                          asio::redirect_error(use_awaitable, ec));
      }
      if (!ec) {
        auto& hdr = parser.get();
        auto expect = hdr[bhttp::field::expect];
        if (!expect.empty() && beast::iequals(expect, "100-continue") && !parser.is_done()) {
          bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
          co_await bhttp::async_write(stream, cont, asio::redirect_error(use_awaitable, ec));
          if (ec) break;
        }
        co_await bhttp::async_read(stream, buffer, parser,
                                   asio::redirect_error(use_awaitable, ec));
      }
      if (ec) {
        if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
            ec == asio::error::connection_reset || ec == beast::error::timeout ||
            ec == asio::error::operation_aborted || ec == asio::error::broken_pipe ||
            ec.category() == asio::error::get_ssl_category() ||
            ec == asio::ssl::error::stream_truncated) {
          // The client went away, or was too slow: nothing useful to answer.
          break;
        }
        std::string rid = newRequestId();
        if (ec == bhttp::error::body_limit) {
          co_await failAndClose(
              stream,
              jsonError(413, "body", "too-large",
                        fmt::format("The request body is larger than {} bytes.",
                                    options.body_limit)),
              11, rid);
        } else if (ec == bhttp::error::header_limit) {
          co_await failAndClose(
              stream,
              jsonError(431, "headers", "too-large",
                        fmt::format("The request headers are larger than {} bytes.",
                                    options.header_limit)),
              11, rid);
        } else {
          spdlog::debug("bad request from {}: {}", remote, ec.message());
          co_await failAndClose(stream,
                                jsonError(400, "request", "malformed",
                                          "The HTTP request could not be parsed: " + ec.message()),
                                11, rid);
        }
        co_return;
      }

      auto& msg = parser.get();
      const unsigned version = msg.version();
      bool keep_alive = msg.keep_alive();

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

      Response response;
      bool have_response = false;
      if (auto bad = parseTarget(request)) {
        response = std::move(*bad);
        have_response = true;
      }

      ++in_flight;
      if (!have_response) {
        auto start = std::chrono::steady_clock::now();
        try {
          response = co_await asio::co_spawn(workers.get_executor(), runHandler(&request),
                                             use_awaitable);
        } catch (...) {
          response = handle(request);  // unreachable in practice: runHandler never throws
        }
        auto ms = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count() /
                  1000.0;
        if (response.status >= 500) {
          spdlog::warn("{} {} {} -> {} ({:.1f} ms) request id {}", remote, request.method,
                       request.target, response.status, ms, request.request_id);
        } else {
          spdlog::debug("{} {} {} -> {} ({:.1f} ms) request id {}", remote, request.method,
                        request.target, response.status, ms, request.request_id);
        }
      }
      if (stopping) keep_alive = false;
      // A request we could not make sense of closes the connection.
      if (response.status == 400 && have_response) keep_alive = false;

      auto res = toBeast(response, version == 10 ? 10 : 11, keep_alive, request.request_id);
      if (request.method == "HEAD") res.body().clear();
      lowest.expires_after(request_timeout);
      co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
      --in_flight;
      if (ec) break;
      if (!keep_alive) {
        co_await lingeringClose(stream);
        co_return;
      }
    }
    if constexpr (std::is_same_v<Stream, tls_stream>) {
      co_await lingeringClose(stream);
    } else {
      socket.shutdown(tcp::socket::shutdown_both, ec);
      socket.close(ec);
    }
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
  if (s.options.tls()) {
    if (s.options.tls_cert_file.empty() || s.options.tls_key_file.empty()) {
      throw std::runtime_error("TLS needs both a certificate file and a key file");
    }
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    // TLS 1.2 and 1.3 only; no compression or renegotiation.
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                     ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                     ssl::context::single_dh_use);
    boost::system::error_code tec;
    ctx->use_certificate_chain_file(s.options.tls_cert_file, tec);
    if (tec) {
      throw std::runtime_error(fmt::format("cannot load the TLS certificate {}: {}",
                                           s.options.tls_cert_file, tec.message()));
    }
    ctx->use_private_key_file(s.options.tls_key_file, ssl::context::pem, tec);
    if (tec) {
      throw std::runtime_error(fmt::format("cannot load the TLS key {}: {}",
                                           s.options.tls_key_file, tec.message()));
    }
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
      throw std::runtime_error("the TLS key does not match the certificate");
    }
    s.tls = std::move(ctx);
  }
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
