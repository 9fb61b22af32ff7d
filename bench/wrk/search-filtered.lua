package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")

-- One status, a namePrefix a tenth of the seeded customers match, the latest modified first.
function request()
  return wrk.format("POST", "/api/p/v1/customers/search",
    { ["Authorization"] = "Bearer " .. common.token, ["Content-Type"] = "application/json" },
    '{"page":0,"pageSize":20,"statuses":["Active"],"namePrefix":"acme","sort":"DateModified desc"}')
end

done = common.done
