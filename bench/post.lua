-- wrk script for bench/point: POSTs the file named by $BODY and prints one line of exact
-- figures (wrk's own summary rounds and has no p90 without --latency).
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d duration_us %d p50_us %d p90_us %d p99_us %d max_us %d errors %d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.status + e.timeout))
end
