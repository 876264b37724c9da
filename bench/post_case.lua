-- wrk script: durable complaint creation, POST /api/v1/cases.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("CHARTER_TOKEN")
if token then wrk.headers["Authorization"] = "Bearer " .. token end
local n = 0
request = function()
  n = n + 1
  local body = string.format(
    '{"kind":"complaint","received_at":"2025-03-21T17:30:00+00:00","channel":"phone",' ..
    '"summary":"Boiler still broken after three visits (load %d)","person":{"name":"A Resident"}}', n)
  return wrk.format(nil, "/api/v1/cases", nil, body)
end

local errors = 0
response = function(status, headers, body)
  if status ~= 201 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
