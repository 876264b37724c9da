// A small synchronous Beast client for the server tests (server_test.cc,
// server_timeouts_test.cc): one request, or raw bytes, to a server on 127.0.0.1.
#pragma once

#include "http/asio.h"

#include <cstdint>
#include <map>
#include <string>

namespace charter::http::test_client {

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

inline Reply call(std::uint16_t port, const std::string& method, const std::string& target,
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
inline std::string raw(std::uint16_t port, const std::string& bytes) {
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

}  // namespace charter::http::test_client
