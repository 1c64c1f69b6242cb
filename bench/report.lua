-- wrk reports one JSON line: throughput, latency percentiles (ms) and errors.
-- BENCH_PATHS (space-separated) makes it cycle through several URLs; a URL starting with "!"
-- and every URL under BENCH_UNCACHED gets a fresh query string on each request, so the server
-- computes the answer afresh: the cost of a cache miss, not of a hit. The API refuses a
-- parameter it does not know, so an API URL gets a fresh Accept header instead (the page cache
-- keys on it; the answer is the same JSON).
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do
  table.insert(paths, path)
end
local all_uncached = os.getenv("BENCH_UNCACHED") ~= nil
local counter = 0

if #paths > 0 or all_uncached then
  request = function()
    counter = counter + 1
    local path = wrk.path
    if #paths > 0 then
      path = paths[(counter % #paths) + 1]
    end
    local uncached = all_uncached
    if string.sub(path, 1, 1) == "!" then
      path = string.sub(path, 2)
      uncached = true
    end
    local headers = nil
    local fresh = math.random(1e9) .. "-" .. counter
    if uncached and string.sub(path, 1, 5) == "/api/" then
      headers = {["Accept"] = "application/json, text/x-uncached-" .. fresh}
    elseif uncached then
      local separator = string.find(path, "?", 1, true) and "&" or "?"
      path = path .. separator .. "uncached=" .. fresh
    end
    return wrk.format(nil, path, headers)
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d, "non_2xx_3xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
