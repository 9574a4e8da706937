-- wrk script for `make loadtest`: cycles through the page mix in $LOADTEST_PATHS (one path a
-- line), as the reverse proxy would send it (X-Forwarded-Proto: https), and counts the
-- answers by class so that run.sh can fail on any 5xx.
local paths = {}
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    local file = assert(io.open(os.getenv("LOADTEST_PATHS"), "r"))
    for line in file:lines() do
        if line ~= "" then table.insert(paths, line) end
    end
    file:close()
    counter = math.random(#paths)
    status_2xx, status_3xx, status_4xx, status_5xx = 0, 0, 0, 0
end

function request()
    counter = counter % #paths + 1
    return wrk.format("GET", paths[counter], {
        ["Host"] = "127.0.0.1",
        ["X-Forwarded-Proto"] = "https",
        ["Accept-Encoding"] = "gzip, br",
    })
end

function response(status, headers, body)
    if status >= 500 then status_5xx = status_5xx + 1
    elseif status >= 400 then status_4xx = status_4xx + 1
    elseif status >= 300 then status_3xx = status_3xx + 1
    else status_2xx = status_2xx + 1 end
end

function done(summary, latency, requests)
    local c2, c3, c4, c5 = 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        c2 = c2 + thread:get("status_2xx")
        c3 = c3 + thread:get("status_3xx")
        c4 = c4 + thread:get("status_4xx")
        c5 = c5 + thread:get("status_5xx")
    end
    local errors = summary.errors
    io.write(string.format("LOADTEST requests=%d duration_s=%.1f rps=%.1f\n",
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
    io.write(string.format("LOADTEST latency_ms p50=%.1f p90=%.1f p99=%.1f max=%.1f\n",
        latency:percentile(50) / 1000, latency:percentile(90) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000))
    io.write(string.format("LOADTEST status 2xx=%d 3xx=%d 4xx=%d 5xx=%d\n", c2, c3, c4, c5))
    io.write(string.format("LOADTEST socket_errors connect=%d read=%d write=%d timeout=%d status=%d\n",
        errors.connect, errors.read, errors.write, errors.timeout, errors.status))
end
