package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local n = 0
local prefix = tostring(math.random(1, 1e9))

-- A batch upsert of 100 new customers (items per second = requests per second × 100).
function request()
  n = n + 1
  local items = {}
  for i = 1, 100 do
    local external = string.format("batch-%s-%d-%d", prefix, n, i)
    items[i] = string.format('{"ExternalId":"%s","Name":"Batch %s","Type":"Customer"}', external, external)
  end
  return wrk.format("POST", "/api/p/v1/customers/external/batch",
    { ["Authorization"] = "Bearer " .. common.token, ["Content-Type"] = "application/json" },
    '{"Items":[' .. table.concat(items, ",") .. ']}')
end

done = common.done
