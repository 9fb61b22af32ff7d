package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local n = 0

function setup(thread) thread:set("offset", math.random(1, 100000)) end

function request()
  n = n + 1
  local id = common.ids[(n + (offset or 0)) % #common.ids + 1]
  return wrk.format("GET", "/api/p/v1/customers/" .. id, { ["Authorization"] = "Bearer " .. common.token })
end

done = common.done
