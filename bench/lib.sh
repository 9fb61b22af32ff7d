# Sourced by bench/run, bench/compare and bench/batch-parallelism (not run on its own): starting the local server and
# the API the same way in each, so that their figures are of the same service. Expects `work` (a temporary folder) and
# `pids` (an array the caller's exit trap kills) to be set.

# wrk from Debian's packages where it is missing.
ensure_wrk() {
  command -v wrk >/dev/null || { echo "installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
}

# A loopback port nothing listens on.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# cpu_ticks PID — user + system CPU the process has used, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# start_local_cosmos [node flags …] — the local Cosmos-compatible server on a free port; sets `cosmos` to its endpoint.
start_local_cosmos() {
  node "$@" tools/cosmos-local/server.js --port 0 > "$work/cosmos.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do grep -q "ready at" "$work/cosmos.out" && break; sleep 0.1; done
  cosmos=$(sed -n 's/^cosmos-local ready at //p' "$work/cosmos.out")
  [ -n "$cosmos" ] || { cat "$work/cosmos.out"; exit 1; }
}

# start_api DLL URL LOG [VAR=value …] — the API in Production, on the local server (`cosmos`), limits off (a benchmark
# is one client), accepting tokens signed with `key` (alvys-bench token "$key" bench bench TENANT), plus the settings
# given; in the background (its pid is `$!` after the call, and in `pids`).
start_api() {
  local dll=$1 url=$2 log=$3
  shift 3
  env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" \
    Cosmos__Endpoint="$cosmos" Cosmos__Key="C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==" \
    Cosmos__InitializeContainer=true RateLimiting__Enabled=false Logging__LogLevel__Default=Warning \
    Authentication__Schemes__Bearer__ValidIssuer=bench Authentication__Schemes__Bearer__ValidAudiences__0=bench \
    Authentication__Schemes__Bearer__SigningKeys__0__Issuer=bench Authentication__Schemes__Bearer__SigningKeys__0__Value="$key" \
    Authentication__Schemes__Bearer__SigningKeys__0__Length=32 "$@" \
    dotnet "$dll" > "$log" 2>&1 &
  pids+=($!)
}

# wait_ready URL LOG — until the API at URL answers its readiness check; its log and exit 1 if it never does.
wait_ready() {
  for _ in $(seq 300); do curl -sf "$1/health/ready" >/dev/null 2>&1 && return 0; sleep 0.1; done
  curl -sf "$1/health/ready" >/dev/null || { cat "$2"; exit 1; }
}
