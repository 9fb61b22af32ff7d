#!/usr/bin/env node
// The webhook benchmark (run by bench/webhooks-run, which builds the API in Release and starts the local server):
// the API in Release with webhooks on, a receiver on loopback that answers 200 at once, and a counting proxy between the
// API and the local Cosmos server. Measures, in one run:
//   1. deliveries per second with 1 webhook, then with 10 (a burst of creates, every event delivered);
//   2. write-to-delivery latency p50/p99 at a steady write rate (WEBHOOK_BENCH_RATE, default 200 writes/s);
//   3. what the change feed processor costs when nothing is written: Cosmos requests per lease per poll interval.
// Usage: node bench/webhooks.mjs COSMOS_ENDPOINT API_DLL RESULTS_BASE   (loopback only: nothing leaves the machine)
import http from "node:http";
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const [cosmos, dll, results] = process.argv.slice(2);
const rate = Number(process.env.WEBHOOK_BENCH_RATE ?? 200);
const burst = Number(process.env.WEBHOOK_BENCH_BURST ?? 600);
const steadySeconds = Number(process.env.WEBHOOK_BENCH_SECONDS ?? 15);
const pollSeconds = 1;
// WEBHOOK_BENCH_PROFILE=FILE_BASE: perf samples of the API during each throughput phase (FILE_BASE.1.data, FILE_BASE.10.data;
// the API is started with its perf map, so that bench/profile-stacks.js names the JIT frames). WEBHOOK_BENCH_ONLY=ten: that phase alone.
const profile = process.env.WEBHOOK_BENCH_PROFILE;
const only = process.env.WEBHOOK_BENCH_ONLY;

const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));

// The counting proxy: every request the API sends to Cosmos, by kind.
const cosmosUrl = new URL(cosmos);
const counts = { all: 0, changeFeedReads: 0, leases: 0 };
// WEBHOOK_BENCH_CAPTURE=FILE: every request's method, path and the headers that shape a change feed or lease request, and
// the answer's status, etag and session token (what tools/cosmos-local/README.md says the change feed processor sends).
const capture = process.env.WEBHOOK_BENCH_CAPTURE;
const captured = [];
const shaping = ["a-im", "if-none-match", "if-match", "x-ms-max-item-count", "x-ms-documentdb-partitionkeyrangeid", "x-ms-documentdb-partitionkey",
  "x-ms-documentdb-isquery", "x-ms-cosmos-changefeed-wire-format-version", "x-ms-documentdb-query-enablecrosspartition"];
const proxy = http.createServer((req, res) => {
  counts.all += 1;
  const entry = capture ? { method: req.method, path: req.url, headers: Object.fromEntries(shaping.filter((h) => req.headers[h] !== undefined).map((h) => [h, req.headers[h]])) } : null;
  if (entry) captured.push(entry);
  if (req.method === "GET" && /\/colls\/customers\/docs$/.test(req.url) && req.headers["a-im"]) counts.changeFeedReads += 1;
  if (req.url.includes("/colls/leases")) counts.leases += 1;
  const upstream = http.request({ host: cosmosUrl.hostname, port: cosmosUrl.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
    if (entry) Object.assign(entry, { status: answer.statusCode, answer: { etag: answer.headers.etag, session: answer.headers["x-ms-session-token"] } });
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", () => { res.destroy(); });
  req.pipe(upstream);
});
proxy.keepAliveTimeout = 60_000;

// The receiver: echoes challenges, answers every event 200 at once, and notes when each arrived against its write.
const arrivals = [];
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const challenge = req.headers["x-alvys-challenge"];
    if (challenge) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ challenge }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    arrivals.push({ at: Date.now(), id: `${req.url} ${body.id}`, latency: Date.now() - Date.parse(body.timestamp) });
    res.writeHead(200);
    res.end();
  });
});
receiver.keepAliveTimeout = 60_000;

const proxyPort = await listen(proxy);
const receiverPort = await listen(receiver);

