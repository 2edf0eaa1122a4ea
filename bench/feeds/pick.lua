-- pick.lua - wrk script: each request GETs a feed path drawn at random
-- from the file named by $FEED_PATHS (one "/cal/SECRET.ics" a line), and
-- done() prints one machine-readable RESULT line for bench/feeds/run.sh.
local paths = {}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  for line in io.lines(os.getenv("FEED_PATHS")) do
    paths[#paths + 1] = line
  end
  math.randomseed(os.time() + 7919 * id) -- a different draw in each thread
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
