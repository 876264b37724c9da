// A real server on an ephemeral port, driven by a small synchronous Beast client.
#include "http/asio.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/server.h"
#include "http/assets.h"
#include "http/connection_limits.h"

namespace charter::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

Reply call(std::uint16_t port, const std::string& method, const std::string& target,
           const std::string& body = "", const std::string& content_type = "application/json",
           std::map<std::string, std::string> extra = {}) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  if (req.method() == bhttp::verb::unknown) req.method_string(method);
  req.set(bhttp::field::host, "localhost");
  if (!body.empty()) {
    req.set(bhttp::field::content_type, content_type);
    req.body() = body;
  }
  for (auto& [k, v] : extra) req.set(k, v);
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  bhttp::read(stream, buffer, parser);
  Reply r;
  r.status = static_cast<int>(parser.get().result_int());
  r.body = parser.get().body();
  for (auto& f : parser.get()) r.headers[std::string(f.name_string())] = std::string(f.value());
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return r;
}

// Sends raw bytes and returns everything the server answers before closing.
std::string raw(std::uint16_t port, const std::string& bytes) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  asio::write(socket, asio::buffer(bytes));
  std::string out;
  std::array<char, 4096> buf;
  beast::error_code ec;
  for (;;) {
    std::size_t n = socket.read_some(asio::buffer(buf), ec);
    if (ec) break;
    out.append(buf.data(), n);
  }
  return out;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router router;
    router.add("GET", "/hello", [](const Request&) {
      return jsonResponse(200, nlohmann::json{{"hello", "world"}});
    });
    router.add("GET", "/items/{id}", [](const Request& r) {
      return jsonResponse(200, nlohmann::json{{"id", r.params.at("id")}});
    });
    router.add("POST", "/items/{id}/echo", [](const Request& r) {
      Response resp;
      resp.status = 200;
      resp.content_type = "text/plain";
      resp.body = r.body;
      return resp;
    });
    router.add("GET", "/query", [](const Request& r) {
      nlohmann::json j = nlohmann::json::object();
      for (auto& [k, v] : r.query) j[k] = v;
      j["path"] = r.path;
      j["request_id"] = r.request_id;
      return jsonResponse(200, j);
    });
    router.add("GET", "/boom", [](const Request&) -> Response {
      throw std::runtime_error("kaboom");
    });
    router.add("GET", "/boom-int", [](const Request&) -> Response { throw 42; });
    router.add("GET", "/slow", [](const Request&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      return jsonResponse(200, nlohmann::json{{"slow", true}});
    });
    ServerOptions options;
    options.port = 0;
    options.io_threads = 2;
    options.worker_threads = 8;
    options.body_limit = 1024;
    options.header_limit = 2048;
    server_ = std::make_unique<Server>(options, std::move(router));
    port_ = server_->start();
    ASSERT_NE(port_, 0);
  }
  void TearDown() override { server_->stop(); }

  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ServerTest, RoutesAndParams) {
  Reply r = call(port_, "GET", "/hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["hello"], "world");
  EXPECT_EQ(r.headers["Content-Type"], "application/json");
  EXPECT_FALSE(r.headers["X-Request-Id"].empty());

  r = call(port_, "GET", "/items/42");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["id"], "42");

  r = call(port_, "GET", "/items/a%20b");
  EXPECT_EQ(r.json()["id"], "a b");
}

TEST_F(ServerTest, UnknownRouteIs404Json) {
  Reply r = call(port_, "GET", "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.json()["error"]["rule"], "not-found");
  r = call(port_, "GET", "/items/");
  EXPECT_EQ(r.status, 404);
  r = call(port_, "GET", "/items/1/2");
  EXPECT_EQ(r.status, 404);
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  Reply r = call(port_, "DELETE", "/hello");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["Allow"], "GET");
  EXPECT_EQ(r.json()["error"]["rule"], "method-not-allowed");
  r = call(port_, "GET", "/items/1/echo");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["Allow"], "POST");
}

