-- wrk script: the stage 1 journey over HTTP. Each connection's requests are the next step of
-- some open journey when there is one (acknowledge a new complaint, then send its stage 1
-- response), else a new complaint: POST /cases -> POST actions acknowledge -> POST actions
-- respond. Every step is a durable write. Prints requests/s, latency and journeys completed.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("CHARTER_TOKEN")
if token then wrk.headers["Authorization"] = "Bearer " .. token end
local n = 0
local todo = {}      -- {id, step} waiting to be sent
local journeys = 0
local errors = 0

local ack = '{"action":"acknowledge","at":"2025-03-24T10:00:00+00:00",' ..
  '"definition":"Boiler not repaired; wants it fixed","handler":"Investigating Officer"}'
local respond = '{"action":"respond","at":"2025-03-25T10:00:00+00:00","decision":"upheld",' ..
  '"elements":[{"summary":"Boiler","finding":"upheld","reasons":"Three visits did not fix it"}],' ..
  '"remedies":[{"type":"apology","description":"We are sorry the boiler was not fixed"}]}'

request = function()
  local job = table.remove(todo, 1)
  if job then
    return wrk.format(nil, "/api/v1/cases/" .. job[1] .. "/actions", nil,
                      job[2] == 2 and ack or respond)
  end
  n = n + 1
  local body = string.format(
    '{"kind":"complaint","received_at":"2025-03-21T17:30:00+00:00","channel":"phone",' ..
    '"summary":"Boiler still broken (journey %d)","person":{"name":"A Resident"}}', n)
  return wrk.format(nil, "/api/v1/cases", nil, body)
end

response = function(status, headers, body)
  if status ~= 200 and status ~= 201 then
    errors = errors + 1
    return
  end
  local id = string.match(body, '"actions":"/api/v1/cases/(%d+)/actions"')
  local version = tonumber(string.match(body, '"version":(%d+)'))
  if id == nil or version == nil then return end
  if version < 3 then
    table.insert(todo, {id, version + 1})
  else
    journeys = journeys + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
