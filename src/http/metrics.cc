#include "http/metrics.h"

#include <mutex>
#include <stdexcept>

#include <prometheus/check_names.h>
#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace charter::http {
namespace {

// The families the composition root computes at each scrape.
class Callbacks final : public prometheus::Collectable {
 public:
  struct Family {
    std::string name, help;
    Metrics::Kind kind;
    std::function<std::vector<Metrics::Sample>()> read;
  };

  void add(Family f) {
    std::lock_guard lock(mu_);
    families_.push_back(std::move(f));
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::lock_guard lock(mu_);
    std::vector<prometheus::MetricFamily> out;
    for (const Family& f : families_) {
      prometheus::MetricFamily mf;
      mf.name = f.name;
      mf.help = f.help;
      mf.type = f.kind == Metrics::Kind::kGauge ? prometheus::MetricType::Gauge
                                                : prometheus::MetricType::Counter;
      for (const Metrics::Sample& s : f.read()) {
        prometheus::ClientMetric m;
        for (const auto& [name, value] : s.labels) m.label.push_back({name, value});
        if (f.kind == Metrics::Kind::kGauge) {
          m.gauge.value = s.value;
        } else {
          m.counter.value = s.value;
        }
        mf.metric.push_back(std::move(m));
      }
      out.push_back(std::move(mf));
    }
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Family> families_;
};

}  // namespace

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  std::shared_ptr<Callbacks> callbacks = std::make_shared<Callbacks>();
  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter()
          .Name("charter_http_requests_total")
          .Help("HTTP requests answered, by route pattern, method and status.")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& durations =
      prometheus::BuildHistogram()
          .Name("charter_http_request_duration_seconds")
          .Help("Time from a request read to its answer ready, by route pattern and method.")
          .Register(*registry);
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::observe(const Request& request, const Response& response, double seconds) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  const std::string route = request.route.empty() ? "unmatched" : request.route;
  // A method no route knows would be a label a client chooses: count it as "other".
  static const char* const kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  std::string method = "other";
  for (const char* m : kMethods) {
    if (request.method == m) method = m;
  }
  impl_->requests.Add({{"route", route}, {"method", method}, {"status", std::to_string(response.status)}})
      .Increment();
  impl_->durations.Add({{"route", route}, {"method", method}}, kBuckets).Observe(seconds);
}

std::function<void(const Request&, const Response&, double)> Metrics::observer() {
  return [this](const Request& request, const Response& response, double seconds) {
    try {
      observe(request, response, seconds);
    } catch (...) {
      // A metric lost is better than a request failed.
    }
  };
}

void Metrics::addCallback(std::string name, std::string help, Kind kind,
                          std::function<std::vector<Sample>()> read) {
  if (!prometheus::CheckMetricName(name)) throw std::invalid_argument("bad metric name " + name);
  impl_->callbacks->add({std::move(name), std::move(help), kind, std::move(read)});
}

std::string Metrics::exposition() const {
  auto families = impl_->registry->Collect();
  auto more = impl_->callbacks->Collect();
  families.insert(families.end(), std::make_move_iterator(more.begin()),
                  std::make_move_iterator(more.end()));
  return prometheus::TextSerializer().Serialize(families);
}

void Metrics::addRoute(Router& router) const {
  router.add("GET", "/metrics", [this](const Request&) {
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = exposition();
    return r;
  });
}

}  // namespace charter::http
