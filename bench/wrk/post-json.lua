-- wrk script: POSTs the JSON body of the file $BENCH_BODY to the given URL, with X-API-Key $BENCH_KEY when set,
-- and prints one JSON line at the end (requests/s, latency percentiles in ms, status counts) for bench/report.mjs.
--   BENCH_BODY=body.json BENCH_KEY=bench-key wrk -t2 -c32 -d10s -s bench/wrk/post-json.lua http://127.0.0.1:18100/bench/echo
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then wrk.headers["X-API-Key"] = key end

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) s2xx = 0; s4xx = 0; s429 = 0; s5xx = 0; sother = 0 end
function response(status, headers, body)
  if status >= 200 and status < 300 then s2xx = s2xx + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status >= 400 and status < 500 then s4xx = s4xx + 1
  elseif status >= 500 then s5xx = s5xx + 1
  else sother = sother + 1 end
end
function done(summary, latency, requests)
  local c = { s2xx = 0, s4xx = 0, s429 = 0, s5xx = 0, sother = 0 }
  for _, t in ipairs(threads) do for k, _ in pairs(c) do c[k] = c[k] + (t:get(k) or 0) end end
  local secs = summary.duration / 1e6
  io.write(string.format('BENCH_JSON {"requests":%d,"duration_s":%.3f,"requests_per_s":%.1f,' ..
    '"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f,"mean":%.3f},' ..
    '"statuses":{"2xx":%d,"4xx":%d,"429":%d,"5xx":%d,"other":%d},"socket_errors":%d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    latency.mean / 1000, c.s2xx, c.s4xx, c.s429, c.s5xx, c.sother,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
