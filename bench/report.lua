-- wrk reports one JSON line: throughput, latency percentiles (ms) and errors.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors))
end

-- With BENCH_UNCACHED set, every request asks for a URL no one asked for before, so the
-- server computes each answer afresh: the cost of a cache miss, not of a hit.
if os.getenv("BENCH_UNCACHED") then
  local counter = 0
  request = function()
    counter = counter + 1
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. separator .. "uncached=" .. math.random(1e9) .. "-" .. counter)
  end
end
