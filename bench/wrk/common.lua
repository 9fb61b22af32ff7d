-- Shared by the benchmark's wrk scripts: the token, the seeded ids, and a JSON summary at the end.
local M = {}

M.token = os.getenv("BENCH_TOKEN")
M.ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do
  if #line > 0 then M.ids[#M.ids + 1] = line end
end

function M.done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"p50":%.3f,"p99":%.3f,"non2xx":%d,"socketErrors":%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

return M