TEST_F(ServerTest, QueryAndPathAreDecoded) {
  Reply r = call(port_, "GET", "/query?a=1&b=x+y&c=%C3%A9&d", "", "", {{"X-Request-Id", "abc-1"}});
  ASSERT_EQ(r.status, 200);
  auto j = r.json();
  EXPECT_EQ(j["a"], "1");
  EXPECT_EQ(j["b"], "x y");
  EXPECT_EQ(j["c"], "\xC3\xA9");
  EXPECT_EQ(j["d"], "");
  EXPECT_EQ(j["request_id"], "abc-1");
  EXPECT_EQ(r.headers["X-Request-Id"], "abc-1");
}

TEST_F(ServerTest, BadEncodingsAre400) {
  for (const char* target : {"/query?a=%zz", "/query?a=%", "/query?a=%C3", "/qu%ery",
                             "/query?a=%00", "/query?%ff=1"}) {
    Reply r = call(port_, "GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.json()["error"]["rule"], "encoding") << target;
  }
  // The server still serves.
  EXPECT_EQ(call(port_, "GET", "/hello").status, 200);
}

TEST_F(ServerTest, TooBigBodyIs413) {
  Reply r = call(port_, "POST", "/items/1/echo", std::string(4096, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json()["error"]["field"], "body");
  Reply ok = call(port_, "POST", "/items/1/echo", std::string(100, 'y'));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, std::string(100, 'y'));
}

// Uploads: only the requests is_upload picks may carry up to upload_body_limit bytes; every
// other request keeps body_limit, whatever its Content-Length.
TEST(ServerUploads, OnlyUploadRequestsTakeTheLargerBodyLimit) {
  Router router;
  auto size = [](const Request& r) {
    return jsonResponse(200, nlohmann::json{{"bytes", r.body.size()}});
  };
  router.add("PUT", "/upload/{name}", size);
  router.add("PUT", "/other/{name}", size);
  ServerOptions options;
  options.body_limit = 1024;
  options.upload_body_limit = 8192;
  options.is_upload = [](std::string_view method, std::string_view target) {
    return method == "PUT" && target.starts_with("/upload/");
  };
  Server server(options, std::move(router));
  const std::uint16_t port = server.start();
  Reply up = call(port, "PUT", "/upload/a", std::string(4096, 'u'));
  EXPECT_EQ(up.status, 200);
  EXPECT_EQ(up.json()["bytes"], 4096);
  Reply too_big = call(port, "PUT", "/upload/a", std::string(9000, 'u'));
  EXPECT_EQ(too_big.status, 413);
  EXPECT_NE(too_big.json()["error"]["message"].get<std::string>().find("8192"), std::string::npos);
  Reply other = call(port, "PUT", "/other/a", std::string(4096, 'o'));
  EXPECT_EQ(other.status, 413);
  EXPECT_EQ(other.json()["error"]["rule"], "too-large");
  EXPECT_EQ(call(port, "PUT", "/other/a", std::string(1000, 'o')).status, 200);
  server.stop();
}

TEST_F(ServerTest, TooBigHeadersIs431) {
  Reply r = call(port_, "GET", "/hello", "", "", {{"X-Big", std::string(4096, 'h')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(call(port_, "GET", "/hello").status, 200);
}

TEST_F(ServerTest, ThrowingHandlerIs500AndServerKeepsServing) {
  for (int i = 0; i < 3; ++i) {
    Reply r = call(port_, "GET", "/boom");
    EXPECT_EQ(r.status, 500);
    auto j = r.json();
    EXPECT_EQ(j["error"]["rule"], "internal");
    EXPECT_NE(j["error"]["message"].get<std::string>().find(r.headers["X-Request-Id"]),
              std::string::npos);
    EXPECT_EQ(j["error"]["message"].get<std::string>().find("kaboom"), std::string::npos);
    EXPECT_EQ(call(port_, "GET", "/boom-int").status, 500);
  }
  EXPECT_EQ(call(port_, "GET", "/hello").status, 200);
}

TEST_F(ServerTest, GarbageRequestLineIs400ThenClose) {
  std::string out = raw(port_, "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_NE(out.find("400"), std::string::npos) << out;
  out = raw(port_, "GET /hello HTTP/9.9\r\n\r\n");
  EXPECT_NE(out.find("400"), std::string::npos) << out;
  out = raw(port_, "GET hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(out.find("400"), std::string::npos) << out;
  out = raw(port_, "POST /items/1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
  EXPECT_NE(out.find("400"), std::string::npos) << out;
  out = raw(port_, std::string("\x00\x01\x02\xff\r\n\r\n", 8));
  EXPECT_NE(out.find("400"), std::string::npos) << out;
  EXPECT_EQ(call(port_, "GET", "/hello").status, 200);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::string out = raw(port_,
                        "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                        "GET /items/7 HTTP/1.1\r\nHost: x\r\n\r\n"
                        "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::size_t count = 0;
  for (std::size_t p = out.find("HTTP/1.1 200"); p != std::string::npos;
       p = out.find("HTTP/1.1 200", p + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3u) << out;
}

TEST_F(ServerTest, ManyConcurrentRequests) {
  std::atomic<int> ok{0};
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        try {
          Reply r = call(port_, "GET", (i % 2) ? "/slow" : "/items/" + std::to_string(t * 100 + i));
          if (r.status == 200) {
            ++ok;
          } else {
            ++bad;
          }
        } catch (...) {
          ++bad;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 320);
  EXPECT_EQ(bad.load(), 0);
}

TEST(ServerStop, StopIsIdempotentAndFreesThePort) {
  Router router;
  router.add("GET", "/x", [](const Request&) { return jsonResponse(200, {{"x", 1}}); });
  Server server(ServerOptions{}, std::move(router));
  std::uint16_t port = server.start();
  EXPECT_EQ(call(port, "GET", "/x").status, 200);
  server.stop();
  server.stop();
  EXPECT_THROW(call(port, "GET", "/x"), std::exception);
}

TEST(ServerTimeouts, IdleConnectionIsClosed) {
  Router router;
  router.add("GET", "/x", [](const Request&) { return jsonResponse(200, {{"x", 1}}); });
  ServerOptions options;
  options.idle_timeout_seconds = 1;
  options.request_timeout_seconds = 1;
  Server server(options, std::move(router));
  std::uint16_t port = server.start();
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  // Half a request, then silence: the server gives up and closes.
  asio::write(socket, asio::buffer(std::string("GET /x HTTP/1.1\r\nHo")));
  auto start = std::chrono::steady_clock::now();
  std::array<char, 256> buf;
  beast::error_code ec;
  while (!ec) socket.read_some(asio::buffer(buf), ec);
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_LT(waited, std::chrono::seconds(5));
  EXPECT_EQ(call(port, "GET", "/x").status, 200);
}

TEST(ServerStop, FinishesInFlightRequests) {
  Router router;
  router.add("GET", "/slow", [](const Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    return jsonResponse(200, {{"slow", true}});
  });
  Server server(ServerOptions{}, std::move(router));
  std::uint16_t port = server.start();
  int status = 0;
  std::thread client([&] {
    try {
      status = call(port, "GET", "/slow").status;
    } catch (...) {
      status = -1;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.stop();
  client.join();
  EXPECT_EQ(status, 200);
}

// ---- hardening: security headers and slow clients -------------------------------------

void expectSecurityHeaders(const Reply& r, bool tls = false) {
  auto h = [&](const char* name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? std::string("<absent>") : it->second;
  };
  EXPECT_EQ(h("Content-Security-Policy"),
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
      << r.status;
  EXPECT_EQ(h("X-Content-Type-Options"), "nosniff") << r.status;
  EXPECT_EQ(h("X-Frame-Options"), "DENY") << r.status;
  EXPECT_EQ(h("Referrer-Policy"), "same-origin") << r.status;
  if (tls) {
    EXPECT_EQ(h("Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
  } else {
    EXPECT_EQ(h("Strict-Transport-Security"), "<absent>") << "HSTS only over TLS";
  }
}

// Parses the raw answer's headers (the first response only).
Reply parseRaw(const std::string& text) {
  Reply r;
  std::size_t end = text.find("\r\n\r\n");
  std::string head = text.substr(0, end);
  std::size_t pos = head.find("\r\n");
  if (head.rfind("HTTP/1.", 0) == 0 && head.size() > 12) r.status = std::stoi(head.substr(9, 3));
  while (pos != std::string::npos && pos < head.size()) {
    std::size_t next = head.find("\r\n", pos + 2);
    std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos
                                                                      : next - pos - 2);
    std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[line.substr(0, colon)] = value;
    }
    pos = next;
  }
  return r;
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  expectSecurityHeaders(call(port_, "GET", "/hello"));                    // 200
  expectSecurityHeaders(call(port_, "GET", "/nope"));                     // 404
  expectSecurityHeaders(call(port_, "DELETE", "/hello"));                 // 405
  expectSecurityHeaders(call(port_, "GET", "/boom"));                     // 500
  expectSecurityHeaders(call(port_, "GET", "/query?a=%zz"));              // 400 from the target
  expectSecurityHeaders(call(port_, "POST", "/items/1/echo", std::string(5000, 'x')));  // 413
  expectSecurityHeaders(
      call(port_, "GET", "/hello", "", "", {{"X-Big", std::string(4000, 'h')}}));  // 431
  Reply garbage = parseRaw(raw(port_, "GARBAGE\r\n\r\n"));                 // 400 from the parser
  EXPECT_EQ(garbage.status, 400);
  expectSecurityHeaders(garbage);
}

TEST(ServerHeaders, HandlerMayChooseItsOwnValueButNotDropThem) {
  Router router;
  router.add("GET", "/framed", [](const Request&) {
    Response r = jsonResponse(200, {{"x", 1}});
    r.headers.emplace_back("X-Frame-Options", "SAMEORIGIN");
    return r;
  });
  Server server(ServerOptions{}, std::move(router));
  std::uint16_t port = server.start();
  Reply r = call(port, "GET", "/framed");
  EXPECT_EQ(r.headers["X-Frame-Options"], "SAMEORIGIN");
  EXPECT_EQ(r.headers["X-Content-Type-Options"], "nosniff");
  EXPECT_FALSE(r.headers["Content-Security-Policy"].empty());
}

TEST(ServerHeaders, ListIncludesHstsOnlyForTls) {
  auto names = [](bool tls) {
    std::set<std::string> out;
    for (auto& [k, v] : securityHeaders(tls)) out.insert(k);
    return out;
  };
  EXPECT_FALSE(names(false).count("Strict-Transport-Security"));
  EXPECT_TRUE(names(true).count("Strict-Transport-Security"));
  EXPECT_TRUE(names(false).count("Content-Security-Policy"));
  EXPECT_EQ(std::string(kContentSecurityPolicy).find("unsafe-inline"), std::string::npos);
}

// Sends `bytes` one at a time, `gap` apart, until the server closes; answers how long the
// server kept the connection and what it answered.
std::pair<std::chrono::milliseconds, std::string> trickle(std::uint16_t port,
                                                          const std::string& bytes,
                                                          std::chrono::milliseconds gap) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  auto start = std::chrono::steady_clock::now();
  beast::error_code ec;
  for (char c : bytes) {
    asio::write(socket, asio::buffer(&c, 1), ec);
    if (ec) break;
    std::this_thread::sleep_for(gap);
    socket.non_blocking(true);
    std::array<char, 1> probe;
    socket.receive(asio::buffer(probe), tcp::socket::message_peek, ec);
    socket.non_blocking(false);
    if (ec != asio::error::would_block) break;  // closed (or answered): stop sending
    ec = {};
  }
  std::string out;
  std::array<char, 4096> buf;
  ec = {};
  while (!ec) {
    std::size_t n = socket.read_some(asio::buffer(buf), ec);
    out.append(buf.data(), n);
  }
  return {std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::steady_clock::now() - start),
          out};
}

class SlowClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router router;
    router.add("GET", "/x", [](const Request&) { return jsonResponse(200, {{"x", 1}}); });
    router.add("POST", "/x", [](const Request&) { return jsonResponse(200, {{"x", 1}}); });
    ServerOptions options;
    options.request_timeout_seconds = 1;  // the whole request must arrive within a second
    options.idle_timeout_seconds = 30;    // far longer: the trickle must not get this one
    server_ = std::make_unique<Server>(options, std::move(router));
    port_ = server_->start();
  }
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
};

TEST_F(SlowClientTest, HeaderTrickleIsCutOffByTheRequestTimeout) {
  // Slowloris: a byte every 100 ms, never finishing the headers (each byte arrives well within
  // any per-read timeout).
  std::string headers = "GET /x HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 40; ++i) headers += "X-Pad-" + std::to_string(i) + ": y\r\n";
  auto [held, answer] = trickle(port_, headers, std::chrono::milliseconds(100));
  EXPECT_GE(held, std::chrono::milliseconds(800));
  EXPECT_LT(held, std::chrono::milliseconds(4000)) << "kept by the idle timeout, not the request's";
  EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_EQ(call(port_, "GET", "/x").status, 200);
}

TEST_F(SlowClientTest, BodyTrickleIsCutOffByTheRequestTimeout) {
  std::string request =
      "POST /x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n"
      "\r\n";
  // The headers at once, then the body a byte every 100 ms.
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  asio::write(socket, asio::buffer(request));
  auto [held, answer] = [&] {
    auto start = std::chrono::steady_clock::now();
    beast::error_code ec;
    for (int i = 0; i < 200 && !ec; ++i) {
      char c = ' ';
      asio::write(socket, asio::buffer(&c, 1), ec);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      socket.non_blocking(true);
      std::array<char, 1> probe;
      socket.receive(asio::buffer(probe), tcp::socket::message_peek, ec);
      socket.non_blocking(false);
      if (ec == asio::error::would_block) ec = {};
      else break;
    }
    std::string out;
    std::array<char, 4096> buf;
    ec = {};
    while (!ec) {
      std::size_t n = socket.read_some(asio::buffer(buf), ec);
      out.append(buf.data(), n);
    }
    return std::make_pair(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - start),
                          out);
  }();
  EXPECT_LT(held, std::chrono::milliseconds(4000));
  EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_EQ(call(port_, "GET", "/x").status, 200);
}

TEST_F(SlowClientTest, IdleKeepAliveWaitsForTheIdleTimeoutNotTheRequestOne) {
  // A kept-alive connection with nothing in flight is not cut at the (1 s) request timeout.
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  for (int round = 0; round < 2; ++round) {
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/x", 11};
    req.set(bhttp::field::host, "x");
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200u);
    if (round == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1800));
  }
}

TEST(Url, PercentDecode) {
  EXPECT_EQ(percentDecode("a%2Fb").value(), "a/b");
  EXPECT_EQ(percentDecode("a+b", true).value(), "a b");
  EXPECT_EQ(percentDecode("a+b", false).value(), "a+b");
  EXPECT_FALSE(percentDecode("%"));
  EXPECT_FALSE(percentDecode("%4"));
  EXPECT_FALSE(percentDecode("%g0"));
  EXPECT_FALSE(percentDecode("%c3%28"));
  EXPECT_TRUE(percentDecode("%e2%82%ac"));
  EXPECT_FALSE(percentDecode("%ed%a0%80"));  // a UTF-16 surrogate
}

TEST(Url, JsonErrorShape) {
  Response r = jsonError(422, "received_at", "format", "bad date");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["field"], "received_at");
  EXPECT_EQ(j["error"]["rule"], "format");
  EXPECT_EQ(j["error"]["message"], "bad date");
  // Invalid UTF-8 never throws.
  Response bad = jsonError(422, "x", "y", "\xff\xfe");
  EXPECT_FALSE(bad.body.empty());
}

// ---- Connection limits and the first-byte timeout -------------------------------------------

TEST(ServerConnectionLimits, AdmitsUpToEachLimitAndReleasesWithTheSlot) {
  ConnectionLimits limits(3, 2);
  auto a1 = limits.admit("10.0.0.1");
  auto a2 = limits.admit("10.0.0.1");
  ASSERT_TRUE(a1 && a2);
  EXPECT_FALSE(limits.admit("10.0.0.1")) << "a third from one address";
  auto b1 = limits.admit("10.0.0.2");
  ASSERT_TRUE(b1);
  EXPECT_FALSE(limits.admit("10.0.0.3")) << "a fourth in all";
  EXPECT_EQ(limits.total(), 3u);
  a1.reset();
  EXPECT_EQ(limits.from("10.0.0.1"), 1u);
  auto c1 = limits.admit("10.0.0.3");
  EXPECT_TRUE(c1);
  auto moved = std::move(*b1);
  b1.reset();  // a moved-from slot releases nothing
  EXPECT_EQ(limits.from("10.0.0.2"), 1u);
  { auto gone = std::move(moved); }
  EXPECT_EQ(limits.from("10.0.0.2"), 0u);
  EXPECT_EQ(limits.total(), 2u);
}

// Connects and waits for the server to answer or close; what it sent ("" when it kept the
// connection open past `wait`).
std::string firstAnswer(tcp::socket& socket, std::chrono::milliseconds wait) {
  std::string out;
  std::array<char, 4096> buf;
  auto deadline = std::chrono::steady_clock::now() + wait;
  socket.non_blocking(true);
  while (std::chrono::steady_clock::now() < deadline) {
    beast::error_code ec;
    std::size_t n = socket.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    out.append(buf.data(), n);
    if (ec) return out.empty() ? "closed" : out;
  }
  return out;
}

TEST(ServerConnectionLimits, OneConnectionOverTheLimitIsAnswered503AtOnce) {
  Router router;
  router.add("GET", "/x", [](const Request&) { return jsonResponse(200, {{"x", 1}}); });
  ServerOptions options;
  options.max_connections_per_address = 3;
  Server server(options, std::move(router));
  std::uint16_t port = server.start();
  asio::io_context ioc;
  std::vector<std::unique_ptr<tcp::socket>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<tcp::socket>(ioc));
    held.back()->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // all three accepted
  tcp::socket extra(ioc);
  extra.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  std::string answer = firstAnswer(extra, std::chrono::milliseconds(3000));
  EXPECT_NE(answer, "") << "the fourth connection was held open";
  if (answer != "closed") {
    EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
    EXPECT_NE(answer.find("\"too-many\""), std::string::npos) << answer;
  }
  // The held ones still work; once one closes there is room again.
  held[0]->close();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(call(port, "GET", "/x").status, 200);
}

TEST(ServerTimeouts, SilentNewConnectionIsClosedAtTheFirstByteTimeout) {
  Router router;
  router.add("GET", "/x", [](const Request&) { return jsonResponse(200, {{"x", 1}}); });
  ServerOptions options;
  options.first_byte_timeout_seconds = 1;
  options.idle_timeout_seconds = 30;
  options.request_timeout_seconds = 30;
  Server server(options, std::move(router));
  std::uint16_t port = server.start();
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(firstAnswer(socket, std::chrono::milliseconds(5000)), "closed");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(3000));

  // A kept-alive connection, once it has sent a request, waits for the (longer) idle timeout.
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  for (int round = 0; round < 2; ++round) {
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/x", 11};
    req.set(bhttp::field::host, "x");
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200u);
    if (round == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1800));
  }
}

// ---- Static assets ----------------------------------------------------------------------------

class ServerAssets : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = std::filesystem::temp_directory_path() /
            ("charter-assets-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(base_);
    root_ = base_ / "assets";
    std::filesystem::create_directories(root_ / "fonts");
    std::ofstream(root_ / "app.css") << "body{}";
    std::ofstream(root_ / "fonts" / "a.woff2") << "font";
    std::ofstream(base_ / "secret.txt") << "secret";
    std::filesystem::create_symlink(base_ / "secret.txt", root_ / "link.css");
  }
  void TearDown() override { std::filesystem::remove_all(base_); }
  std::filesystem::path base_, root_;
};

TEST_F(ServerAssets, RegularFilesAreServedWithTheirType) {
  Response css = serveAsset(root_, "", "app.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.body, "body{}");
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  Response font = serveAsset(root_, "fonts", "a.woff2");
  EXPECT_EQ(font.status, 200);
  EXPECT_EQ(font.content_type, "font/woff2");
}

TEST_F(ServerAssets, FoldersMissingFilesAndEscapesAre404) {
  for (auto [dir, file] : std::vector<std::pair<std::string, std::string>>{
           {"", "fonts"},           // a folder: 404, not an empty 200
           {"fonts", "."},          // the folder itself
           {"", "missing.css"},
           {"..", "secret.txt"},
           {"", "..%2fsecret.txt"},
           {"fonts", "../../secret.txt"},
           {"", "link.css"},        // a link out of the folder
           {"", ""},
           {"", ".hidden"}}) {
    Response r = serveAsset(root_, dir, file);
    EXPECT_EQ(r.status, 404) << dir << "/" << file;
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
  }
}

}  // namespace
}  // namespace charter::http