// The API, as bench/lib.sh starts it, in Development (the only environment that allows loopback targets).
const key = crypto.randomBytes(32);
const probe = http.createServer();
const apiPort = await listen(probe);
await new Promise((resolve) => probe.close(resolve));
const api = `http://127.0.0.1:${apiPort}`;
const child = spawn("dotnet", [dll], {
  stdio: ["ignore", "pipe", "pipe"],
  env: {
    ...process.env,
    ASPNETCORE_ENVIRONMENT: "Development", ASPNETCORE_URLS: api, HOME: process.env.WEBHOOK_BENCH_HOME ?? "/tmp",
    // WEBHOOK_BENCH_DIRECT=1: the API talks to the local server itself (no counting proxy, whose CPU shares the two cores; the idle
    // phase then counts nothing).
    Cosmos__Endpoint: process.env.WEBHOOK_BENCH_DIRECT ? cosmos : `http://127.0.0.1:${proxyPort}/`, Cosmos__Key: "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
    Cosmos__Database: `alvys-webhook-bench-${Date.now()}`, Cosmos__InitializeContainer: "true",
    RateLimiting__Enabled: "false", Logging__LogLevel__Default: "Warning",
    Authentication__Schemes__Bearer__ValidIssuer: "bench", Authentication__Schemes__Bearer__ValidAudiences__0: "bench",
    Authentication__Schemes__Bearer__SigningKeys__0__Issuer: "bench", Authentication__Schemes__Bearer__SigningKeys__0__Value: key.toString("base64"),
    Authentication__Schemes__Bearer__SigningKeys__0__Length: "32",
    ...(profile ? { DOTNET_PerfMapEnabled: "1", DOTNET_EnableWriteXorExecute: "0", DOTNET_ReadyToRun: "0" } : {}),
    Webhooks__Enabled: "true", Webhooks__AllowLoopbackTargets: "true", Webhooks__PollInterval: `00:00:0${pollSeconds}`,
  },
});
let apiLog = "";
child.stdout.on("data", (d) => { apiLog += d; });
child.stderr.on("data", (d) => { apiLog += d; });
const stop = (code) => { if (capture) writeFileSync(capture, captured.map((c) => JSON.stringify(c)).join("\n") + "\n"); child.kill("SIGKILL"); proxy.close(); receiver.close(); process.exit(code); };

const b64url = (value) => Buffer.from(value).toString("base64url");
const token = (tenant) => {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const now = Math.floor(Date.now() / 1000);
  const claims = b64url(JSON.stringify({
    iss: "bench", aud: "bench", sub: "bench", azp: "bench", tenant_id: tenant, nbf: now - 60, iat: now - 60, exp: now + 7200,
    scope: "customer:read customer:create customer:update customer:delete webhook:read webhook:manage",
  }));
  return `${head}.${claims}.${crypto.createHmac("sha256", key).update(`${head}.${claims}`).digest("base64url")}`;
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const send = (method, path, bearer, body) => new Promise((resolve, reject) => {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const req = http.request(`${api}${path}`, {
    method, agent,
    headers: { authorization: `Bearer ${bearer}`, ...(payload ? { "content-type": "application/json", "content-length": payload.length } : {}) },
  }, (res) => {
    const chunks = [];
    res.on("data", (c) => chunks.push(c));
    res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
  });
  req.on("error", reject);
  req.end(payload);
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function ready() {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break;
    try { if ((await send("GET", "/health/ready", "none")).status === 200) return; } catch { /* not yet listening */ }
    await sleep(100);
  }
  console.error(apiLog);
  stop(1);
}

async function webhooks(tenant, count) {
  const bearer = token(tenant);
  for (let i = 0; i < count; i++) {
    const created = await send("POST", "/api/p/v1/webhooks", bearer, {
      Name: `Bench ${i}`, Url: `http://127.0.0.1:${receiverPort}/t/${tenant}/${i}`, Events: ["customer.created", "customer.updated"],
    });
    if (created.status !== 201) { console.error(created.status, created.body); stop(1); }
    const id = JSON.parse(created.body).Id;
    for (let t = 0; t < 100; t++) {
      const read = JSON.parse((await send("GET", `/api/p/v1/webhooks/${id}`, bearer)).body);
      if (read.Status === "Active") break;
      await sleep(50);
    }
  }
}

async function create(bearer, n) {
  const answer = await send("POST", "/api/p/v1/customers", bearer, { Name: `Bench customer ${n} ${crypto.randomUUID()}`, Type: "Customer" });
  if (answer.status !== 201) throw new Error(`${answer.status} ${answer.body}`);
}

// CPU seconds (user + system) of a process so far: where a phase's time went, the API's or the local server's.
const ticksPerSecond = 100;
const cpu = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" "); return (Number(f[11]) + Number(f[12])) / ticksPerSecond; };
const cosmosPid = Number(process.env.WEBHOOK_BENCH_COSMOS_PID);
// This process (driver, receiver and counting proxy) runs on the same two cores: its share is reported too.
const cpuNow = () => ({ api: cpu(child.pid), cosmos: cosmosPid ? cpu(cosmosPid) : NaN, bench: cpu(process.pid) });
const cpuSince = (before, seconds) => {
  const now = cpuNow();
  return { apiCores: (now.api - before.api) / seconds, cosmosCores: (now.cosmos - before.cosmos) / seconds, benchCores: (now.bench - before.bench) / seconds };
};

const mine = (tenant) => arrivals.filter((a) => a.id.startsWith(`/t/${tenant}/`));

async function until(condition, seconds, what) {
  const end = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > end) { console.error(`timed out waiting for ${what}`); stop(1); }
    await sleep(20);
  }
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

