// The metrics registry: requests counted by the router's pattern, callback families, the text
// format a Prometheus server parses.
#include "http/metrics.h"

#include <gtest/gtest.h>

namespace charter::http {
namespace {

// The value on the exposition line that starts with `series` (the name and labels), or -1.
double valueOf(const std::string& text, const std::string& series) {
  for (std::size_t at = text.find(series); at != std::string::npos; at = text.find(series, at + 1)) {
    if (at != 0 && text[at - 1] != '\n') continue;
    std::size_t space = at + series.size();
    if (space >= text.size() || text[space] != ' ') continue;
    return std::stod(text.substr(space + 1, text.find('\n', space) - space - 1));
  }
  return -1;
}

Response ok(const Request&) { return Response{}; }

TEST(Metrics, CountsRequestsByRoutePatternNotByPath) {
  Metrics metrics;
  Router router;
  router.add("GET", "/api/v1/cases/{id}", ok);
  for (const char* path : {"/api/v1/cases/1", "/api/v1/cases/2", "/nowhere"}) {
    Request r;
    r.method = "GET";
    r.target = r.path = path;
    Response response = router.dispatch(r);
    metrics.observe(r, response, 0.003);
  }
  const std::string text = metrics.exposition();
  EXPECT_EQ(valueOf(text, R"(charter_http_requests_total{method="GET",route="/api/v1/cases/{id}",status="200"})"), 2)
      << text;
  EXPECT_EQ(valueOf(text, R"(charter_http_requests_total{method="GET",route="unmatched",status="404"})"), 1);
  EXPECT_EQ(valueOf(text, R"(charter_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/{id}"})"), 2);
  EXPECT_EQ(valueOf(text, R"(charter_http_request_duration_seconds_bucket{method="GET",route="/api/v1/cases/{id}",le="0.0025"})"), 0);
  EXPECT_EQ(valueOf(text, R"(charter_http_request_duration_seconds_bucket{method="GET",route="/api/v1/cases/{id}",le="0.005"})"), 2);
  EXPECT_NE(text.find("# TYPE charter_http_requests_total counter"), std::string::npos);
}

TEST(Metrics, AnUnknownMethodIsOneLabelNotTheClientsChoice) {
  Metrics metrics;
  Request r;
  r.method = "BREW";
  Response response;
  response.status = 404;
  metrics.observe(r, response, 0.001);
  EXPECT_EQ(valueOf(metrics.exposition(), R"(charter_http_requests_total{method="other",route="unmatched",status="404"})"), 1);
}

TEST(Metrics, CallbacksAreReadAtEachScrape) {
  Metrics metrics;
  double queued = 3;
  metrics.addCallback("charter_writer_queued", "Writes waiting.", Metrics::Kind::kGauge,
                      [&] { return std::vector<Metrics::Sample>{{{}, queued}}; });
  metrics.addCallback("charter_cases_open", "Open cases.", Metrics::Kind::kGauge, [] {
    return std::vector<Metrics::Sample>{{{{"landlord", "demo"}, {"kind", "complaint"}}, 7}};
  });
  EXPECT_EQ(valueOf(metrics.exposition(), "charter_writer_queued"), 3);
  queued = 0;
  const std::string text = metrics.exposition();
  EXPECT_EQ(valueOf(text, "charter_writer_queued"), 0);
  EXPECT_EQ(valueOf(text, R"(charter_cases_open{landlord="demo",kind="complaint"})"), 7);
  EXPECT_NE(text.find("# TYPE charter_cases_open gauge"), std::string::npos);
  EXPECT_THROW(metrics.addCallback("bad name", "", Metrics::Kind::kGauge, [] {
    return std::vector<Metrics::Sample>{};
  }),
               std::invalid_argument);
}

TEST(Metrics, TheRouteAnswersInTheTextFormat) {
  Metrics metrics;
  Router router;
  metrics.addRoute(router);
  Request r;
  r.method = "GET";
  r.target = r.path = "/metrics";
  metrics.observe(r, router.dispatch(r), 0.001);  // a family shows once it has a sample
  Response response = router.dispatch(r);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(response.body.find("# HELP charter_http_requests_total"), std::string::npos);
}

}  // namespace
}  // namespace charter::http
