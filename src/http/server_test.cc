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

#include "http/server_test_client.h"
namespace charter::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

using namespace test_client;


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

}  // namespace
}  // namespace charter::http