// 1. Throughput: a burst of creates, 32 at a time; deliveries/s from the first event's arrival to the last.
async function throughput(hooks) {
  const tenant = `bench-${hooks}-${Date.now()}`;
  await webhooks(tenant, hooks);
  const bearer = token(tenant);
  const perf = profile ? spawn("perf", ["record", "-e", "cpu-clock", "-F", "499", "-g", "-p", String(child.pid), "-o", `${profile}.${hooks}.data`], { stdio: "ignore" }) : null;
  const started = Date.now();
  const cpuBefore = cpuNow();
  let next = 0;
  await Promise.all(Array.from({ length: 32 }, async () => { while (next < burst) await create(bearer, next++); }));
  const written = Date.now();
  await until(() => new Set(mine(tenant).map((a) => a.id)).size >= burst * hooks, 600, `${burst * hooks} deliveries`);
  if (perf) { perf.kill("SIGINT"); await new Promise((resolve) => perf.on("exit", resolve)); }
  const got = mine(tenant);
  const seconds = (got[got.length - 1].at - started) / 1000;
  return {
    webhooks: hooks, events: burst, deliveries: got.length, writesPerSecond: burst / ((written - started) / 1000),
    deliveriesPerSecond: got.length / seconds, drainSeconds: (got[got.length - 1].at - written) / 1000, ...cpuSince(cpuBefore, seconds),
  };
}

// 2. Latency at a steady rate: writes started on a fixed schedule (not one after another), one webhook.
async function steady() {
  const tenant = `bench-steady-${Date.now()}`;
  await webhooks(tenant, 1);
  const bearer = token(tenant);
  const total = rate * steadySeconds;
  const started = Date.now();
  const writes = [];
  let late = 0;
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait); else if (wait < -100) late++;
    writes.push(create(bearer, n));
  }
  await Promise.all(writes);
  const achieved = total / ((Date.now() - started) / 1000);
  await until(() => new Set(mine(tenant).map((a) => a.id)).size >= total, 300, `${total} deliveries`);
  const latencies = mine(tenant).map((a) => a.latency);
  return { writes: total, targetRate: rate, achievedRate: achieved, lateStarts: late, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: Math.max(...latencies) };
}

// 3. Idle: nothing written for 20 s; the change feed reads and all Cosmos requests the API sends meanwhile.
async function idle() {
  await sleep(3000);
  const before = { ...counts };
  const seconds = 20;
  await sleep(seconds * 1000);
  const reads = counts.changeFeedReads - before.changeFeedReads;
  return {
    seconds, leases: 1, pollSeconds, changeFeedReads: reads, changeFeedReadsPerLeasePerPoll: reads / (seconds / pollSeconds),
    leaseRequests: counts.leases - before.leases, allCosmosRequests: counts.all - before.all,
  };
}

await ready();
if (only === "ten") {
  console.log(JSON.stringify(await throughput(10), null, 2));
  stop(0);
}
const report = { date: new Date().toISOString(), one: await throughput(1), ten: await throughput(10), steady: await steady(), idle: await idle() };
writeFileSync(`${results}.json`, JSON.stringify(report, null, 2) + "\n");
const f = (n, d = 0) => Number(n).toFixed(d);
const md = [
  `# Webhook deliveries (${report.date}, bench/webhooks-run, local Cosmos server, 2 cores)`,
  "",
  "| measurement | figure | target |",
  "|---|---|---|",
  `| deliveries/s, 1 webhook (${report.one.events} creates, 32 writers) | ${f(report.one.deliveriesPerSecond)} (writes ${f(report.one.writesPerSecond)}/s, drained ${f(report.one.drainSeconds, 1)} s after the last write; CPU: API ${f(report.one.apiCores, 2)}, local server ${f(report.one.cosmosCores, 2)}, bench ${f(report.one.benchCores, 2)} cores) | — |`,
  `| deliveries/s, 10 webhooks (${report.ten.deliveries} deliveries) | ${f(report.ten.deliveriesPerSecond)} (writes ${f(report.ten.writesPerSecond)}/s, drained ${f(report.ten.drainSeconds, 1)} s after; CPU: API ${f(report.ten.apiCores, 2)}, local server ${f(report.ten.cosmosCores, 2)}, bench ${f(report.ten.benchCores, 2)} cores) | ≥ 1,000 |`,
  `| write→delivery p50 / p99 / max at ${report.steady.targetRate} writes/s (achieved ${f(report.steady.achievedRate)}/s, ${report.steady.writes} writes) | ${report.steady.p50Ms} / ${report.steady.p99Ms} / ${report.steady.maxMs} ms | p99 ≤ 2,000 ms |`,
  `| idle: change feed reads per lease per poll (${report.idle.seconds} s, poll ${report.idle.pollSeconds} s) | ${f(report.idle.changeFeedReadsPerLeasePerPoll, 2)} (${report.idle.changeFeedReads} reads; ${report.idle.leaseRequests} lease requests, ${report.idle.allCosmosRequests} Cosmos requests in all) | ≤ 1 |`,
  "",
].join("\n");
writeFileSync(`${results}.md`, md);
console.log(md);
stop(0);
