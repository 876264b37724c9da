// Behind a proxy (forwarded.h): the address rules on hand-made requests, then a real server on
// 127.0.0.1 that believes X-Forwarded-* only when 127.0.0.1 is trusted, sets Secure on cookies
// over a forwarded https only, exempts the proxy from the per-address connection limit, and
// closes every connection once draining.
#include "http/forwarded.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

#include "http/browser.h"
#include "http/server_test_client.h"

namespace charter::http {
namespace {

using namespace test_client;

Request with(std::map<std::string, std::string> headers) {
  Request r;
  r.headers = std::move(headers);
  r.headers.emplace("host", "charter.internal:8080");
  return r;
}

TEST(TrustedProxies, AddressesAndNetworks) {
  TrustedProxies p({"127.0.0.1", "10.0.0.0/8", "fd00::/8", "192.168.1.128/25"});
  EXPECT_TRUE(p.trusts("127.0.0.1"));
  EXPECT_FALSE(p.trusts("127.0.0.2"));
  EXPECT_TRUE(p.trusts("10.200.3.4"));
  EXPECT_FALSE(p.trusts("11.0.0.1"));
  EXPECT_TRUE(p.trusts("192.168.1.200"));
  EXPECT_FALSE(p.trusts("192.168.1.100"));
  EXPECT_TRUE(p.trusts("fd12::1"));
  EXPECT_FALSE(p.trusts("fe80::1"));
  EXPECT_TRUE(p.trusts("::ffff:10.1.1.1"));  // IPv4-mapped counts as IPv4
  EXPECT_FALSE(p.trusts("not an address"));
  EXPECT_FALSE(TrustedProxies().trusts("127.0.0.1"));
  EXPECT_TRUE(TrustedProxies().empty());
}

TEST(TrustedProxies, BadSpecsAreNamed) {
  for (const char* bad : {"", "localhost", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::/129",
                          "1.2.3.4/8/8", "1.2.3"}) {
    EXPECT_NE(TrustedProxies::check(bad), "") << bad;
    EXPECT_THROW(TrustedProxies({bad}), std::invalid_argument) << bad;
  }
  EXPECT_EQ(TrustedProxies::check("::1"), "");
  EXPECT_EQ(TrustedProxies::check("0.0.0.0/0"), "");
  EXPECT_NE(TrustedProxies::check("nginx").find("'nginx'"), std::string::npos);
}

TEST(TrustedProxies, ATrustedPeerForwardsClientSchemeAndHost) {
  TrustedProxies p({"127.0.0.1", "10.0.0.0/8"});
  auto r = with({{"x-forwarded-for", "198.51.100.9, 203.0.113.7, 10.0.0.2"},
                 {"x-forwarded-proto", "HTTPS"},
                 {"x-forwarded-host", "charter.example"}});
  EXPECT_EQ(p.apply(r, "127.0.0.1", false), "https");
  EXPECT_EQ(r.remote_address, "203.0.113.7");  // right-most untrusted: what the proxy saw
  EXPECT_EQ(r.header("host"), "charter.example");
}

TEST(TrustedProxies, AnUntrustedPeerIsTakenAsItIs) {
  TrustedProxies p({"10.0.0.0/8"});
  auto r = with({{"x-forwarded-for", "10.9.9.9"},
                 {"x-forwarded-proto", "https"},
                 {"x-forwarded-host", "evil.example"}});
  EXPECT_EQ(p.apply(r, "198.51.100.1", false), "http");
  EXPECT_EQ(r.remote_address, "198.51.100.1");
  EXPECT_EQ(r.header("host"), "charter.internal:8080");
  auto tls = with({{"x-forwarded-proto", "http"}});
  EXPECT_EQ(p.apply(tls, "198.51.100.1", true), "https");  // its own TLS, whatever it says
}

TEST(TrustedProxies, OddHeadersFallBackToTheNearestTrustedHop) {
  TrustedProxies p({"127.0.0.1", "10.0.0.0/8"});
  auto garbage = with({{"x-forwarded-for", "unknown, 10.0.0.3"},
                       {"x-forwarded-proto", "gopher"},
                       {"x-forwarded-host", "bad host/../"}});
  EXPECT_EQ(p.apply(garbage, "127.0.0.1", false), "http");
  EXPECT_EQ(garbage.remote_address, "10.0.0.3");
  EXPECT_EQ(garbage.header("host"), "charter.internal:8080");
  auto none = with({});
  p.apply(none, "127.0.0.1", false);
  EXPECT_EQ(none.remote_address, "127.0.0.1");
  auto all_trusted = with({{"x-forwarded-for", "10.0.0.9, 10.0.0.3"}});
  p.apply(all_trusted, "127.0.0.1", false);
  EXPECT_EQ(all_trusted.remote_address, "10.0.0.9");
  auto several = with({{"x-forwarded-proto", "http, https"}});
  EXPECT_EQ(p.apply(several, "127.0.0.1", false), "https");  // the last proxy's word
}

TEST(TrustedProxies, SecureCookiesOverAForwardedHttps) {
  Response plain;
  plain.headers = {{"Set-Cookie", "a=1; Path=/; HttpOnly"}, {"Set-Cookie", "b=2; Secure"}};
  Response over_https = plain;
  secureOverHttps("http", plain);
  EXPECT_EQ(plain.headers[0].second, "a=1; Path=/; HttpOnly");
  secureOverHttps("https", over_https);
  EXPECT_EQ(over_https.headers[0].second, "a=1; Path=/; HttpOnly; Secure");
  EXPECT_EQ(over_https.headers[1].second, "b=2; Secure");  // not twice
}

// A server whose routes echo what they were told about the client.
std::unique_ptr<Server> echoServer(std::vector<std::string> trusted, std::uint16_t& port,
                                   std::size_t per_address = 64) {
  Router router;
  router.add("GET", "/who", [](const Request& r) {
    return jsonResponse(200, nlohmann::json{{"remote", r.remote_address}, {"host", r.header("host")}});
  });
  router.add("POST", "/cookie", [](const Request&) {
    Response resp = jsonResponse(200, nlohmann::json::object());
    resp.headers.emplace_back("Set-Cookie", sessionCookie("t"));
    return resp;
  });
  setTrustedProxies(TrustedProxies(trusted));  // read as the server is made
  ServerOptions options;
  options.worker_threads = 2;
  options.max_connections_per_address = per_address;
  auto server = std::make_unique<Server>(options, std::move(router));
  setTrustedProxies(TrustedProxies());
  port = server->start();
  return server;
}

TEST(TrustedProxiesServer, BelievedOnlyFromATrustedPeer) {
  const std::map<std::string, std::string> forwarded = {
      {"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "https"},
      {"X-Forwarded-Host", "charter.example"}, {"Origin", "https://charter.example"}};
  std::uint16_t port = 0;
  auto trusted = echoServer({"127.0.0.1"}, port);
  auto who = call(port, "GET", "/who", "", "", forwarded).json();
  EXPECT_EQ(who["remote"], "203.0.113.7");
  EXPECT_EQ(who["host"], "charter.example");
  auto cookie = call(port, "POST", "/cookie", "{}", "application/json", forwarded);
  EXPECT_EQ(cookie.status, 200) << cookie.body;  // same origin once X-Forwarded-Host is read
  EXPECT_NE(cookie.headers["Set-Cookie"].find("; Secure"), std::string::npos);
  trusted->stop();

  auto untrusted = echoServer({"10.0.0.0/8"}, port);
  who = call(port, "GET", "/who", "", "", forwarded).json();
  EXPECT_EQ(who["remote"], "127.0.0.1");
  EXPECT_EQ(who["host"], "localhost");
  cookie = call(port, "POST", "/cookie", "{}", "application/json", forwarded);
  EXPECT_EQ(cookie.status, 403);  // Origin charter.example is not Host localhost
  auto plain = call(port, "POST", "/cookie", "{}", "application/json",
                    {{"X-Forwarded-Proto", "https"}});
  EXPECT_EQ(plain.headers["Set-Cookie"].find("Secure"), std::string::npos);
  untrusted->stop();
}

// Opens `n` connections and sends a request on each; answers how many got a 200.
int answeredOnOpenConnections(std::uint16_t port, int n) {
  asio::io_context ioc;
  std::vector<std::unique_ptr<beast::tcp_stream>> streams;
  int ok = 0;
  for (int i = 0; i < n; ++i) {
    auto s = std::make_unique<beast::tcp_stream>(ioc);
    s->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/who", 11};
    req.set(bhttp::field::host, "localhost");
    beast::error_code ec;
    bhttp::write(*s, req, ec);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(*s, buffer, res, ec);
    if (!ec && res.result_int() == 200) ++ok;
    streams.push_back(std::move(s));  // held open
  }
  return ok;
}

TEST(TrustedProxiesServer, ATrustedProxyIsNotHeldToThePerAddressLimit) {
  std::uint16_t port = 0;
  auto limited = echoServer({}, port, 2);
  EXPECT_EQ(answeredOnOpenConnections(port, 4), 2);
  limited->stop();
  auto proxied = echoServer({"127.0.0.1"}, port, 2);
  EXPECT_EQ(answeredOnOpenConnections(port, 4), 4);
  proxied->stop();
}

TEST(TrustedProxiesServer, DrainingClosesEveryConnectionAfterItsAnswer) {
  std::uint16_t port = 0;
  auto server = echoServer({}, port);
  EXPECT_FALSE(draining());
  auto before = call(port, "GET", "/who");
  EXPECT_EQ(before.headers.count("Connection"), 0u);  // HTTP/1.1 keep-alive by default
  setDraining(true);
  auto during = call(port, "GET", "/who");
  setDraining(false);
  EXPECT_EQ(during.status, 200);  // still answering
  EXPECT_EQ(during.headers["Connection"], "close");
  server->stop();
}

}  // namespace
}  // namespace charter::http
