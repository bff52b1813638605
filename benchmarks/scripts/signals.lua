-- wrk: every request a new signal. Each thread (one connection each, so its signals stay in order)
-- plays position groups of five signals: an entry that opens the group, three pyramids, the exit.
-- Ids are unique across threads and runs (the run's name comes in PYRA_BENCH_RUN).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local run, n = os.getenv("PYRA_BENCH_RUN") or "run", 0

function request()
  n = n + 1
  local group, k = math.floor((n - 1) / 5), (n - 1) % 5
  -- the group's key: a timeframe per thread and slot (reused once the group is closed)
  local timeframe = tid * 1000 + group % 1000
  local body
  if k < 4 then
    body = string.format('{"secret":"bench-secret","exchange":"bench","symbol":"BTCUSDT","timeframe":"%d","action":"buy","price":"60000","id":"%s-%d-%d"}',
      timeframe, run, tid, n)
  else
    body = string.format('{"secret":"bench-secret","exchange":"bench","symbol":"BTCUSDT","timeframe":"%d","action":"sell","type":"exit","id":"%s-%d-%d"}',
      timeframe, run, tid, n)
  end
  return wrk.format("POST", "/webhook", {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %s requests=%d ok=%d per_second=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f failed=%d\n",
    run, summary.requests, summary.requests - failed, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, failed))
end
