// A real server on an ephemeral port, driven by a small synchronous Beast client.
#include "http/asio.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/server.h"

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

}  // namespace
}  // namespace charter::http
