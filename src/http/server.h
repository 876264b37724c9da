// A small HTTP/1.1 server on Boost.Beast with a router, request limits and timeouts, security
// headers on every response, and TLS when given a certificate.
//
// Connections are handled by Asio coroutines on a few I/O threads; each handler runs on a
// separate bounded worker pool, so a handler may block (on the database writer's group
// commit) without stalling other connections. Beast stays inside src/http/*.cc.
//
// A handler that throws is answered 500 with a request id and logged; the server stays up.
//
// Durable before send: each handler runs inside a DurableBeforeSend (util/durable_before_send.h)
// opened on its worker thread. A handler may register writes it has handed to a writer without
// waiting for them (the view log of a case it shows); after the handler has built its response
// and before a byte of it is written, the server waits for every one of them. When one failed,
// the response is dropped unsent and the error it was registered with is answered instead
// (kUnavailable: 503, JSON on an API path, the error page elsewhere). So what a handler shows
// never leaves the process before the writes it depends on are durable.
//
// Timeouts: a new connection must send its first byte (and, with TLS, finish its handshake)
// within first_byte_timeout_seconds; a kept-alive connection may then sit idle between
// requests for idle_timeout_seconds; from the first byte of a request, the whole request
// (headers and body) must arrive within request_timeout_seconds, so a client trickling bytes
// (slowloris) is cut off then.
//
// Connections: at most max_connections open in all and max_connections_per_address from one
// client address (see connection_limits.h). One more is turned away as it is accepted: a 503
// (plain HTTP) or a plain close (TLS), never queued.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace charter::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // the raw target, "/api/v1/cases?limit=10"
  std::string path;    // percent-decoded path, no query: "/api/v1/cases"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;     // names lower-cased
  std::map<std::string, std::string> params;      // path parameters from the route ("id")
  std::string route;  // the matched route's pattern ("/api/v1/cases/{id}"), "" when none
  std::string body;
  std::string request_id;
  std::string remote_address;

  std::string header(std::string_view name) const;  // "" when absent; name lower-case
  std::string queryParam(std::string_view name) const;  // first value, "" when absent
  bool hasQuery(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

using Handler = std::function<Response(const Request&)>;

// Errors for people: the page for an error the router or the server answers itself (no such
// path 404, wrong method 405, a request it could not read 400/413/431, a handler that threw
// 500), given the status and a plain-words reason. Must not throw.
using ErrorPages = std::function<Response(const Request& request, int status, std::string_view reason)>;

// True for a path the JSON API owns ("/api" and everything under "/api/"): its errors stay JSON.
bool isApiPath(std::string_view path);

// Routes: "/api/v1/cases/{id}/actions" matches a segment into params["id"].
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // 404 when no pattern matches; 405 (with Allow) when the path matches another method.
  Response dispatch(Request& request) const;
  // Every route added, in order: {method, pattern as given to add()}.
  std::vector<std::pair<std::string, std::string>> routes() const;
  // Set before the router is handed to a Server: from then on the router's and the server's
  // own errors on a path outside the API are these pages; the API's stay JSON.
  void setErrorPages(ErrorPages pages) { pages_ = std::move(pages); }
  // The answer for an error on `request`: jsonError(status, field, rule, message) for an API
  // path or when no pages are set, else the page (with `message` as its reason).
  Response error(const Request& request, int status, std::string_view field, std::string_view rule,
                 std::string_view message) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
  ErrorPages pages_;
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = an ephemeral port
  int io_threads = 2;
  int worker_threads = 64;                  // handlers that may block
  std::size_t body_limit = 1024 * 1024;     // bytes; larger bodies get 413
  // File uploads: the requests `is_upload` picks (by method and raw target, once the headers
  // are read) may carry up to upload_body_limit bytes; every other keeps body_limit, whatever
  // its Content-Length or chunks say. Must not throw.
  std::size_t upload_body_limit = 0;
  std::function<bool(std::string_view method, std::string_view target)> is_upload;
  std::size_t header_limit = 16 * 1024;
  int request_timeout_seconds = 30;         // reading one request (slow clients)
  int idle_timeout_seconds = 60;            // keep-alive idle
  int first_byte_timeout_seconds = 10;      // a new connection's first byte (TLS: handshake)
  std::size_t max_connections = 1024;       // open at once, in all
  std::size_t max_connections_per_address = 64;  // open at once from one client address
  // TLS: when both are set the server speaks HTTPS only (PEM files; the certificate file may
  // hold the chain). start() throws when they cannot be loaded.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Called on the worker thread after each request is answered, with the handler's time in
  // seconds (for metrics). Must not throw.
  std::function<void(const Request&, const Response&, double seconds)> observe;
  bool tls() const { return !tls_cert_file.empty() || !tls_key_file.empty(); }
};

// The headers every response carries unless its handler set the same header itself: a
// Content-Security-Policy without inline scripts or styles, no MIME sniffing, no framing, a
// same-origin Referrer-Policy, and Strict-Transport-Security when the server speaks TLS.
std::vector<std::pair<std::string, std::string>> securityHeaders(bool tls);
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();
  // Binds and starts serving in background threads. Returns the bound port.
  std::uint16_t start();
  // Stops accepting, finishes in-flight requests, joins threads.
  void stop();
  // Blocks until stop() is called or SIGINT/SIGTERM arrives.
  void waitForShutdownSignal();
  // Connections open now, and those turned away over the limits since start().
  std::size_t openConnections() const;
  std::uint64_t turnedAway() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A JSON error body: {"error":{"field":...,"rule":...,"message":...}}.
// The field is omitted when empty.
Response jsonError(int status, std::string_view field, std::string_view rule,
                   std::string_view message);
// A JSON body with the given status; never throws on invalid UTF-8 (replaced).
Response jsonResponse(int status, const nlohmann::json& body);
std::string dumpJson(const nlohmann::json& j, int indent = -1);

// URL helpers. percentDecode refuses a malformed escape, an encoded NUL and invalid UTF-8
// (nullopt). parseQuery decodes "a=1&b=x+y" ('+' is a space); nullopt when any part is bad.
std::optional<std::string> percentDecode(std::string_view text, bool plus_as_space = false);
std::optional<std::multimap<std::string, std::string>> parseQuery(std::string_view query);
// Fills request.path and request.query from request.target (a fragment is ignored). Answers
// the 400 to send when the target is not a path or is badly encoded.
std::optional<Response> parseTarget(Request& request);
bool validUtf8(std::string_view text);

}  // namespace charter::http
