-- wrk script for bin/loadtest: counts non-2xx responses (wrk itself counts only >= 400)
-- and prints one JSON line with the totals and latency percentiles when the run is done.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non = 0
  for _, thread in ipairs(threads) do
    non = non + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'LOADTEST {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
      .. '"status": %d, "timeout": %d, "non2xx": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, non,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max
  ))
end
