// The server's limits with a real client: slow and silent clients cut off by the request,
// first-byte and idle timeouts; connection limits; URL decoding; static assets.
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
