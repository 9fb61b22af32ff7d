package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local n = 0

-- Each wrk thread patches its own slice of the seeded customers, so threads do not race each other.
local threads = 0
function setup(thread) thread:set("slice", threads); threads = threads + 1 end

function request()
  n = n + 1
  local count = #common.ids
  local id = common.ids[((slice or 0) * 997 + n) % count + 1]
  return wrk.format("PATCH", "/api/p/v1/customers/" .. id,
    { ["Authorization"] = "Bearer " .. common.token, ["Content-Type"] = "application/merge-patch+json", ["If-Match"] = "*" },
    string.format('{"Fax":"bench-%d-%d"}', slice or 0, n))
end

done = common.done
