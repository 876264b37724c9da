-- wrk script: the staff case page GET /staff/cases/{id} over the first CASES cases (env,
-- default 1000), signed in with the session cookie CHARTER_COOKIE (env, "name=value; ...").
-- Each read is recorded in the view log (app/audit.h) before the page is sent.
local cookie = os.getenv("CHARTER_COOKIE")
if cookie then wrk.headers["Cookie"] = cookie end
local cases = tonumber(os.getenv("CASES") or "1000")
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/staff/cases/" .. tostring((n * 7919) % cases + 1))
end
done = function(summary, latency, requests)
  io.write(string.format("requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
