package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local n = 0
local prefix = tostring(math.random(1, 1e9))

function setup(thread) thread:set("tag", tostring(math.random(1, 1e9))) end

function request()
  n = n + 1
  local body = string.format('{"Name":"Bench %s-%s-%d","Type":"Customer","Email":["bench@alvys.example"]}', prefix, tag or "t", n)
  return wrk.format("POST", "/api/p/v1/customers",
    { ["Authorization"] = "Bearer " .. common.token, ["Content-Type"] = "application/json" }, body)
end

done = common.done
