// Metrics: what `charter serve` tells an operator's Prometheus, in the text exposition format
// (version 0.0.4), through prometheus-cpp's registry and serializer.
//
//   http::Metrics metrics;
//   options.observe = metrics.observer();            // every request the server answers
//   metrics.addCallback("charter_writer_queued", "Writes waiting.", Metrics::Kind::kGauge,
//                       [&] { return std::vector<Metrics::Sample>{{{}, queued()}}; });
//   metrics.addRoute(metrics_router);                 // GET /metrics
//
// Built in: charter_http_requests_total{route,method,status} and
// charter_http_request_duration_seconds{route,method} (a histogram from 1 ms to 10 s). The
// route label is the router's pattern ("/api/v1/cases/{id}"), "unmatched" when none matched,
// so the labels stay few whatever paths clients send.
//
// Callbacks run at each scrape, on the scraping thread; they must be thread-safe and cheap
// (or cache). Cost of observe(): two map look-ups under prometheus-cpp's family lock and a few
// atomic adds. Thread-safe throughout.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "http/server.h"

namespace charter::http {

class Metrics {
 public:
  enum class Kind { kGauge, kCounter };
  struct Sample {
    std::vector<std::pair<std::string, std::string>> labels;
    double value = 0;
  };

  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Counts one answered request and its time.
  void observe(const Request& request, const Response& response, double seconds);
  // observe() as a ServerOptions::observe hook (this object must outlive the server).
  std::function<void(const Request&, const Response&, double)> observer();

  // A family whose samples `read` gives at each scrape. `name` must be a valid metric name
  // (checked: std::invalid_argument otherwise).
  void addCallback(std::string name, std::string help, Kind kind,
                   std::function<std::vector<Sample>()> read);

  // Every family, in the text format.
  std::string exposition() const;

  // GET /metrics on `router`: 200 text/plain; version=0.0.4.
  void addRoute(Router& router) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace charter::http
