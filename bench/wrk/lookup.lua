package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")

-- A lookup of 100 seeded ids, a different window of them on every request.
local next = 0

function request()
  local keys = {}
  for k = 1, 100 do
    keys[k] = '"' .. common.ids[((next + k) % #common.ids) + 1] .. '"'
  end
  next = next + 100
  return wrk.format("POST", "/api/p/v1/customers/lookup",
    { ["Authorization"] = "Bearer " .. common.token, ["Content-Type"] = "application/json" },
    '{"Ids":[' .. table.concat(keys, ",") .. ']}')
end

done = common.done
