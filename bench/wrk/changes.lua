package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")

-- A partner's first poll of the changes feed: the tenant's history from the beginning, a page of 100 customers.
function request()
  return wrk.format("GET", "/api/p/v1/customers/changes?pageSize=100", { ["Authorization"] = "Bearer " .. common.token })
end

done = common.done
