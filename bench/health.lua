-- wrk script: the trivial GET /api/v1/health (no database write), the yardstick the load
-- matrix prints every other figure against: what the server, wrk and the machine do at all.
wrk.method = "GET"
request = function()
  return wrk.format(nil, "/api/v1/health")
end

done = function(summary, latency, requests)
  io.write(string.format("requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
