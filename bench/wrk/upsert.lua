package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local n = 0
local prefix = tostring(math.random(1, 1e9))

-- An upsert by a new ExternalId: the look-up finds nothing, the customer is created.
function request()
  n = n + 1
  local external = string.format("bench-%s-%d", prefix, n)
  return wrk.format("PATCH", "/api/p/v1/customers/external/" .. external,
    { ["Authorization"] = "Bearer " .. common.token, ["Content-Type"] = "application/merge-patch+json" },
    string.format('{"Name":"Upsert %s","Type":"Customer"}', external))
end

done = common.done
